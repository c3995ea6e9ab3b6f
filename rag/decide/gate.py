"""The gate: whether a question's best sentences hold what it asks, for the names it asks about.

A typed question ("How long ...?", "Who ...?") passes when a close sentence holds a thing of
the asked kind, bound to the question's anchors, in a clause about as much about the question
as any sentence is; an untyped one when its best sentences hold enough of its focus and
anchors, or are close to it in meaning, and the sentences about what it asks are about the
person it names, not someone else ("Why is Bongani Zulu worried about paying R450?" over a
fruit seller's words); a yes/no question asking whether there is a thing ("Is there an
installation charge?") passes only when a close sentence speaks of that thing (`asked_thing`).
A sentence saying the thing is not known speaks for the question (withheld.py), a list's too
("... but would not say which"). `gate()` returns the verdict, why not, and the answering (or the
closest) sentence; decision.py turns that into the kind of reply. A question asking a value with
a form of its own (a score, a phone number: forms.py) passes only once a close sentence holds
one. Leaves out scoring (scorer.py), binding a sentence to the question (binding.py), whose
value a clause gives (ownership.py), telling instructions from statements (instructions.py)
and the wording of replies (rag.write).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from index.text import fold, nlp, stem, words

from ..find.candidates import Candidate
from ..understand.question import Question, asked_noun
from .anchors import stems_of
from .binding import TYPED_WINDOW, accepted, typed
from .forms import asked_form, gives_form, lacking
from .scorer import Gates
from .instructions import ADVICE, instruction
from .ownership import amount_of_the_name, of_the_measured_thing, own_share
from .withheld import WITHHELD, WITHHELD_FOCUS, says_unknown, undecided, unnamed, withheld_part

# The closest sentence with its neighbours holds at least half the question's focus
# (IDF-weighted): it is about the thing asked, so saying what is missing beats saying nothing.
MENTION = 0.5
# ... and for a yes/no question, at least some of it (any word of what it asks besides the names).
YESNO_FOCUS = 1e-6
# How much closer in meaning to what the question asks of its names (Evidence.rest_cos) a
# sentence holding the asked kind must be than the sentence holding most of the question's words,
# to answer when the words say the articles discuss it without giving it (swept on fresh:tune and
# dev:tune: 0 answered "Who set up the Fixers' Table?" wrongly, 0.1 and 0.15 alike, 0.2 lost one).
CLOSER = 0.1
# The gap (Gates.gap) the scorer's best sentence may have, when its clause holding the asked kind
# holds some of the question's focus: the fitted gap alone (0.5 since stop 46) said "the articles
# don't name that person" over "The trial, led by Dr Ilse Varga-Moen of the University of
# Aldmere, ..." because another sentence held the words "night shift lighting". 0.7 is the gap
# fitted before (stop 35 to 45).
TOP_GAP = 0.7
# An untyped question's anchored best sentences holding none of its focus besides the names answer
# only if one is at least this close in meaning to the question without them (Evidence.rest_cos).
# Swept on fresh:tune and dev:tune: 0.1 refused "What currency does Azerbaijan use?" and one wrong
# paraphrase answer; 0.15 one more of each kind on fresh:tune. Not yet in eval fit's grid.
UNTYPED_REST = 0.1
# An untyped question's focus is looked for in its three best sentences (a reason or a
# description is rarely further down than a typed answer).
UNTYPED_WINDOW = 3
# A sentence whose anchors score below this (binding.py: 1 all its own, .5 one only in its
# paragraph) is about something else, and is not quoted as "the closest they come".
ANCHORED = 0.5


def lacks_type(q: Question, ranked: list[Candidate]) -> bool:
    """A typed question none of whose best sentences holds the type asked for."""
    return bool(accepted(q)) and not any(typed(q, c) for c in ranked[:TYPED_WINDOW])


def _in_other_forms(q: Question, c: Candidate) -> bool:
    """The sentence holds a word of what the question asks besides its names in another form of
    it, which stems leave apart ("grew" for "grow up", "held" for "hold"): by the words' lemmas."""
    names = {s for t, _ in q.anchors for s in stems_of(t)}
    want = set(q.focus) - names
    return bool(want) and bool(want & _lemma_stems(c.text))


