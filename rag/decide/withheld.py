"""What an article says it does not know: "The members of the panel have not yet been chosen",
"the amount was not disclosed", "did not say how many took part".

A reply that quotes such a sentence tells the reader the asked thing is missing, whatever other
value of its kind a sentence nearby gives. `says_unknown` finds one about the question among a
question's close sentences; `withholds_other` tells a sentence withholding another kind of thing
(an amount, where a place is asked) from one withholding the asked kind; `unnamed` finds a
sentence speaking of the thing a which-question asks to identify only as "a regional development
bank", never naming it; `withheld_part` one saying a part of the question ("the second phase") is
not given, where the close sentences give the asked kind only for the rest. Leaves out when the gate asks (gate.py) and how the reply is worded
(rag.write).
"""
from __future__ import annotations

import re

from index.text import STOP, stem, words

from ..find.candidates import Candidate
from ..understand.question import NOUN_TYPE, Question
from .amounts import periods
from .agents import parse
from .anchors import stems_of

# A sentence saying so speaks for the question only when about it at least this much (IDF share
# of its focus): where every close sentence holds a little of it (.14), "the price per unit has
# not been disclosed" spoke for "how many households could it power?" (fresh8, tune; set by
# reading, not fitted).
WITHHELD_FOCUS = 0.25
# A sentence saying the article does not know something: news writing says so outright.
WITHHELD = re.compile(r"\b(?:(?:has|have|had)\s+(?:also\s+|still\s+)?not\s+(?:yet\s+)?been|"
                      r"(?:is|are|was|were)\s+(?:also\s+|still\s+)?not\s+(?:yet\s+)?(?:been\s+)?)\s*"
                      r"(?:announced|disclosed|revealed|named|confirmed|published|released|made public|decided|agreed|"
                      r"chosen|selected|appointed|set(?!\s+up)|fixed|finali[sz]ed|settled|worked out|calculated|costed|estimated|"
                      r"advertised|filled|given|specified)\b|\b(?:could|would|has|have|had|did|does|do|will)\s+(?:also\s+|still\s+)?not\s+(?:yet\s+)?"
                      r"(?:say|said|disclosed?|revealed?|confirmed?|give|given(?!\s+up)|named?|specif(?:y|ied)|announced?|"
                      r"chosen|chose|choose|decided?|picked?|appointed?|selected?|identified?)\b|"
                      # "has yet to be set", "has yet to name a successor", "asked not to be named"
                      r"\b(?:has|have|had|is|are)\s+yet\s+to\s+(?:be\s+)?(?:set|confirmed?|decided?|named?|announced?|chosen|"
                      r"choose|appointed?|agreed|disclosed?|fixed|finali[sz]ed?)\b|"
                      r"\b(?:asked|wished|preferred)\s+not\s+to\s+be\s+(?:named|identified)\b|"
                      r"\bdeclined to (?:say|disclose|reveal|confirm|give|name|be named|be identified)\b|"
                      # "the committee did not have figures for Tihar", "it is too early to put a figure on it"
                      r"\b(?:did|does|do|could|would)\s+not\s+have\s+(?:any\s+)?(?:figures?|numbers?|details|data|"
                      r"a\s+(?:figure|breakdown|date|cost|total))\b|\b(?:has|have|had)\s+no\s+(?:figures?|numbers?|details|data)\b|"
                      r"\btoo\s+(?:early|soon)\s+to\s+(?:say|tell|know|put\s+a\s+(?:figure|number|date|price)|estimate|give)\b|"
                      # "she would not put a figure on her losses", "No figure was given for Bottom Bay"
                      r"\bnot\s+(?:yet\s+)?(?:to\s+)?put\s+a\s+(?:figure|number|price|value|date|cost)\s+on\b|"
                      r"\bno\s+(?:figures?|numbers?|date|time|times|cost|price|details|timetable|total)\s+(?:was|were|has\s+been|"
                      r"have\s+been|had\s+been|is|are)\s+(?:yet\s+)?(?:given|set|announced|disclosed|provided|released|"
                      r"published|available)\b|"
                      r"\b(?:undisclosed|unnamed|unknown)\b|"
                      r"\bnot (?:yet )?known\b", re.I)


# "It has not yet decided whether families will be charged": whether the thing will happen is open.
_UNDECIDED = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:decided?|agreed|confirmed?|determined|settled)\s+(?:whether|if)\b",
                        re.I)
_ASKS_DECISION = re.compile(r"\b(?:decid|agree|confirm|determin|settl|announc|rule|vote)", re.I)


def undecided(q: Question, text: str) -> bool:
    """The sentence says it is not yet decided whether what a yes/no question asks will happen
    ("Will families moving to Derrygowan have to pay?"): the articles do not give the answer. A
    question about the decision itself ("Has the trust decided whether to charge?") it answers."""
    return q.type == "yesno" and bool(_UNDECIDED.search(text)) and not _ASKS_DECISION.search(q.text)


