"""Deciding what kind of reply a question gets, from the scored candidates.

* `answer` — the answerability model clears its threshold (fitted on tune);
* `conflict` — the question presupposes a date, place, person or amount that the closest
  evidence contradicts ("Why did they meet in Moscow?" where the article says Abu Dhabi):
  the reply states what the articles say instead; it is not an abstention;
* `missing` — no answer, but the closest sentence is about what was asked: the reply says
  what is missing and cites what the articles do say (marked abstained);
* `unsure` — a claim of `missing` that the check (absence.py) could not make: a best sentence
  holds a thing of the asked kind for the question's names, though not close enough to answer;
  the reply quotes it and says no passage clearly gives it (marked abstained); also an answer
  whose leading sentence scores below one holding nothing of the asked kind (`_led_by_its_kind`);
* `abstain` — nothing relevant: "The articles don't cover this." (also, before any scoring, when
  no retrieved article writes a name the question is about: `off_article`)
`decide()` scores the candidates with the fitted scorer first (each gets `p`; an instruction
such as "Check the forecast ..." scores nothing for a question that does not ask what to do), then
`choose()` picks the kind of reply from the gate's verdict (gate.py) and the answerability
model; for an answer, the reranker may then put another of the
few sentences close enough to lead first (rag.decide.reranker), and where only the threshold
refused a sentence the gate found answering, may vouch for it (`Rerank.vouches`: P at least a
floor, the cross-encoder's score at least a bar, both chosen on tune by `python -m eval vouch`).
`settle()` is the decision before any reranker. Leaves out the wording of
the reply (rag.write) and the weights (scorer.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.text import alias, stem, word_key, words

from ..find.candidates import Candidate, as_precise_as, calendar_date, date_precision, missing_anchors
from ..find.evidence import Evidence
from ..understand.question import Question, asks_for_one
from .anchors import TOPIC_PARAGRAPHS, has, is_topic, stems_of, written_as_a_name
from .binding import GROUPS, TYPED_WINDOW, accepted, bind_all, typed
from .clauses import named_in_question
from .gate import MENTION, about, gate
from .instructions import instructions_aside
from .listed import listed, lists_in_prose
from .reranker import Rerank
from .scorer import Scorer, answer_features
from .withheld import WITHHELD, unnamed

# Question types that presuppose their content ("Why did X happen in 2030?", "Did X ...?");
# a what/who/when question whose name or date the articles lack asks about something they
# don't cover, and is not answered with a correction.
PRESUPPOSING = ("reason", "yesno")
CONFLICT_WINDOW = 3  # a contradiction counts from the three best-scored sentences, not from anywhere
# A contradicted premise may also be a bare count ("by eleven votes to two"), which binding leaves out.
_GROUPS = {**GROUPS, "CARDINAL": "amount"}


@dataclass(frozen=True)
class Decision:
    kind: str                 # answer | conflict | missing | unsure | abstain
    answerable: float         # P(the articles answer it)
    why: str                  # one line for the trace
    evidence: tuple[Candidate, ...] = ()
    by_list: bool = False     # answered by the list whose intro means what it asks (listed.py)
    # the sentence the gate found answering it, when only the answerability threshold refused it
    # (what the reranker may vouch for: Rerank.vouches)
    held: Candidate | None = None


def conflict(q: Question, c: Candidate, weights: dict[str, float], elsewhere: frozenset = frozenset()) -> str:
    """How the candidate contradicts a name, date or amount the question takes for granted ("" if not).

    It must be about the same thing (its own words hold the question's focus, leaving aside
    the anchors it lacks) and put a different name, date or amount of the same kind in the
    place of every anchor it lacks."""
    b, i = c.bundle, c.idx
    # An anchor the article is about (its title, several paragraphs) is not missing from any of its sentences.
    # Named in full, not by a shared word: "Alden Bridge" is not "Ridley Bridge".
    # Nor is a date the article writes anywhere: a sentence giving another date ("owned the pier
    # since 1954", "planted ... since October") is about another event, and the article agrees
    # with the question's "in 2022" where it says "fenced off in November 2022" (fresh:tune, two
    # why-questions were told "The articles say otherwise" so).
    # ... nor a person the article names anywhere: "Has Ismail Abdul Rahman noticed more mud crabs?"
    # over "Fisherman Zulkifli Ahmad said he had noticed more mud crabs" puts the claim in another
    # party's mouth, where the article quotes Mr Rahman on something else (fresh:tune: four
    # entity-swap and premise questions were told "The articles say otherwise" so).
    missing = [(t, label) for t, label in missing_anchors(q.anchors, b, i)
               if not _named_in_full(t, b) and not _by_its_head(t, b, i)
               and not (_GROUPS.get(label) in ("date", "person") and word_key(t) in _article_key(b))]
    if not missing or (len(q.anchors) > 1 and len(missing) == len(q.anchors)):
        # every one of several names replaced is another story, not a contradiction of this one
        return ""
    # ... nor is it when another retrieved article names all it lacks in full (`elsewhere`,
    # (article, name) pairs): "Derrygowan" is the bog article's, whatever an allotment article's
    # Pauline Ferris says.
    if all(any(name == t and art != b.id for art, name in elsewhere) for t, _ in missing):
        return ""
    lacking = {stem(w) for t, _ in missing for w in words(t)}
    rest = {s: w for s, w in weights.items() if s not in lacking}
    # ... read with its article's title, which says what all of it is about ("the mobile vet")
    have = set(b.stem_sets[i]) | stems_of(b.title) | {s for t, _ in q.anchors if is_topic(t, b) or has(t, stems_of(b.title))
                                                      for s in stems_of(t)}
    if not rest or sum(w for s, w in rest.items() if s in have) / sum(rest.values()) < MENTION:
        return ""
    # Each missing anchor needs a rival of its own: one street in the sentence does not stand in
    # for both the town and the destination the question names.
    clashes, used = [], set()
    for text, label in missing:
        group = _GROUPS.get(label)
        other = [b.text[s:e] for s, e, lab in c.sentence.entities
                 if group and _GROUPS.get(lab) == group and _same_measure(text, label, b.text[s:e], lab)
                 and word_key(b.text[s:e]) not in word_key(q.text) and b.text[s:e] not in used]
        if not other:
            return ""
        used.add(other[0])
        clashes.append(f"the question says {text!r}, the article says {other[0]!r}")
    return "; ".join(clashes)


_YEARS = re.compile(r"\byears?\b", re.I)


def _same_measure(asked: str, asked_label: str, said: str, said_label: str) -> bool:
    """A value the article gives can stand against the question's only where it measures the
    same thing: a percentage against a percentage, money against money, a calendar date against
    a calendar date ("6 percent" is not contradicted by "Nearly 3,000", nor "20 September" by
    "11 days"). Counts stand against counts, quantities against quantities."""
    if "PERCENT" in (asked_label, said_label) or "MONEY" in (asked_label, said_label):
        return asked_label == said_label
    if _GROUPS.get(asked_label) == "date":
        if not calendar_date(asked):
            # a length of time: another length, or a year it runs from ("after 150 years" against
            # "since 1893")
            return not calendar_date(said) or bool(_YEARS.search(asked) and date_precision(said))
        if not calendar_date(said):
            return False
        # ... and at least as precise: "in 2026" does not contradict "on 20 September"
        level = next((p for p in ("day", "month") if as_precise_as(asked, p)), "")
        return as_precise_as(said, level)
    # a bare count against a measure with a unit measures another thing: "22 miles" does not
    # contradict "only 150" (animals)
    return {asked_label, said_label} != {"CARDINAL", "QUANTITY"}


def _by_its_head(name: str, b, i: int) -> bool:
    """Sentence i speaks of the named thing by its head noun with "the" ("the array" for the
    Kettle Flats Array), and the article names it in full somewhere."""
    ws = words(name)
    if len(ws) < 2:
        return False
    if not re.search(rf"\bthe\s+{re.escape(ws[-1])}\b", b.sentence_text(i), re.I):
        return False
    return word_key(" ".join(w for w in ws if w != "the")) in _article_key(b)


def _article_key(b) -> str:
    """The article's text as word_key writes it, made once per article."""
    if "words" not in b.memo:
        b.memo["words"] = word_key(b.text)
    return b.memo["words"]


