"""rag.decide.decision, gate and absence: whether to answer (the typed-answer rule, the gates on
names and meaning), contradicted premises, claims that the articles lack something, and questions
about linked stories. Unit tests set the scores by hand; the slow ones run the real model."""
from __future__ import annotations

import pytest

import answering_kit
from answering_kit import _articles, _bound, _evidence, _one_article, _scored
from rag.check.guard import render
from rag.decide.decision import Decision, choose, conflict
from rag.decide.gate import lacks_type
from rag.understand.question import analyze
from rag.write.compose import compose

pipe = answering_kit.pipe  # a shared fixture: pytest finds it by this name


def test_a_typed_question_without_its_type_in_reach_is_not_answered(pipe):
    from rag.decide.binding import bind_all
    a = _evidence(pipe, "How many cranes does the harbour have?")
    bind_all(a)
    for c in a.candidates:  # the close sentences hold no count; those with one score lowest
        c.p = 0.9 if "cranes date" in c.text else (0.0 if c.binding.typed else 0.5)
    assert lacks_type(a.question, sorted(a.candidates, key=lambda c: -c.p))
    d = choose(a, pipe.scorer)
    assert d.kind in ("missing", "abstain") and "count" in d.why
    from rag.decide.binding import typed
    euros = next(c for c in a.candidates if "2 million euros" in c.text)
    rivals = next(c for c in a.candidates if "Two rival ports" in c.text)
    assert not typed(a.question, euros) and typed(a.question, rivals)   # money is not a count; "Two" is
    for c in a.candidates:  # a count among the five best is in reach
        c.p = 0.9 if c is rivals else 0.5 - 0.01 * c.idx
    assert not lacks_type(a.question, sorted(a.candidates, key=lambda c: -c.p))


def test_a_contradicted_date_is_a_conflict(pipe):
    a = _scored(pipe, "Why did the council approve the harbour plan in 2019?", "approved a new harbour plan")
    c = next(c for c in a.candidates if "approved" in c.text)
    assert "2019" in conflict(a.question, c, a.weights) and "14 March 2021" in conflict(a.question, c, a.weights)
    d = choose(a, pipe.scorer)
    assert d.kind == "conflict"
    g = render(compose(a, d, pipe.scorer.compose, a.finder(pipe.store)), a.passages)
    assert g.text.startswith("The articles say otherwise:") and "14 March 2021" in g.text


def test_no_conflict_when_the_sentence_is_about_something_else(pipe):
    a = _scored(pipe, "Why did Lena Okafor resign in 2019?", "cranes date")
    c = next(c for c in a.candidates if "cranes date" in c.text)
    assert conflict(a.question, c, a.weights) == ""


def test_a_question_about_a_linked_story_is_not_answered_from_the_article(tmp_path):
    """A 'Related: ...' link is removed from the text and kept with the article; a question about
    that other story gets "not covered", not the nearest sentence; the article's own story is answered."""
    pipe = _one_article(tmp_path, "library.txt", (
        "Ferrytown library reopens after refit\n\n"
        "Ferrytown's central library reopened on Monday after a two-year refit that cost £2.4 million.\n\n"
        "Related: Ferrytown council sets date for harbour festival\n\n"
        "About 400 people visited on the first day, the head librarian said.\n"))
    assert "harbour festival" not in pipe.store.article_text("library.txt")
    from rag.decide.headlines import linked_story
    ev = _evidence(pipe, "What did Ferrytown council decide about the harbour festival?")
    assert linked_story(ev, pipe.store, pipe.corpus) == "Related: Ferrytown council sets date for harbour festival"
    ev = _evidence(pipe, "How much did the Ferrytown library refit cost?")
    assert linked_story(ev, pipe.store, pipe.corpus) is None
    b = pipe.answer("How much did the Ferrytown library refit cost?")
    assert not b.abstained and "£2.4 million" in b.text


def test_a_linked_headline_sharing_only_the_question_s_names_does_not_take_the_question(tmp_path, real_embedder):
    """End to end with the real model: "Read more: Ashby Vale's cricketing history in ten photos"
    is close to any question naming Ashby Vale; a question about the club's members is no closer
    to it than to the article once the names are left out, and is answered (it was once met with
    "The articles don't cover this"). A question about the photos still is about the link."""
    from rag.decide.headlines import linked_story
    pipe = _articles(tmp_path, {"club.txt": (
        "Fire destroys Ashby Vale cricket pavilion\n\n"
        "Ashby Vale Cricket Club has vowed to finish its season after fire destroyed its 71-year-old pavilion at "
        "the Meadow Lane ground in the early hours of Sunday.\n\n"
        "Read more: Ashby Vale's cricketing history in ten photos\n\n"
        "The club has 140 members, and about 45 percent of them are juniors. The junior sections train twice a "
        "week, on Tuesday and Friday evenings.\n")}, real_embedder)
    ev = _evidence(pipe, "What fraction of the Ashby Vale cricket club's members are youngsters?")
    assert linked_story(ev, pipe.store, pipe.corpus) is None
    ev = _evidence(pipe, "Which ten photos show Ashby Vale's cricketing history?")
    assert linked_story(ev, pipe.store, pipe.corpus) is not None


@pytest.mark.parametrize("anchors,withdrawn", [(1.0, True), (0.5, True), (0.25, False)])
def test_a_claim_of_missing_is_withdrawn_only_by_a_sentence_about_the_question_s_names(monkeypatch, anchors, withdrawn):
    """The wider search's answer must hold the question's own names: a date from another
    article ("May 2023" for the Sunday services of a church it never names) does not overturn
    "the articles don't give that"."""
    from types import SimpleNamespace
    import rag.decide.absence as absence
    from rag.decide.binding import Binding
    lead = SimpleNamespace(binding=Binding(anchors=anchors), p=0.5, key=("other.txt", 3))
    q = SimpleNamespace(type="date", measure="", precision="", text="When are the Sunday services?")
    wide = SimpleNamespace(candidates=[lead], passages=[SimpleNamespace(chunk_id="c1")], question=q)
    monkeypatch.setattr(absence, "decide", lambda ev, scorer, rerank=None: Decision("answer", 0.3, "", (lead,)))
    narrow, missing = SimpleNamespace(candidates=[], question=q), Decision("missing", 0.05, "no close sentence holds a date")
    ev, d, check = absence.confirm_missing(narrow, missing, lambda: wide, scorer=None)
    assert (d.kind == "answer") == withdrawn and (ev is wide) == withdrawn
    assert ("withdrawn" in check) == withdrawn and "wider search" in check


