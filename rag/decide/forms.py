"""Values with a form of their own: a question asking for one is answered only by a sentence holding one.

"What was the score in the final?" is answered by "beat Ashbridge 27-24", not by "The first
team's next home match, against Hensford, will go ahead on Saturday 26 July"; "What's the phone
number for X?" by a number one can dial, not by a sentence naming X; "What will the weather be
like in X this weekend?" by a sentence about the weather, not by "The four all-weather courts
... cost F$380,000"; "Who won the honey class?" by a sentence saying someone won, not by one
naming the show's sponsor. The scorer reads none of this (a sentence naming the question's names in
its words scores well whatever it says), so the gate asks it of the best sentences
(rag.decide.gate), and opening hours are clock times, in a sentence or a list's items. "What
time ...?" is the question's date precision instead (rag.understand.question
CLOCK_ASKED, rag.find.candidates CLOCK), since a clock time is a date span a typed question binds.

Each form is English as any article writes it (a score's dash, a phone number's digits, the
words of a forecast or a win); none names a corpus. Leaves out e-mail and web addresses (the cleaner
drops most links and footers) and whether the value found is the one asked for: that is the
scorer's and the binding's, as for any answer, and the gate's other checks (rag.decide.gate
calls `gives_form` once they pass).
"""
from __future__ import annotations

import re

from index.text import content_stems, stem

from ..find.candidates import CLOCK, Candidate
from ..understand.question import Question

# (what the question asks, how a sentence gives it, what the reply says the articles lack)
_FORMS: dict[str, tuple[re.Pattern, re.Pattern, str]] = {
    # opening hours are read from a list as often as from a sentence: the gate asks the items too
    "hours": (re.compile(r"\b(?:opening|closing|visiting|office|surgery|trading|business) (?:hours|times)\b", re.I),
              CLOCK, "give the hours"),
    "score": (re.compile(r"\bwhat(?:'s|’s| was| is| were) the (?:final |half-time |full-time )?(?:score|scoreline)\b|"
                         r"\bfinal score\b", re.I),
              # "27-24", "3–1", "by a score of 24 to 10", "by 27 points to 24", "won 2 goals to nil"
              re.compile(r"\b\d{1,3}\s?(?:[-–—]|to)\s?\d{1,3}\b(?!\s?(?:years?|months?|weeks?|days?|hours?|am|pm)\b)|"
                         r"\b\d{1,3} (?:points?|goals?|runs?|tries) to (?:\d{1,3}|nil)\b|\bnil\b", re.I),
              "give the score"),
    # a winner is said as one: "won", "beat", "champions", "came first"
    # asked of the question, not a relative clause ("... the students who won the debate come from")
    "winner": (re.compile(r"^\W*(?:\w+,\s*)?(?:who (?:won|wins|will win|has won|had won|took the title)\b|"
                          r"which (?:\w+ ){1,2}won\b|who (?:came|finished|placed) first\b|"
                          r"who (?:was|were|is) the winners?\b)", re.I),
               re.compile(r"\b(?:won|wins?|winning|winners?|victory|victorious|beat|beats|beating|defeated|champions?|"
                          r"championship|title|first place|came first|finished first|triumph(?:ed)?|gold medal)\b", re.I),
               "say who won"),
    "phone": (re.compile(r"\b(?:phone|telephone|mobile|contact|helpline|hotline|fax|whatsapp)(?: number)\b|"
                         r"\bwhat number (?:do|should|can) (?:i|we|you|people|residents) (?:call|ring|phone|dial)\b", re.I),
              # at least seven digits in one run of digits, spaces, dots and dashes: "01632 960 123",
              # "+44 20 7946 0958", "0800-123-4567"
              re.compile(r"(?<![\w.])\+?\(?\d[\d ().-]{5,}\d(?![\w.])"), "give a phone number"),
    # a forecast asked, not the weather as a cause ("How much did the wet weather destroy?")
    "weather": (re.compile(r"\bweather forecast\b|\bwhat(?:'s|’s| is| will| was) the weather\b|"
                           r"\bhow(?:'s|’s| is| will| was) the weather\b|\bweather (?:\w+ ){0,3}(?:be )?like\b", re.I),
                re.compile(r"\b(?:forecasts?|forecasters?|rain(?:fall|y|s|ing)?|showers|sunny|sunshine|cloud(?:y|s)?|"
                           r"snow(?:fall|ing)?|sleet|hail|gales?|winds?|windy|storms?|thunder(?:storms?)?|"
                           r"temperatures?|degrees|fog|foggy|mist|drizzle|heatwave|frosts?|dry spell|humid(?:ity)?|"
                           r"(?<!all-)weather)\b|°", re.I),
                "give a weather forecast"),
}


