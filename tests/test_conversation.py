"""Conversation beyond single facts: intents, scope, follow-ups across intents, summaries,
per-article views and questions about the collection."""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest

from conftest import ARTICLES, REPO
from rag.understand.intent import classify
from rag.understand.message import understand
from rag.understand.catalog import Catalog
from rag.understand.references import named_article, references

INTENTS = [json.loads(l) for l in (REPO / "eval" / "data" / "intents.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("row", [r for r in INTENTS if r["split"] == "tune"], ids=lambda r: r["id"])
def test_intents_on_the_tune_messages(row):
    assert classify(row["message"]).kind == row["intent"]


@pytest.mark.parametrize("message", ["What can you do at the Hollowmere lambing open days?",
                                     "What are you allowed to bring to the open day?",
                                     "What do you do with the fleeces after shearing?"])
def test_a_question_asking_what_one_can_do_somewhere_is_a_question_not_a_request_for_help(message):
    """"What can you do at the open days?" asks about the articles (it was once answered with the
    bot's own help text); only "What can you do?" with nothing after it asks about the bot."""
    assert classify(message).kind == "question"
    assert classify("What can you do?").detail == classify("Hi, what can you do for me?").detail == "help"


def test_intent_details():
    assert classify("thanks!").detail == "thanks" and classify("what can you do?").detail == "help"
    assert classify("Who wrote the piece on the rift?").detail == "author"
    assert classify("When was the realignment article published?").detail == "date"
    assert classify("shorter").detail == "shorter" and classify("tell me more").detail == "longer"
    assert classify("What does each article say about the CSTO?").topic == "the CSTO"
    assert classify("Summarize every article.").kind == "summary"       # no topic: not a per-article view
    # a study, a novel, a report's subject: questions about what the articles say, not about them
    assert classify("When was the Aldmere study on nurses and amber lighting published?").kind == "question"
    assert classify("Who wrote the novel the film is based on?").kind == "question"
    assert classify("Who wrote each article?").detail == "author"
    assert classify("When was every piece published?").detail == "date"
    assert classify("What does each article say about Iran?").kind == "per_article"
    assert classify("When was it published?").detail == "date"
    # "bring up", "touch on", "cite" ask which articles mention it, as "mention" does (they were
    # asked as single questions and answered "The articles don't cover this.")
    for verb in ("bring up", "touch on", "cite"):
        i = classify(f"Which articles {verb} the mackerel fleet?")
        assert (i.kind, i.detail, i.topic) == ("per_article", "which", "the mackerel fleet"), (verb, i)
    # "Which articles say how much ...?": what the saying verb takes is the subject, a question
    # each article is asked (it was the whole message, "Which articles say ...?" included)
    assert classify("Which articles say how much herring was aboard the trawler?").topic == \
        "how much herring was aboard the trawler"
    assert classify("Which article reports job losses at the airlines?").topic == "job losses at the airlines"
    assert classify("Which articles report on the strike?").topic == "the strike"
    # "quotes", "names", "gives" ask which articles do, as "mentions" does; a second question
    # after the first ("..., and do they agree?") is no part of the subject
    for q, topic in [("Which article quotes a café owner?", "a café owner"),
                     ("Apart from the first article, which article names Anton Reisz?", "Anton Reisz"),
                     ("Which articles give a cost for the wind farm, and do they agree?", "a cost for the wind farm")]:
        i = classify(q)
        assert (i.kind, i.detail, i.topic) == ("per_article", "which", topic), (q, i)
    assert classify("Which piece of land did the council name as the site?").kind == "question"
    assert classify("Which sources of funding does the report list?").kind == "question"


@dataclass(frozen=True)
class Info:
    id: str
    title: str
    byline: str = ""
    site: str = ""
    sha: str = ""
    date: str = ""


ARTS = [Info("001_a.txt", "Harbour plans for Portvale", "By City Desk"), Info("002_b.txt", "Drought hits farms in the north"),
        Info("003_c.txt", "The election that was not", "By Ada Byline", "Morning Courier"),
        Info("004_d.txt", "Drought and the price of bread", "By City Desk")]


@pytest.mark.parametrize("message,expect", [
    ("Summarize article 003", "003_c.txt"), ("Give me a summary of article 2", "002_b.txt"),
    ("and the fourth one?", "004_d.txt"), ("What does the Morning Courier piece say about turnout?", "003_c.txt"),
    ("the article on harbour plans", "001_a.txt"), ("What did the City Desk article say?", None),   # two articles
    ("What is the drought doing to bread prices?", None),                                       # no article cue
    ("Who wrote the article about bread?", "004_d.txt")])
def test_a_message_names_one_article_or_none(message, expect):
    assert named_article(message, Catalog.of(ARTS)) == expect


DATED = ARTS + [Info("005_e.txt", "Port strike ends", "By Lena Okafor", "Harbour Gazette", date="March 4, 2026")]


@pytest.mark.parametrize("message,expect", [
    ("Compare article 001 and article 003 on bread.", [("001_a.txt", "file"), ("003_c.txt", "file")]),
    ("What do the second and fourth articles say about drought?", [("002_b.txt", "ordinal"), ("004_d.txt", "ordinal")]),
    ("How do the Harbour Gazette piece and the first article differ?", [("005_e.txt", "site"), ("001_a.txt", "ordinal")]),
    ("What did the piece by Lena Okafor say?", [("005_e.txt", "author")]),
    ("Compare the City Desk articles on prices.", [("001_a.txt", "author"), ("004_d.txt", "author")]),
    ("What does the March 4, 2026 article say about ports?", [("005_e.txt", "date")]),
    ("In 'Drought hits farms in the north', what failed?", [("002_b.txt", "title")]),
    ("Compare the election article with the strike one.", [("003_c.txt", "title"), ("005_e.txt", "title")]),
    ("What does the article about the price of bread say?", [("004_d.txt", "description")]),
    # a description after any verb in -ing, not only "about", "on", "arguing" ...
    ("How does the piece recalling the drought on the farms describe the harvest?", [("002_b.txt", "description")]),
    # dates as bylines write them, and without the year when a cue word marks an article
    ("What do the March 4 report and the first article say?", [("005_e.txt", "date"), ("001_a.txt", "ordinal")]),
    ("What does the 4/3/2026 piece say about ports?", [("005_e.txt", "date")]),
    ("What happened on 4 March?", []),
    # words before the cue describe it too; "against" introduces a description like "about"
    ("What does the straight news report on farms in the north say about bread?", [("002_b.txt", "description")]),
    ("What does the editorial against the harbour plans say?", [("001_a.txt", "description")]),
    # a site by its name without "the"
    ("What does a Harbour Gazette story say?", [("005_e.txt", "site")]),
    ("Compare the article about harbour plans with the piece by Lena Okafor.",
     [("001_a.txt", "description"), ("005_e.txt", "author")]),
    # a description ends before the article named after it: "the article about the price of bread
    # and Harbour Gazette differ" named only the Gazette
    ("How do the article about the price of bread and Harbour Gazette differ on ports?",
     [("004_d.txt", "description"), ("005_e.txt", "site")]),
    # numbers and ordinals as readers write them
    ("What does article three say about turnout?", [("003_c.txt", "file")]),
    ("What does piece number two say about farms?", [("002_b.txt", "file")]),
    ("Compare the 2nd and 4th articles on bread.", [("002_b.txt", "ordinal"), ("004_d.txt", "ordinal")]),
    ("What do the first two articles say about ports?", [("001_a.txt", "ordinal"), ("002_b.txt", "ordinal")]),
    ("What do the last two pieces say about ports?", [("004_d.txt", "ordinal"), ("005_e.txt", "ordinal")]),
    # a surname alone, a site by its head word, "and" for "&"
    ("What does Okafor say about the strike?", [("005_e.txt", "author")]),
    ("Compare what the Courier and the Gazette say about turnout.", [("003_c.txt", "site"), ("005_e.txt", "site")]),
    ("In the Gazette, who ended the strike?", [("005_e.txt", "site")]),
    # "with" and "from" open a description as "about" does; "&" is a word of one before the cue
    ("What does the piece with the port strike news say about pay?", [("005_e.txt", "description")]),
    ("What does the report from the drought-hit north say about farms?", [("002_b.txt", "description")]),
    # the articles of one list are different articles: the description that fits the Gazette's
    # article best names the next best (it named the Gazette's again, and the list lost one)
    ("Compare the report on the port strike and bread with the Harbour Gazette.",
     [("004_d.txt", "description"), ("005_e.txt", "site")]),
    # ... and a description fitting no other article names none
    ("Compare the piece on the port strike, the article on harbour plans and the Harbour Gazette.",
     [("001_a.txt", "description"), ("005_e.txt", "site")]),
])
def test_references_name_articles_every_way_a_reader_does(message, expect):
    refs = references(message, Catalog.of(DATED))
    assert [(r.article, r.how) for r in refs if r.confidence >= 0.75] == expect


def test_a_kind_of_piece_names_the_article_of_that_kind_only_when_it_singles_one_out():
    kinds = {"002_b.txt": ("opinion",), "005_e.txt": ("explainer",)}
    cat = Catalog.of(DATED, kinds=kinds)
    for message, want in (("What does the explainer say about ports?", "005_e.txt"),
                          ("Compare the op-ed and the first article on bread.", "002_b.txt"),
                          ("What does the opinion piece say about farms?", "002_b.txt")):
        assert [r.article for r in references(message, cat) if r.how == "description"] == [want], message
    assert not [r for r in references("What does the interview say?", cat) if r.how == "description"]
    # "the Q&A-style explainer": a word of style before the kind
    assert [r.article for r in references("What does the Q&A-style explainer say?", cat)] == ["005_e.txt"]
    every = Catalog.of(DATED, kinds={e.id: ("opinion",) for e in DATED})
    assert not [r for r in references("What does the editorial say about bread?", every) if r.how == "description"]


def test_a_surname_or_head_word_names_an_article_only_where_it_is_an_articles():
    """A surname shared by two authors names neither; a name part not capitalised, or not next to
    words making it an article's ("the Okafor family farm" is a farm), names none."""
    cat = Catalog.of(DATED + [Info("006_f.txt", "Ferry fares rise", "By Tom Okafor", "Coast Gazette")])
    assert references("What does Okafor say about the strike?", cat) == ()
    assert references("What do the articles say about the Gazette?", cat) == ()
    assert references("What does each article say about okafor?", Catalog.of(DATED)) == ()
    assert references("What happened at the Okafor farm?", Catalog.of(DATED)) == ()
    assert references("Who bought Okafor's boat?", Catalog.of(DATED)) == ()
    assert references("Who bought the Gazette building?", Catalog.of(DATED)) == ()


def test_according_to_an_authors_surname_names_their_article():
    """"According to Hartig, when ...?" asks what Hartig's article says; "according to Lisbon"
    names no author."""
    cat = Catalog.of(DATED + [Info("006_f.txt", "Cabinet approves the dam", "By Lena Hartig", "Corvenna Courier")])
    assert [(r.article, r.how) for r in references("According to Hartig, when will the turbines turn?", cat)] == \
        [("006_f.txt", "author")]
    assert references("According to Lisbon, when will the turbines turn?", cat) == ()


def test_a_site_is_named_by_its_initials_in_capitals():
    """"the KPA report" is the Kessani Press Agency's; "kpa" in lower case, or two letters, name none."""
    cat = Catalog.of(DATED + [Info("006_f.txt", "Farmers fear for harvests", "", "Kessani Press Agency")])
    assert [(r.article, r.how) for r in references("How do the KPA report and the fifth article differ on it?", cat)] \
        == [("006_f.txt", "site"), ("005_e.txt", "ordinal")]
    assert references("What does the kpa report say about it?", cat) == ()
    assert references("What does the HG report say about it?", cat) == ()


def test_a_sites_initials_no_article_writes_name_it_without_a_cue():
    """"How do the opinion piece and CPA portray X?": initials of the Continental Press Agency that
    no article's text writes can only be the outlet (acrossg: the wire story went unnamed); where
    an article writes them they may be a body in the story, and need a cue."""
    cpa = Info("006_f.txt", "Sarova hails museum decision", "", "Continental Press Agency")
    message = "How do the fifth article and CPA portray the chair?"
    assert ("006_f.txt", "site") in [(r.article, r.how) for r in
                                    references(message, Catalog.of(DATED + [cpa], unwritten={"cpa"}))]
    assert ("006_f.txt", "site") not in [(r.article, r.how) for r in references(message, Catalog.of(DATED + [cpa]))]


def test_the_q_and_a_names_the_interview():
    """"the first article and the Q&A": the Q&A is the interview (it had named nothing)."""
    cat = Catalog.of(DATED, kinds={"003_c.txt": ("feature", "interview"), "004_d.txt": ("feature",)})
    assert [(r.article, r.how) for r in references("What do the first article and the Q&A say about bread?", cat)] \
        == [("001_a.txt", "ordinal"), ("003_c.txt", "description")]


def test_a_site_is_named_by_its_initials_after_either():
    """"Does either DNR or the fifth article say anything about it?" names the DNR NEWS article
    (the initials needed a "the" or a saying verb beside them)."""
    cat = Catalog.of(DATED + [Info("006_f.txt", "Runway plan goes to inquiry", "", "DNR NEWS")])
    assert ("006_f.txt", "site") in [(r.article, r.how) for r in
                                    references("Does either DNR or the fifth article say anything about it?", cat)]


def test_a_site_is_named_by_initials_it_is_written_with():
    """"the DNR story" is the one from "DNR NEWS" (a masthead in capitals): its last word ("News")
    was the only part of it a reader could name it by."""
    cat = Catalog.of(DATED + [Info("006_f.txt", "Runway plan goes to inquiry", "", "DNR NEWS")])
    assert [(r.article, r.how) for r in references("How do the DNR story and the fifth article differ on it?", cat)] \
        == [("006_f.txt", "site"), ("005_e.txt", "ordinal")]


def test_one_standing_for_a_noun_of_the_sentence_names_no_article():
    """"than the old one" is the old van, not the article titled "Old mill reopens" (it was taken
    for that article and cut from the question)."""
    cat = Catalog.of(ARTS + [Info("006_f.txt", "Old mill reopens as a library")])
    assert named_article("Why does the new van hold fewer books than the old one?", cat) is None
    assert named_article("What does the mill one say about opening hours?", cat) == "006_f.txt"


def test_one_counting_a_thing_of_the_question_names_no_article():
    """"go through one colony", "going for one winter", "on one of those cranes" count things of
    the question: each scoped a plain question to the article its other words fit (fresh:tune)."""
    cat = Catalog.of(ARTS)
    for q in ("How long does it take the harbour volunteers to go through one colony?",
              "What does it cost to keep the harbour shelter going for one winter?",
              "What's the price tag on one of the harbour cranes?"):
        assert references(q, cat) == (), q
    assert [r.article for r in references("What does the harbour one say about fees?", cat)] == ["001_a.txt"]


def test_a_cue_word_taking_its_own_complement_is_a_thing_of_the_story():
    """"the harbour timeline for dredging" is the works' schedule, not a piece: an article is
    "the timeline on ..." or just "the harbour timeline"."""
    cat = Catalog.of(ARTS)
    assert references("What is the harbour timeline for dredging the channel?", cat) == ()
    assert references("What did the harbour report of 2019 find?", cat) == ()
    assert [r.article for r in references("What does the harbour timeline say about dredging?", cat)] == ["001_a.txt"]


def test_an_apostrophe_inside_a_word_opens_no_quoted_title():
    """"the league's first girls' tournament": the possessive's apostrophe is no quotation mark."""
    cat = Catalog.of(ARTS + [Info("006_f.txt", "First girls side for the league")])
    assert references("On what date will the league's first girls' side play?", cat) == ()
    assert [r.how for r in references("What does 'First girls side for the league' say?", cat)] == ["title"]


def test_what_differs_between_two_articles_is_the_subject_not_the_verb():
    """"How does X's view differ between A and B?" is about X's view: "view" after a possessive is
    no comparing verb, and "differ" was searched for and both articles said silent on it."""
    for message, subject in (("How does the harbour master's view differ between the first article and the "
                              "fourth article?", "the harbour master's view"),
                             ("How does the price of bread differ between article 2 and article 4?", "the price of bread"),
                             ("How do the first article and the fourth article view the harbour?", "the harbour")):
        t = understand(message, None, ARTS)
        assert t.kind == "comparison" and t.subject == subject, (message, t.subject)


def test_it_points_back_at_the_previous_turns_articles_when_comparing():
    refs = references("How does it compare with the fourth article?", Catalog.of(ARTS), previous=("002_b.txt",))
    assert [(r.article, r.how) for r in refs] == [("002_b.txt", "previous"), ("004_d.txt", "ordinal")]
    assert references("When did it happen?", Catalog.of(ARTS), previous=("002_b.txt",)) == ()


def test_the_subject_of_a_comparison_is_what_is_left_once_the_articles_are_named():
    """Two articles named by one phrase are cut from the message once; a description's own words
    ("the piece about drought") are not the subject; the comparing verb's object is."""
    t = understand("Do the second and fourth articles say anything about bread prices?", None, ARTS)
    assert t.kind == "comparison" and t.articles == ("002_b.txt", "004_d.txt") and t.subject == "bread prices"
    from rag.understand.subject import without_references
    assert without_references(t.text, t.references) == "Do the say anything about bread prices?"
    t = understand("Compare how the article about harbour plans and the third article explain the turnout.", None, ARTS)
    assert set(t.articles) == {"001_a.txt", "003_c.txt"} and t.subject == "the turnout"
    # "What reasons do A and B give for X?": the reasons for X, not the words left between the names
    t = understand("What reasons do the first article and the Morning Courier give for the price of bread?", None, ARTS)
    assert t.kind == "comparison" and t.subject == "reasons for the price of bread"
    # "..., and what do they say about it?": "it" is what the first clause named, never the subject
    t = understand("How do the first and third articles refer to the harbour plans, and what do they say about it?",
                   None, ARTS)
    assert t.subject == "the harbour plans"
    # a name or month at the end is no stray word left by the cut ("may" is a stop word)
    t = understand("What do the first and third articles say about the talks planned for 18 May?", None, ARTS)
    assert t.subject == "the talks planned for 18 May"
    # "How do A and B bring X into their arguments?": X
    t = understand("How do the first and third articles bring the drought into their arguments?", None, ARTS)
    assert t.kind == "comparison" and t.subject == "the drought"
    # "How big is X according to A and the article about Y?": the question, not a description's words
    t = understand("How big a town is Portvale according to the first article and the article about the drought "
                   "on farms?", None, ARTS)
    assert t.kind == "comparison" and t.subject == "How big a town is Portvale", t.subject
    # ... three articles listed with commas leave "according to the, and the?" once cut out
    t = understand("How many families will have to move, according to the first article, the article about the "
                   "drought on farms and the third article?", None, ARTS)
    assert t.kind == "comparison" and t.subject == "How many families will have to move", t.subject
    # "What compromise do A and B suggest?": the thing asked for (it was "What compromise do and
    # suggest", and an article was said to be silent on that)
    t = understand("What compromise do the first article and the Morning Courier suggest?", None, ARTS)
    assert t.kind == "comparison" and t.subject == "compromise", t.subject
    # "what does he say about X" in one article asks what a person says: a question, no view of X
    t = understand("In the third article, who is the chief executive and what does he say about the design?",
                   None, ARTS)
    assert t.kind == "question" and t.articles == ("003_c.txt",), (t.kind, t.articles)
    # a description ends where the comparing verb begins ("... about the price of bread present X")
    t = understand("How do the first article and the article about the price of bread present the harvest?",
                   None, ARTS)
    assert set(t.articles) == {"001_a.txt", "004_d.txt"} and t.subject == "the harvest", (t.articles, t.subject)


def test_an_author_asked_about_stays_in_the_question():
    """"Who is Ada Byline?" asks about the writer (their article's note says who they are); "What
    does Ada Byline say about the turnout?" and "Per Ada Byline, ..." ask their article."""
    t = understand("Who is Ada Byline?", None, ARTS)
    assert t.kind == "question" and "Ada Byline" in t.standalone
    t = understand("What does Ada Byline say about the turnout?", None, ARTS)
    assert t.articles == ("003_c.txt",) and "Ada Byline" not in t.subject
    t = understand("Per Ada Byline, why was the turnout low?", None, ARTS)
    assert t.kind == "question" and t.articles == ("003_c.txt",) and "Ada Byline" not in t.standalone


def test_follow_ups_resolve_against_the_previous_turn():
    summ = [{"role": "user", "content": "Summarize article 002"},
            {"role": "assistant", "content": "...", "context": {"intent": "summary", "articles": ["002_b.txt"],
                                                                "subject": "002_b.txt", "length": 4}}]
    t = understand("shorter", summ, ARTS)
    assert (t.intent.kind, t.articles, t.length) == ("summary", ("002_b.txt",), 2)
    t = understand("and the third one?", summ, ARTS)
    assert (t.intent.kind, t.articles) == ("summary", ("003_c.txt",))
    per = [{"role": "assistant", "content": "...", "context": {"intent": "per_article", "subject": "drought"}}]
    t = understand("what about Portvale?", per, ARTS)
    assert (t.intent.kind, t.subject) == ("per_article", "Portvale")
    scoped = [{"role": "user", "content": "In the Morning Courier piece, who won?"},
              {"role": "assistant", "content": "...", "context": {"intent": "question", "articles": ["003_c.txt"]}}]
    assert understand("And when did they win?", scoped, ARTS).articles == ("003_c.txt",)   # a follow-up keeps the scope
    assert understand("What is the price of bread?", scoped, ARTS).articles == ()          # a new question does not
    assert understand("What is the price of bread?", scoped, ARTS, ("004_d.txt",)).articles == ("004_d.txt",)  # UI scope


def test_lexrank_picks_the_central_sentence_and_skips_repeats():
    from index.summary import centrality, pick, ranked
    v = np.array([[1, 0, 0], [0.9, 0.43, 0], [0.95, 0.3, 0.05], [0, 0, 1.0]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    assert int(np.argmax(centrality(v))) in (0, 2) and centrality(v)[3] < centrality(v)[0]
    texts = ["Sentence number one says a complete thing here."] * 4
    r = ranked(texts, ["text"] * 4, v, k=3)
    assert 3 in r and not (0 in r and 2 in r)   # 0 and 2 are near repeats of each other
    assert pick(r, 40, 2) == sorted(r[:2])


# ---------------------------------------------------------------- the pipeline, fake embedder
@pytest.fixture
def pipe(settings, fake_embedder):
    from index import build
    from rag import Pipeline, Settings
    build([ARTICLES], settings=settings, embedder=fake_embedder)
    return Pipeline(Settings(index=settings), embedder=fake_embedder, build_if_empty=False)


def test_small_talk_never_says_the_articles_dont_cover_it(pipe):
    for m in ("hello", "thanks!", "what can you do?"):
        a = pipe.answer(m)
        assert not a.abstained and "don't cover" not in a.text and a.context["intent"] == "smalltalk"
    assert "5 articles" in pipe.answer("what can you do?").text


def test_the_collection_is_listed_from_metadata_each_article_cited(pipe):
    a = pipe.answer("Which articles do you have?")
    assert a.context["intent"] == "collection" and a.text.startswith("I have 5 articles")
    assert sorted(c.source for c in a.citations) == sorted(f.name for f in ARTICLES.iterdir())
    who = pipe.answer("Who wrote the article about Armenia turning west?")
    assert "Editorial Board" in who.text and [c.source for c in who.citations] == ["004_1ad2ed4ed292989f.txt"]
    # a site's byline leaves the writer to the author's note at the article's end
    who = pipe.answer("Who wrote the article on geopolitical realignment?")
    assert "AzeMedia" in who.text and "Vasif Huseynov" in who.text and "Lecturer" not in who.text, who.text
    every = pipe.answer("Who wrote each article?")
    assert every.context["intent"] == "collection" and len(every.citations) == 5, every.text


def test_a_summary_is_the_stored_central_sentences_in_order_each_cited(pipe):
    a = pipe.answer("Give me a summary of article 004.")
    assert a.context["intent"] == "summary" and not a.abstained
    assert {c.source for c in a.citations} == {"004_1ad2ed4ed292989f.txt"}
    text = pipe.store.article_text("004_1ad2ed4ed292989f.txt")
    starts = [s for c in a.citations for s, _ in c.quotes]
    assert 3 <= len(starts) <= 6 and all(text[s:e] in a.text.replace("\n", " ") or " ".join(text[s:e].split()) in a.text
                                        for c in a.citations for s, e in c.quotes)
    lines = [l for l in a.text.splitlines() if l.startswith("- ")]
    assert len(lines) == len(starts) and all(l.rstrip().endswith("]") for l in lines)
    short = pipe.answer("shorter", [{"role": "user", "content": "Give me a summary of article 004."},
                                    {"role": "assistant", "content": a.text, "context": a.context}])
    assert len([l for l in short.text.splitlines() if l.startswith("- ")]) == len(lines) - 2


def test_the_summary_changes_with_the_article(tmp_path, corpus, fake_embedder):
    from index import Settings as IS, build
    from rag import Pipeline, Settings
    settings = IS.from_env(data_dir=tmp_path / "own", progress=False)
    build([corpus], settings=settings, embedder=fake_embedder)
    pipe = Pipeline(Settings(index=settings), embedder=fake_embedder, build_if_empty=False)
    sha = pipe.store.current_sha("003_a2eac4f79f08b594.txt")
    assert len(pipe.store.summary(sha)) >= 3
    f = corpus / "003_a2eac4f79f08b594.txt"
    f.write_text("Harbour news\n\nThe harbour of Portvale will double its container terminal by 2030, the council "
                 "said on Monday. Dredging the channel costs two million euros a year. Fishermen fear the works.\n")
    build([corpus], settings=settings, embedder=fake_embedder)
    assert pipe.store.current_sha("003_a2eac4f79f08b594.txt") != sha and pipe.store.summary(sha) == []
    a = pipe.answer("Summarize article 003")
    assert "Portvale" in a.text and {c.source for c in a.citations} == {"003_a2eac4f79f08b594.txt"}


def test_scoped_answers_cite_only_the_chosen_articles(pipe):
    q = "What happened to Russian peacekeepers in Karabakh?"
    free = {c.source for c in pipe.answer(q).citations}
    assert len(free) > 1
    only = "002_df76d505f7288145.txt"
    a = pipe.answer(q, articles=[only])
    assert {c.source for c in a.citations} <= {only} and a.context["articles"] == [only]
    named = pipe.answer("In the AzeMedia article, what happened to the Sputnik branch?")
    assert {c.source for c in named.citations} == {"001_350488f4c5f50c02.txt"}


def test_each_article_gets_a_block_and_the_silent_ones_are_named(pipe):
    """Every article is accounted for once, read from the typed blocks: a section quoting it on the
    subject, a section saying it does not name it (then what it says closest), or a silence claim."""
    a = pipe.answer("What does each article say about the CSTO?")
    assert a.context["intent"] == "per_article"
    sections = [b for b in a.blocks if b.kind == "section"]
    silent = [b for b in a.blocks if b.kind == "notice" and b.claim == "silent"]
    accounted = [b.article for b in sections + silent]
    assert sorted(accounted) == sorted(i.id for i in pipe.store.current_articles())
    naming = [b for b in sections if not any(x.claim == "unnamed" for x in b.blocks)]
    assert naming and len(naming) < len(accounted)          # some do, some don't
    for b in naming:
        quoted = " ".join(s.text for x in b.blocks for s in x.sentences)
        assert "CSTO" in quoted or "Collective Security" in quoted


def test_it_points_back_at_the_one_article_an_unscoped_answer_quoted():
    """"What ... does it say" after an answer that was not scoped but quoted one article: that
    article. Quoting two, "it" names neither."""
    def turn(cited):
        return [{"role": "user", "content": "Which article lays out the harbour plans?"},
                {"role": "assistant", "content": "...", "context": {"intent": "question", "articles": [],
                                                                    "cited": cited}}]
    assert understand("What risks does it say the port faces?", turn(["001_a.txt"]), ARTS).articles == ("001_a.txt",)
    assert understand("What risks does it say the port faces?", turn(["001_a.txt", "002_b.txt"]), ARTS).articles == ()
    assert understand("What risks does the port face?", turn(["001_a.txt"]), ARTS).articles == ()   # no pointing back


@pytest.mark.parametrize("message,subject", [
    # "Is X the same in A as in B?" asks about X (it was "bread", and "households hit by the
    # blackouts the same in 's report as in 's column")
    ("Is the price of bread the same in the first article as in the third article?", "the price of bread"),
    # "A versus B on X: what does each say?" ends on the question it has already asked
    ("The first article versus the Morning Courier on the harbour plans: what does each say?", "the harbour plans"),
    # "A versus B: Q?" leaves "The versus the :" once the names are cut out
    ("The first article versus the Morning Courier: how soon will the harbour open?",
     "how soon will the harbour open"),
    # "Who do A and B say closed it?": the articles are the ones saying, the question is who closed it
    ("Who do the first article and the Morning Courier say closed the harbour?", "who closed the harbour"),
    ("How many boats do the first and third articles say took part?", "how many boats took part"),
    ("What does the first article say the harbour will cost, and the Morning Courier?", "what the harbour will cost"),
    # ... while "what do A and B say about X" is still about X
    ("What do the first and third articles say about the harbour plans?", "the harbour plans"),
    # "Do A and B give the same figure for X?" asks about X (it was "the bridge", from "over the bridge")
    ("Do the first article and the Morning Courier give the same figure for daily traffic over the bridge?",
     "daily traffic over the bridge"),
    # "Ada Byline's column" is cut out whole ("'s column" was left in the subject), and "Compare" asks
    ("Compare the commuter numbers given by the first article and Ada Byline's column.", "the commuter numbers given"),
    # "Who do A and B hold responsible?": who they hold responsible (it was "Who do and hold ...")
    ("Who do the first article and the Morning Courier hold responsible for the flooding?",
     "who they hold responsible for the flooding"),
    # a verb's particle is no word left over from the cut ("when the bridge came" lost "down")
    ("How do the first and third articles differ on when the bridge came down?", "when the bridge came down"),
    # "How does X come across in A compared with B?" asks how they show X (it was the whole message, cut up)
    ("How does the health minister, Tomas Simek, come across in the first article compared with the Morning "
     "Courier?", "the health minister, Tomas Simek"),
    ("How is the mayor portrayed by the first article and the Morning Courier?", "the mayor"),
    # the names, then the question put to each (it was "Versus with the regulator", acrossl)
    ("The first article versus Ada Byline: what does each say actually closed the harbour?",
     "what actually closed the harbour"),
    # the topic set first (it was "suspending the permit, where do and stand")
    ("On suspending the harbour permit, where do the first article and the Morning Courier stand?",
     "suspending the harbour permit"),
    # what the first names is given of (it was "The gives a headcount ... does the give one")
    ("the first article gives a headcount for the harbour. does the third article give one too?",
     "a headcount for the harbour"),
    # what the figures are for (it was "Gives one figure for the maximum fine and gives another")
    ("The first article gives one figure for the maximum fine and the Morning Courier gives another. What are "
     "the two figures?", "the maximum fine"),
    # what the article gives is asked, not "does give ..., compared" (acrossh)
    ("How many births a year does the first article give for the unit, compared with the Morning Courier?",
     "How many births a year for the unit"),
    # the question, not its "of ..." (it was "the river was hit")
    ("How long a stretch of the river was hit, according to the first article and the Morning Courier?",
     "How long a stretch of the river was hit"),
    # the price of what the first puts one on (it was "the harbour and another"; acrossg)
    ("The first article puts one price on the harbour and the Morning Courier another. What are they?",
     "the price of the harbour"),
    # the question put after "according to A and according to B" (it was "According to and according to
    # with the director, who said ..."; acrossg)
    ("According to Ada Byline and according to the first article, who said the harbour was 'never ours to keep'?",
     "who said the harbour was 'never ours to keep'"),
    # a bare value asked last is of what the sentence before set out (it was "the year"; acrossg)
    ("the first article and the third article both say when the harbour was built. do they agree on the year?",
     "when the harbour was built"),
])
def test_a_comparisons_frame_is_no_part_of_its_subject(message, subject):
    t = understand(message, None, ARTS)
    assert t.kind == "comparison" and t.subject == subject, (t.kind, t.subject)


@pytest.mark.parametrize("message,subject", [
    ("How many jobs does each article say were lost?", "how many jobs were lost"),
    ("When does each article say the sailings stopped?", "when the sailings stopped"),
    # nothing left to ask once "each article" is out: the message stands as it is
    ("What does each article say?", "What does each article say?"),
])
def test_a_question_put_to_each_article_asks_what_is_left_once_each_article_is_out(message, subject):
    """"How many jobs does each article say were lost?" was asked of each article whole, and the
    reply read "The closest it comes to saying How many jobs does each article say ..." (acrossn, tune)."""
    t = understand(message, None, ARTS)
    assert t.kind == "per_article" and t.subject == subject, (t.kind, t.subject)


@pytest.mark.parametrize("message,topic", [
    ("Which article argues that the rebuild could cost up to €70 million?", "the rebuild could cost up to €70 million"),
    ("Which outlet says the roads agency had not inspected the bridge since 2019?",
     "the roads agency had not inspected the bridge since 2019"),
    ("Which stories suggest the mayor will resign?", "the mayor will resign"),
    # "which one" is which of them (it was a question, answered "The articles don't cover this."; acrossh)
    ("which one gives the total number of births last year?", "the total number of births last year"),
])
def test_which_outlet_or_article_argues_x_asks_which_article_says_it(message, topic):
    """"Which article argues ..." and "Which outlet says ..." were taken for questions about the
    rebuild and answered from any article (acrossp, tune); "Which paper is the oldest?" is still one."""
    got = classify(message)
    assert (got.kind, got.detail, got.topic) == ("per_article", "which", topic), got
    assert classify("Which paper is the oldest?").kind == "question"


def test_a_comparing_verb_left_over_from_the_cut_is_no_part_of_the_subject():
    """"How do the report from 11 March and the piece published on 15 March 2025 compare on how
    many people needed hospital treatment?" kept "compare on" once the dated names were cut with
    the "How do" (acrossm, tune)."""
    from rag.understand.subject import subject_of as _subject
    assert _subject("compare on how many people needed hospital treatment?", ()) == \
        "how many people needed hospital treatment"
    assert _subject("How do they compare on the cost?", ()) == "the cost"


def test_an_author_or_site_no_article_writes_names_its_article_without_a_cue():
    """A surname, or a site's first word, that no article's text writes can only be the writer's or
    the outlet's ("Give the figures from Wetherell and Skylark"); one the texts write needs a word
    making it an article's, as before."""
    infos = DATED + [Info("006_f.txt", "Ferry fares rise", "By Cora Wetherell", "Coast Times"),
                     Info("007_g.txt", "Hack: what happens now", "", "Skylark News")]
    message = "Give the figures from Wetherell and Skylark."
    assert [(r.article, r.how) for r in references(message, Catalog.of(infos, unwritten={"wetherell", "skylark"}))] == \
        [("006_f.txt", "author"), ("007_g.txt", "site")]
    assert references(message, Catalog.of(infos)) == ()


def test_a_weekday_names_the_article_dated_on_it():
    assert [(r.article, r.how) for r in references("What does Wednesday's report say about ports?",
                                                   Catalog.of(DATED))] == [("005_e.txt", "date")]
    assert references("What happened on Wednesday?", Catalog.of(DATED)) == ()


def test_a_document_in_the_story_is_no_description_of_an_article():
    """"the minister's security review" is a review someone in the story wrote, not the article
    whose title speaks of a security review."""
    cat = Catalog.of(DATED + [Info("006_f.txt", "Security review of the port ordered")])
    assert references("How many ports will the minister's security review cover?", cat) == ()
    assert [r.article for r in references("What does the security review piece say?", cat)] == ["006_f.txt"]


def test_a_question_then_the_articles_to_put_it_to_asks_that_question():
    cat = Catalog.of(DATED)
    m = understand("Who is to blame? Compare the Harbour Gazette piece with article 3.", catalog=cat)
    assert m.kind == "comparison" and m.subject == "Who is to blame"
    m = understand("How many boats did the strike keep in port, according to article 2 and article 5?", catalog=cat)
    assert m.kind == "comparison" and m.subject.startswith("How many boats did the strike keep in port")


@pytest.mark.parametrize("message,topic", [("Article by article, what is said about paying the ransom?", "paying the ransom"),
                                           ("Across the coverage, what is said about the police?", "the police"),
                                           ("go through the articles: how did the attackers get in?", "")])
def test_more_ways_of_asking_each_article(message, topic):
    assert (classify(message).kind, classify(message).topic) == ("per_article", topic)


def test_how_many_documents_in_a_question_about_the_story_is_no_question_about_the_collection():
    assert classify("How many documents did the gang leak as a first sample?").kind == "question"
    assert classify("How many documents do you have?").detail == "list"


def test_what_is_left_of_the_names_is_no_part_of_the_subject():
    cat = Catalog.of(DATED)
    for message, subject in [
            ("Compare the number of ships delayed given in article 2 with the figure in the Harbour Gazette piece.",
             "the number of ships delayed"),
            ("Which union called the strike, according to the Harbour Gazette and article 2?",
             "Which union called the strike"),
            ("Article 2 and the Harbour Gazette piece both mention the strike. Do they agree on when it ended?",
             "the strike")]:
        m = understand(message, catalog=cat)
        assert (m.kind, m.subject) == ("comparison", subject), message


def test_what_the_articles_are_asked_to_give_is_the_subject():
    m = understand("What advice do the different articles give residents?", catalog=Catalog.of(DATED))
    assert (m.kind, m.subject) == ("per_article", "advice for residents")


@pytest.mark.parametrize("message,kind,subject", [
    # "according to each of the articles" asks each (it was one question; acrossl)
    ("How long a stretch of the river was hit, according to each of the articles?", "per_article",
     "How long a stretch of the river was hit"),
    # "according to each of them" asks the articles (it was one question; acrossh)
    ("how long is the drive to the city according to each of them", "per_article", "How long is the drive to the city"),
    # "the articles one by one" names none of them (it was "the articles one": a description, then file one)
    ("Go through the articles one by one: what does each say about the harbour plans?", "per_article",
     "the harbour plans"),
    ("In which article does the council admit it ignored the warning?", "per_article",
     "the council admit it ignored the warning"),
    # the topic of the sentence put to each article (it was the whole message from its first "about")
    ("before the storm, did anyone warn the council about the harbour? what does each article say about that "
     "june warning?", "per_article", "the june warning"),
    # how someone in an article sums something up is a question, not a request for a summary
    ("In the Morning Courier, how does the ecologist sum up the argument over heat?", "question", None),
    # what each is said to say after the colon (it was "Go"; acrossg)
    ("Go through the articles: what does each say the harbour will cost and who is paying?", "per_article",
     "what the harbour will cost and who is paying"),
    # "each outlet" is each article, and how it reports X is what it says of X (it was one question; acrossg)
    ("How does each outlet report the harbour board's vote count?", "per_article", "the harbour board's vote count"),
    # someone quoted in the named article is asked for their view (it was "losing the harbour": every
    # sentence on it, none of his; acrossg)
    ("In the Morning Courier, what does Ken Ashworth say about losing the harbour?", "per_article",
     "Ken Ashworth's view of losing the harbour"),
    # a verb's particle ends the question (it was "... to be handed")
    ("When and where is the statue to be handed over, according to each of the articles?", "per_article",
     "When and where is the statue to be handed over"),
])
def test_what_each_article_is_asked(message, kind, subject):
    t = understand(message, None, ARTS)
    assert t.kind == kind, (t.kind, t.subject)
    assert subject is None or t.subject == subject, t.subject
    if "one by one" in message:
        assert t.articles == ()