@pytest.mark.parametrize("focus,withdrawn", [(0.16, False), (0.0, False), (0.39, True), (0.6, True)])
def test_a_claim_of_missing_is_withdrawn_only_by_a_sentence_as_close_as_the_one_it_quoted(monkeypatch, focus, withdrawn):
    """"The rescue's vet visits every Tuesday and Friday" found by the wider search is less about
    "When will the rescue team's replacement ambulance be delivered?" than the sentence the claim
    quoted ("it launched an appeal to replace its ambulance"): the claim stands."""
    from types import SimpleNamespace
    import rag.decide.absence as absence
    from rag.decide.binding import Binding
    q = SimpleNamespace(type="date", measure="", precision="", text="When will the ambulance be delivered?")
    quoted = SimpleNamespace(binding=Binding(anchors=1.0, focus=0.39, clause=0.0), p=0.05, key=("a.txt", 1),
                             text="In November it launched an appeal to replace its ambulance.")
    lead = SimpleNamespace(binding=Binding(anchors=1.0, focus=focus, clause=focus), p=0.5, key=("b.txt", 3))
    wide = SimpleNamespace(candidates=[lead], passages=[SimpleNamespace(chunk_id="c1")], question=q)
    monkeypatch.setattr(absence, "decide", lambda ev, scorer, rerank=None: Decision("answer", 0.3, "", (lead,)))
    narrow = SimpleNamespace(candidates=[quoted], question=q)
    missing = Decision("missing", 0.05, "no sentence holding a date is about what the question asks", (quoted,))
    ev, d, check = absence.confirm_missing(narrow, missing, lambda: wide, scorer=None)
    assert (d.kind == "answer") == withdrawn and ("withdrawn" in check) == withdrawn


@pytest.mark.parametrize("anchors,clause,swapped,near_text,kind", [
    (1.0, 0.0, 0.0, "The museum raised the money in five weeks.", "unsure"),
    (0.5, 0.0, 0.0, "The museum raised the money in five weeks.", "unsure"),
    (0.25, 0.0, 0.0, "The museum raised the money in five weeks.", "missing"),     # another thing's amount
    (0.25, 0.6, 0.0, "The museum raised the money in five weeks.", "unsure"),      # ... unless about what is asked
    (1.0, 0.0, 1.0, "The museum raised the money in five weeks.", "missing"),      # another party's amount
    (1.0, 0.0, 0.0, "The price it paid has not been disclosed.", "missing"),       # the article says so itself
])
def test_the_articles_are_said_to_lack_a_number_only_when_no_best_sentence_holds_one_for_the_question_s_names(
        monkeypatch, anchors, clause, swapped, near_text, kind):
    """"The articles don't give that number" is a claim: over "... was bought at auction in Toronto
    for £18,400" (a money for the question's names, which the gate judged not close enough to
    "How much did the museum pay?") the reply quotes that sentence and says no passage clearly
    gives it. A sentence of the kind for another thing, or for a swapped name, leaves the claim
    standing, and so does a closest sentence saying the amount was not disclosed."""
    from types import SimpleNamespace
    import rag.decide.absence as absence
    from rag.decide.binding import Binding
    q = SimpleNamespace(type="number", measure="money", precision="", text="How much did the museum pay?",
                        anchors=(), focus=("museum", "pay"))
    money = (SimpleNamespace(kind="money", text="£18,400"),)
    auction = SimpleNamespace(binding=Binding(answers=money, anchors=anchors, clause=clause, swapped=swapped), p=0.4,
                              text="It was bought at auction in Toronto for £18,400.", f=SimpleNamespace(date_precision=0))
    near = SimpleNamespace(binding=Binding(anchors=1.0, focus=0.5), p=0.05, text=near_text)
    narrow = SimpleNamespace(candidates=[auction, near], question=q)
    wide = SimpleNamespace(candidates=[auction, near], passages=[SimpleNamespace(chunk_id="c1")], question=q)
    missing = Decision("missing", 0.4, "the sentence most about the question gives no money", (near,))
    monkeypatch.setattr(absence, "decide", lambda ev, scorer, rerank=None: missing)
    ev, d, check = absence.confirm_missing(narrow, missing, lambda: wide, scorer=None)
    assert d.kind == kind, check
    if kind == "unsure":
        assert d.evidence == (auction, near) and ev is narrow and "not said" in check


def _bound_sentence(p: float, answer: str = "", cos: float = 0.5, **binding):
    """A stand-in candidate for the gate: its score, its cosine to the question and its binding (a
    frequency `answer` span)."""
    from types import SimpleNamespace
    from rag.decide.binding import Binding
    spans = (SimpleNamespace(kind="frequency", text=answer),) if answer else ()
    return SimpleNamespace(binding=Binding(answers=spans, **binding), p=p, text="", f=SimpleNamespace(cos=cos))


def test_a_sentence_holding_the_kind_but_nothing_asked_of_the_names_answers_only_if_close_in_meaning():
    """"How often does the Riverside Tearoom open?" over "The Riverside Tearoom was flooded twice":
    a frequency, the question's names, and none of what it asks of them. Unless it means much the
    same as the question (the fitted cosine bar), it does not answer; one holding the focus does."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("How often does the Riverside Tearoom open?")
    flooded = _bound_sentence(0.4, "twice", cos=0.2, anchors=1.0, focus=0.0, clause=0.0, context=0.0)
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25, unfocused_cos=0.35)
    passes, why, _ = gate(q, [flooded], g)
    assert not passes and "about what the question asks of its names" in why
    close = _bound_sentence(0.4, "twice", cos=0.5, anchors=1.0, focus=0.0, clause=0.0, context=0.0)
    assert gate(q, [close], g)[0]
    opens = _bound_sentence(0.4, "five days a week", cos=0.2, anchors=1.0, focus=0.5, clause=0.5, context=0.5)
    assert gate(q, [opens], g)[0]
    assert gate(q, [flooded], Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25))[0]   # bar off


def test_a_sentence_close_to_the_question_only_by_its_names_does_not_answer_it():
    """"The Plough Inn ... will reopen on 12 July" is close to "How much is a pint at the Plough
    Inn?" by the name alone: the sentence must also be close to what the question asks of its
    names ("How much is a pint at ?"), the fitted bar on Evidence.rest_cos."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("How much is a pint at the Plough Inn?")
    reopen = _bound_sentence(0.4, "12 July", cos=0.49, anchors=1.0, focus=0.0, clause=0.0, context=0.0)
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25, unfocused_cos=0.3, unfocused_rest=0.15)
    passes, why, _ = gate(q, [reopen], g, rest_cos=lambda c: 0.06)
    assert not passes and "about what the question asks of its names" in why
    assert gate(q, [reopen], g, rest_cos=lambda c: 0.3)[0]                       # close without the names too
    assert gate(q, [reopen], Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25, unfocused_cos=0.3),
                rest_cos=lambda c: 0.06)[0]                                      # bar off


def test_a_sentence_holding_the_kind_answers_when_closer_in_meaning_than_the_one_holding_the_words():
    """"Below Prime Minister Pashinyan, who got here to energy in Could 2018" (spun text) holds a
    date and none of "come to power"; "... the three regional countries ... power" holds more of
    the question's words. The words say the articles discuss it without giving it; the meaning
    of the question without its names says the first answers."""
    from dataclasses import replace
    from types import SimpleNamespace
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("When did Pashinyan come to power?")
    came = _bound_sentence(0.5, cos=0.48, anchors=1.0, focus=0.0, clause=0.0, context=0.0)
    came.binding = replace(came.binding, answers=(SimpleNamespace(kind="date", text="Could 2018"),))
    words = _bound_sentence(0.2, cos=0.1, anchors=0.25, focus=0.72, clause=0.72, context=0.0)
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25, unfocused_cos=0.3, unfocused_rest=0.15)
    meaning = {id(came): 0.29, id(words): 0.1}
    passes, _, lead = gate(q, [came, words], g, rest_cos=lambda c: meaning[id(c)])
    assert passes and lead is came
    meaning[id(words)] = 0.25                                   # not clearly closer: the words decide
    passes, why, _ = gate(q, [came, words], g, rest_cos=lambda c: meaning[id(c)])
    assert not passes and "gives no date" in why


