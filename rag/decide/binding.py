"""Binding: does a sentence hold the asked thing *about the asked focus*, for the asked anchors?

A typed question ("How long does the crossing from Dover to Calais take?") is answered by a
sentence only when (1) it holds a span of the asked kind that the question does not already
name (a duration, not the frequency beside it; but "every 40 minutes" gives "the gap between
buses"; a distance is a length, never "800 kg"; a speed has a unit of speed), (2) the words of
the question's focus stand in that span's clause ("the crossing takes about ninety minutes"),
and (3) the names and values the question is about — its anchors — are the sentence's own. An anchor counts as
present when the sentence names it; when the sentence does not, but names another thing of
the same kind in its place (another town, another year), it is a swap and counts against,
unless the article names the anchor in several paragraphs (it is the article's subject; a
person's full name so named still counts only in sentences that say "he", "she", "his", "her");
otherwise an anchor in the sentence before counts (the sentence goes on about it), one in the
article's title counts (the article is about it), one in the same paragraph half, and one
elsewhere in the article a quarter. An anchor that is the question's subject ("did Helen Marsh
buy") and is missing from a sentence whose answer another named subject did is a swap too,
topic or not (agents.py); and a date written before a noun ("the 2020 conflict") answers
a when-question only about that noun. Those two parse the sentence (agents.py); every other
step reads the annotations stored at index time. `Binding` is the result for one candidate;
its numbers become features of the fitted scorer (rag.decide.scorer), which decides with them.
Where an article names an anchor is anchors.py; where a span stands in its sentence (its clause,
foreseen or done, recurring, said as a place) is clauses.py; another party or site in the
anchor's place, rivals.py. Leaves out the thresholds (fitted, in scorer.json) and the wording
of replies (rag.write).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.text import content_stems, stem, word_key, words

from ..find.candidates import Candidate, as_precise_as
from ..find.spans import CLOCK, NUMERIC, SPEED, Span
from ..understand.measures import asked_unit, in_unit
from ..understand.question import Question
from .agents import said_past, speaks_in_question, spoken_by_another
from .amounts import one_of_several, other_instrument, other_money, other_period
from .attributes import about_the_name, says_of_name
from .anchors import anchor_presence, article_label, has, weighted_share
from .clauses import (FORESEEN, FUTURE_QUESTION, IN_UNITS, INTERVAL, LENGTH_UNIT, LOCATIVE, ONE_OFF, PAST_QUESTION,
                      PER_PERIOD, POSSESSIVE, TIME_UNIT_WORD, WHAT_TIME, apposed, clause_window, clauses, counted,
                      dates_asked, foreseen, located, named_in_question, other_end, periods, recurs, words_of_question)
from .counts import counts_other
from .people import HEADS, asks_for_human, heading_stems, heading_topic, holds_asked_role
from .rivals import FROM_BODY, NAMES, at_another_site, described_site, done_by_another, named_rival, said_at

# The span kinds that answer each question type (and, for numbers, each measure).
KINDS = {"person": ("person", "org"), "org": ("org",), "place": ("place",), "date": ("date",)}
MEASURE_KINDS = {"duration": ("duration",), "frequency": ("frequency",), "money": ("money",), "percent": ("percent",),
                 "distance": ("distance", "quantity"), "age": ("age", "count"), "count": ("count", "quantity"),
                 "speed": ("quantity",),
                 "quantity": ("quantity", "count", "money", "percent", "distance"), "": NUMERIC}
# Entity labels grouped by what they name: a sentence swaps an anchor when it names another
# person, place, date or amount in its place. Organisations and other names are left out: a
# sentence about an organisation's project names funders, universities and councils beside it,
# and the small tagger calls clubs people (an organisation group of its own was tried on
# 2026-12-01: the fit's refusal of unanswerables moved .454 -> .456, fresh:tune lost one). Bare
# counts (CARDINAL: "the Millbridge eight", "seven rowers") are left out too: a sentence holds
# numbers of all sorts, and one of them is rarely another of the question's.
GROUPS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place",
          "DATE": "date", "TIME": "date", "QUANTITY": "amount", "MONEY": "amount", "PERCENT": "amount"}
# A question asking for a date, an amount, a person, a place or an organisation is answered
# only by a sentence holding one it does not already name; the answer is among the five
# best-scored sentences in 91% of such answerable SQuAD tune questions.
TYPED_WINDOW = 5
# A date that names no year, month, day or season ("this year", "annual") answers no "when".
_DATED = re.compile(r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|thursday|"
                    r"friday|saturday|sunday|spring|summer|autumn|fall|winter|christmas|easter|weekend|morning|"
                    r"evening|night|noon|midnight)", re.I)
# ... of which these say where a place is, never where a person is found ("in", "above").
_AT_PLACE = re.compile(r"\b(?:in|near|outside|above|below|beneath|overlooking|across|around)\s+(?:the\s+)?$", re.I)


# "How many births a year ...?" asks how many of a thing in a period, which an article gives as a
# count ("187 last year") as well as a rate ("about 190 births a year"); "how many times a week"
# asks how often, and "how many hours a week" how long each week: only a frequency answers them.
_COUNT_PER = re.compile(r"\bhow many (?!(?:times|seconds|minutes|hours|days|nights|weeks|months|years)\b)(?:\w+ ){1,2}?"
                        r"(?:a|an|per|each) (?:day|night|week|fortnight|month|year|season)\b", re.I)


@dataclass(frozen=True)
class Binding:
    answers: tuple[Span, ...] = ()   # spans of the asked kind the question does not name
    anchors: float = 1.0             # presence of the question's anchors (1: all the sentence's own)
    swapped: float = 0.0             # share of anchors the sentence replaces with another of their kind
    focus: float = 0.0               # IDF share of the non-anchor focus in the sentence
    clause: float = 0.0              # ... in the clause of the best answer span (0 without one)
    context: float = 0.0             # ... in the sentence and the one before it in its paragraph, when
                                     # that one holds nothing of the asked kind (else: focus)
    agent: float = 1.0               # presence of the question's agents (the least of them; 1 without one)
    person: float = 1.0              # ... of the people it names in full (the least of them; 1 without one)

    @property
    def typed(self) -> bool:
        return bool(self.answers)


def accepted(q: Question) -> tuple[str, ...]:
    """The span kinds that can answer q (empty for untyped questions)."""
    if q.type == "number":
        return MEASURE_KINDS.get(q.measure, NUMERIC)
    if q.type == "person" and asks_for_human(q.text):
        return ("person",)
    return KINDS.get(q.type, ())


def bind(q: Question, c: Candidate, weights: dict[str, float]) -> Binding:
    """How the candidate sentence holds what q asks (see the module docstring)."""
    b, s = c.bundle, c.sentence
    text = c.text
    ents = [(a - s.start, e - s.start, label) for a, e, label in s.entities]
    all_spans = b.spans(c.idx)
    kinds = accepted(q)
    answers = tuple(x for x in all_spans if (x.kind in kinds or (q.type == "place" and located(text, x)))
                    and not named_in_question(x.text, q) and (x.kind != "date" or _DATED.search(x.text)))
    if q.measure == "age":
        # A bare number is an age only where news writing puts one, after a name ("Dennis
        # Frome, 81, a retired ..."; the tagger may call it a date): "Now there are nine"
        # counts something else.
        answers = tuple(x for x in answers if x.kind != "count" or apposed(text, x)) + tuple(
            replace(x, kind="age") for x in all_spans
            if x.kind == "date" and x.text.isdigit() and len(x.text) <= 3 and apposed(text, x))
    if q.type == "person":
        answers = tuple(x for x in answers if x.kind not in ("person", "org") or holds_asked_role(q, text, x))
        if kinds == ("person",):
            # a name said as where something is ("the hills above Castell Roig") is a place the
            # tagger took for a person, not the person a role asks for
            answers = tuple(x for x in answers
                            if not (_AT_PLACE.search(text, 0, x.start) and not POSSESSIVE.match(text, x.end)))
    if q.type == "place" and answers:
        # the sentence listing Georgia's neighbours names no capital of Georgia (rag.decide.attributes)
        prev = b.sentence_text(c.idx - 1) if c.idx > 0 and b.sentences[c.idx - 1].para == s.para else ""
        if not says_of_name(q, text, prev) and not about_the_name(q, b):
            answers = ()
    if q.measure == "distance":
        # the tagger calls "90 km" a quantity, and "800 kg" too: only a length is a distance
        answers = tuple(x for x in answers if x.kind != "quantity" or LENGTH_UNIT.search(x.text))
    if q.type == "number" and (unit := asked_unit(q.text)):
        # "What is the size of the bog in hectares?" is answered in hectares ("the 300-hectare
        # raised bog"), not by "nine kilometres away"
        answers = tuple(x for x in answers if in_unit(unit, x.text))
    if q.measure == "speed":
        # "How slow was the internet?" is answered by "3 megabits per second", not "900 people"
        answers = tuple(x for x in answers if SPEED.search(x.text))
    if q.measure == "duration" and INTERVAL.search(q.text):
        answers += tuple(replace(x, kind="duration") for x in all_spans if x.kind == "frequency"
                         and x.text.lower().startswith("every") and TIME_UNIT_WORD.search(x.text))
    if q.measure == "duration" and IN_UNITS.search(q.text):
        # "How many years ...?" is answered in a unit of time, not by "overnight"
        answers = tuple(x for x in answers if x.kind != "duration" or TIME_UNIT_WORD.search(x.text))
    if q.measure == "money":
        # "a £4,500 grant" is no course fee; "£6 for adults" no price of a child's ticket
        answers = tuple(x for x in answers if not other_money(q.text, text, x) and not other_instrument(q.text, text, x))
    if q.type == "number":
        # "raised £4,200 through quiz nights and a sponsored walk" is no sum the walk raised on its own
        # ... and "Last year's festival drew about 3,500" is no count for this year's
        answers = tuple(x for x in answers if not one_of_several(q.text, text, x) and not other_period(q.text, text, x))
    if q.measure == "count":
        # "How many students ...?" counts students: "about 3 tonnes" measures something else,
        # "3 tonnes" answers "How many tonnes ...?".
        answers = tuple(x for x in answers if x.kind != "quantity" or {stem(w) for w in words(x.text)} & set(q.stems))
        # ... and "20 machines" counts no people, for "How many people live in Sahiwal?"
        answers = tuple(x for x in answers if x.kind != "count" or not counts_other(q.text, text, x))
        # "14 beds a night" says how many beds, though it reads as how often: a count per period
        # of the thing the question counts
        answers += tuple(replace(x, kind="count") for x in all_spans
                         if x.kind == "frequency" and PER_PERIOD.match(x.text) and counted(x.text) & set(q.stems))
    if q.measure == "frequency" and _COUNT_PER.search(q.text):
        answers += tuple(x for x in all_spans if x.kind == "count" and not named_in_question(x.text, q)
                         and not counts_other(q.text, text, x))
    if q.measure == "duration":
        # "its 49-year history", "a 25-year lease": a length written before a noun is that
        # thing's length, an answer only for a question about that thing ("How long is the lease?")
        answers = tuple(x for x in answers if x.kind != "duration" or "-" not in x.text or dates_asked(q, text, x))
    if q.type == "date" and WHAT_TIME.search(q.text):
        # "What time does the shop close?" asks for a time of day: "every second Tuesday" is none
        # ... and "open until 10pm" gives no time the market opens
        answers = tuple(x for x in answers if x.kind != "date" or (CLOCK.search(x.text)
                                                                  and not other_end(q.text, text, x)))
    elif q.wh != "when":
        # ... and only "when" and "what time" ask for one: "What was her time in the marathon?" does not
        answers = tuple(x for x in answers if x.kind != "date" or not CLOCK.fullmatch(x.text))
    if q.type == "date":
        # A date written before a noun dates that noun ("the 2020 conflict"): it answers only a
        # question about that noun.
        answers = tuple(x for x in answers if x.kind != "date" or dates_asked(q, text, x))
        if PAST_QUESTION.search(q.text) and not FORESEEN.search(q.text):
            answers = tuple(x for x in answers if x.kind != "date" or not foreseen(text, x))
        elif FUTURE_QUESTION.search(q.text):
            # "When will the ambulance be delivered?" is not answered by when the appeal was launched
            answers = tuple(x for x in answers if x.kind != "date" or not said_past(text, x.start))
        if ONE_OFF.search(q.text):
            answers = tuple(x for x in answers if x.kind != "date" or not recurs(text, x))
        # "On what date is the meeting?" over "... is scheduled for December, and results are due
        # on February 6": the day belongs to the results, and the meeting's date is not given.
        answers = tuple(x for x in answers if x.kind != "date" or as_precise_as(x.text, q.precision))
        answers += periods(q, text, answers)
    anchor_stems = {stem(w) for t, _ in q.anchors for w in words(t)}
    topic = heading_topic(q, {k: v for k, v in weights.items() if k not in anchor_stems})
    # "Who chairs the group?" over "Its chairman, Brendan Hurley, ...": heading it, whichever word says so
    kin = HEADS in topic
    sent_stems = heading_stems(b.stem_sets[c.idx], text) if kin else set(b.stem_sets[c.idx])
    focus = weighted_share(sent_stems, topic) if topic else 1.0
    clause = 0.0
    if answers:
        cl = clauses(text)
        kin = tuple(y.start for y in all_spans if y.kind in kinds)
        for x in answers:
            lo, hi = clause_window(cl, x.start, text, kin)
            near = set(content_stems(text[lo:hi]))
            near = heading_stems(near, text[lo:hi]) if kin else near
            clause = max(clause, weighted_share(near, topic) if topic else 1.0)
    # Other names and values of each anchor's kind in the sentence, neither in the question nor
    # the answer itself ("Priya Nair" answers who rows at stroke; it does not replace the club).
    taken = [(x.start, x.end) for x in answers]
    # A date made of the question's own words ("May last year" for "... up on last year?") is the
    # period it compares with, no other date in place of its own.
    rivals = [(GROUPS.get(label), text[a:e]) for a, e, label in ents
              if GROUPS.get(label) and not named_in_question(text[a:e], q)
              and not (GROUPS.get(label) == "date" and words_of_question(text[a:e], q))
              and not any(a < y and x < e for x, y in taken)]
    # A name of any label said where something happens ("at St Brannoc's Hospital") stands in
    # for a name the question says it happened at ("at Kellmoor General"), whatever the tagger
    # calls either.
    placed = {t for t, label in q.anchors if said_at(t, q.text, article_label(t, label, b))}
    sites = [text[a:e] for a, e, label in ents
             if label in NAMES and LOCATIVE.search(text, 0, a) and not POSSESSIVE.match(text, e)
             and not FROM_BODY.search(text, 0, a)
             and not named_in_question(text[a:e], q) and not any(a < y and x < e for x, y in taken)] if placed else []
    presence, swaps, agent, person = [], 0, 1.0, 1.0
    for t, label in q.anchors:
        if not word_key(t).strip():
            continue
        label = article_label(t, label, b)
        site = t in placed and label in NAMES
        group = "place" if site else GROUPS.get(label)
        if t in q.agents and done_by_another(q, t, label, c, answers):
            p, swapped = 0.0, True
        elif t in q.owners and answers and not has(t, b.stem_sets[c.idx]) and named_rival(t, label, c, answers):
            p, swapped = 0.0, True
        elif answers and speaks_in_question(t, q.text) and not has(t, b.stem_sets[c.idx]) \
                and spoken_by_another(t, c, answers):
            # what another named party said: "How big a fund did Nuala Haughey call for?" over
            # "Another MLA, Derek Moffett, said a hardship fund of £1.5 million should be set up"
            p, swapped = 0.0, True
        elif site and sites and answers and all(at_another_site(text, t, sites, x) for x in answers):
            # "Crews will work at Crane Beach from 6 a.m. to 10 a.m. and at Bottom Bay three times a
            # week": the hours are Crane Beach's, though the sentence names Bottom Bay too
            p, swapped = 0.0, True
        elif site and not has(t, b.stem_sets[c.idx]) and described_site(text, t, b):
            # "Forty-two lobster boats tie up at the cove" is Morrisons Cove's, not Gull Rock's
            p, swapped = 0.0, True
        elif site and sites and not has(t, b.stem_sets[c.idx]):
            # said to happen at another named place: however often the article names this one
            p, swapped = 0.0, True
        else:
            p, swapped = anchor_presence(t, group, b, c, rivals, weights)
        presence.append(p)
        swaps += swapped
        if t in q.agents:
            agent = min(agent, p)
        if label == "PERSON" and len(t.split()) >= 2:
            person = min(person, p)
    anchors = sum(presence) / len(presence) if presence else 1.0
    context = focus
    if topic and c.idx > 0 and b.sentences[c.idx - 1].para == s.para and not {x.kind for x in b.spans(c.idx - 1)} & set(kinds):
        before = b.stem_sets[c.idx - 1]
        context = weighted_share(sent_stems | (heading_stems(before, b.sentence_text(c.idx - 1)) if kin else set(before)), topic)
    return Binding(answers, anchors, swaps / len(presence) if presence else 0.0, focus, clause, context, agent, person)


def typed(q: Question, c: Candidate) -> bool:
    """The sentence holds a thing of the asked kind that the question does not name (as
    precise as asked, for dates): see binding.py."""
    if not accepted(q):
        return False
    x = c.binding
    return bool(x and x.typed) and (q.type != "date" or not q.precision or bool(c.f.date_precision))


def bound(q: Question, c: Candidate) -> float:
    """How well the candidate holds the asked thing about the asked focus and anchors, in [0, 1]:
    for a typed question, its answer span's clause share of the focus; otherwise its sentence's."""
    x = c.binding
    if x is None:
        return 0.0
    core = x.clause if accepted(q) else x.focus
    if accepted(q) and not typed(q, c):
        core = 0.0
    return core * x.anchors * (1.0 - x.swapped)


def bind_all(ev) -> None:
    """Bind every candidate of the evidence and write the binding into its features."""
    q = ev.question
    for c in ev.candidates:
        x = c.binding = bind(q, c, ev.weights)
        c.f.typed, c.f.clause, c.f.focus = float(x.typed), x.clause, x.focus
        c.f.anchors, c.f.swapped = x.anchors, x.swapped