@lru_cache(maxsize=1 << 14)
def _lemma_stems(text: str) -> frozenset[str]:
    # a parse is ~95% of a gate's time; the fit's grid asks the gate of each sentence hundreds of times
    return frozenset(stem(t.lemma_) for t in nlp()(text))


# "Is there an installation charge ...?", "Did students get a cheaper rate?", "Did the mayor say
# anything about council rates?": a yes/no question asking whether a thing exists or was had,
# given or said. The thing is its noun (the object, or what "anything about" is about).
_HAVING = {"have", "get", "offer", "include", "charge", "give", "receive", "provide", "pay", "win", "say", "mention",
           "plan", "announce", "need", "require", "hold", "run", "own"}
_PLACEHOLDERS = {"anything", "something", "any", "much", "everything"}


@lru_cache(maxsize=2048)
def asked_thing(text: str) -> str:
    """The stem of the thing a yes/no question asks whether there is, or was had, given or said
    ("charge" in "Is there an installation charge on top of the price?"), or ""."""
    doc = nlp()(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return ""
    if root.lemma_ == "be" and any(c.dep_ == "expl" for c in root.children):
        thing = next((c for c in root.children if c.dep_ in ("attr", "nsubj") and c.pos_ in ("NOUN", "PRON")), None)
    elif root.lemma_ in _HAVING:
        thing = next((c for c in root.children if c.dep_ == "dobj"), None)
    else:
        return ""
    if thing is not None and thing.lower_ in _PLACEHOLDERS:
        # "anything about raising council rates": what it is about
        about = next((c for p in thing.children if p.lower_ in ("about", "on", "regarding") for c in p.children
                      if c.dep_ in ("pobj", "pcomp")), None)
        if about is not None and about.pos_ == "VERB":
            about = next((c for c in about.children if c.dep_ == "dobj"), None)
        thing = about
    return stem(fold(thing.lemma_.lower())) if thing is not None and thing.pos_ == "NOUN" else ""


def _close_in_meaning(c: Candidate, g: Gates, rest_cos: Callable[[Candidate], float] | None) -> bool:
    """The sentence is close in meaning to the question (MiniLM cosine), and to what it asks of its
    names too: "The Plough Inn ... will reopen on 12 July" is close to "How much is a pint at the
    Plough Inn?" (.49) by the name alone, and far from "How much is a pint at ?" (.06)."""
    if c.f.cos < g.unfocused_cos:
        return False
    return rest_cos is None or g.unfocused_rest <= 0 or rest_cos(c) >= g.unfocused_rest


def _closer(c: Candidate, most: Candidate, rest_cos: Callable[[Candidate], float] | None) -> bool:
    """The sentence is closer in meaning than `most` to what the question asks of its names: the
    words disagree (`most` holds more of them) and the meaning decides."""
    return rest_cos is not None and rest_cos(c) > rest_cos(most) + CLOSER


# Half of the question's focus (IDF-weighted): a clause holding less is mostly about something else.
HALF = 0.5


def _gap(c: Candidate, ranked: list[Candidate], g: Gates) -> float:
    """How much less of the question's focus the clause holding the asked kind may hold than the
    sentence most about the question: TOP_GAP for the best-scored sentence whose clause holds
    some of it, else the fitted gap."""
    return TOP_GAP if c is ranked[0] and c.binding.clause > 0 else g.gap



def _holds_more_than_the_list_noun(q: Question, c: Candidate) -> bool:
    """The sentence holds a focus word of the question other than its names and the noun it asks
    a list of, or the question asks nothing else ("What are the rules?")."""
    names = {stem(w) for t, _ in q.anchors for w in words(t)}
    rest = set(q.focus) - names - asked_noun(q.text)
    b = getattr(c, "bundle", None)
    return not rest or b is None or bool(rest & b.stem_sets[c.idx])


def said_of_another(q: Question, window: list[Candidate], g: Gates) -> bool:
    """A close sentence holds the asked kind in a clause holding most of what the question asks,
    for another name than the question's: one replacing its anchor, or one where the anchor is
    not its own (`Gates.anchors`)."""
    return bool(q.anchors) and any(
        typed(q, c) and c.binding.clause >= HALF and (c.binding.swapped > 0 or c.binding.anchors < g.anchors)
        for c in window)


def about(q: Question, c: Candidate) -> bool:
    """The sentence (with its neighbours) is about what was asked, and about the question's own
    anchors: saying what is missing, quoting it, beats saying nothing."""
    x = c.binding
    return c.f.lex_ctx >= MENTION and (x is None or (x.anchors >= ANCHORED and not x.swapped))


def gate(q: Question, ranked: list[Candidate], g: Gates,
         rest_cos: Callable[[Candidate], float] | None = None) -> tuple[bool, str, Candidate | None]:
    """(passes, why not, the answering sentence) — the fitted gates of a question's best sentences
    (`_gate`), then, for a question asking a value with a form of its own (a score, a winner, a
    phone number, a forecast, opening hours: rag.decide.forms), that a close sentence holds one."""
    passes, why, lead = _gate(q, ranked, g, rest_cos)
    # "What's the phone number for Penhallow Marine Contractors?" is not answered by the sentence
    # naming them, however much it says about the names
    # (a why- or yes/no question about the hours asks no hours: "Why is the library extending its
    # opening hours?")
    if passes and q.type not in ("reason", "yesno") and (form := asked_form(q.text)) \
            and not gives_form(form, q, ranked, TYPED_WINDOW, ANCHORED):
        return False, f"no close sentence holds what the question asks for: the articles don't {lacking(form)}", None
    return passes, why, lead


def _gate(q: Question, ranked: list[Candidate], g: Gates,
          rest_cos: Callable[[Candidate], float] | None = None) -> tuple[bool, str, Candidate | None]:
    """The fitted gates of a question's best sentences.

    A typed question passes when one of its best sentences holds the asked kind for the
    question's anchors, and no sentence is much more about the question than that one's clause
    (when one is, the articles discuss it but do not give it). An untyped one passes when one
    of its three best sentences, with its neighbours, holds enough of the question's focus
    (IDF-weighted, anchors included: "the Middle Corridor" is most of "What role does the
    Middle Corridor play?") and enough of its anchors, and its own sentence enough of the focus
    besides the anchors ("Does the academy have a swimming pool?" is not about the academy's
    other news). A typed answer may replace only so many of the question's anchors with
    another of their kind (the same question asked of another person), and one holding none of
    what the question asks of its names must be close in meaning to the question, and to the
    question without its names (`rest_cos`, Evidence.rest_cos; the cosine alone when not given)."""
    window = ranked[:TYPED_WINDOW]
    if q.type == "list":
        # A list is found by its title (an intro, a heading), which need not score well itself.
        titles = [c for c in ranked if c.sentence.kind in ("intro", "heading")]
        # ... in an article about the question's names, or beside them: another article's
        # "Longer opening hours." is no list of the bakery the question names
        near = [c for c in titles + window if c.binding.anchors >= ANCHORED]
        about_list = max((c.f.lex_ctx for c in near), default=None)
        if about_list is None or about_list < g.focus:
            return False, "no list or sentence close to what the question asks", None
        # ... and one of them holds some of what it asks besides the names: "Jean Whitby, who
        # runs the Riverside Tearoom, has been flooded twice" lists no opening hours
        if max(c.binding.focus for c in near) < max(g.untyped_focus, YESNO_FOCUS):
            return False, "no list or sentence near the question's names is about what it asks of them", None
        # ... and of what it asks besides the kind of list ("the opening hours" of "the swimming
        # pool"): "two and a half hours" of a drive is no list of the pool's hours
        if not any(_holds_more_than_the_list_noun(q, c) for c in near):
            return False, "no list or sentence near the question's names is about what it asks a list of", None
        # ... and the sentence most about it does not say the items are not given ("would be
        # moved to other cities, but would not say which"). That something is "not known" is an
        # open question, not a list kept back ("it is not known if L is strictly contained in P").
        withheld = says_unknown(ranked[:1], WITHHELD_FOCUS, q) \
            if ranked[0] in near and ranked[0].sentence.kind not in ("intro", "heading", "item") \
            and any("known" not in m.group().lower() for m in WITHHELD.finditer(ranked[0].text)) else None
        if withheld is not None:
            return False, "the sentence most about the question says the items are not known or not given", withheld
        return True, "", None
    if accepted(q):
        what = q.measure or q.type
        held = [c for c in window if typed(q, c) and c.binding.anchors >= g.anchors and c.binding.swapped <= g.swap]
        anchored = [c for c in window if c.binding.anchors >= g.anchors]
        if not held:
            # ... unless the sentence most about it says it is not known
            withheld = says_unknown(anchored, max((c.binding.focus for c in anchored), default=1.0) - 1e-9, q)
            return False, f"no close sentence holds a {what} for what the question names", withheld
        most = max(anchored, key=lambda c: c.binding.focus)
        # Only a sentence whose clause holding the kind is about the question as much as any
        # sentence is (less the gap) answers it: a better-scored one holding "on Sunday" in a
        # clause about something else does not speak for "They train twice a week". The best-
        # scored sentence, its clause holding some of the focus, is given the wider TOP_GAP.
        close = [c for c in held if most.binding.focus - own_share(c, most, q) <= _gap(c, ranked, g)
                 or _closer(c, most, rest_cos) or amount_of_the_name(q, c) or of_the_measured_thing(q, c)]
        # A question naming nothing is about the article most about its words, where that is also
        # the article of the best-scored sentence: another article's sentence holding less than
        # half of them ("radio energy" for "Who is supplying the energy-saving stoves?") is about
        # something else.
        if not q.anchors and ranked[0].bundle is most.bundle:
            close = [c for c in close if c.bundle is most.bundle or own_share(c, most, q) >= HALF]
        if not close:
            return False, f"the sentence most about the question gives no {what}", most
        # A sentence holding a thing of the kind but none of what the question asks about it
        # besides its names, even with the sentence before it, answers only if it means much the
        # same ("the team leader, Fiona Strachan" for "Who heads the rescue team?"): else it is
        # another fact about those names ("Fernhill Wildlife Rescue, based at Wrenfold Farm" for
        # "Who owns Wrenfold Farm?").
        # Not by meaning when a close sentence says the asked thing of another name: the question
        # was asked of the wrong one ("Capel Bethesda, built in 1868" beside "Cwmhelyg's other
        # chapel, Capel Salem, closed in 2009" for "When was Capel Salem built?").
        elsewhere = said_of_another(q, window, g)
        close = [c for c in close if max(c.binding.focus, c.binding.clause, c.binding.context) > 0
                 or (_close_in_meaning(c, g, rest_cos) and not elsewhere) or _in_other_forms(q, c)
                 or amount_of_the_name(q, c)]
        # The question asks what a named party did ("How much did the Pemberton Family Trust
        # give?"), and a close sentence names that party: one that neither names it nor is
        # about it throughout, its clause holding less than half of what is asked ("Tickets
        # cost £5"), gives someone else's amount. ("Home matches will be played at Ferris Lane"
        # holds all of "Where will the Kites play their home matches?".)
        naming = [c for c in anchored if c.binding.agent >= 1.0]
        if naming and close and not any(c.binding.agent >= 1.0 or own_share(c, most, q) >= HALF for c in close):
            return False, f"no sentence naming who the question asks about gives a {what}", \
                max(naming, key=lambda c: c.binding.focus)
        if not close:
            # ... unless the sentence most about it says it is not known
            withheld = says_unknown(anchored, max((c.binding.focus for c in anchored), default=1.0) - 1e-9, q)
            return False, f"no sentence holding a {what} is about what the question asks of its names", withheld
        # An article that says it does not know ("has not yet announced its price", "did not say
        # how much") tells the reader the thing is missing, whatever other amount a sentence near it gives.
        # Each read with the sentence before it: "Students also answered a short mood
        # questionnaire twice a week" (with the sentence before, .80) outweighs "... although
        # she did not give figures" (.57 only with the sentence before it).
        # An amount written as the named thing's own ("the $640 million Mphangwe Dam") stands
        # whatever else about it goes undisclosed ("a loan ... whose terms have not been disclosed").
        # A part of the question no close sentence speaks of may be what is withheld ("the second
        # phase"), said anywhere in a close sentence's article (withheld_part).
        own_amount = any(amount_of_the_name(q, c) for c in close)
        withheld = None if own_amount else says_unknown(
            anchored, max(max(c.binding.clause, c.binding.context if c.binding.clause > 0 else 0.0) for c in close), q)
        if withheld is None and not own_amount:
            arts = {id(b) for x in close if (b := getattr(x, "bundle", None)) is not None}
            withheld = withheld_part(q, [c for c in ranked if c.binding.anchors >= g.anchors
                                         and id(getattr(c, "bundle", None)) in arts], close)
        if withheld is not None:
            return False, f"the sentence most about the question says the {what} is not known or not given", withheld
        # Of those, one that keeps all the question's names leads over a better-scored one that
        # puts another of their kind in place of one ("in winter" for "in the summer months");
        # which of them to refuse is the swap gate's, fitted.
        return True, "", next((c for c in close if not c.binding.swapped), close[0])
    # A person the question asks about ("Why is Bongani Zulu worried ...?") is in a sentence about
    # them: named in it, in its paragraph or the sentence it goes on from; one naming them only
    # elsewhere in the article is about someone else ("'R450 is a lot,' said the fruit seller").
    anchored = [c for c in ranked[:UNTYPED_WINDOW] if c.binding.anchors >= g.untyped_anchors
                and c.binding.person >= HALF
                and (ADVICE.search(q.text) or not instruction(c.text))]
    if not anchored or max(c.f.lex_ctx for c in anchored) < g.focus:
        return False, "no close sentence is about what the question asks", None
    # ... and when the sentences about what it asks are about someone else, and those about the
    # person hold none of it, the articles do not say it of them
    if max(c.binding.focus for c in anchored) <= 0 and ranked[0].binding.person < HALF and ranked[0].binding.focus > 0:
        return False, "the close sentences about what the question asks are about someone else", None
    # A yes/no question asks whether something holds of the names it gives: a sentence holding
    # none of that something ("Does the museum have a café?" over the museum's news) answers neither way.
    bar = max(g.untyped_focus, YESNO_FOCUS) if q.type == "yesno" else g.untyped_focus
    if max(c.binding.focus for c in anchored) < bar:
        return False, "no close sentence is about what the question asks besides the names it gives", None
    # ... nor one speaking of the thing a yes/no question asks whether there is ("Is there an
    # installation charge?" over the monthly prices)
    if q.type == "yesno" and (thing := asked_thing(q.text)) and not any(
            thing in c.bundle.stem_sets[c.idx] or thing in _lemma_stems(c.text) for c in anchored):
        return False, "no close sentence speaks of the thing the question asks about", None
    # Holding none of it, the best of them (the one the reply quotes) must at least be close in
    # meaning to what it asks of the names: "What will the weather be like in Redvale this
    # weekend?" is not about the array at Redvale, whatever a third sentence about its supply boat is.
    if max(c.binding.focus for c in anchored) <= 0 and rest_cos is not None \
            and rest_cos(anchored[0]) < UNTYPED_REST:
        return False, "no close sentence is about what the question asks of its names, in words or meaning", None
    # The best sentence says what is asked is not known ("What did the demand survey find?" over
    # "... a demand survey had been carried out ..., but its findings have not been made
    # public."): the reply says it is missing rather than quoting it as the answer. Not for a
    # yes/no question, which such a sentence answers ("Has the date been set?").
    # So does a best sentence naming what a which-question asks only as "a regional development bank".
    # Nor, for a yes/no question, one saying only that whether it will happen is not decided.
    withheld = says_unknown(ranked[:1], WITHHELD_FOCUS, q) if q.type != "yesno" and ranked[0] in anchored else None
    if q.type == "yesno" and ranked[0] in anchored and undecided(q, ranked[0].text):
        withheld = ranked[0]
    if withheld is None and ranked[0] in anchored and unnamed(q, ranked[0].text):
        withheld = ranked[0]
    if withheld is not None:
        return False, "the sentence most about the question says it is not known or not given", withheld
    return True, "", None