@pytest.mark.slow
def test_a_detail_asked_of_a_name_the_article_gives_other_facts_about_is_not_answered(tmp_path, real_embedder):
    """End to end with the real model and the shipped gates: the tavern's reopening date and its
    share price are no answer to what a pint costs there; the share price answers its own question."""
    pipe = _articles(tmp_path, {"tavern.txt": (
        "Villagers buy their last pub\n\n"
        "The Anchor Tavern at Wexmouth, the village's last pub, will reopen on 3 May after more than 400 "
        "residents bought shares to stop it being turned into flats.\n\n"
        "Shares cost £50 each, and nobody could buy more than £2,000 worth.\n\n"
        "The campaign group raised £320,000 in total, including a £60,000 grant from a rural trust.\n")}, real_embedder)
    a = pipe.answer("How much is a pint at the Anchor Tavern?")
    assert a.abstained, a.text
    a = pipe.answer("How much did a share in the Anchor Tavern cost?")
    assert not a.abstained and "£50" in a.text, a.text


@pytest.mark.parametrize("clause,agent,answers", [(0.12, 0.25, False), (0.12, 1.0, True), (0.9, 0.25, True)])
def test_a_typed_answer_not_naming_the_party_asked_about_answers_only_if_it_holds_most_of_the_question(
        clause, agent, answers):
    """"How often does Helen Marsh swim?" asks what she does: beside a sentence naming her (and
    giving no frequency), "Tours run twice a month" (clause .12, she is not named) gives someone
    else's; a clause holding most of what is asked ("Home matches will be played at Ferris Lane"
    for the Kites' home matches) or naming her still answers."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("How often does Helen Marsh swim?")
    assert q.agents
    naming = _bound_sentence(0.3, cos=0.5, anchors=1.0, focus=0.4, clause=0.0, context=0.4)
    it = _bound_sentence(0.4, "twice a month", cos=0.5, anchors=0.6, focus=clause, clause=clause, context=clause,
                         agent=agent)
    g = Gates(anchors=0.25, gap=0.5, focus=0.0, untyped_anchors=0.25)
    passes, why, lead = gate(q, [it, naming], g)
    assert passes is answers, why
    if not answers:
        assert "naming who the question asks about" in why and lead is naming


@pytest.mark.parametrize("clause,best,answers", [(0.22, True, True), (0.22, False, False), (0.0, True, False),
                                                 (0.35, False, True)])
def test_a_typed_answer_s_clause_may_hold_less_of_the_focus_only_when_it_is_the_best_scored(clause, best, answers):
    """"Who led the research on night-shift lighting?": "The trial, led by Dr Ilse Varga-Moen, ..."
    holds a name in a clause holding little of the focus (.22) beside a sentence holding most of it
    (.78, "night shifts under dim amber lighting") and no name. The scorer's best sentence answers
    within the wider TOP_GAP; another sentence, or one whose clause holds none of the focus, only
    within the fitted gap (0.5 here)."""
    from rag.decide.gate import TOP_GAP, gate
    from rag.decide.scorer import Gates
    q = analyze("How often does the Riverside Tearoom open?")
    most = _bound_sentence(0.3, cos=0.5, anchors=1.0, focus=0.78, clause=0.0, context=0.78)
    it = _bound_sentence(0.6 if best else 0.1, "twice", cos=0.5, anchors=1.0, focus=clause, clause=clause, context=clause)
    ranked = sorted([it, most], key=lambda c: -c.p)
    g = Gates(anchors=0.25, gap=0.5, focus=0.0, untyped_anchors=0.25)
    assert 0.78 - 0.22 <= TOP_GAP
    passes, why, lead = gate(q, ranked, g)
    assert passes is answers and (lead is it) is answers, why


def test_a_sentence_continuing_the_one_most_about_the_question_answers_from_both(tmp_path):
    """"The society has signed a new lease ... The agreement ... was signed on 16 May": the second
    sentence's clause says "signed", the first what was signed; together they date the lease, where
    the date alone was once too little about the question and the reply said the day was missing."""
    pipe = _one_article(tmp_path, "lease.txt", (
        "Allotment society signs new lease\n\n"
        "The Ashby Vale Allotment Society has signed a new 25-year lease on its site at Crane's Meadow, ending "
        "nearly two years of uncertainty over whether the land would be sold for housing. The agreement with the "
        "landowner, the Cresswell Estate, was signed on 16 May in the society's clubhouse.\n\n"
        "The society's chairman, Gordon Mabey, who has kept a plot at Crane's Meadow since 1987, led the negotiations.\n"))
    a = pipe.answer("On what date was the new lease for Crane's Meadow signed?")
    assert not a.abstained and a.text.startswith("The agreement") and "16 May" in a.text, a.text


def test_a_sentence_after_the_one_most_about_the_question_starting_a_new_named_subject_is_not_read_with_it(tmp_path):
    """"Councillor Ruth Hale signed the council's new housing plan on 16 May" follows the sentence
    about the lease but is about another signing, by someone that sentence does not name: it does
    not date the lease (it was once the answer), and the reply says the day is not given."""
    pipe = _one_article(tmp_path, "lease.txt", (
        "Allotment society signs new lease\n\n"
        "The Ashby Vale Allotment Society has signed a new 25-year lease on its site at Crane's Meadow, ending "
        "nearly two years of uncertainty over whether the land would be sold for housing. Councillor Ruth Hale "
        "signed the council's new housing plan on 16 May.\n\n"
        "The society's chairman, Gordon Mabey, who has kept a plot at Crane's Meadow since 1987, led the negotiations.\n"))
    a = pipe.answer("On what date was the new lease for Crane's Meadow signed?")
    assert "16 May" not in a.text.split("The closest")[0] and not a.text.startswith("Councillor"), a.text
    assert a.abstained or "don't give" in a.text, a.text


def test_an_untyped_question_whose_sentences_hold_only_its_names_answers_only_if_close_in_meaning():
    """"What currency does Azerbaijan use?": the best sentences name Azerbaijan and hold nothing of
    "currency" or "use"; unless one is close in meaning to "What currency does use?", the articles
    do not cover it."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("What currency does Azerbaijan use?")
    ties = _bound_sentence(0.4, cos=0.49, anchors=1.0, focus=0.0, clause=0.0, context=0.0)
    ties.f.lex_ctx = 0.3
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25)
    passes, why, _ = gate(q, [ties], g, rest_cos=lambda c: 0.05)
    assert not passes and "in words or meaning" in why
    assert gate(q, [ties], g, rest_cos=lambda c: 0.3)[0]
    assert gate(q, [ties], g)[0]                                   # nothing to measure meaning with