def says_unknown(cands: list[Candidate], bar: float, q: Question | None = None) -> Candidate | None:
    """A sentence saying the thing is not known ("The members of the panel have not yet been
    chosen."), about the question at least as much as `bar`, read with the sentence before it
    when that one holds nothing of the asked kind ("The fund will be run by a panel of five
    residents." comes first). With the question, not one withholding another kind of thing:
    "the amount was not disclosed" says nothing of where the café meets."""
    bar = max(bar, WITHHELD_FOCUS)
    return next((c for c in cands if max(c.binding.focus, c.binding.context) >= bar
                 and any(not withholds_other(q, c.text, m.start()) for m in WITHHELD.finditer(c.text))), None)


# What a question word after "did not say" withholds: "how many took part" a count, not the
# percentage the same sentence gives.
_WH_KIND = {"how many": ("count",), "how much": ("money", "quantity"), "who": ("person",), "where": ("place",),
            "when": ("date",), "how long": ("duration",), "how often": ("frequency",)}
_WITHHELD_WH = re.compile(r"[\w\s]*?\bnot\s+(?:yet\s+)?(?:say|said|disclosed?|revealed?|confirmed?|specif(?:y|ied)|"
                          r"announced?)\s+(how many|how much|who|where|when|how long|how often)\b", re.I)


def withholds_other(q: Question | None, text: str, at: int) -> bool:
    """The words just before a "was not disclosed" name a kind of thing ("the amount", "its
    location") other than the one the question asks for."""
    if q is None or q.type not in ("person", "place", "date", "number"):
        return False
    if _another_of_its_kind(q, text, at):
        return True
    # "it is too early to put a figure on this season" withholds nothing of last year's
    asked, held = {n for n, _ in periods(q.text)}, {n for n, _ in periods(text[at:at + 80])}
    if asked and held and not asked & held:
        return True
    # "did not say how many took part": the question word after the verb names what is withheld
    said = _WITHHELD_WH.match(text, at)
    if said:
        kinds = _WH_KIND[said.group(1).lower()]
        return q.type not in kinds and q.measure not in kinds
    if re.match(r"[\w\s]*?\bnot\s+(?:yet\s+)?(?:been\s+)?(?:decided?|agreed|confirmed?|said|announced?)\s+(?:whether|if)\b",
                text[at:], re.I):
        return True     # "has not decided whether to include it in the budget": a yes or no, no value
    if not re.match(r"(?:is|are|was|were|has|have|had)\s+(?:also\s+|still\s+)?not\s+(?:yet\s+)?been|"
                    r"(?:is|are|was|were)\s+(?:also\s+|still\s+)?not", text[at:], re.I):
        return False    # "the company has not yet set its price": what is withheld comes after
    # the thing withheld heads the clause before it: "The cost of running the van each year has
    # not been worked out", "..., but the amount was not disclosed"
    clause = re.split(r"[,;:]|\b(?:but|and|although|though|while|because)\b", text[:at], flags=re.I)[-1]
    for w in words(clause):
        kind = NOUN_TYPE.get(w.lower()) or NOUN_TYPE.get(w.lower().rstrip("s"))
        if kind is not None:
            # "the amount it will ask for has not been set" withholds a sum, not how long
            measure = _MONEY_NOUNS.get(w.lower().rstrip("s"))
            return kind != q.type or bool(measure and q.measure and q.measure not in measure)
    return False


def _another_of_its_kind(q: Question, text: str, at: int) -> bool:
    """The thing withheld is one of the question's things qualified by a noun the question does not
    have: "He declined to say how much the school borehole would cost" is another borehole than
    "the two boreholes in Okanla" (whose cost a sentence beside it gives). A noun made a kind by a
    noun before it ("school borehole"), not by an adjective ("the new bridge" may be the asked one)."""
    names = {s for t, _ in q.anchors for s in stems_of(t)}
    focus = {w for w in q.focus if w not in names}
    asked = {stem(w.lower()) for w in words(q.text)}
    if not focus:
        return False
    # the thing withheld: the clause before a passive "has not been disclosed", or what follows "declined
    # to say" up to the clause's end ("The town council also gave a grant, but the amount was not
    # disclosed" withholds the amount, of the council it names)
    start = at - len(re.split(r"[,;:]|\b(?:but|and|although|though|while|because)\b", text[:at], flags=re.I)[-1])
    end = at + (m.start() if (m := re.search(r"[,;:.]", text[at:])) else len(text) - at)
    for tok in parse(text):
        if not (start <= tok.idx < end) or tok.pos_ != "NOUN" or stem(tok.lower_) not in focus:
            continue
        kinds = [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1 and c.pos_ in ("NOUN", "PROPN")]
        if kinds and all(stem(c.lower_) not in asked for c in kinds):
            return True
    return False