# A phone number has at least this many digits (a local number without its area code); a sum, a
# date or a count in a sentence has fewer in one run of digits and spaces.
_PHONE_DIGITS = 7


def asked_form(text: str) -> str:
    """The form the question's answer must take ("hours", "score", "winner", "phone", "weather"), or ""."""
    return next((name for name, (asks, _, _) in _FORMS.items() if asks.search(text)), "")


def holds_form(form: str, text: str) -> bool:
    """The text holds a value of that form (a phone number `_PHONE_DIGITS` digits or more)."""
    if form == "phone":
        return any(sum(ch.isdigit() for ch in m.group()) >= _PHONE_DIGITS for m in _FORMS[form][1].finditer(text))
    return bool(_FORMS[form][1].search(text))


def lacking(form: str) -> str:
    """What the reply says the articles lack, as "The articles don't ..." goes on."""
    return _FORMS[form][2] if form in _FORMS else ""


# The items after a list's title read for a value's form (opening hours are often a list).
_ITEMS = 12
# Anchors every article may write: a day, a time, a count.
_WHEN_OR_HOW_MANY = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")


# Words saying only that hours are asked ("the opening hours of", "when does it close"): the rest
# of the question's focus is whose hours they are.
_HOURS_WORDS = frozenset(stem(w) for w in """open opening opens hours hour times time close closing closes visiting
visit office surgery trading business""".split())


def _whose_hours(q: Question) -> set[str]:
    """The stems of what the question asks the hours of, less its names: {"recycl", "centr"} for
    "What are the opening hours of the recycling centre in Stoneleigh?"; empty when it names only
    a place or a body ("What are Brackwater Library's opening hours?")."""
    names = {s for t, _ in q.anchors for s in content_stems(t)}
    return set(q.focus) - names - _HOURS_WORDS


def _of_it(c: Candidate, whose: set[str], before: int = 1) -> bool:
    """The sentence, or the one before it in its paragraph ("The recycling centre has moved. It
    opens from 8am to 4pm."), holds a word of what the hours are asked of."""
    b = getattr(c, "bundle", None)
    if not whose or b is None:
        return True
    own = set(b.stem_sets[c.idx])
    for j in range(max(0, c.idx - before), c.idx):
        if b.sentences[j].para == b.sentences[c.idx].para:
            own |= b.stem_sets[j]
    return bool(whose & own)


def gives_form(form: str, q: Question, ranked: list[Candidate], window: int, anchored: float) -> bool:
    """One of the `window` best sentences about the question's names (their binding's anchors at
    least `anchored`, in an article writing one of them) holds a value of the form asked, or for a
    list question one of the items under such a list's title ("The clubhouse has new opening
    hours from May:"). Another article's "Temperatures fell to minus 3.5C" is no forecast for the
    festival weekend, nor another list's "open until 10pm" the leisure centre's hours. Hours are of
    the thing asked: the sentence (or its list's title) speaks of it, not only of its town
    ("a second session ... at Stoneleigh Library, from 6pm to 8pm" gives no hours of the recycling
    centre in Stoneleigh)."""
    names = [t.lower() for t, label in q.anchors if label not in _WHEN_OR_HOW_MANY]
    whose = _whose_hours(q) if form == "hours" else set()

    def named(c: Candidate) -> bool:
        b = getattr(c, "bundle", None)
        # a Saturday is every article's: the article must write one of the names
        return c.binding is None or (c.binding.anchors >= anchored and (
            b is None or not names or any(t in b.text.lower() for t in names)))
    if any(holds_form(form, c.text) and named(c) and _of_it(c, whose) for c in ranked[:window]):
        return True
    if q.type != "list":
        return False
    for c in ranked:
        b = getattr(c, "bundle", None)
        if b is None or c.sentence.kind not in ("intro", "heading") or not named(c) or not _of_it(c, whose, 0):
            continue
        for j in range(c.idx + 1, min(c.idx + 1 + _ITEMS, len(b.sentences))):
            if b.sentences[j].kind != "item":
                break
            if holds_form(form, b.sentence_text(j)):
                return True
    return False