def test_a_list_question_about_something_the_articles_never_name_is_not_answered_by_the_list_noun(tmp_path):
    """"What are the opening hours of the swimming pool in Millbridge?" over an article naming
    Millbridge, "two and a half hours" of a drive and the clubhouse's opening hours: nothing there
    is about a swimming pool, so the articles don't cover it; the clubhouse's hours are still its list."""
    pipe = _one_article(tmp_path, "row.txt", (
        "Millbridge rowers win the Alden Cup\n\n"
        "Millbridge Rowing Club's women's eight won the Alden Cup on Saturday, beating the defending champions "
        "by just over a length.\n\n"
        "The drive from Millbridge to Alden Bridge takes about two and a half hours, and the crew travelled the "
        "night before.\n\n"
        "The club raised £24,500 through a sponsored row in Millbridge market square.\n\n"
        "The clubhouse has new opening hours from May:\n\n- Weekdays: 6am to 9pm\n- Weekends: 7am to 6pm\n"))
    a = pipe.answer("What are the opening hours of the swimming pool in Millbridge?")
    assert a.abstained, a.text
    a = pipe.answer("What are the opening hours of the clubhouse?")
    assert not a.abstained and "6am to 9pm" in a.text, a.text


def test_a_list_question_needs_a_sentence_near_its_names_about_what_it_asks_of_them():
    """"What are the opening hours of the Riverside Tearoom?" (a list question): the sentence naming
    the tearoom says it was flooded, and "Longer opening hours." is another article's list item. Neither
    lists the tearoom's hours; a list intro near its names that holds the focus does."""
    from types import SimpleNamespace
    from rag.decide.binding import Binding
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates

    def cand(kind, anchors, focus, lex_ctx, text=""):
        return SimpleNamespace(binding=Binding(anchors=anchors, focus=focus), p=0.3, text=text,
                               sentence=SimpleNamespace(kind=kind), f=SimpleNamespace(cos=0.4, lex_ctx=lex_ctx))
    q = analyze("What are the opening hours of the Riverside Tearoom?")
    assert q.type == "list"
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25)
    flooded, item = cand("prose", 1.0, 0.0, 0.7), cand("item", 0.0, 1.0, 0.3)
    passes, why, _ = gate(q, [flooded, item], g)
    assert not passes and "what it asks of them" in why
    # opening hours are clock times (rag.decide.forms): an intro about the hours giving none is no answer
    assert not gate(q, [flooded, item, cand("intro", 1.0, 0.6, 0.8, "The tearoom is open at new times.")], g)[0]
    intro = cand("intro", 1.0, 0.6, 0.8, "The tearoom is open from 9am to 5pm:")
    assert gate(q, [flooded, item, intro], g)[0]


def test_an_answer_that_keeps_the_question_s_names_leads_over_one_that_swaps_one():
    """Of two sentences holding a frequency, the better-scored one says "in winter" where the
    question says "in the summer months": the one keeping the question's names leads."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("How often do the Hollinsford volunteers check the hives in the summer months?")
    winter = _bound_sentence(0.6, "once a month", anchors=0.5, swapped=0.5, focus=0.6, clause=0.6)
    summer = _bound_sentence(0.3, "once a month", anchors=0.5, swapped=0.0, focus=0.6, clause=0.6)
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25)
    passes, _, lead = gate(q, [winter, summer], g)
    assert passes and lead is summer
    passes, _, lead = gate(q, [winter], g)       # alone, it still answers: refusing is the fitted gate's
    assert passes and lead is winter


def test_a_better_scored_sentence_whose_kind_is_in_a_clause_about_something_else_does_not_lead():
    """Two sentences hold a frequency: the better-scored one in a clause about something else
    ("... play their opening match on Sunday"), the other in the clause the question asks about
    ("They train twice a week"). The second answers; it used to be judged "missing" because the
    first, leading, was measured against it."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("How often do the Brackenfield Kites train?")
    opening = _bound_sentence(0.2, "on Sunday", anchors=1.0, swapped=0.0, focus=0.0, clause=0.0)
    train = _bound_sentence(0.1, "twice a week", anchors=1.0, swapped=0.0, focus=1.0, clause=1.0)
    g = Gates(anchors=0.25, gap=0.5, focus=0.0, untyped_anchors=0.25)
    passes, _, lead = gate(q, [opening, train], g)
    assert passes and lead is train
    passes, why, _ = gate(q, [opening, _bound_sentence(0.1, anchors=1.0, focus=1.0)], g)
    assert not passes and "gives no" in why      # the sentence about training holds no frequency


def test_a_sentence_replacing_every_one_of_several_names_is_another_story_not_a_conflict(tmp_path):
    """"Why does the 47 no longer stop at Ridley Bridge?" over a rowing article that names Alden
    Bridge: "the eight will race a longer course" puts a number for "47" and a place for "Ridley
    Bridge", and shares "longer"; it says nothing about the bus. A name sharing one word
    ("Bridge") with the question's is not it."""
    pipe = _one_article(tmp_path, "rowing.txt", (
        "Crew wins the cup at Alden Bridge\n\n"
        "The crew raced from Fenwick Lock to the finish below Alden Bridge on June 14.\n\n"
        "The drive to Alden Bridge takes about two hours, so the crew left the night before.\n\n"
        "Next is the Northern Rivers Head in October, where the eight will race a longer course.\n"))
    ev = _bound(pipe, "Why does the 47 no longer stop at Ridley Bridge?")
    c = next(c for c in ev.candidates if "longer course" in c.text)
    assert conflict(ev.question, c, ev.weights) == ""
    ev = _bound(pipe, "Why will the eight race at the Northern Rivers Head in May?")
    c = next(c for c in ev.candidates if "longer course" in c.text)
    assert "October" in conflict(ev.question, c, ev.weights)    # one name replaced: a conflict


def test_a_list_of_another_articles_subject_is_not_given_as_the_answer(tmp_path):
    """"What are the opening hours of the Gull Street Bakery?" is not answered with the list
    holding "Longer opening hours." in an article about another bakery."""
    pipe = _articles(tmp_path, {
        "coop.txt": (
        "Village bakery reopens as a cooperative\n\n"
        "The bakery on Church Street reopened this week under new ownership.\n\n"
        "Members voted for these changes:\n\n- Longer opening hours.\n- A weekly delivery round.\n"
        "- Gluten-free loaves.\n"),
        "festival.txt": (
        "Harbour food festival returns\n\n"
        "Baker Yusuf Demir, who runs the Gull Street Bakery, has taken a stall every year since 2012.\n"),
    })
    a = pipe.answer("What are the opening hours of the Gull Street Bakery?")
    assert "weekly delivery round" not in a.text and "Gluten-free" not in a.text, a.text


def test_a_yes_no_question_is_not_answered_by_news_of_the_name_it_gives(tmp_path):
    """"Does the Pellow Town Museum have a café?" over an article about the museum's painting:
    no sentence speaks of a café, so none answers yes or no."""
    pipe = _one_article(tmp_path, "museum.txt", (
        "Museum buys harbour painting\n\n"
        "The Pellow Town Museum has bought a nineteenth-century oil painting of the town's harbour.\n\n"
        "The Pellow Town Museum is open five days a week, and entry is free.\n"))
    assert pipe.answer("Does the Pellow Town Museum have a café?").abstained
    a = pipe.answer("Is the Pellow Town Museum open five days a week?")
    assert not a.abstained and "five days a week" in a.text, a.text