def _named_in_full(text: str, b) -> bool:
    """The article names the anchor in full in its title or in several places: what it is about."""
    key = word_key(text)
    return key in word_key(b.title) or _article_key(b).count(key) >= TOPIC_PARAGRAPHS


# Labels of the names a question is about that an article answering it writes: people, bodies,
# places, events. Not a people or a language ("Russian" where the article writes "Russia's").
NAMED = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "NAME")
# A question with more than this share of its words capitalised is written in title case: its
# capitals mark no names.
TITLE_CASE = 0.6


def _stems(b) -> frozenset:
    if "stems" not in b.memo:
        b.memo["stems"] = frozenset(stems_of(b.title)).union(*b.stem_sets)
    return b.memo["stems"]


def writes(name: str, b, weights: dict[str, float]) -> bool:
    """The article writes the name: its rarest word and most of its weight (anchors.has), or for a
    one-word name another spelling of it ("Turkey", "Türkiye"), and with a capital (a place named
    "Kettle Flats" is not in an article about kettles)."""
    st, one = _stems(b), stems_of(name)
    w = next(iter(one)) if len(one) == 1 else ""
    spelt = bool(w) and any(alias(w, x) for x in st if x[:3] == w[:3])
    return (has(name, st, weights) or spelt) and written_as_a_name(name, b)