# Number nouns that name a sum of money: what they withhold answers no question of time or count;
# a size is an amount or a measure, never a share ("a loan ..., the size of which has not been
# published" said nothing of what share of the port the state keeps: fresh:tune).
_MONEY_NOUNS = {w: ("money", "quantity") for w in ("amount", "cost", "price", "sum", "budget", "fee")} | \
    {"size": ("money", "quantity", "distance", "count")}


# "Which development bank lent the money?": the asked thing's noun, after which/what.
_WHICH = re.compile(r"^\s*(?:which|what)\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.I)
_NAME_BEFORE = re.compile(r"[A-Z][\w'’&.-]*(?:\s+(?:of\s+|the\s+|for\s+|and\s+)?[A-Z][\w'’&.-]*)*\s*,\s*$")
_NAME_AFTER = re.compile(r"(?:\s*,\s*|\s*\(\s*|\s+(?:called|named|known as)\s+|\s+)(?:the\s+)?[A-Z]")


def unnamed(q: Question, text: str) -> bool:
    """The sentence speaks of what a which-question asks to identify only as "a ..." ("a loan from
    a regional development bank" for "Which development bank lent the money?"), with no name
    beside it ("the Noor Trust, a Lahore-based charity", "a local firm, Hardy & Sons") nor
    elsewhere in the sentence ("the African Development Bank")."""
    m = _WHICH.match(q.text) if q.wh in ("which", "what") else None
    nouns = [w for w in m.group(1).split() if NOUN_TYPE.get(w.lower()) in ("org", "person", "place")] if m else []
    if not nouns:
        return False
    noun = re.escape(nouns[-1])
    if re.search(rf"\b[A-Z]\w*\s+(?i:{noun})s?\b", text):
        return False    # named with a capital before the noun: "the African Development Bank"
    found = [f for f in re.finditer(rf"\b(?:an?|another|one|some)\s+((?:[\w-]+\s+){{0,3}}?){noun}s?\b", text, re.I)
             if not any(w.lower() in STOP for w in f.group(1).split())]   # "a capitulation with General ..." is not one
    return bool(found) and not any(_NAME_BEFORE.search(text, 0, f.start()) or _NAME_AFTER.match(text, f.end())
                                   for f in found)


# How much less of the question's focus than the close sentences' clauses a sentence saying a
# part of it is not given may hold (withheld_part). On fresh:tune and squad2:tune, no slack
# missed two such parts (the second driver, the yearly running cost), 0.1 answered those and
# refused one answer ("its value was unknown" until Cavendish measured it); dropping the bar to
# WITHHELD_FOCUS refused two more answers (a uniform's colour for a meeting's frequency).
PART_SLACK = 0.1


_HISTORY_UNKNOWN = re.compile(r"unknown|not (?:yet )?known", re.I)


def withheld_part(q: Question, cands: list[Candidate], close: list[Candidate]) -> Candidate | None:
    """A sentence saying the thing is not given for a part of the question that no sentence
    holding the asked kind (nor the sentence before it) speaks of: "She did not give a date or
    cost for the second phase." over "The wing was built at a cost of ₹4.8 crore" for "How
    much will the second phase of the dialysis wing cost?" -- the amount is the wing's, and the
    article says the phase's is not given. The part is a word of the question's focus besides
    its names, of four letters or more, in the withholding sentence and in no close one; the
    withholding sentence may be any retrieved one of a close one's article (it seldom shares
    the asked kind's words, so it ranks low)."""
    names = {s for t, _ in q.anchors for s in stems_of(t)}
    want = {w for w in q.focus if w not in names and len(w) >= 4}
    # the part it speaks of, which no close sentence holds, ties it to the question: it may be a
    # little less about the rest of it than they are ("A second driver will be recruited ...,
    # but the post has not yet been advertised", .46, beside the first driver's name, .54)
    top = max((c.binding.clause for c in close), default=0.0)
    w = says_unknown(cands, top - PART_SLACK, q)
    # ... and says so of the article's own news ("has not yet been advertised", "did not say"),
    # not of history ("its value was unknown in Newton's lifetime")
    if w is None or not any(not _HISTORY_UNKNOWN.fullmatch(m.group()) for m in WITHHELD.finditer(w.text)):
        return None
    said = set()
    for c in close:
        if getattr(c, "bundle", None) is None:
            continue
        said |= c.bundle.stem_sets[c.idx]
        # ... nor the sentence before it, unless that is the withholding one itself
        if c.idx > 0 and not (c.bundle is w.bundle and c.idx - 1 == w.idx):
            said |= c.bundle.stem_sets[c.idx - 1]
    return w if want & w.bundle.stem_sets[w.idx] - said else None