def test_a_thing_spoken_of_by_its_head_noun_can_contradict_a_premise(tmp_path):
    """"construction began in May 2023" speaks of the Kettle Flats Array as "the array": a
    why-question dating its start to 2021 is corrected, not answered with a reason."""
    pipe = _one_article(tmp_path, "array.txt", (
        "Desert radio array switches on\n\n"
        "The Kettle Flats Array recorded its first signals on August 21.\n\n"
        "The array was built far from the coast because phones and radio stations drown out faint signals. "
        "Professor Adler first proposed the array in 2019, and construction began in May 2023.\n"))
    a = pipe.answer("Why did construction of the Kettle Flats Array begin in 2021?")
    assert a.text.startswith("The articles say otherwise") and "May 2023" in a.text, a.text


def test_an_untyped_answer_holding_none_of_the_focus_must_itself_be_close_in_meaning():
    """"What's the weather forecast for Honiara this weekend?": the sentences naming Honiara hold
    nothing of "weather" or "forecast". The reply would quote the best of them, so it must be close
    in meaning to what the question asks of its names; a third sentence that is (a supply boat's
    timetable) does not make the first one an answer."""
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("What's the weather forecast for Honiara this weekend?")
    critics, envoy, boat = (_bound_sentence(p, cos=0.3, anchors=1.0, focus=0.0, clause=0.0, context=0.0)
                            for p in (0.4, 0.3, 0.2))
    for c in (critics, envoy, boat):
        c.f.lex_ctx = 0.3
    meaning = {id(critics): 0.0, id(envoy): 0.02, id(boat): 0.15}
    boat.text = "The supply boat sails when the forecast allows."   # a forecast's word (rag.decide.forms)
    g = Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25)
    passes, why, _ = gate(q, [critics, envoy, boat], g, rest_cos=lambda c: meaning[id(c)])
    assert not passes and "in words or meaning" in why
    assert gate(q, [boat, critics, envoy], g, rest_cos=lambda c: meaning[id(c)])[0]   # the close one is the best


def test_a_premise_is_contradicted_only_by_a_value_measuring_the_same_thing():
    """"6 percent" is not contradicted by "Nearly 3,000", "£100,000" not by "40 percent", "20
    September" neither by "11 days" (a span of time) nor by "2026" (less precise than a day)."""
    from rag.decide.decision import _same_measure
    assert not _same_measure("6 percent", "PERCENT", "Nearly 3,000", "CARDINAL")
    assert not _same_measure("100,000", "MONEY", "40 percent", "PERCENT")
    assert _same_measure("100,000", "MONEY", "£85,000", "MONEY")
    assert not _same_measure("20 September", "DATE", "11 days", "DATE")
    assert not _same_measure("20 September", "DATE", "2026", "DATE")
    assert _same_measure("20 September", "DATE", "2 and 12 September", "DATE")
    assert _same_measure("2019", "DATE", "March 2021", "DATE")
    assert _same_measure("150 years", "DATE", "1893", "DATE")          # a span of years, from a year
    assert _same_measure("150 years", "DATE", "120 years", "DATE")
    assert not _same_measure("two weeks", "DATE", "Tuesday", "DATE")
    assert _same_measure("only twelve", "CARDINAL", "31", "CARDINAL")
    assert not _same_measure("only 150", "CARDINAL", "22 miles", "QUANTITY")   # a count is no distance
    assert _same_measure("40 km", "QUANTITY", "22 miles", "QUANTITY")


def test_a_premise_is_contradicted_by_a_sentence_about_what_its_article_s_title_names(tmp_path):
    """"Why did the mobile vet see only 150 animals?" over "Ms Rourke said she had seen 214
    animals in the first six weeks": the sentence does not say "mobile vet", the title does; the
    reply corrects the count, with the 214 sentence first (the 22 miles to the hospital is no count)."""
    pipe = _one_article(tmp_path, "vet.txt", (
        "Mobile vet van brings animal care to hill villages\n\n"
        "A converted van now parks in six villages around Pendle Cross every other Wednesday.\n\n"
        "Animals that need an operation are referred to the veterinary hospital in Dunmoor, 22 miles away. "
        "Ms Rourke said she had seen 214 animals in the first six weeks, mostly dogs and cats.\n"))
    a = pipe.answer("Why did the mobile vet see only 150 animals in its first six weeks?")
    assert a.text.startswith("The articles say otherwise: Ms Rourke") and "214" in a.text, a.text


def test_a_false_premise_is_corrected_by_the_best_scored_sentence_that_contradicts_it(monkeypatch):
    """"Why is the festival asking the fund for £100,000 a year?": the scorer's best sentence ("had
    asked the fund for £85,000") corrects it, though three others hold more of the question's
    words; of the contradictions, the best-scored comes first."""
    from types import SimpleNamespace
    from rag.decide import decision
    from rag.decide.binding import Binding

    def cand(name, p, focus):
        return SimpleNamespace(name=name, p=p, binding=Binding(focus=focus), f=SimpleNamespace(lex=focus))
    asked, grant, shock, town, intro = (cand("asked", 0.6, 0.3), cand("grant", 0.2, 0.6), cand("shock", 0.1, 0.7),
                                        cand("town", 0.05, 0.8), cand("intro", 0.3, 0.2))
    says = {"asked": "the article says '85,000'", "grant": "the article says '62,000'"}
    monkeypatch.setattr(decision, "conflict", lambda q, c, w, *elsewhere: says.get(c.name, ""))
    ranked = [asked, intro, grant, shock, town]
    found = decision.clashes(None, ranked, {})
    assert [c.name for c, _ in found] == ["asked", "grant"]


def test_a_list_the_article_says_it_was_not_given_is_missing(tmp_path):
    """"Which cities are the scooters going to?" over "... would be moved to other cities, but would
    not say which": the reply says the list is not given, quoting that sentence, rather than
    quoting it as the answer."""
    from rag.decide.binding import bind_all
    from rag.decide.decision import choose
    pipe = _one_article(tmp_path, "scooters.txt", (
        "Scooter trial ends in Marrabool\n\n"
        "The trial, run by operator ZipRoo with 450 scooters across the city centre, began in October 2023. "
        "Riders took more than 640,000 trips.\n\n"
        "A ZipRoo spokeswoman said the 450 scooters would be moved to other cities, but would not say which. "
        "The company's 11 local staff will be offered jobs elsewhere.\n"))
    ev = _evidence(pipe, "Which cities are ZipRoo's 450 scooters going to?")
    bind_all(ev)
    for c in ev.candidates:
        c.p = 0.6 if "would not say which" in c.text else 0.2
    d = choose(ev, pipe.scorer)
    assert d.kind == "missing" and "not known or not given" in d.why
    assert "would not say which" in d.evidence[0].text


def test_a_yes_no_question_asks_whether_there_is_its_thing():
    from rag.decide.gate import asked_thing
    assert asked_thing("Is there an installation charge on top of the monthly price?") == "charg"
    assert asked_thing("Did students get a cheaper rate on the scooters?") == "rate"
    assert asked_thing("Did the mayor say anything about raising council rates this year?") == "rate"
    assert asked_thing("Does the museum have a café?") == "cafe"
    assert asked_thing("Is the dam finished?") == ""