def off_article(ev: Evidence) -> list[Candidate]:
    """The candidates from articles that write none of the names the question is about (none for
    a question naming nothing): when that is all of them, as for "Why are Kestleford market traders
    opposing Sunday parking charges?" (a removed 'Read more' headline) over articles none of which
    names Kestleford, no sentence can answer it, whatever words it shares with the question."""
    q = ev.question
    names = [t for t, label in q.anchors if label in NAMED]
    ws = q.text.split()
    if not names or sum(w[:1].isupper() for w in ws) > TITLE_CASE * len(ws):
        return []
    seen: dict[str, bool] = {}
    out = []
    for c in ev.candidates:
        b = c.bundle
        if b.id not in seen:
            seen[b.id] = any(writes(t, b, ev.weights) for t in names)
        if not seen[b.id]:
            out.append(c)
    return out


def decide(ev: Evidence, scorer: Scorer, rerank: Rerank | None = None) -> Decision:
    """Bind and score the candidates, choose the kind of reply, and for an answer let the
    reranker (if any) pick which of the few sentences close enough to lead does. When no retrieved
    article writes a name the question is about (`off_article`), nothing answers it. (Leaving out
    only the sentences of such articles, where others remain, was tried on tune: +8/-4 rows, the
    losses from the answerability model reading the remaining sentences without their rivals, and
    a paraphrase's "the Kremlin" for an article's "Moscow".)"""
    d = settle(ev, scorer)
    score = rerank.vouches(ev.question.text, d.held, d.answerable) if rerank is not None and d.held is not None else None
    if score is not None:
        # A paraphrase shares few words with its answer, and the answerability model reads words:
        # the cross-encoder reads the gate's answer as a second opinion, just under the threshold.
        return Decision("answer", d.answerable, f"{d.why}; but the reranker reads the gate's answer as answering "
                        f"it (score {score:.1f} >= {rerank.vouch_score:.1f})", (d.held,))
    return _led_by_its_kind(ev, _reranked(ev, scorer, rerank, d))