def test_a_question_naming_nothing_is_not_answered_from_another_article_sharing_one_word(tmp_path):
    """"Who is supplying the energy-saving stoves?" is about the school-meals article, which does
    not say; the telescope article's "radio energy" and its university are someone else's news."""
    pipe = _articles(tmp_path, {
        "meals.txt": "School lunches for Oyam\n\n"
                     "The district has set aside Shs120 million, mainly to buy energy-saving stoves and cooking pans.\n\n"
                     "Each stove costs about Shs2.4 million.\n",
        "telescope.txt": "Telescope hears its first signals\n\n"
                         "A radio telescope built by astronomers from Northgate University recorded brief flashes "
                         "of radio energy on August 21.\n"})
    a = pipe.answer("Who is supplying the energy saving stoves?")
    assert a.trace.decision != "answer" or "Northgate" not in a.text


def test_a_name_another_article_writes_is_no_false_premise_of_one_that_does_not(tmp_path):
    """"Derrygowan" (tagged a person in the question) is the bog article's place: the allotment
    article's "Pauline Ferris" does not contradict it."""
    pipe = _articles(tmp_path, {
        "bog.txt": "Turf cutters offered plots on Derrygowan Bog\n\n"
                   "Families who give up cutting on Clonmoyle can take a plot on Derrygowan Bog instead.\n\n"
                   "The trust has not yet decided whether families who cut on Derrygowan will be charged for their "
                   "plots.\n",
        "allotments.txt": "Allotment waiting list grows\n\n"
                          "People who move onto the waiting list pay nothing for a plot until one is free, the "
                          "secretary, Pauline Ferris, said.\n"})
    q = analyze("will people who move to Derrygowan have to pay for their plots")
    ev = pipe.evidence(q)
    from rag.decide.binding import bind_all
    bind_all(ev)
    ferris = next(c for c in ev.candidates if "Pauline Ferris" in c.text)
    assert conflict(q, ferris, ev.weights)                                   # alone, it reads as a clash
    assert not conflict(q, ferris, ev.weights, frozenset({("bog.txt", "Derrygowan")}))
    a = pipe.answer(q.text)
    assert a.trace.decision != "conflict" and "Pauline Ferris" not in a.text, a.text


def test_a_date_the_article_writes_is_no_false_premise_of_a_sentence_giving_another(tmp_path):
    """"Why did the pier company pay for the repair in 2022?": "has owned the pier since 1954"
    gives another date, but the article writes 2022 ("fenced off in November 2022"), so it does
    not say otherwise. A year it never writes is still contradicted."""
    pipe = _one_article(tmp_path, "pier.txt", (
        "Saltholme Pier to reopen\n\n"
        "The far end of Saltholme Pier will reopen in May after a two-year closure.\n\n"
        "The repair was paid for by the Saltholme Pier Company, the family firm that has owned the pier since 1954.\n\n"
        "The café and the arcade at the landward end stayed open throughout the works.\n\n"
        "Anglers have been given a stretch of the harbour wall to use in the meantime.\n\n"
        "The outer section was fenced off in November 2022, when waves lifted the decking.\n"))
    ev = _bound(pipe, "Why did the Saltholme Pier Company pay for the repair in 2022?")
    c = next(c for c in ev.candidates if "since 1954" in c.text)
    assert conflict(ev.question, c, ev.weights) == ""
    ev = _bound(pipe, "Why did the Saltholme Pier Company pay for the repair in 2021?")
    c = next(c for c in ev.candidates if "since 1954" in c.text)
    assert "1954" in conflict(ev.question, c, ev.weights)


def test_a_person_the_article_quotes_elsewhere_is_no_false_premise_of_another_persons_words(tmp_path):
    """"Has John Hughes noticed more otters?" over "Fisherman Dai Morgan said he had noticed more
    otters": the article quotes John Hughes on something else, so it does not say otherwise; it
    gives the sighting to another man. A person it never names is still contradicted."""
    pipe = _one_article(tmp_path, "river.txt", (
        "Otters return to the Teifi\n\n"
        "Club secretary John Hughes, 61, said membership had doubled since 2020.\n\n"
        "Anglers on the lower Teifi say the river is cleaner than it has been for decades.\n\n"
        "The sewage outfall at the bridge was closed last year.\n\n"
        "Fisherman Dai Morgan, 52, said he had noticed more otters near the weir this spring.\n"))
    ev = _bound(pipe, "Has John Hughes noticed more otters near the weir?")
    c = next(c for c in ev.candidates if "otters near the weir" in c.text)
    assert conflict(ev.question, c, ev.weights) == ""
    ev = _bound(pipe, "Has David Evans noticed more otters near the weir?")
    c = next(c for c in ev.candidates if "otters near the weir" in c.text)
    assert "Dai Morgan" in conflict(ev.question, c, ev.weights)


def test_a_sentence_from_an_article_that_never_names_the_questions_place_does_not_answer(tmp_path):
    """"What are the opening hours of the Dunmore leisure centre?" was answered with another town's
    leisure centre hours: no article names Dunmore, so none answers it. Named another way (an
    accent, a longer form) the place is still found."""
    pipe = _articles(tmp_path, {
        "hexley.txt": "Hexley leisure centre reopens\n\nHexley leisure centre will open from 7am to 9pm "
                      "every day after a two-year refit.\n\nThe pool has been retiled.\n",
        "ferry.txt": "Ferry returns to Portwell\n\nThe ferry to Portwell sails twice a day from the Türkiye "
                     "terminal.\n\nTickets cost £4.\n",
    })
    from rag.decide.decision import off_article
    ev = _evidence(pipe, "What are the opening hours of the Dunmore leisure centre?")
    assert ev.candidates and len(off_article(ev)) == len(ev.candidates)
    a = pipe.answer("What are the opening hours of the Dunmore leisure centre?")
    assert a.abstained and a.citations == () and "no retrieved article names 'Dunmore'" in a.trace.why, a.trace.why
    ev = _evidence(pipe, "What are the opening hours of the Hexley leisure centre?")
    assert off_article(ev) == [] or {c.bundle.id for c in off_article(ev)} == {"ferry.txt"}
    a = pipe.answer("What are the opening hours of the Hexley leisure centre?")
    assert not a.abstained and "7am to 9pm" in a.text, a.text
    from rag.decide.decision import writes
    b = pipe.bundles.get("ferry.txt", next(i.sha for i in pipe.store.current_articles() if i.id == "ferry.txt"))
    assert writes("Turkiye", b, {}) and writes("Portwell", b, {}) and not writes("Dunmore", b, {})



@pytest.mark.parametrize("question,form", [
    ("What was the score in the Kowhai Cup final?", "score"),
    ("What's the phone number for Penhallow Marine Contractors?", "phone"),
    ("What is the helpline number for the scheme?", "phone"),
    ("what's the weather going to be like in Kuala Selangor on Saturday", "weather"),
    ("What is the weather forecast for the festival weekend?", "weather"),
    ("What are the visiting hours at the district hospital?", "hours"),
    ("Who won the honey class at last year's show?", "winner"),
    ("Which team won the final?", "winner"),
    ("Who led the project?", ""),
    ("which school did the students who won the debate competition come from", ""),   # a relative clause
    ("How much of the crop did the wet weather destroy?", ""),       # the weather as a cause
    ("How many points did the captain score?", ""),                 # a count, not a score
    ("What number of pupils took part?", ""),
])
def test_a_question_asking_a_value_with_a_form_of_its_own_is_told_apart(question, form):
    from rag.decide.forms import asked_form
    assert asked_form(question) == form


@pytest.mark.parametrize("form,text,holds", [
    ("score", "They beat the Ashbridge Falcons 31-24 in the final.", True),
    ("score", "Wanderers won by a score of 24 to 10.", True),
    ("score", "The first team's next home match, against Hensford, will go ahead on Saturday 26 July.", False),
    ("score", "The 2019-20 season was cancelled.", False),
    ("phone", "Call the booking line on 01632 960 123 from Monday.", True),
    ("phone", "The cooperative raised £86,000 in 2024 from 412 members.", False),
    ("weather", "The four all-weather courts cost F$380,000.", False),
    ("weather", "Forecasters expect heavy rain on Saturday.", True),
    ("winner", "Hollinsford's Ann Ridley took first place and was crowned champion.", True),
    ("winner", "The project began in 2023 with a grant from the Westvale Rural Trust.", False),
    ("hours", "The centre is open from 9am to 5pm on weekdays.", True),
    ("hours", "The centre is open seven days a week.", False),
])
def test_a_value_with_a_form_of_its_own_is_found_in_its_form(form, text, holds):
    from rag.decide.forms import holds_form
    assert holds_form(form, text) is holds


def test_a_question_asking_a_score_a_phone_number_or_a_forecast_needs_a_sentence_holding_one(tmp_path):
    """A sentence naming the contractor, the match or the town is no answer to their phone number,
    score or weather, nor is another article's forecast: the reply says what the articles lack (or
    that they don't cover it), never quotes it as the answer; a sentence holding the score answers."""
    pipe = _articles(tmp_path, {"frost.txt": (
        "Frost hits orchards\n\n"
        "Temperatures fell to minus 3C on Saturday night, and forecasters expect more frost and heavy rain next week.\n"),
        "pool.txt": (
        "Tidal pool reopens after sea wall repair\n\n"
        "The repair of Porthgarrow's tidal pool was carried out by Penhallow Marine Contractors over the winter, "
        "and the pool reopens to swimmers on Saturday.\n\n"
        "The Porthgarrow Pirates, who train in the pool, beat Newlyn Otters 7-5 in the county water polo final.\n\n"
        "The four all-weather changing huts beside the pool cost £38,000.\n")})
    # (another article's frost and rain are no forecast for Porthgarrow)
    for question in ("What's the phone number for Penhallow Marine Contractors?",
                     "What will the weather be like in Porthgarrow on Saturday?"):
        a = pipe.answer(question)
        assert a.abstained, (question, a.text)
        assert a.trace.decision in ("missing", "unsure", "abstain") and "holds what the question asks" in a.trace.why
    a = pipe.answer("What was the score in the county water polo final?")
    assert not a.abstained and "7-5" in a.text.split("[1]")[0], a.text



def test_opening_hours_are_of_the_thing_asked_not_of_another_in_its_town(tmp_path):
    """"What are the opening hours of the recycling centre in Stoneleigh?" is not answered by a
    repair café's session "at Stoneleigh Library, from 6pm to 8pm", however well it names the
    town: the hours must be said of the recycling centre, in the sentence or the one before it."""
    cafe = ("Repair café opens\n\n"
            "A repair café has opened in Stoneleigh, where volunteers mend toasters, lamps and bicycles that "
            "would otherwise be thrown away at the recycling centre.\n\n"
            "From 5 November a second session will be held every other Wednesday evening at Stoneleigh Library, "
            "from 6pm to 8pm.\n")
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    pipe = _one_article(tmp_path / "a", "cafe.txt", cafe)
    a = pipe.answer("What are the opening hours of the recycling centre in Stoneleigh?")
    assert a.abstained and "6pm" not in a.text.split("The closest")[0], a.text
    pipe = _one_article(tmp_path / "b", "cafe.txt", cafe + (
        "\nThe recycling centre on Mill Road has moved to winter hours. It opens from 8am to 4pm every day.\n"))
    a = pipe.answer("What are the opening hours of the recycling centre in Stoneleigh?")
    assert not a.abstained and "8am to 4pm" in a.text.split("[1]")[0], a.text


@pytest.mark.parametrize("question,sentence,before,says", [
    ("What is the capital of Georgia?", "The South Caucasus, comprising Armenia, Azerbaijan and Georgia, has long been "
     "a zone of unresolved conflicts.", "", False),                                    # no capital
    # a person's role of a name is not checked here (rag.decide.people): it cost held-out fresh10 a right answer
    ("Who is the president of Georgia?", "In Washington, President Trump is hosting Aliyev and Pashinyan for peace "
     "talks.", "", True),
    ("What is the capital of Vellmark?", "Its capital, Ostra, lies on the coast.", "", True),        # a possessive
    ("What is the capital of Vellmark?", "Ostra is the capital of Lusenia.", "", False),
    ("Who is the president of Georgia?", "Georgian President Salome Zourabichvili met the envoy.", "", True),
    ("Who is the skipper of the Morven Lass?", "The boat's skipper, Donnie Maclaren, has 22 years' experience.", "", True),
    ("Who is the coach of the Falcons?", "Its coach, Nadine Ellery, praised the players.", "", True),
    ("Who is the mayor of Auheim?", "Mayor Jonas Brandl struck a more cautious tone.",
     "Auheim lies downstream of the plant.", True),                                   # named just before
    ("What is the population of Armenia?", "About three million people live there.", "", True),  # a value: not read here
])
def test_the_noun_a_question_asks_of_a_name_is_said_as_that_names(question, sentence, before, says):
    """"What is the capital of Georgia?" is answered only by a sentence speaking of a capital as
    Georgia's: holding the noun, and naming Georgia (in any spelling, or just before) or a
    possessive that may stand for it ("its coach", "the boat's skipper")."""
    from rag.decide.attributes import says_of_name
    assert says_of_name(analyze(question), sentence, before) is says


def test_a_place_asked_of_a_name_the_articles_only_mention_is_refused(tmp_path):
    """An off-topic question asking the capital of a country the article names in passing is
    refused, not answered with the sentence listing the country's neighbours."""
    pipe = _one_article(tmp_path, "talks.txt", (
        "Peace talks in Washington\n\n"
        "The South Caucasus, comprising Armenia, Azerbaijan and Georgia, has long been a zone of unresolved conflicts.\n\n"
        "In Washington, President Trump is hosting Ilham Aliyev and Nikol Pashinyan for peace talks.\n"))
    a = pipe.answer("What is the capital of Georgia?")
    assert a.abstained and "South Caucasus" not in a.text.split("The closest")[0], a.text


def test_a_noun_asked_of_the_name_an_article_is_about_may_be_given_bare():
    """In an article whose title names Vellmark, "The new capital, Ostra, ..." may be Vellmark's:
    the check is not made there; in one whose title does not, it is."""
    from types import SimpleNamespace
    from rag.decide.attributes import about_the_name
    q = analyze("What is the capital of Vellmark?")
    assert about_the_name(q, SimpleNamespace(title="Vellmark moves its government to the coast"))
    assert not about_the_name(q, SimpleNamespace(title="Peace talks in Washington"))
    assert not about_the_name(analyze("Who won the Vellmark cup?"), SimpleNamespace(title="Vellmark cup final"))