def _reranked(ev: Evidence, scorer: Scorer, rerank: Rerank | None, d: Decision) -> Decision:
    """An answer once the reranker (if any) has put another close sentence first."""
    if rerank is None or d.kind != "answer":
        return d
    # Whether to answer stays the scorer's (reranking before deciding answered more unanswerable
    # tune questions); the reranker only picks which sentence leads the answer.
    before = [c.p for c in ev.candidates]
    led = _lead(d, ev.candidates)
    if not rerank.apply(ev.question.text, ev.candidates):
        return d  # nothing moved: no need to choose again
    again = choose(ev, scorer)
    if again.kind == "answer":
        if _lead(again, ev.candidates) == led:
            return again
        return replace(again, why=again.why + "; the reranker put another close sentence first")
    for c, p in zip(ev.candidates, before):
        c.p = p
    return d


def _led_by_its_kind(ev: Evidence, d: Decision) -> Decision:
    """An answer whose leading sentence scores below a sentence holding nothing of the asked kind
    is refused: the articles speak of what was asked without giving it, and the value found is
    another thing's ("The medal ... has been designed by a pupil at Carrowby Primary School" is
    best for "What is the name of the pupil who designed the marathon medal?", and "The 2022 race
    was won by Sam Okoro" names someone else). Read after the reranker, which often puts the
    answering sentence first. Not a sentence going on from the best one, which answers with it
    (`_goes_on_from`). On fresh:tune and dev:tune it changed 42 replies: 19 answers to
    unanswerable questions and 11 wrong answers became `unsure`, and so did 12 right answers
    (truthfulness +37 points over 1,433 questions)."""
    q = ev.question
    if d.kind != "answer" or d.by_list or not d.evidence or not accepted(q):
        return d
    lead, best = d.evidence[0], max(ev.candidates, key=lambda c: c.p)
    if lead is best or typed(q, best) or _holds_its_kind(q, best) or _goes_on_from(lead, best):
        return d
    why = f"{d.why}; but the best-scored sentence holds no {q.measure or q.type}, and those holding one score below it"
    # Neither "missing" nor "abstain": a sentence holds the asked kind, and whether it is the
    # answer is what is in doubt; the reply quotes it beside the best one. (As "missing", the
    # wider search of absence.py withdrew the claim on dev:tune and answered two of these
    # wrongly again; as "abstain", "The articles don't cover this" was said of things they discuss.)
    return Decision("unsure", d.answerable, why, (best, lead) if about(q, best) else (lead,))


def _holds_its_kind(q: Question, c: Candidate) -> bool:
    """A when-question's best sentence holds a date the question does not name, though binding
    did not take it as the answer: it dates the asked event in another state ("Russia's
    peacekeeping forces in Karabakh are expected to stay until 2025" for "When did Russian
    peacekeepers leave Karabakh?"), and which sentence dates the event itself is binding's call.
    Not for an amount or a name binding refused, which is another thing's ("£6 for adults" for a
    child's ticket, the injured captain for who stands in): on fresh:tune reading those so
    answered five more unanswerable questions and no answerable one."""
    return q.type == "date" and any(x.kind == "date" and not named_in_question(x.text, q) for x in c.bundle.spans(c.idx))


def _goes_on_from(c: Candidate, best: Candidate) -> bool:
    """The sentence goes on from the best one, in its paragraph, and the clause holding its value
    holds some of what was asked: together they answer ("... has signed a new 25-year lease on its
    site at Crane's Meadow ... The agreement ... was signed on 16 May"). A next sentence whose
    value is in a clause about something else does not ("Russia still has troops in Armenia ...
    For over three decades, Armenia depended heavily on Russian military and economic help" gives
    no number of troops)."""
    return c.bundle is best.bundle and c.idx == best.idx + 1 and c.sentence.para == best.sentence.para \
        and c.binding is not None and c.binding.clause > 0


def settle(ev: Evidence, scorer: Scorer) -> Decision:
    """The scorer's decision, before any reranker: bind and score the candidates, then choose."""
    if ev.candidates and len(off_article(ev)) == len(ev.candidates):
        return Decision("abstain", 0.0, "no retrieved article names " + ", ".join(
            repr(t) for t, label in ev.question.anchors if label in NAMED))
    bind_all(ev)
    scorer.score(ev.candidates)
    instructions_aside(ev.question, ev.candidates)
    return choose(ev, scorer)