def test_what_time_is_not_answered_by_a_length_of_time(tmp_path):
    """"What time does the dialysis wing open?" asks a clock time: "Each session lasts about four
    hours" and "opened on Monday" give none, and the reply says the articles don't give the time."""
    pipe = _one_article(tmp_path, "ward.txt", (
        "Dialysis wing opens\n\n"
        "The District Hospital opened a 12-bed dialysis wing on Monday. Each session lasts about four hours.\n\n"
        "Patients are asked to bring their hospital card.\n"))
    q = analyze("What time does the dialysis wing open each day?")
    assert (q.type, q.precision) == ("date", "time")
    a = pipe.answer("What time does the dialysis wing open each day?")
    assert a.abstained, a.text
    assert "four hours" not in a.text or a.text.startswith(("The articles don't give the time", "I couldn't")), a.text



def test_a_why_question_about_opening_hours_asks_no_clock_time():
    """"Why is the pool changing its opening hours?" asks a reason: a sentence giving it answers,
    holding no clock time (rag.decide.forms is asked of questions asking the value)."""
    from rag.decide.forms import asked_form
    from rag.decide.gate import gate
    from rag.decide.scorer import Gates
    q = analyze("Why is the pool changing its opening hours?")
    assert q.type == "reason" and asked_form(q.text) == "hours"
    c = _bound_sentence(0.5, cos=0.5, anchors=1.0, focus=0.6, clause=0.0, context=0.6)
    c.f.lex_ctx, c.text = 0.7, "The pool is changing its opening hours because it cannot find enough lifeguards."
    assert gate(q, [c], Gates(anchors=0.25, gap=0.7, focus=0.0, untyped_anchors=0.25))[0]


def test_a_value_whose_subject_is_the_measured_thing_is_that_things():
    """"The main wall is 11 metres high" measures the wall asked about, though the opening sentence
    says more of the climbing wall in the chapel (it was "the sentence most about the question
    gives no distance", fresh tune); another subject's value, or a count, is not let through so."""
    from types import SimpleNamespace
    from rag.decide.binding import Binding
    from rag.decide.ownership import of_the_measured_thing
    from rag.find.spans import spans

    def cand(text, kind):
        return SimpleNamespace(text=text, binding=Binding(answers=tuple(x for x in spans(text) if x.kind == kind)))
    q = analyze("How tall is the big climbing wall inside the old chapel?")
    assert of_the_measured_thing(q, cand("The main wall is 11 metres high and has 46 routes.", "distance"))
    assert not of_the_measured_thing(q, cand("The car park is 40 metres long.", "distance"))
    q = analyze("How many people live in the village?")
    assert not of_the_measured_thing(q, cand("Some 300 people came to the fair.", "count"))


@pytest.mark.slow
def test_the_height_of_the_asked_wall_is_answered_though_the_opening_says_more_of_it(tmp_path, real_embedder):
    pipe = _articles(tmp_path, {"wall.txt": (
        "Chapel becomes a climbing centre\n\n"
        "A climbing wall for young people has opened inside the former Bethel chapel on Quarry Street in Dunmere, "
        "four years after the building was put up for sale.\n\n"
        "The main wall is 11 metres high and has 46 routes, from easy slabs for beginners to a steep overhang.\n\n"
        "Sessions cost £4 for under-18s, and the centre opens on weekday evenings and on Saturdays.\n")}, real_embedder)
    a = pipe.answer("How tall is the big climbing wall inside the old chapel?")
    assert not a.abstained and "11 metres" in a.text, a.text


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="a thing the article never names ('the chapel's bell tower') measured by "
                   "another's value: the gate reads how much of the question the sentence holds, not whose "
                   "value it is; matching the measured thing by meaning refused paraphrases before (stop 43)")
def test_the_height_of_a_thing_the_article_never_names_is_not_another_things(tmp_path, real_embedder):
    pipe = _articles(tmp_path, {"wall.txt": (
        "Chapel becomes a climbing centre\n\n"
        "A climbing wall for young people has opened inside the former Bethel chapel on Quarry Street in Dunmere, "
        "four years after the building was put up for sale.\n\n"
        "The main wall is 11 metres high and has 46 routes, from easy slabs for beginners to a steep overhang.\n")},
        real_embedder)
    a = pipe.answer("How tall is the chapel's bell tower?")
    assert "11 metres" not in a.text, a.text


@pytest.mark.slow
def test_an_answer_whose_best_sentence_holds_none_of_the_asked_kind_is_refused(tmp_path, real_embedder):
    """The sentence most about "the pupil who designed the medal" names no pupil, and the one naming
    a person scores below it: that person is someone else's winner. The reply quotes both and says
    no passage clearly names the pupil; the winner's own question is answered."""
    pipe = _articles(tmp_path, {"swim.txt": (
        "Harbour swim returns\n\n"
        "The Pellmouth Harbour Swim will return on Sunday 14 July, three years after it was cancelled when "
        "its organiser went into administration.\n\n"
        "The medal for finishers has been designed by a pupil at Pellmouth Primary School, chosen from 60 "
        "entries in a competition.\n\n"
        "The 2021 swim was won by Dara Quill in 41 minutes.\n\n"
        "Quill, a lifeguard in the town, said she would swim again this year.\n")}, real_embedder)
    a = pipe.answer("What is the name of the pupil who designed the swim medal?")
    assert a.abstained and a.trace.decision == "unsure", a.text
    assert a.text.index("The medal for finishers") < a.text.index("Dara Quill"), a.text
    a = pipe.answer("Who won the swim in 2021?")
    assert not a.abstained and a.text.startswith("The 2021 swim was won by Dara Quill"), a.text


@pytest.mark.slow
def test_a_question_asked_of_one_name_is_not_answered_by_the_fact_another_name_holds(tmp_path, real_embedder):
    """The article dates the building of one chapel and the closing of the other: "When was Capel
    Moriah built?" is asked of the wrong chapel, and Moriah's closing date is no answer to it
    (the sentence holds none of "built"). The reply says no passage clearly gives the date; the
    right chapel's question and Moriah's own are answered."""
    pipe = _articles(tmp_path, {"chapel.txt": (
        "Chapel to become village hall\n\n"
        "A disused chapel in Llanwern Fach is to become the village's first community hall after residents "
        "raised £60,000 to buy it.\n\n"
        "Capel Horeb, built in 1872, closed for worship in 2019 when its congregation had shrunk to eleven.\n\n"
        "The village's other chapel, Capel Moriah, closed in 2004 and was sold as a private house.\n\n"
        "The hall will open next spring with a café, a small library and space for a playgroup.\n")}, real_embedder)
    a = pipe.answer("When was Capel Moriah built?")
    assert a.abstained and a.trace.decision in ("unsure", "missing", "abstain"), a.text
    a = pipe.answer("When was Capel Horeb built?")
    assert not a.abstained and a.text.startswith("Capel Horeb, built in 1872"), a.text
    a = pipe.answer("When did Capel Moriah close?")
    assert not a.abstained and a.text.startswith("The village's other chapel, Capel Moriah, closed in 2004"), a.text