def _lead(d: Decision, cands: list[Candidate]) -> tuple[str, int]:
    """The sentence an answer starts from: its evidence, else the best-scored candidate."""
    return d.evidence[0].key if d.evidence else max(cands, key=lambda c: c.p).key


def choose(ev: Evidence, scorer: Scorer) -> Decision:
    """The kind of reply, from candidates already bound and scored (each has `p`)."""
    q, cands, weights = ev.question, ev.candidates, ev.weights
    if not cands:
        return Decision("abstain", 0.0, "no passage was retrieved")
    pa = scorer.answerability(answer_features(q, cands, ev.gaps))
    ranked = sorted(cands, key=lambda c: -c.p)
    if q.type in PRESUPPOSING:
        clash = clashes(q, ranked, weights)
        if clash:
            return Decision("conflict", pa, f"premise contradicted: {clash[0][1]}", tuple(c for c, _ in clash[:2]))
    near = next((c for c in ranked[:TYPED_WINDOW] if about(q, c)), None)
    passes, why, lead = gate(q, ranked, scorer.gates, getattr(ev, "rest_cos", None))
    # A list question's list may be introduced in other words than the question's, and its short
    # items score low as answers ("What does Drumlee now have to do after losing the case?" /
    # "She ordered Drumlee to:"): an intro close in meaning answers it, unless the best sentence
    # names the items itself or the gate found them withheld.
    # (refused by the gate, other than for items it found withheld, which name a lead; or by the threshold)
    refused = lead is None if not passes else pa < scorer.threshold
    if q.type == "list" and refused and not lists_in_prose(ranked[0]) and not asks_for_one(q.text) \
            and (intro := listed(ranked, ev.qvec)) is not None:
        return Decision("answer", pa, f"a list's intro is close in meaning to the question "
                        f"(cosine {intro[0]:.2f}): {intro[1].sentence_text(intro[2])!r}", (), by_list=True)
    if not passes:
        if lead is not None and (about(q, lead) or WITHHELD.search(lead.text) or unnamed(q, lead.text)):
            near = lead  # the sentence most about the question, which lacks what was asked
        return Decision("missing", pa, why, (near,)) if near is not None else Decision("abstain", pa, why)
    if pa >= scorer.threshold:
        return Decision("answer", pa, f"P(answerable) {pa:.2f} >= {scorer.threshold:.2f}", (lead,) if lead else ())
    if near is not None:
        return Decision("missing", pa, f"P(answerable) {pa:.2f} < {scorer.threshold:.2f}; the closest sentence "
                        f"is about the question but does not answer it", (near,), held=lead)
    return Decision("abstain", pa, f"P(answerable) {pa:.2f} < {scorer.threshold:.2f} and nothing close to the question",
                    held=lead)


def clashes(q: Question, ranked: list[Candidate], weights: dict[str, float]) -> list[tuple[Candidate, str]]:
    """The sentences contradicting the question's premise, with how, best-scored first. Read
    among the sentences most about the question's focus and the best-scored ones: "... had asked
    the Fund for £85,000" (the scorer's best) corrects "£100,000" better than "Last year the
    fund gave the festival £62,000", which is more about the question's words."""
    near = {id(c): c for c in _by_focus(ranked)[:CONFLICT_WINDOW] + ranked[:CONFLICT_WINDOW]}
    bundles = {c.bundle.id: c.bundle for c in ranked if getattr(c, "bundle", None) is not None}
    elsewhere = frozenset((art, t) for art, b in bundles.items() for t, _ in q.anchors if _named_in_full(t, b))
    found = [(c, why) for c in near.values() for why in [conflict(q, c, weights, elsewhere)] if why]
    return sorted(found, key=lambda cw: -cw[0].p)


def _by_focus(ranked: list[Candidate]) -> list[Candidate]:
    """Candidates most about the question's focus first (a contradiction need not score well)."""
    return sorted(ranked, key=lambda c: -(c.binding.focus if c.binding else c.f.lex))
