"""Questions across articles on small articles written for the tests: the mention check
(rag.decide.mentions) and the per-article views (rag.write.across). Fake embedder: the
lexical ways of naming a subject are tested with the meaning checks switched off."""
from __future__ import annotations

import pytest

from conftest import HashingEmbedder
from index import Settings as IndexSettings, build
from rag import Pipeline, Settings
from rag.decide.mentions import MentionThresholds, mentions
from rag.write.across import views
from rag.write.excerpts import MAX_PER_ARTICLE, PER_ARTICLE_SENTENCES

# Meaning checks off: only the article's own letters can show a mention.
WORDS_ONLY = MentionThresholds(entity=2.0, sentence=2.0, partial=2.0)
# Seven paragraphs about nothing asked: they put a sentence far enough from the others that only
# what a view chooses brings it in.
FILLER = "\n\n".join(f"Boats from port {n} stayed at home for the {w} day running." for n, w in
                     enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh"), 1))

ARTICLES = {
    "alliance.md": """# Alliance talks in the north

The nation held a quiet vote on Sunday. Officials counted ballots through the night.

The European Union sent observers to the vote. Turnout was high in every district.

Later the EU said the count was fair. Fighting near Karabakh did not stop the vote.
""",
    "energy.md": """# Energy routes and harvests

The Southern Gas Corridor opened a new branch in May. Wheat prices rose in the same month.

Farmers planted early this year. The harvest was the largest in a decade.
""",
    "ports.md": """# The port of Portvale

Portvale opened a new quay in March. It handles grain and timber from the interior.

Portvale also dredged its channel. This allows larger ships to dock at low tide.

Rain fell for a week. Roads to the coast were closed for repairs.

The mayor of Portvale praised the crews.
""",
}


@pytest.fixture
def pipe(tmp_path):
    return _collection(tmp_path, ARTICLES)


def _bundle(pipe, name):
    info = next(a for a in pipe.store.current_articles() if a.id == name)
    return info, pipe.bundles.get(info.id, info.sha)


def _texts(b, idx):
    return [b.sentence_text(i) for i in idx]


def _said(block) -> str:
    return " ".join(x.text for x in block.sentences)


def _collection(tmp_path, texts: dict[str, str]) -> Pipeline:
    """A pipeline over articles written for the test, {file name: text} (hashing embedder)."""
    d = tmp_path / "articles"
    d.mkdir()
    for name, text in texts.items():
        (d / name).write_text(text, encoding="utf-8")
    s = IndexSettings.from_env(data_dir=tmp_path / "data", progress=False)
    emb = HashingEmbedder()
    build([d], settings=s, embedder=emb)
    return Pipeline(Settings(index=s), embedder=emb, build_if_empty=False)


def test_initials_in_capitals_are_spelt_one_way(pipe):
    """"NATO" is not "nation" (nearly the same letters), though an ordinary word may be spelt otherwise."""
    _, b = _bundle(pipe, "alliance.md")
    assert not mentions("NATO", b, pipe.corpus, WORDS_ONLY).found
    assert mentions("nations", b, pipe.corpus, WORDS_ONLY).found


def test_a_hyphenated_name_is_named_by_its_last_part(pipe):
    _, b = _bundle(pipe, "alliance.md")
    m = mentions("Nagorno-Karabakh", b, pipe.corpus, WORDS_ONLY)
    assert m.found and m.how == "words"
    assert all("Karabakh" in t for t in _texts(b, m.sentences))


def test_a_hedged_subject_is_named_without_its_hedge(pipe):
    """"the possible dredging": the article that dredged its channel names it, though it never says
    "possible" (the hedge weighed half the word share, and the article was said not to name it)."""
    from rag.decide.subjects import unhedged
    assert unhedged("a possible strike by rail workers") == "a strike by rail workers"
    assert unhedged("the alleged plot") == "the plot" and unhedged("possible") == "possible"
    _, b = _bundle(pipe, "ports.md")
    for subject in ("the possible dredging", "a potential new quay"):
        m = mentions(subject, b, pipe.corpus, WORDS_ONLY)
        assert m.found and m.how == "words", subject


def test_every_way_of_naming_the_subject_counts(pipe):
    """Its words in one sentence, its initials in another: both are where the article names it."""
    _, b = _bundle(pipe, "alliance.md")
    m = mentions("the European Union", b, pipe.corpus, WORDS_ONLY)
    texts = _texts(b, m.sentences)
    assert any("European Union" in t for t in texts) and any("EU " in t for t in texts)


def test_some_of_the_subjects_words_and_close_meaning_is_a_mention(pipe):
    """A sentence holding part of the subject ("Gas") needs only the partial bar; one holding
    none of it the (higher) sentence bar."""
    _, b = _bundle(pipe, "energy.md")
    assert not mentions("gas pipelines", b, pipe.corpus, WORDS_ONLY).found
    m = mentions("gas pipelines", b, pipe.corpus, MentionThresholds(entity=2.0, sentence=2.0, partial=-1.0))
    assert m.found and m.how == "meaning"
    assert all("Gas" in t for t in _texts(b, m.sentences))


def test_a_bare_name_is_spoken_of_only_in_its_own_letters(pipe):
    """A country or place named without an article ("Iran", "Crimea") counts as mentioned only
    where its letters are, never by a sentence close in meaning (even at a bar every sentence
    passes); a name with an article ("the Kremlin", spoken of as "Moscow") and a person's name
    (spoken of by role: "the minister said") keep the meaning check, and a bare name the
    article writes is still found."""
    from rag.decide.subjects import bare_name
    assert bare_name("Iran") and bare_name("Crimea") and bare_name("NATO")
    assert not bare_name("the Kremlin") and not bare_name("Valdorian National Railways")
    assert not bare_name("gas pipelines") and not bare_name("Russia's Federal Security Service")
    assert not bare_name("Vladimir Putin")
    _, b = _bundle(pipe, "energy.md")
    anything = MentionThresholds(entity=2.0, sentence=-1.0, partial=-1.0)
    for subject in ("Iran", "Portvale"):
        assert not mentions(subject, b, pipe.corpus, anything).found, subject
    for subject in ("the Kremlin", "Vladimir Putin"):
        m = mentions(subject, b, pipe.corpus, anything)
        assert m.found and m.how == "meaning", subject
    _, ports = _bundle(pipe, "ports.md")
    assert mentions("Portvale", ports, pipe.corpus, anything).how == "words"


def test_one_article_naming_the_subject_is_quoted_at_length_on_it(pipe):
    """The only article naming it gets up to MAX_PER_ARTICLE sentences: those naming it and the
    ones going on about them ("This allows ..."), never padded with unrelated ones."""
    info, b = _bundle(pipe, "ports.md")
    v = views("Portvale", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    texts = _texts(b, v.sentences)
    assert PER_ARTICLE_SENTENCES < len(texts) <= MAX_PER_ARTICLE
    assert any(t.startswith("This allows") for t in texts)
    assert all("Portvale" in t or t.startswith(("It ", "This ")) for t in texts)
    assert any(t.startswith("It handles") for t in texts)
    assert not any("Rain" in t or "Roads" in t for t in texts)


def test_an_articles_answer_to_a_question_is_quoted_with_the_sentences_ranked_after_it(pipe):
    """A subject that is a question ("how the bill should be split") shows each article's answer and
    the sentences ranked after it, ANSWER_SENTENCES in all (across tune: two left out the figure set
    against the answer, "Tarvania is ready to pay half"), in article order; never more."""
    from rag.write.excerpts import ANSWER_SENTENCES
    info, b = _bundle(pipe, "ports.md")
    ranked = tuple(range(len(b.sentences)))[::-1]          # a scripted answerer: every sentence, last first
    v = views("how much the port handles", [info], pipe.bundles, pipe.corpus, WORDS_ONLY,
              answer=lambda bundle: (ranked, True))[0]
    assert ANSWER_SENTENCES == 3 and v.sentences == tuple(sorted(ranked[:ANSWER_SENTENCES]))
    assert v.mention.how == "words" and v.checked


def test_an_article_naming_the_subject_once_is_not_padded(pipe):
    info, b = _bundle(pipe, "energy.md")
    v = views("Wheat", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert len(v.sentences) <= PER_ARTICLE_SENTENCES
    assert any("Wheat" in t for t in _texts(b, v.sentences))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from conftest import ARTICLES as BUNDLED
    d = tmp_path_factory.mktemp("bundled")
    s = IndexSettings.from_env(data_dir=d / "data", progress=False)
    emb = HashingEmbedder()
    build([BUNDLED], settings=s, embedder=emb)
    return Pipeline(Settings(index=s), embedder=emb, build_if_empty=False)


# (000 and 002 on Russia had a line only by setting "years" beside 1991: see the test below)
@pytest.mark.parametrize("message", ["Compare what article 002 and article 004 say about Azerbaijan.",
                                     "Compare what article 003 and article 004 say about Karabakh."])
def test_the_line_on_what_differs_cites_the_passages_holding_its_values(bundled, message):
    import re
    from rag.write.differs import COMPARED
    a = bundled.answer(message)
    assert a.context["intent"] == "comparison"
    assert any(s.text.startswith("They differ on the") for s, _ in a.sentences())
    for s, cites in a.sentences():
        m = re.match(r"They differ on the (\w+)s they give: (.+)\.$", s.text)
        if not m:
            continue
        assert m.group(1) in COMPARED and m.group(1) != "count"   # bare counts count different things
        for part in m.group(2).split("; "):
            for value in part.split(" gives ", 1)[1].split(", "):
                assert any(value in c.text for c in cites), (value, [c.text[:80] for c in cites])


def test_bare_counts_are_not_set_side_by_side(bundled):
    """'two' in one article and 'One of ...' in another count different things: no line claims they differ."""
    a = bundled.answer("Compare what article 003 and article 004 say about Moscow.")
    lines = [s.text for s, _ in a.sentences() if s.text.startswith(("They differ", "Each puts", "Both say"))]
    assert lines and not lines[0].startswith("They differ on the counts"), lines


def test_another_name_sharing_a_word_is_not_the_subject(tmp_path):
    """"the Eurasian Economic Union" and "the Soviet Union" hold "Union" but are other names than
    "the European Union"; "President Trump" is Donald Trump (the tagger leaves the title out)."""
    pipe = _collection(tmp_path, {
        "bloc.md": "# A bloc in the east\n\nArmenia belongs to the Eurasian Economic Union and trades mostly with Russia.\n\n"
        "Russia sees itself as the heir of the Soviet Union, which collapsed in 1991.\n\n"
        "President Trump hosted the two leaders in Washington in August.\n",
        "other.md": "# Farming news\n\nEuropean farmers planted early. The union of growers met in May.\n",
    })
    _, b = _bundle(pipe, "bloc.md")
    assert not mentions("the European Union", b, pipe.corpus, WORDS_ONLY).found
    m = mentions("Donald Trump", b, pipe.corpus, WORDS_ONLY)
    assert m.found and all("Trump" in t for t in _texts(b, m.sentences))
    assert mentions("the Soviet Union", b, pipe.corpus, WORDS_ONLY).found


def test_a_topic_is_quoted_where_most_of_it_is_said_not_where_its_name_is(pipe):
    """A subject of several words is a topic: the sentences holding most of it come first, not
    those that only name the place the whole article is about. (Since the cleaner keeps the
    story's short closing sentence, "The mayor of Portvale praised the crews." may follow them.)"""
    info, b = _bundle(pipe, "ports.md")
    v = views("dredging the Portvale channel for larger ships", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    texts = _texts(b, v.sentences)
    assert texts[:2] == ["Portvale also dredged its channel.", "This allows larger ships to dock at low tide."]
    assert not any("quay" in t for t in texts), texts


def test_which_article_names_a_subject_none_does_says_so_and_each_silence(pipe):
    """ "Which article mentions X?" lists the articles that name X; when none does, that is the
    answer ("none" notice), and each article found silent by the full search is said to be."""
    from rag.write.across import across
    infos = pipe.store.current_articles()
    draft, _ = across(pipe.store, "Freedonia", infos, pipe.bundles, pipe.corpus, WORDS_ONLY,
                      compare=False, name_silent=False)
    assert draft.blocks[0].kind == "notice" and draft.blocks[0].claim == "none"
    assert "None of the articles names Freedonia" in draft.blocks[0].pieces[0].text
    assert sorted(b.article for b in draft.blocks if b.claim == "silent") == sorted(i.id for i in infos)
    draft, _ = across(pipe.store, "Portvale", infos, pipe.bundles, pipe.corpus, WORDS_ONLY,
                      compare=False, name_silent=False)
    assert not any(b.claim in ("none", "silent") for b in draft.blocks)     # one names it: it is listed
    assert [b.article for b in draft.blocks if b.kind == "section"] == ["ports.md"]


def test_a_question_shaped_subject_is_answered_per_article_and_counts_compared(tmp_path):
    """"What do A and B say about how many jobs the plant will create?": each article's answer
    to that question, the counts they give set side by side, and an article that does not
    answer it is said not to say it, never to be silent on the plant."""
    pipe = _collection(tmp_path, {
        "a_herald.md": "# Council backs the new plant\n\nThe council approved the battery plant on Monday after a long debate.\n\n"
        "The company says the plant will create about 1,200 jobs when it opens.\n\n"
        "Two buses an hour will serve the site from the town centre.\n",
        "b_courier.md": "# Doubts over the battery plant\n\nUnion leaders say the plant will create only around 300 jobs in its "
        "first year.\n\nThe site covers 40 hectares of former farmland.\n",
        "c_gazette.md": "# A plant on the marsh\n\nBirdwatchers fear the battery plant will drain the marsh.\n\n"
        "The marsh is home to rare species of wader.\n",
    })
    a = pipe.answer("Compare what a_herald.md, b_courier.md and c_gazette.md say about how many jobs "
                    "the plant will create.")
    assert a.context["intent"] == "comparison"
    said = [x.text for x, _ in a.sentences()]
    assert "The company says the plant will create about 1,200 jobs when it opens." in said
    assert any(t.startswith("Union leaders say the plant will create only around 300 jobs") for t in said)
    line = next(t for t in said if t.startswith(("They differ", "Each puts", "Both say")))
    assert line.startswith("They differ on the counts they give") and "1,200" in line and "300" in line
    assert "rare species" not in line and "Two" not in line          # counts of other things are not compared
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert not any(n.claim in ("silent", "none") for n in notices)   # not answering is not silence
    # no count of anything there: that it does not say how many jobs is checked, and said
    assert any(n.article == "c_gazette.md" and n.claim == "unnamed" and "does not say how many jobs" in _said(n)
               for n in notices)


def test_an_article_holding_the_asked_kind_in_other_words_is_not_said_not_to_say_it(tmp_path):
    """"It does not say when the line will open" is a claim about the article: an article giving
    a year in other words than the question's ("no trains before 2035") may say it, so it is
    shown as the closest it comes, claiming nothing; one with no date at all is said not to."""
    pipe = _collection(tmp_path, {
        "a_herald.md": "# Cabinet backs the line\n\nThe first passenger trains on the new line will run in 2031, "
        "the minister said.\n\nThe line will be 212 kilometres long.\n",
        "b_courier.md": "# A costly promise\n\nIndependent engineers put the true bill far higher, and they do not "
        "expect trains before 2035.\n\nThe ring road also came in over budget.\n",
        "c_gazette.md": "# Voices from the route\n\nFarmers along the route fear the line will split their fields.\n\n"
        "Nobody was asked, they say.\n",
    })
    a = pipe.answer("Compare what a_herald.md, b_courier.md and c_gazette.md say about when the line will open.")
    assert a.context["intent"] == "comparison"
    notices = {x.article: x for blk in a.blocks for x in blk.walk() if x.kind == "notice" and x.article}
    assert notices["b_courier.md"].claim == "closest" and "does not" not in _said(notices["b_courier.md"])
    assert "before 2035" in a.text
    assert notices["c_gazette.md"].claim == "unnamed" and "does not say when the line will open" in \
        _said(notices["c_gazette.md"])
    assert not any(x.claim in ("silent", "none") for x in notices.values())


def test_a_topic_the_mention_check_cannot_find_in_its_words_is_not_said_to_be_unnamed(tmp_path):
    """"It does not name the joint fisheries commission" over an article naming "the Hessel Sea
    Fisheries Commission" misleads: only a name is searched for by every spelling, so only of a
    name is it said; for a topic the closest passages are shown without that claim."""
    pipe = _collection(tmp_path, {
        "a_news.md": "# Talks collapse\n\nTalks at the Hessel Sea Fisheries Commission broke down on Monday.\n\n"
        "Trawlers stayed in port.\n",
        "b_news.md": "# Harbour quiet\n\nTrawlers stayed in port for a second day.\n\nThe harbour was quiet.\n",
    })
    from rag.write.across import across
    infos = pipe.store.current_articles()
    for subject, claim in (("the joint fisheries commission", "closest"), ("the Ossel Wetlands", "unnamed")):
        draft, _ = across(pipe.store, subject, infos, pipe.bundles, pipe.corpus, MentionThresholds(1.0, 0.0, 0.0),
                          compare=False)
        claims = {b.article: x.claim for b in draft.blocks if b.kind == "section" for x in b.blocks
                  if x.kind == "notice"}
        assert claims and set(claims.values()) == {claim}, (subject, claims)


def test_an_institution_is_named_only_with_what_it_is(tmp_path):
    """"the Ossel Wetlands Trust" is not named by a sentence on the wetlands of the Ossel (that was
    quoted as naming it); it is by "the Wetlands Trust", and by its initials."""
    pipe = _collection(tmp_path, {
        "marsh.md": "# The marsh\n\nThe line crosses the wetlands of the Ossel near Vell. Reed beds line the "
            "water there.\n\nFarmers graze cattle on the higher ground in summer.\n",
        "trust.md": "# Birds on the marsh\n\nThe Wetlands Trust counted the bitterns on the marsh again "
            "this spring.\n\nThe OWT says the count fell for the third year running.\n",
    })
    assert not mentions("the Ossel Wetlands Trust", _bundle(pipe, "marsh.md")[1], pipe.corpus, WORDS_ONLY).found
    _, b = _bundle(pipe, "trust.md")
    m = mentions("the Ossel Wetlands Trust", b, pipe.corpus, WORDS_ONLY)
    assert m.found and [t.split()[1] for t in _texts(b, m.sentences)] == ["Wetlands", "OWT"]
    assert mentions("the Ossel marshes", _bundle(pipe, "marsh.md")[1], pipe.corpus, WORDS_ONLY).found  # not an institution


def test_a_long_name_is_followed_into_the_next_sentence_and_a_list_item_naming_it_is_quoted(tmp_path):
    """A name of three words ("the Ossel Wetlands Trust") was ranked as a topic, so the sentence
    going on about it ("The viaduct, she said, ...") was dropped; a list item naming the subject
    ("- Length: ... a 9 km tunnel under the Drava Hills") was never quoted, having no full stop."""
    pipe = _collection(tmp_path, {"route.md": (
        "# The new line\n\nThe cabinet approved the line on Tuesday after a long debate.\n\n"
        "Key figures released by the ministry:\n\n- Length: 212 km, including a 9 km tunnel under the Drava Hills\n"
        "- Top speed: 300 km/h\n\nThe route has not been without controversy in the villages.\n\n"
        "At the marsh, Signe Dallow of the Ossel Wetlands Trust pointed out the reed beds. The viaduct, she said, "
        "would pass about 300 metres away. Birds do not read compensation plans.\n")})
    info, b = _bundle(pipe, "route.md")
    v = views("the Ossel Wetlands Trust", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert "The viaduct, she said, would pass about 300 metres away." in _texts(b, v.sentences)
    v = views("the Drava Hills tunnel", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert any("9 km tunnel under the Drava Hills" in t for t in _texts(b, v.sentences))


def test_an_article_named_by_its_kind_is_the_one_of_that_kind(tmp_path):
    """"the opinion piece", "the interview-based feature": the kind of piece singles out one
    article, though its words are nowhere in the others' text. In a collection where every piece
    is of that kind, the kind names none of them."""
    pipe = _collection(tmp_path, {
        "a_report.md": "# Council approves harbour wall repairs\n\nThe council approved the repairs to the harbour "
        "wall on Monday, at a cost of £2.1 million.\n\nWork will start in the spring.\n",
        "b_column.md": "# Opinion: The harbour wall is the wrong priority\n\nI have lived by the harbour for thirty "
        "years, and my neighbours agree the marina matters more.\n\nThe council should think again.\n",
        "c_voices.md": "# 'We lost two moorings': voices from the harbour\n\nFishermen say the harbour wall "
        "repairs came too late for some boats.\n\n\"We lost two moorings in January,\" said skipper Dan Keel.\n",
    })
    lib = pipe.library
    for phrase, want in (("the opinion piece", "b_column.md"), ("the interview-based feature", "c_voices.md")):
        scores = lib.describe(phrase)
        assert max(scores, key=scores.get) == want, (phrase, scores)
    a = pipe.answer("What does the interview-based feature say about the harbour wall?")
    assert [(art, how) for art, how, _ in a.trace.references] == [("c_voices.md", "description")]
    assert {c.source for c in a.citations} == {"c_voices.md"}


def test_a_q_and_a_explainer_and_the_news_report_are_named_by_their_kind(tmp_path):
    """A piece set out under question headings is an explainer ("the Q&A-style piece"); a piece
    of no other kind is the news report, and the word "news" in a column's text ("good news")
    does not make the column the news report."""
    pipe = _collection(tmp_path, {
        "a_report.md": "# Council approves harbour wall repairs\n\nThe council approved the repairs to the harbour "
        "wall on Monday, at a cost of £2.1 million.\n\nWork will start in the spring.\n",
        "b_column.md": "# Opinion: The harbour wall is the wrong priority\n\nI have lived by the harbour for thirty "
        "years, and the repairs are no good news for my street.\n\nI think the council should think again.\n",
        "c_guide.md": "# Harbour wall: the row so far\n\n## What is being built?\n\nA new wall along the outer "
        "harbour.\n\n## Who pays?\n\nThe council and the port share the bill.\n",
    })
    from rag.find.catalog import genres
    kinds = {i.id: genres(i.title, pipe.bundles.get(i.id, i.sha)) for i in pipe.store.current_articles()}
    assert kinds == {"a_report.md": {"news"}, "b_column.md": {"opinion"}, "c_guide.md": {"explainer"}}, kinds
    for phrase, want in (("the Q&A-style piece", "c_guide.md"), ("the news report", "a_report.md")):
        scores = pipe.library.describe(phrase)
        assert max(scores, key=scores.get) == want, (phrase, scores)


def test_a_quote_after_the_title_s_colon_marks_a_feature_and_a_note_names_its_author(tmp_path):
    """"Under the flight path: 'We will hear every one of them'" is a feature, as a title opening
    with a quote is; "Marta Quell is a columnist for ..." names the column's author though the small
    tagger calls her an organisation."""
    pipe = _collection(tmp_path, {
        "a_report.md": "# Runway plan goes to inquiry\n\nThe runway plan will go to a planning inquiry, the "
        "government said on Monday.\n",
        "b_feature.md": "# Under the flight path: 'We will hear every one of them'\n\nThe baker is up at four, "
        "and the planes are already coming in low over the church.\n",
        "c_column.md": "# Night flights are a bad bargain\n\nI have nothing against a longer runway. But I "
        "do mind the night flights.\n\nMarta Quell is a columnist for The Teslin Courier.\n",
    })
    from rag.find.catalog import genres
    kinds = {i.id: genres(i.title, pipe.bundles.get(i.id, i.sha)) for i in pipe.store.current_articles()}
    assert kinds["b_feature.md"] == {"feature"}, kinds
    entry = next(e for e in pipe.library.catalog().entries if e.id == "c_column.md")
    assert "Marta Quell" in entry.names, entry
    a = pipe.answer("What does Marta Quell say about night flights?")
    assert [(art, how) for art, how, _ in a.trace.references] == [("c_column.md", "author")]


def test_an_interview_op_ed_and_agency_copy_are_named_by_their_kind(tmp_path):
    """A piece set out as "Q:" paragraphs is an interview: its "I" is the interviewee's and its
    questions are no explainer's headings, so "the op-ed" is the column and "the explainer" the
    explainer. "the agency copy" is the wire report; an op-ed's closing paragraph about someone it
    never names before introduces its writer, whatever the role ("a former spokeswoman")."""
    pipe = _collection(tmp_path, {
        "a_wire.md": "# Regulator approves power surcharge\n\nPORT ISKA, March 4 (Nordwire) - The regulator on "
        "Wednesday approved a surcharge that will raise bills by 15 percent.\n\nThe ruling will be reviewed in "
        "September.\n",
        "b_oped.md": "# We should never again let the mainland hold the switch\n\nI do not accept that this was "
        "bad luck. I think the island must build its own plant. The surcharge will add about €20 a month to "
        "bills.\n\nHalla Brekke is a former energy spokeswoman "
        "and chairs the Port Iska Chamber of Commerce.\n",
        "c_interview.md": "# 'The fuel has to be paid for': the regulator on the surcharge\n\nMaren Tolvik has chaired "
        "the commission since 2022. She spoke to Strait Business Monthly in her office.\n\nQ: How much will bills go "
        "up?\n\nI expect about 12 per cent for most households.\n\nQ: Why not send the bill to the mainland?\n\nI "
        "have no power to send anyone an invoice.\n",
        "d_explainer.md": "# Explained: the broken cable\n\nThe cable failed on 12 January. Repairs could cost "
        "55 million euros.\n",
    })
    from rag.find.catalog import genres
    kinds = {i.id: genres(i.title, pipe.bundles.get(i.id, i.sha)) for i in pipe.store.current_articles()}
    assert kinds["c_interview.md"] == {"interview", "feature"}, kinds
    assert kinds["b_oped.md"] == {"opinion"} and kinds["d_explainer.md"] == {"explainer"}, kinds
    entries = {e.id: e for e in pipe.library.catalog().entries}
    assert entries["b_oped.md"].names == ("Halla Brekke",), entries["b_oped.md"]
    assert entries["c_interview.md"].site == "Strait Business Monthly"
    for phrase, want in (("the op-ed", "b_oped.md"), ("the agency copy", "a_wire.md"),
                         ("the interview with the regulator", "c_interview.md"), ("the explainer", "d_explainer.md")):
        scores = pipe.library.describe(phrase)
        assert max(scores, key=scores.get) == want, (phrase, scores)
    a = pipe.answer("Where do the op-ed and the interview disagree about who should pay for the fuel?")
    assert {art for art, _, _ in a.trace.references} == {"b_oped.md", "c_interview.md"}, a.trace.references
    a = pipe.answer("What's Halla Brekke's take on the surcharge?")
    assert [(art, how) for art, how, _ in a.trace.references] == [("b_oped.md", "author")], a.trace.references
    # ... her article's view of it, not a question about her
    assert a.trace.intent == "per_article" and "€20 a month" in a.text, (a.trace.intent, a.text)
    a = pipe.answer("Summarise what the explainer says about the repairs.")
    assert [(art, how) for art, how, _ in a.trace.references] == [("d_explainer.md", "description")], a.trace.references


def test_an_article_named_by_the_side_it_is_written_from_is_the_one_from_there(tmp_path):
    """"the report from the Vellmarish side" is the march in Oskor, a town another article puts in
    Vellmark: not the explainer that names Vellmark most, nor the report whose title has
    Vellmark only objecting ("... as Vellmark objects")."""
    pipe = _collection(tmp_path, {
        "a_approved.md": "# Dam approved as Vellmark objects\n\nThe Tarsish cabinet approved the Ulla dam on "
        "Monday. Vellmark said the dam would cut the river's flow.\n\nWork starts next year.\n",
        "b_march.md": "# Farmers march in Oskor against the dam\n\nHundreds of farmers marched through Oskor on "
        "Saturday against the Ulla dam.\n\nThe march was peaceful.\n",
        "c_guide.md": "# The Ulla dam row explained\n\nThe dam lies upstream of Oskor, a Vellmarish market town "
        "of 9,000 people. Vellmark wants a share of the water. Vellmarish farmers fear for the harvest.\n",
    })
    scores = pipe.library.describe("from the Vellmarish side")
    assert max(scores, key=scores.get) == "b_march.md", scores
    a = pipe.answer("What do the explainer and the report from the Vellmarish side say about the dam?")
    assert sorted(art for art, _, _ in a.trace.references) == ["b_march.md", "c_guide.md"], a.trace.references


def test_a_titles_home_is_its_subject_and_where_it_happens_not_who_reacts():
    from rag.find.origins import links, named_homes, title_places, Home
    # a title's first word is capitalised, noun or name: what it is called matters only if it
    # spells the side asked about
    assert "Vellmark" not in title_places("Dam approved as Vellmark objects")
    assert "Oskor" in title_places("Farmers march in Oskor against the dam")
    assert "Tarsland" not in title_places("Herring row with Tarsland escalates")
    assert "Oskor" in title_places("'Half the town is asleep': Oskor counts the cost")
    assert links(["Boats from the Tarsish port of Brenn sailed.", "Oskor, on the Vellmarish side of the river, "
                  "was quiet."]) == {"brenn": {"Tarsish"}, "oskor": {"Vellmarish"}}
    hs = [Home("a", ("Brenn",), ("Tarsish",)), Home("b", ("Oskor",), ("Vellmarish",))]
    assert named_homes("from the Tarsish side", hs) == {"a"}
    assert named_homes("the Tarsish side", hs) == set()               # no "from": a topic, not a home
    assert named_homes("from the Tarsish side", hs + [Home("c", ("Tarsish",))]) == {"a", "c"}
    assert named_homes("from Tarsish", [Home("a", ("Tarsish",)), Home("c", ("Tarsish",))]) == set()  # all of them


def test_an_article_never_read_for_a_question_is_not_said_not_to_answer_it(tmp_path):
    """Asked "when the Dunmore bridge will reopen" of an article that writes "Dunmore" nowhere,
    the pipeline refuses before reading its sentences (rag.decide.decision.off_article): that it
    does not say when was never checked, so no "It does not say ..." is claimed of it."""
    pipe = _collection(tmp_path, {
        "a_bridge.md": "# Dunmore bridge repairs\n\nThe Dunmore bridge will reopen on 3 May after repairs.\n",
        "b_road.md": "# Road closed\n\nThe coast road will reopen in June, the council said.\n",
    })
    from rag.decide.answerer import answerer
    answer = answerer("when the Dunmore bridge will reopen", pipe.evidence, pipe.scorer, pipe.rerank)
    b = next(pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles() if i.id == "b_road.md")
    _, answers = answer(b)
    assert answers is None


def test_a_kind_every_article_shares_names_none_of_them():
    from rag.find.catalog import asked_kinds
    mixed = {"a": {"opinion"}, "b": set(), "c": {"feature"}}
    assert asked_kinds("the opinion piece on the wall", mixed) == ["opinion"]
    assert asked_kinds("the interview-based feature", mixed) == ["feature"]
    assert asked_kinds("the article on the wall", mixed) == []
    assert asked_kinds("the editorial on the wall", {"a": {"opinion"}, "b": {"opinion"}}) == []


def test_a_subject_with_no_words_to_search_for_is_never_reported_silent(pipe):
    """"What do they say about it?" left "it" as the subject, and three articles that discuss the
    thing were reported as saying nothing on it."""
    info, _ = _bundle(pipe, "ports.md")
    v = views("it", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert v.mention.found and v.mention.how == "meaning"


ANY_SENTENCE = MentionThresholds(entity=2.0, sentence=-1.0, partial=-1.0)   # every sentence is close enough


def test_an_institution_is_spoken_of_only_by_what_it_is_or_its_initials(tmp_path):
    """A sentence close in meaning to "the Dunmarran Marine Agency" but about Dunmarran boats is
    not about the agency: such sentences made true absences of institutions read as mentions.
    "the agency" and initials one letter off its own ("the FSB" for the Federal Security
    Service) still count, and so does any sentence for a subject that is no institution."""
    pipe = _collection(tmp_path, {
        "boats.md": "# Boats at sea\n\nDunmarran trawlers crowded the marine reserve at dawn.\n\n"
                    "The catch was landed at noon.\n",
        "agency.md": "# Survey results\n\nThe agency published its survey of the stock on Monday.\n\n"
                     "Critics called it thin.\n",
        "spies.md": "# Arrests in the capital\n\nTwo reporters were said to be linked to the FSB.\n\n"
                    "Their lawyers denied it.\n",
    })
    def found(subject, name):
        return mentions(subject, _bundle(pipe, name)[1], pipe.corpus, ANY_SENTENCE).found
    assert not found("the Dunmarran Marine Agency", "boats.md")
    assert found("the Dunmarran Marine Agency", "agency.md")
    assert found("Russia's Federal Security Service", "spies.md")
    assert not found("the Dunmarran Marine Agency", "spies.md")
    assert found("marine conservation", "boats.md")          # a topic is spoken of by any close sentence
    assert found("the Soviet Union", "boats.md")             # two words: the other is what it is known by


def test_only_calendar_dates_are_set_side_by_side(tmp_path):
    """The line on what differs listed "six in the morning, 34, last weekend" as one article's
    dates: a time of day, a skipper's age and a span of time. Days, months and years are
    compared; those are not."""
    pipe = _collection(tmp_path, {
        "a_quay.md": "# The quay\n\nAt six in the morning the blockade of the harbour was still in place. "
                     "Jens Varrick, 34, was trapped by the blockade last weekend.\n",
        "b_port.md": "# The port\n\nThe blockade of the harbour ended at noon after a day and a half.\n",
        "c_dated.md": "# The talks\n\nThe blockade of the harbour began on 3 May 2026, before the talks.\n",
        "d_dated.md": "# The end\n\nNessa Quill, 34, said the blockade of the harbour ended on 5 May 2026.\n",
    })
    lines = [s.text for s, _ in pipe.answer("Compare what a_quay.md and b_port.md say about the blockade of "
                                            "the harbour.").sentences()]
    assert not any(t.startswith("They differ on the dates") for t in lines), lines
    lines = [s.text for s, _ in pipe.answer("Compare what c_dated.md and d_dated.md say about the blockade of "
                                            "the harbour.").sentences()]
    line = next(t for t in lines if t.startswith(("They differ", "Each puts", "Both say")))
    assert line.startswith("They differ on the dates") and "3 May 2026" in line and "5 May 2026" in line, line
    assert "34" not in line, line


def test_a_topic_named_only_by_its_initials_is_quoted_there(tmp_path):
    """"the Kaldmerian fishermen's federation" is named in one article only as "the KFF": that
    sentence holds none of the subject's words, so it ranked below every sentence on fishermen."""
    other = " ".join(f"Fishermen in the {w} harbour spoke to reporters on day {n}." for n, w in
                     enumerate(("north", "south", "east", "west", "old", "new", "inner", "outer"), 1))
    pipe = _collection(tmp_path, {"quay.md": f"# On the quay\n\n{other}\n\nAksel Thorne, who chairs the KFF, "
                                              "said the old deal had been out of date for years.\n"})
    info, b = _bundle(pipe, "quay.md")
    v = views("the Kaldmerian fishermen's federation", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert v.mention.found and len(v.sentences) < len(b.sentences)
    assert any("chairs the KFF" in t for t in _texts(b, v.sentences)), _texts(b, v.sentences)


ROLE_ARTICLES = {
    "a_row.md": "# Quota row deepens\n\nKaldmere will take more of the herring this year, the government said on "
                "Thursday.\n\nFisheries Minister Ingrid Vasse defended the decision in parliament. The stock has "
                "moved north, she said, and the quota must follow it.\n\nTalks between the two governments broke "
                "down last month and no date has been set for new ones.\n",
    "b_column.md": "# Opinion: a bet against the sea\n\nMs Vasse has claimed far too much of the stock for one "
                   "season. The sea will not wait for anyone, and the fish do not read quota tables.\n\nA "
                   "temporary split for one year would give the scientists time to count again.\n",
    "c_harbour.md": "# The harbour counts the cost\n\nThe auction hall was quiet all week, and the porters were "
                    "sent home early.\n\nCrane drivers are paid by the tonne, so fewer boats means smaller pay "
                    "packets for everyone on the quay.\n",
    "d_port.md": "# Across the sound\n\nDunmarra will not back down, Marine Minister Ronan Tasker said on "
                 "Tuesday in the capital. Kaldmere sent Ilona Marsk and Fisheries Minister Ingrid Vasse to the "
                 "last talks, with former Fisheries Minister Tove Brand.\n\nJens Varrick, 34, skippers the purse-seiner Silver Tern and was "
                 "trapped in harbour all weekend.\n\nThe Brigid Rose came home on Tuesday evening to a crowd on the "
                 "pier. Her skipper, Nessa Quill, went straight to her mother.\n",
}


def test_the_holder_of_a_role_is_read_from_the_articles_own_appositions(tmp_path):
    """"the fisheries minister" is whoever the collection sets beside that role, with the
    subject's own names near: not another minister, a former one, the person named before "and
    Fisheries Minister ...", nor someone who "skippers" another boat."""
    from rag.decide.roles import holders
    pipe = _collection(tmp_path, ROLE_ARTICLES)
    bundles = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    assert holders("Kaldmere's fisheries minister", bundles) == ("Ingrid Vasse",)
    assert holders("the skipper of the Brigid Rose", bundles) == ("Nessa Quill",)
    assert holders("the harbour auction hall", bundles) == ()          # no role: nobody


def test_an_article_naming_only_the_holder_of_a_role_speaks_of_it(tmp_path):
    """An opinion piece calling the minister only "Ms Vasse" was said not to name "Kaldmere's
    fisheries minister" (or to be silent on her): it is quoted on her, saying who she is."""
    pipe = _collection(tmp_path, ROLE_ARTICLES)
    a = pipe.answer("What does each article say about Kaldmere's fisheries minister?")
    section = next(b for b in a.blocks if b.kind == "section" and b.article == "b_column.md")
    notes = [x for x in section.blocks if x.kind == "notice"]
    assert [n.claim for n in notes] == ["holder"] and "Ingrid Vasse" in notes[0].sentences[0].text
    assert any("Ms Vasse has claimed" in x.text for blk in section.blocks for x in blk.sentences if blk.kind != "notice")
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert not any(n.article == "b_column.md" and n.claim in ("silent", "unnamed") for n in notices)


def test_a_sentence_going_on_about_a_topic_is_quoted_with_it(tmp_path):
    """"Its lead scientist reported ... 58 percent" goes on about the institute's research named
    in the sentence before; holding none of the topic's words, it ranked below every sentence
    holding one ("research")."""
    other = " ".join(f"The {w} research was discussed at meeting {n}." for n, w in
                     enumerate(("bird", "seal", "kelp", "coral", "reef", "tide"), 1))
    pipe = _collection(tmp_path, {"bank.md": (
        f"# The bank\n\n{other}\n\nThe minister pointed to research by the Hessel Marine Institute. Its lead "
        "scientist reported that 58 percent of the stock now lives in our waters.\n")})
    info, b = _bundle(pipe, "bank.md")
    v = views("the Hessel Marine Institute's research", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert len(v.sentences) < len(b.sentences)
    assert any("58 percent" in t for t in _texts(b, v.sentences)), _texts(b, v.sentences)


def test_what_a_named_person_goes_on_to_say_is_quoted_with_them(tmp_path):
    """'"... always taken," Mr Tasker said. "We are not the ones who tore it up." He said Dunmarra
    would attend the talks only if the bond is returned first.' The last two go on about him
    (a quote going on, then "He said" after it); the condition was never quoted."""
    pipe = _collection(tmp_path, {"sound.md": (
        f"# Across the sound\n\nMarine Minister Ronan Tasker said the seizure showed why the government would "
        f"not back down.\n\n{FILLER}\n\n\"That is half of what the scientists advise,\" Mr Tasker said. \"We are "
        "not the ones who tore up the agreement.\" He said Dunmarra would attend the talks only if the bond is "
        "returned first.\n")})
    info, b = _bundle(pipe, "sound.md")
    v = views("Ronan Tasker", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    quoted = _texts(b, v.sentences)
    assert len(quoted) < len(b.sentences) and any("only if the bond is returned first" in t for t in quoted), quoted


def test_a_quote_opening_after_the_sentence_naming_its_speaker_is_quoted_with_them(tmp_path):
    """'Sorvia's minister, Tomas Ederly, said ... "Brannholt is building a wall of steel along our
    skyline," he said.': the quote is his, though the sentence before quoted nothing."""
    pipe = _collection(tmp_path, {"ridge.md": (
        f"# The ridge\n\n{FILLER}\n\nSorvia's environment minister, Tomas Ederly, said his government had not been "
        "consulted. \"Brannholt is building a wall of steel along our skyline,\" he said.\n")})
    info, b = _bundle(pipe, "ridge.md")
    v = views("Tomas Ederly", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    quoted = _texts(b, v.sentences)
    assert len(quoted) < len(b.sentences) and any("wall of steel" in t for t in quoted), quoted


def test_a_named_partys_position_is_spoken_of_wherever_the_party_is(tmp_path):
    """"Tomas Ederly's position": an article quoting Mr Ederly speaks of it though it never writes
    "position" (it was said to be silent on it); one never naming him is silent."""
    pipe = _collection(tmp_path, {
        "a.md": "# Ridge row\n\nSorvia's environment minister, Tomas Ederly, said his government had not been "
                "consulted.\n\nThe licence runs for thirty years.\n",
        "b.md": "# Village fund\n\nThe village will get a fund of 400,000 a year.\n\nThe school roof will be mended.\n",
    })
    for name, found in (("a.md", True), ("b.md", False)):
        _, b = _bundle(pipe, name)
        m = mentions("Tomas Ederly's position", b, pipe.corpus, WORDS_ONLY)
        assert m.found is found and (not found or m.how == "words"), (name, m)
        # ... and so is what he said, whatever it is said about (acrossm, tune: "Dieter Keßel's
        # explanation for the contamination" was the closest a report quoting him came)
        m = mentions("Tomas Ederly's explanation for the delay", b, pipe.corpus, WORDS_ONLY)
        assert m.found is found, (name, m)


def test_a_common_noun_phrase_is_named_only_with_its_head(tmp_path):
    """"the village school" is a school: a sentence on the village hall holds its rarest word but
    does not name it (it was quoted as the article's view of the school, and the sentences on the
    school were left out); one with more than one qualifying word is named by all of them."""
    pipe = _collection(tmp_path, {
        "a.md": "# Dunsel\n\nThe village hall was full on Tuesday night.\n\nThe primary school roof has leaked since "
                "the storms.\n\nThe access road will pass within 50 metres of the school.\n",
        "b.md": "# The treaty\n\nUnder the 1998 Greyfell Treaty, each side must consult the other.\n\nTalks resume "
                "in May.\n",
    })
    _, a = _bundle(pipe, "a.md")
    m = mentions("the village school", a, pipe.corpus, WORDS_ONLY)
    assert m.found and _texts(a, m.sentences) == ["The primary school roof has leaked since the storms.",
                                                  "The access road will pass within 50 metres of the school."]
    _, b = _bundle(pipe, "b.md")
    m = mentions("the 1998 Greyfell Treaty's consultation rule", b, pipe.corpus, WORDS_ONLY)
    assert m.found and _texts(b, m.sentences)[0].startswith("Under the 1998 Greyfell Treaty")


def test_a_named_partys_position_is_what_they_go_on_to_say(tmp_path):
    """The view of "Tomas Ederly's position" quotes what he goes on to say in the next sentence
    ("He said ... arbitration"), as the view of Tomas Ederly would."""
    pipe = _collection(tmp_path, {
        "a.md": "# March\n\nSeveral thousand people marched through Ostvik on Saturday.\n\n"
                "Environment Minister Tomas Ederly said Sorvia would ask the commission to suspend the licence. "
                "He said Linnemark was also preparing a case for arbitration.\n\n"
                "Hotel owners fear the turbines will drive visitors away.\n\n"
                "The position of the turbines has not changed. The developer's position is that the licence is "
                "lawful. The mayor's position is unchanged.\n",
    })
    info, b = _bundle(pipe, "a.md")
    v, = views("Tomas Ederly's position", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)
    assert "He said Linnemark was also preparing a case for arbitration." in _texts(b, v.sentences)


def test_a_figure_set_against_another_in_the_next_sentence_is_part_of_the_answer(tmp_path):
    """"How much the wind farm will cost": an article giving the official figure and then, in the
    next sentence of its paragraph, the developer's higher one answers with both."""
    pipe = _collection(tmp_path, {
        "a.md": "# The licence was rushed\n\nStart with the money. The government says the wind farm costs "
                "€310 million. The developer's own filing puts it at €340 million once the road is counted.\n\n"
                "Neighbours remember.\n",
        "b.md": "# Explained\n\nThe official cost of the wind farm is €310 million.\n\nIt has 42 turbines.\n",
    })
    a = pipe.answer("What do a.md and b.md say about how much the wind farm will cost?")
    assert a.context["intent"] == "comparison"
    assert "€340 million" in a.text and a.text.count("€310 million") >= 2


def test_initials_stand_for_the_name_another_article_spells_out(tmp_path):
    """An article writing only "the RWU" speaks of rail workers when another article of the
    collection spells out "the Rail Workers' Union": it was said to be silent on "a strike by rail
    workers" over "a threatened walkout by the RWU"."""
    pipe = _collection(tmp_path, {
        "a.md": "# Voices\n\nPiet Salk sits on the executive of the Rail Workers' Union.\n\n"
                "He said the union would strike if the terms were not settled.\n",
        "b.md": "# Who pays\n\nThe bankers listed three risks.\n\n"
                "- a threatened walkout by the RWU over the terms of the concession;\n\n"
                "- rising steel prices.\n",
    })
    _, b = _bundle(pipe, "b.md")
    m = mentions("a strike by rail workers", b, pipe.corpus, WORDS_ONLY)
    assert m.found and "walkout by the RWU" in b.sentence_text(m.sentences[0])


def test_a_topic_s_names_are_held_in_their_other_spellings(tmp_path):
    """"a peace treaty between Vessland and Ormany" is held by the sentence on "the Vesslandic and
    Ormanian leaders" signing a peace treaty, which names the two countries by their adjectives,
    more than by one naming them beside "the peace" alone."""
    from rag.write.excerpts import best_sentences as _best_sentences
    pipe = _collection(tmp_path, {
        "talks.md": "# Neighbours talk\n\nVessland and Ormany fought a short war in 2019.\n\n"
            "The Vesslandic and Ormanian leaders signed a peace treaty in July.\n\n"
            "Trade between Vessland and Ormany has grown since the peace.\n\n"
            "Ormany and Vessland share a long border.\n\nVessland has also rebuilt its army.\n",
        "other.md": "# Harbour news\n\nThe harbour in Vessland reopened after repairs.\n",
    })
    info, b = _bundle(pipe, "talks.md")
    subject = "a peace treaty between Vessland and Ormany"
    top = _best_sentences(subject, b, mentions(subject, b, pipe.corpus, WORDS_ONLY), pipe.corpus, 1)
    assert "Ormanian leaders" in _texts(b, top)[0], _texts(b, top)


def test_a_topic_is_held_by_initials_standing_for_its_words(tmp_path):
    """"the harbour workers' strike" is held by "about 300 members of the DHWU stayed away from work
    ... during the walkout" where another article spells out the Dock and Harbour Workers' Union:
    the sentence holds none of the subject's words, and one about the quay was quoted first."""
    from rag.write.excerpts import best_sentences as _best_sentences
    pipe = _collection(tmp_path, {
        "news.md": "# Strike called\n\nThe Dock and Harbour Workers' Union said its members would strike on Tuesday.\n",
        **{f"n{k}.md": f"# Harbour news {k}\n\nHarbour workers in port {k} went {'on strike' if k < 2 else 'home'} "
           "last year.\n" for k in range(6)},
        "quay.md": "# On the quay\n\nThe gulls were loud at dawn on the quay.\n\n"
            "Boats stayed tied up all week.\n\n"
            "Mikkel Sarn was among about 300 members of the DHWU who stayed away during the walkout.\n\n"
            "The port master would not comment.\n",
    })
    info, b = _bundle(pipe, "quay.md")
    subject = "the harbour workers' strike"
    top = _best_sentences(subject, b, mentions(subject, b, pipe.corpus, WORDS_ONLY), pipe.corpus, 1)
    assert "DHWU" in _texts(b, top)[0], _texts(b, top)


def test_a_view_goes_on_inside_a_quote_and_after_a_sentence_announcing_the_subject(tmp_path):
    """'"Where would I go? To a flat in town?"' is still the farmer talking, though its second
    sentence neither opens with a quote nor refers back; "There is also the matter of health."
    only announces what the next sentence says."""
    from rag.write.excerpts import _ongoing
    pipe = _collection(tmp_path, {"farm.md": "# Under the flight path\n\nMarek Bielik keeps a dozen cows. "
                                             "\"Where would I go? To a flat in town? With the cows?\" he asks.\n\n"
                                             "There is also the matter of health. A study found that people slept 40 "
                                             "minutes less. The school is quiet.\n"})
    _, b = _bundle(pipe, "farm.md")
    at = {b.sentence_text(i)[:12]: i for i in range(len(b.sentences))}
    going = _ongoing(b, {at["Marek Bielik"], at["There is als"]})
    assert {at["To a flat in"], at["With the cow"]} <= going, [b.sentence_text(i) for i in going]
    assert at["A study foun"] in going and at["The school i"] not in going


PERSON_ARTICLES = {
    "a_news.md": "# Cabinet approves the dam\n\nThe Minister of Water and Energy, Dalia Moret, called the dam the "
                 "country's biggest investment. Kessany's environment minister, Anton Reisz, said farmers would "
                 "suffer.\n\nThe Velmar Hydro Corporation will build it by 2031.\n",
    "b_column.md": "# A good idea sold on bad numbers\n\nThe water minister insists that Velmara has met every "
                   "obligation. If the bank balks, Velmar Hydro will be left holding a hole in a mountain.\n",
    "c_feature.md": "# A village under water\n\nIn Ostrin the school will close in June, and the bakery the "
                    "year after.\n",
}


def test_a_person_named_only_by_a_role_the_collection_gives_them_alone_is_mentioned(tmp_path):
    """"The water minister insists ..." speaks of Dalia Moret, "The Minister of Water and Energy" in
    another article, where the environment minister is someone else: calling the column silent on
    her would be false. The feature names neither her nor her role."""
    from rag.decide.roles import by_holder, roles_of
    from rag.decide.mentions import mentions
    pipe = _collection(tmp_path, PERSON_ARTICLES)
    bundles = {i.id: pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()}
    roles = roles_of("Dalia Moret", list(bundles.values()))
    assert roles and all("environ" not in q for _, q in roles)

    def found(name):
        b = bundles[name]
        return by_holder(mentions("Dalia Moret", b, pipe.corpus, pipe.scorer.mentions), "Dalia Moret", (), b,
                         pipe.corpus, roles)
    assert found("b_column.md").how == "role" and not found("c_feature.md").found
    a = pipe.answer("What does b_column.md say about Dalia Moret?")
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert not any(n.claim == "silent" for n in notices), a.text
    assert "met every obligation" in a.text


def test_a_company_named_without_the_word_saying_it_is_one_is_mentioned(tmp_path):
    from rag.decide.mentions import mentions
    pipe = _collection(tmp_path, PERSON_ARTICLES)
    b = next(pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles() if i.id == "b_column.md")
    assert mentions("the Velmar Hydro Corporation", b, pipe.corpus, pipe.scorer.mentions).found
    c = next(pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles() if i.id == "c_feature.md")
    assert not mentions("the Velmar Hydro Corporation", c, pipe.corpus, pipe.scorer.mentions).found


def test_a_value_asked_of_a_thing_is_looked_for_by_its_kind(tmp_path):
    """"the height of the dam" is given by "a 142-metre hydropower dam", which holds no "height":
    among many sentences on the dam, the one holding a length is quoted."""
    talk = " ".join(f"The dam was discussed again at meeting {w}." for w in
                    ("one", "two", "three", "four", "five", "six", "seven", "eight"))
    pipe = _collection(tmp_path, {
        "a_news.md": "# Cabinet approves the dam\n\n" + talk + " The cabinet approved the Brask Gorge Dam, a "
                     "142-metre hydropower dam on the Morvane.\n",
        "b_wire.md": "# Farmers fear for harvests\n\n" + talk + " The neighbours approved a 150-metre dam upstream.\n"})
    a = pipe.answer("What does each article say about the height of the dam?")
    assert "142-metre" in a.text and "150-metre" in a.text, a.text


def test_a_thing_asked_for_is_never_reported_silent(pipe):
    """"What compromise do A and B suggest?": an article may suggest one in words of its own, so
    none is said to be silent on "compromise" — each is shown at its closest, no claim made. Asked
    as a name to find, the article without the word is silent."""
    info, _ = _bundle(pipe, "ports.md")
    assert not views("compromise", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0].mention.found
    v = views("compromise", [info], pipe.bundles, pipe.corpus, WORDS_ONLY, described=True)[0]
    assert v.mention.found and v.mention.how == "meaning" and not v.checked


def test_a_comparison_asking_for_a_thing_claims_no_silence(pipe):
    t = pipe.answer("What compromise do the first and third articles suggest?")
    assert t.trace.intent == "comparison" and "Not mentioned" not in t.text and "does not name" not in t.text, t.text
    t = pipe.answer("What do the first and third articles say about compromise?")
    assert "Not mentioned" in t.text, t.text


def test_a_capital_the_articles_name_as_one_stands_for_its_country(tmp_path):
    """"officials in Corvena" speaks of Valdoria where an article says Corvena is the Valdorian
    capital; a city no article calls a capital does not, and neither do the country's exporters."""
    pipe = _collection(tmp_path, {
        "line.md": "# Cabinet approves line\n\nThe Valdorian cabinet approved a railway between the capital, Corvena, "
                   "and the port of Saltrey.\n",
        "talks.md": "# Talks sought\n\nLusenia has asked for talks with officials in Corvena.\n\n"
                    "Farmers in Saltrey were not consulted.\n",
    })
    _, b = _bundle(pipe, "talks.md")
    m = mentions("Valdoria", b, pipe.corpus, WORDS_ONLY)
    assert m.found and "Corvena" in b.sentence_text(m.sentences[0])
    assert mentions("the Valdorian government", b, pipe.corpus, WORDS_ONLY).found
    assert not mentions("Valdorian exporters", b, pipe.corpus, WORDS_ONLY).found
    assert pipe.corpus.capitals() == {"valdorian": frozenset({"Corvena"})}


def test_a_question_the_writer_asks_is_not_quoted_as_what_the_article_says(tmp_path):
    """"What will the dam really cost?" states nothing of the cost; the review's figure does. A
    question quoted from someone ('"Who pays?" she asked.') is their words and may be quoted."""
    pipe = _collection(tmp_path, {
        "dam.md": "# The dam\n\nThe official cost of the dam is $2.1 billion.\n\nWhat will the dam really cost? "
                  "An internal review puts the dam closer to $2.8 billion.\n\nThe dam will flood the valley.\n",
    })
    info, b = _bundle(pipe, "dam.md")
    v = views("the cost of the dam", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    said = _texts(b, v.sentences)
    assert not any(t.endswith("?") for t in said), said
    assert any("$2.8 billion" in t for t in said), said


def test_a_kind_of_person_or_thing_is_never_reported_silent(pipe):
    """"a café owner" may be "Bogdan Fila, who runs the village's only café": an article without the
    words is shown at its closest, never said to be silent; "the café owner" is searched for."""
    info, _ = _bundle(pipe, "ports.md")
    v = views("a café owner", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    assert v.mention.found and v.mention.how == "meaning" and not v.checked
    assert not views("the café owner", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0].mention.found


def test_an_article_left_out_is_not_asked(pipe):
    t = pipe.answer("Apart from the first article, which article mentions Portvale?")
    assert t.trace.scope == ("energy.md", "ports.md") and "ports.md" in t.text, (t.trace.scope, t.text)


def test_a_name_spoken_of_by_its_head_noun_is_quoted_with_its_name(tmp_path):
    """After "The Northern Development Bank has promised $800 million", "The bank's rules are
    clear: ..." speaks of the bank; it is quoted with the sentence naming it. Before the name,
    "the bank" may be another."""
    pipe = _collection(tmp_path, {"dam.md": (
        f"# The dam\n\nThe bank of the river was lined with protesters on Monday.\n\n{FILLER}\n\n"
        "The Northern Development Bank has promised $800 million towards the dam.\n\n"
        "Ministers say the work will start in spring.\n\n"
        "Northern development has long been slow, say farmers in the north.\n\n"
        "Development money for the northern valleys has dried up since 2019.\n\n"
        "The bank's rules are clear: it will not pay out until the downstream state has been consulted.\n")})
    info, b = _bundle(pipe, "dam.md")
    v = views("the Northern Development Bank", [info], pipe.bundles, pipe.corpus, WORDS_ONLY)[0]
    quoted = _texts(b, v.sentences)
    assert any("bank's rules are clear" in t for t in quoted), quoted
    assert not any("lined with protesters" in t for t in quoted), quoted


TOLL = {
    "courier.md": """# Bridge toll row deepens

The new bridge toll will raise about 12 million crowns a year. The toll money would be shared between the two towns.

Rain closed the coast road on Monday.

Under the plan the toll money from lorries goes to Ebrach. The toll money from cars is shared equally.

Fishermen landed a record catch.

The mayor of Ebrach wants the toll money shared by population instead.
""",
    "herald.md": """# What the toll means for Ebrach

Ebrach council expects its share of the toll money to pay for a new school.

Rain closed the coast road on Monday.

Critics say the toll money should be shared with the ferry company too. The toll money split is due for review in 2028.

Fishermen landed a record catch.
""",
}


def test_a_topic_two_articles_speak_of_in_their_own_words_is_quoted_as_fully_as_a_name(tmp_path):
    """A subject no article names as such ("how the toll money is shared", a topic of several
    words) is quoted from each compared article as fully as a name would be, not cut to the
    fewest (acrossq, tune: the second cable's cost was quoted by the two sentences opening its
    section, "Both sides agree the island needs one. They disagree about almost everything
    else.", and not by the third, which gives the cost)."""
    p = _collection(tmp_path, TOLL)
    infos = [a for a in p.store.current_articles()]
    vs = views("how the toll money is shared among the towns", infos, p.bundles, p.corpus, WORDS_ONLY)
    herald = next(v for v in vs if v.article == "herald.md")
    assert herald.mention.how == "meaning"      # it never says "towns"
    texts = _texts(herald.bundle, herald.sentences)
    assert len(texts) > PER_ARTICLE_SENTENCES, texts
    assert any(t.startswith("The toll money split") for t in texts), texts
    assert not any(t.startswith(("Rain", "Fishermen")) for t in texts), texts


def test_a_live_page_a_wire_story_an_analysis_and_a_feature_are_named_by_their_kind(tmp_path):
    """Pages that say what they are only in their layout: a header naming the section ("HALVARD
    REVIEW | Analysis", "SARN VALLEY COURIER - Features"), entries under times of day, a wire
    dateline and credit, a feature's photo credit; an analysis signed by a closing line saying
    what its writer does ("- Henrike Vossberg teaches ..."). A blind across tune set (acrossp)
    named them "the live blog", "the wire report", "the commentary", "the residents' feature" and
    "Vossberg's analysis", and its first run resolved .47 of its references."""
    pipe = _collection(tmp_path, {
        "a_ledger.txt": "THE OSKEL LEDGER\nBridge collapse: Oskel offers to split the rebuild\nBy Mira Kallend, "
        "Transport Correspondent\nMonday 2 March 2026\n\nThe government has offered to share the cost of rebuilding "
        "the Halden Bridge with its neighbour.\n\nAbout 4,200 vehicles a day used the bridge.\n",
        "b_review.txt": "HALVARD REVIEW | Analysis\n\nWho pays for a bridge that belongs to two countries?\n\nThe "
        "collapse of the Halden Bridge is a tragedy, and the blame lies with two ministries that starved the "
        "commission of money.\n\nThe commission's budget should be indexed and ring-fenced.\n\n- Henrike Vossberg "
        "teaches infrastructure law at the University of Dressel.\n",
        "c_live.txt": "Live updates\n\nLIVE: Halden Bridge collapses - latest updates\n\nFriday 27 February 2026\n\n"
        "18:10\nThat is where we leave our live coverage for today.\n\n14:00 - Traffic at Ferrin\nQueues at the "
        "Ferrin crossing stretch back several kilometres.\n\n05:40 - Two dead\nPolice have confirmed that two "
        "people have died.\n\n© 2026 Norvane Broadcasting\n",
        "d_wire.txt": "Velmora demands Tarvania pay 70% of rebuild\n\nKOLBY, March 3 (Velpress) - Velmora will ask "
        "Tarvania to cover 70 percent of the cost of replacing the Halden Bridge, the minister said on Tuesday.\n\n"
        "About 1,800 people crossed the bridge daily to work.\n\n(Reporting by Lene Aastrup; editing by Conrad "
        "Bell)\n",
        "e_feature.txt": "SARN VALLEY COURIER - Features\n\nLife on the broken side: Dressel waits for its bridge\n"
        "Words: Jonas Berrill | Photos: Tove Lindqvist\n\nMarta Eklin has baked bread on Bridge Street for "
        "twenty-six years, and the residents who queue at her counter talk of nothing but the bridge.\n",
    })
    kinds = {e.id: set(e.kinds) for e in pipe.library.catalog().entries}
    assert kinds == {"a_ledger.txt": {"news"}, "b_review.txt": {"opinion"}, "c_live.txt": {"live"},
                     "d_wire.txt": {"wire", "news"}, "e_feature.txt": {"feature"}}, kinds
    entries = {e.id: e for e in pipe.library.catalog().entries}
    assert entries["b_review.txt"].names == ("Henrike Vossberg",), entries["b_review.txt"]
    assert (entries["b_review.txt"].site, entries["e_feature.txt"].site) == ("HALVARD REVIEW", "SARN VALLEY COURIER")
    for message, want in (("What do the live blog and the wire report say about the traffic?", {"c_live.txt", "d_wire.txt"}),
                          ("Compare what the commentary and the residents' feature say about the bridge.",
                           {"b_review.txt", "e_feature.txt"}),
                          ("Do the timeline and Kallend give the same figure for daily traffic?", {"c_live.txt", "a_ledger.txt"}),
                          ("Summarise Vossberg's view of the commission.", {"b_review.txt"})):
        a = pipe.answer(message)
        assert {art for art, _, conf in a.trace.references if conf >= 0.75} == want, (message, a.trace.references)


def test_a_page_signed_by_its_editorial_board_is_an_editorial(tmp_path):
    """"By Azerbaijan.US Editorial Board" signs an editorial: once a page labelled "Opinion" was
    read as the one opinion piece, "according to the editorial board" named it instead (dev tune
    .586 -> .517 until the board's pages were editorials too)."""
    pipe = _collection(tmp_path, {
        "a_board.txt": "Harbour repairs cannot wait\nBy Portwick Editorial Board\n\nThe council has put off the "
        "harbour wall repairs for a third year, and the sea will not wait for it.\n",
        "b_opinion.txt": "Opinion\n\nThe marina is a better bet than the wall\nBy Owen Bracegirdle\n\nThe harbour wall "
        "has stood for a century and will stand for a few more years without the council's money.\n",
        "c_report.txt": "Council delays harbour vote\n\nCouncillors postponed a vote on the harbour wall on Monday.\n",
    })
    kinds = {e.id: set(e.kinds) for e in pipe.library.catalog().entries}
    assert kinds == {"a_board.txt": {"opinion"}, "b_opinion.txt": {"opinion"}, "c_report.txt": {"news"}}, kinds


def test_a_place_is_named_by_another_languages_spelling_and_its_peoples_adjective(tmp_path):
    """"Bresnitz" is Breznica as the other side writes it, "the Vellish state" speaks of Velland:
    each was reported "not mentioned" where it was (across tune: acrossr, acrossq, acrossp). A
    name that only shares a few letters is still not one ("Portland" is not "Portvale")."""
    pipe = _collection(tmp_path, {"row.md": "# Runway row\n\nThe approach path runs over Bresnitz and Dubrau. "
                                            "The cable is owned by the Vellish state.\n\nPortvale opened a new quay.\n"})
    info, b = _bundle(pipe, "row.md")
    for subject, found in (("Breznica", True), ("Velland", True), ("Portland", False), ("Finland", False)):
        m = mentions(subject, b, pipe.corpus, WORDS_ONLY)
        assert m.found == found, (subject, m)


def test_a_role_only_one_person_holds_names_them_and_a_surname_spelt_another_way_is_theirs(tmp_path):
    """"The inspector is expected to report by the end of the year." speaks of Johanna Pirec when
    no one else in the collection is an inspector, though it says no more than "the inspector";
    "Transport Minister Teodor Valeš" in the other side's report is Teodor Valesch, not another
    transport minister whose role would then name no one (acrossr, tune: both were reported "not
    mentioned" where they were)."""
    pipe = _collection(tmp_path, {
        "a_report.md": "# Runway inquiry opens\n\nTransport Minister Teodor Valesch said the inquiry would be fair. "
                       "The inquiry is led by planning inspector Johanna Pirec.\n",
        "b_wire.md": "# Corvany objects\n\nDravonian Transport Minister Teodor Valeš has said residents will be "
                     "heard. Infrastructure Minister Agata Rusek said she was not convinced.\n",
        "c_column.md": "# Night flights are a bad bargain\n\nThe inspector is expected to report by the end of the "
                       "year. The final say rests with the transport minister, who has been silent.\n",
    })
    from rag.decide.roles import by_holder, holders, roles_of
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    info, b = _bundle(pipe, "c_column.md")
    for person, word in (("Johanna Pirec", "inspector"), ("Teodor Valesch", "transport minister")):
        m = by_holder(mentions(person, b, pipe.corpus, WORDS_ONLY), person, holders(person, everyone), b,
                      pipe.corpus, roles_of(person, everyone))
        assert m.found and m.how == "role" and word in b.sentence_text(m.sentences[0]), (person, m)
    # Agata Rusek's role is "Infrastructure Minister": the column's "the transport minister" is not her
    m = by_holder(mentions("Agata Rusek", b, pipe.corpus, WORDS_ONLY), "Agata Rusek", (), b, pipe.corpus,
                  roles_of("Agata Rusek", everyone))
    assert not m.found, m


def test_a_company_by_its_first_name_and_a_place_by_its_adjective(tmp_path):
    """"the collapse of Gullstrand last week" names the Gullstrand Ferry Company, and "The Vellish
    state pays for roads" speaks of Vellmark (acrossn, tune: both reported "not mentioned")."""
    pipe = _collection(tmp_path, {"col.md": "# The ministry sank the ferries\n\nThe collapse of Gullstrand last "
                                            "week was a political choice. The Vellish state pays for roads to every "
                                            "mainland village.\n"})
    info, b = _bundle(pipe, "col.md")
    for subject, found in (("Gullstrand Ferry Company", True), ("Vellmark", True), ("the Harbour Ferry Company", False)):
        assert mentions(subject, b, pipe.corpus, WORDS_ONLY).found == found, subject


def test_who_said_it_is_read_from_the_sentence_naming_the_speaker_before_a_quote(tmp_path):
    """'"We will not become Dravonia's back garden," she told a crowd' says who only by "she": the
    sentence before it names her (acrossr, tune: a comparison of who used the phrase quoted the
    line without her name)."""
    from rag.decide.referring import speaker_before
    pipe = _collection(tmp_path, {"visit.md": "# Minister visits the village\n\nInfrastructure Minister Agata Rusek "
                                              "said on Thursday that the plans were unacceptable. \"We will not become "
                                              "Dravonia's back garden,\" she told a crowd of 300 people.\n\nThe airport "
                                              "said it would study the objections.\n"})
    info, b = _bundle(pipe, "visit.md")
    quote = next(i for i in range(len(b.sentences)) if "back garden" in b.sentence_text(i))
    assert "Agata Rusek" in b.sentence_text(speaker_before(b, quote))
    airport = next(i for i in range(len(b.sentences)) if b.sentence_text(i).startswith("The airport"))
    assert speaker_before(b, airport) is None       # no "she said": nothing to read from before


def test_a_town_by_its_name_in_another_language_a_government_by_its_ministry_a_company_by_what_it_does(tmp_path):
    """"Kirkhaven" is Kirkehamn with its harbour word in English; "We both wrote to the ministry"
    speaks of the country's government; "the state hydro company" is the Velmar Hydro Corporation
    (acrossn, acrossu, tune: each was reported "not mentioned"). A town whose first part differs is
    another town, another country's cabinet is not this one's, a company of another trade is not it."""
    pipe = _collection(tmp_path, {"wire.md": "# Ferries halted\n\nFerry traffic to Kirkhaven carried 310,000 "
                                             "passengers last year. We both wrote to the ministry. The state hydro "
                                             "company says work will not begin before 2028.\n",
                                  "other.md": "# Talks stall\n\nThe Sorvian cabinet met in Brenholm. Chief Minister "
                                              "Askew visited the harbour. The state rail company raised fares.\n"})
    info, b = _bundle(pipe, "wire.md")
    for subject, found in (("Kirkehamn", True), ("Lindhamn", False), ("the government of Vellmark", True),
                           ("the Velmar Hydro Corporation", True), ("the Velmar Rail Corporation", False)):
        assert mentions(subject, b, pipe.corpus, WORDS_ONLY).found == found, subject
    info, other = _bundle(pipe, "other.md")
    for subject in ("the Vellish government", "the Velmar Hydro Corporation", "Brenhamn"):
        assert not mentions(subject, other, pipe.corpus, WORDS_ONLY).found, subject


def test_a_place_a_role_is_of_is_not_its_holder(tmp_path):
    """"The mayor of Tindra, Eirik Sandvold, ..." makes Sandvold the mayor even where the tagger
    takes "Tindra" for a person: so the explainer's bare "the island's mayor" speaks of him
    (acrossn, tune: reported "not mentioned")."""
    from rag.decide.roles import by_holder, roles_of
    pipe = _collection(tmp_path, {
        "a_news.md": "# Ferry halted\n\nThe mayor of Tindra, Eirik Sandvold, called the arrangement a sticking "
                     "plaster.\n",
        "b_explainer.md": "# What next\n\nThe island's mayor has asked for the route to be run by the state.\n"})
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    assert any(r == "mayor" for r, _ in roles_of("Eirik Sandvold", everyone))
    info, b = _bundle(pipe, "b_explainer.md")
    m = by_holder(mentions("Eirik Sandvold", b, pipe.corpus, WORDS_ONLY), "Eirik Sandvold", (), b, pipe.corpus,
                  roles_of("Eirik Sandvold", everyone))
    assert m.found and m.how == "role", m
    assert not any(r == "mayor" for r, _ in roles_of("Tindra", everyone))


def test_a_name_the_articles_give_another_name_in_brackets_or_in_another_language_is_that_thing(tmp_path):
    """"trichloroethylene (TCE)" and "the river, called the Bělice in Lodavan and the Weissach in
    Galdish" in one article make "TCE" and "the Weissach" in another speak of trichloroethylene
    and the Bělice; "Galdish" speaks of Galdenland (acrossm, tune: each reported "not
    mentioned"). A date before a wire's agency in brackets is no name of it, and names the
    articles never set side by side stay apart."""
    pipe = _collection(tmp_path, {
        "a_explainer.md": "# What is in the water\n\nTests found trichloroethylene (TCE) in the supply. The river, "
                          "called the Bělice in Lodavan and the Weissach in Galdish, rises in the hills.\n",
        "b_wire.md": "# Solvent found\n\nFELSBURG, March 12 (Galpress) - The industrial solvent TCE was detected on "
                     "the opposite bank of the Weissach, a Galdish village said.\n",
        "c_other.md": "# Floods\n\nThe Morava burst its banks near Brno.\n"})
    syn = pipe.corpus.synonyms()
    assert syn["tce"] == {"trichloroethylene"} and syn["weissach"] == {"Bělice"}
    assert "march" not in syn and "galpress" not in syn
    info, b = _bundle(pipe, "b_wire.md")
    for subject in ("trichloroethylene", "the Bělice", "Galdenland"):
        assert mentions(subject, b, pipe.corpus, WORDS_ONLY).found, subject
    info, c = _bundle(pipe, "c_other.md")
    for subject in ("trichloroethylene", "the Bělice", "Galdenland"):
        assert not mentions(subject, c, pipe.corpus, WORDS_ONLY).found, subject


def test_a_place_or_owner_before_a_role_and_a_person_is_not_another_holder_of_the_role(tmp_path):
    """"Felsburg mayor Radka Dvorakova" and "Hollerbeck's site manager, Dieter Keßel" made the
    tagger's "Felsburg" and "Hollerbeck" other mayors and managers, so that no bare role named
    anyone; with them out, "The Rotenau plant's manager" names Keßel (ß read as "ss") and "the
    town's mayor" Dvořáková, while Auheim's mayor stays another mayor (acrossm, tune)."""
    from rag.decide.roles import by_holder, roles_of
    pipe = _collection(tmp_path, {
        "a_wire.md": "# Solvent found\n\nFelsburg mayor Radka Dvorakova has blamed the plant. Auheim mayor Jonas "
                     "Brandl struck a more cautious tone. Hollerbeck's site manager, Dieter Keßel, said records "
                     "showed nothing unusual.\n",
        "b_news.md": "# Tap water warning\n\nRadka Dvořáková, mayor of the Lodavan river town since 2018, spoke to us. "
                     "Hollerbeck employs 900 people in Rotenau.\n",
        "c_column.md": "# Who knew\n\nThe Rotenau plant's manager did not respond. The town's mayor insists she "
                       "acted within hours.\n"})
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    info, c = _bundle(pipe, "c_column.md")
    for person, word in (("Dieter Kessel", "manager"), ("Radka Dvořáková", "mayor")):
        m = by_holder(mentions(person, c, pipe.corpus, WORDS_ONLY), person, (), c, pipe.corpus,
                      roles_of(person, everyone))
        assert m.found and word in c.sentence_text(m.sentences[0]), (person, roles_of(person, everyone))
    m = by_holder(mentions("Jonas Brandl", c, pipe.corpus, WORDS_ONLY), "Jonas Brandl", (), c, pipe.corpus,
                  roles_of("Jonas Brandl", everyone))
    assert not m.found, m


def test_a_role_an_article_writes_bare_is_that_role_and_a_heading_sharing_a_word_is_no_section_on_it(tmp_path):
    """Asked what each article says of "the transport minister", an interview that writes only
    "The minister wrote back ..." (and no other minister) was answered from its section headed
    "Q: What transport is there now?" (half the subject's words, not its head noun) and said to
    come no closer (acrossn, tune). An article naming the health minister is not one on the
    transport minister for writing "the minister"."""
    from rag.decide.roles import _bare
    pipe = _collection(tmp_path, {
        "a_news.md": "# Ferry halted\n\nTransport Minister Ragna Holmqvist said a navy vessel would sail twice a day.\n",
        "b_interview.md": "# You cannot run an island on helicopters\n\n## Q: What transport is there now?\n\n"
                          "A: One crossing a day on a chartered boat. It leaves at six.\n\n## Q: And the ministry?\n\n"
                          "A: The minister wrote back to say the matter was for the commission.\n",
        "c_other.md": "# Clinics\n\nThe health minister said clinics would stay open. The minister visited on Monday.\n"})
    a = pipe.answer("What does each article say about the transport minister?")
    text = a.text
    section = text[text.index("(b_interview.md)"):]
    section = section[:section.index("(c_other.md)")] if "(c_other.md)" in section else section
    assert "It says only “the minister”" in section and "The minister wrote back" in section, text
    assert "It leaves at six" not in section, text          # the section on transport is not quoted whole
    info, b = _bundle(pipe, "b_interview.md")
    assert _bare("the transport minister", b).how == "bare"
    info, c = _bundle(pipe, "c_other.md")
    assert _bare("the transport minister", c) is None       # it writes "the health minister" too


def test_an_article_asking_the_question_itself_answers_it_under_that_heading(tmp_path):
    """A question put to each article ("when the tap water will be safe to drink again") that an
    interview asks in its own words ("Q: When will people be able to drink from the tap again?")
    is answered by what follows; the question itself was quoted as the closest the interview
    came (acrossm, tune). A heading sharing one word is not that question."""
    pipe = _collection(tmp_path, {
        "a_interview.md": "# The mayor on the water crisis\n\n## Q: Who warned you first?\n\nA: The waterworks "
                          "director called me at home on Sunday.\n\n## Q: When will people be able to drink from "
                          "the tap again?\n\nA: The network must be flushed first. I hope by the end of March.\n\n"
                          "## Q: What do you want now?\n\nA: A new operator and a proper contract for ten years.\n",
        "b_news.md": "# Solvent found\n\nTests found a solvent in the supply on Sunday.\n\n## What about the river?\n\n"
                     "The river is tested daily again.\n"})
    a = pipe.answer("When does each article say the tap water will be safe to drink again?")
    assert "I hope by the end of March" in a.text, a.text
    # ... and so is a question put to that article alone (acrossn, tune: "In the third article, what
    # does the mayor say he wants now?" was answered with when he became mayor)
    a = pipe.answer("In a_interview.md, what does the mayor say he wants now?")
    assert "A new operator" in a.text and "March" not in a.text, a.text
    info, b = _bundle(pipe, "b_news.md")
    from rag.write.excerpts import asked_section
    assert asked_section("when the tap water will be safe to drink again", b) == []


def test_an_interviewer_asking_the_question_is_answered_by_the_turns_after_it(tmp_path):
    """An interview set as speakers' turns ("SQ: How many babies are born in Tarrow?" then "ML: 187
    last year ...") asks a question as a heading does: the turns up to the interviewer's next one
    answer it (acrossh, tune: the interview was shown "roughly 110 were to women ..." at its
    closest). A statement put by the interviewer is no question, and what follows the next
    question is not this one's answer."""
    pipe = _collection(tmp_path, {
        "transcript.txt": "On the record\n\nThe chief executive spoke to us on Friday.\n\n"
                          "SQ: How many babies are born in Tarrow?\n\nML: 187 last year, and the number has fallen. "
                          "It was over 300 in the nineties.\n\nSQ: When will the change happen?\n\n"
                          "ML: Not before 1 October.\n\nSQ: A midwife wrote that the drive takes two hours.\n\n"
                          "ML: Our data show 55 minutes.\n",
        "news.txt": "Board votes\n\nThe board voted on Tuesday to end consultant-led births.\n"})
    from rag.write.excerpts import asked_section
    info, b = _bundle(pipe, "transcript.txt")
    assert _texts(b, asked_section("how many babies are born at Tarrow", b)) == [
        "ML: 187 last year, and the number has fallen.", "It was over 300 in the nineties."]
    assert _texts(b, asked_section("when the change will happen", b)) == ["ML: Not before 1 October."]
    assert asked_section("how long the drive takes", b) == []
    info, n = _bundle(pipe, "news.txt")
    assert asked_section("how many babies are born at Tarrow", n) == []


def test_a_role_holders_priorities_are_what_the_holder_says(tmp_path):
    """"the mayor's priorities": an article naming Mayor Agnete Lindqvist only as "Lindqvist" speaks of them
    (acrossp, tune: the feature was shown at its closest, "We're managing.")."""
    pipe = _collection(tmp_path, {
        "a_news.md": "# Bridge closed\n\nMayor Agnete Lindqvist said the town had been given two years.\n",
        "b_feature.md": "# Life on the broken side\n\nThe baker says trade has halved. Lindqvist is less interested in who "
                        "pays than in what happens in the meantime. The council wants a shuttle bus.\n"})
    a = pipe.answer("What does b_feature.md say about the mayor's priorities?")
    assert "Lindqvist is less interested" in a.text and "named as the mayor in" in a.text, a.text


def test_a_name_run_together_and_a_chief_by_what_they_are_chief_of_are_mentioned(tmp_path):
    """"GreyLantern" is Grey Lantern written as one word; "The chief executive has promised a
    review" speaks of Owen Trask, whom another article names as the council's chief executive
    (where the chief of police is someone else). A third article names neither."""
    from rag.decide.mentions import mentions
    from rag.decide.roles import by_holder, roles_of
    pipe = _collection(tmp_path, {
        "a_news.md": "# Council hit by hackers\n\nA group calling itself Grey Lantern has claimed the attack on the "
                     "council. The council's chief executive, Owen Trask, said payments were down. Chief of police "
                     "Maria Lund said officers were investigating.\n",
        "b_wire.md": "# Hackers leak files\n\nThe group, which calls itself GreyLantern, posted 2,000 files online. "
                     "The chief executive has promised a review of its security.\n",
        "c_feature.md": "# Residents wait\n\nResidents queued at the library to pay their rent in cash on Tuesday.\n",
    })
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    _, wire = _bundle(pipe, "b_wire.md")
    _, feature = _bundle(pipe, "c_feature.md")
    assert mentions("Grey Lantern", wire, pipe.corpus, pipe.scorer.mentions).how == "spelling"
    assert not mentions("Grey Lantern", feature, pipe.corpus, pipe.scorer.mentions).found
    roles = roles_of("Owen Trask", everyone)

    def found(b):
        return by_holder(mentions("Owen Trask", b, pipe.corpus, pipe.scorer.mentions), "Owen Trask", (), b,
                         pipe.corpus, roles)
    assert found(wire).how == "role" and not found(feature).found


def test_an_article_giving_a_value_in_words_of_its_own_is_not_said_to_be_silent_on_it(tmp_path):
    """"the commuter numbers": the wire gives them as "1,800 Velmorans crossed the bridge daily to
    work", never writing "commuter"; a value asked for is shown at its closest, never claimed
    missing (the subject was once "the commuter numbers given", which hid the false claim)."""
    pipe = _collection(tmp_path, {
        "a_wire.md": "# Velmora demands bridge money\n\nVelmora wants the rebuild paid for by its neighbour. About "
                     "1,800 Velmorans crossed the bridge daily to work before it fell.\n",
        "b_feature.md": "# Life on the broken side\n\nSome 1,200 commuters used the bridge each day, the council says. "
                        "Now the ferry takes an hour.\n",
    })
    a = pipe.answer("What do a_wire.md and b_feature.md say about the commuter numbers?")
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert not any(n.claim in ("silent", "unnamed") for n in notices), a.text
    assert "1,200 commuters" in a.text


def test_a_length_of_time_asked_for_is_not_said_to_be_missing_where_written_otherwise(tmp_path):
    """"the recovery timelines": one article says the grayling will take a decade to come back, another
    that a full recovery will take three to five years; neither writes "timeline", and both were said
    to have "nothing on the recovery timelines" (acrossl)."""
    pipe = _collection(tmp_path, {
        "a_column.md": "# A river is not a drain\n\nThose jobs are gone for a decade, which is how long the "
                       "ecologists say it will take for the grayling to come back.\n",
        "b_explainer.md": "# Why the fish died\n\nA full recovery of the grayling population will take three to "
                          "five years, said the ecologist.\n",
    })
    a = pipe.answer("Compare the recovery timelines in a_column.md and b_explainer.md.")
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert not any(n.claim in ("silent", "unnamed") for n in notices), a.text
    assert "three to" in a.text and "decade" in a.text


def test_each_part_of_a_subject_joined_with_and_the_is_quoted(tmp_path):
    """"the size of the ransom and the deadline": the sentence giving the deadline is quoted
    though three on the ransom hold more of the subject's words."""
    from rag.write.excerpts import best_sentences as _best_sentences
    pipe = _collection(tmp_path, {
        "news.md": "# Council hacked\n\nThe gang demanded a ransom of 2 million crowns.\n\n"
                   "The size of the ransom shocked councillors.\n\nThe council said the ransom would not be paid.\n\n"
                   "The group set a deadline of ten days.\n\nLibraries were closed on Monday.\n",
        "other.md": "# Harbour news\n\nThe harbour reopened after repairs.\n",
    })
    info, b = _bundle(pipe, "news.md")
    subject = "the size of the ransom and the deadline"
    top = _best_sentences(subject, b, mentions(subject, b, pipe.corpus, WORDS_ONLY), pipe.corpus, 3)
    texts = _texts(b, top)
    assert any("deadline of ten days" in t for t in texts) and any("2 million crowns" in t or "size" in t for t in texts)


def test_an_interview_under_its_section_or_its_byline_is_an_interview(tmp_path):
    """"ENVIRONMENT · INTERVIEW" over the title, or "Interview by Lukas Brand", makes a piece an
    interview, whose questions set as headings and whose "we" and "I" make it no explainer and no
    opinion piece (acrossl: "the opinion piece" named it as well as the column)."""
    pipe = _collection(tmp_path, {
        "a_qa.txt": "DALVENIA TODAY\n\nENVIRONMENT · INTERVIEW\n\n'We will follow the evidence'\n\n"
        "Interview by Lukas Brand\nPublished 12 August 2025\n\nWe spoke to the agency's head of water quality a "
        "week after the fish kill.\n\nHow many fish died?\n\nOur count stands at about 17,500. I think the number "
        "will rise.\n\nWhat killed them?\n\nLack of oxygen. We recorded almost none below the outfall.\n\n"
        "What happens next?\n\nWe will decide on the permit within days. I will not prejudge it.\n",
        "b_column.txt": "Opinion | Columnists\n\nA river is not a drain\n\n9 August 2025\n\nI have seen the "
        "anglers' tally sheets, and I trust them. We all knew the lagoon was full. I say the permit must go.\n\n"
        "Greta Munk is a columnist.\n",
    })
    kinds = {e.id: set(e.kinds) for e in pipe.library.catalog().entries}
    assert "interview" in kinds["a_qa.txt"] and not kinds["a_qa.txt"] & {"opinion", "explainer"}, kinds
    assert kinds["b_column.txt"] == {"opinion"}, kinds


def test_a_body_is_spoken_of_as_the_owner_of_what_it_owns(tmp_path):
    """"The plant ... is owned by Valmora Foods": an interview that only says "the plant's owner has
    been tankering its effluent" speaks of Valmora Foods (acrossl said it silent on the company); a
    piece naming no owner does not."""
    from rag.decide.mentions import mentions
    from rag.decide.roles import by_holder, roles_of
    pipe = _collection(tmp_path, {
        "a_news.md": "# Dead fish line the river\n\nThe plant, which employs 340 people, is owned by Valmora Foods. "
                     "Thousands of fish died below it on Monday.\n",
        "b_interview.md": "# We will follow the evidence\n\nSince 5 August the plant's owner has been tankering its "
                          "effluent off site, so nothing is going into the river.\n",
        "c_column.md": "# A river is not a drain\n\nThe plant's lagoon was full for weeks before the storm.\n",
    })
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    roles = roles_of("Valmora Foods", everyone)
    assert ("owner", frozenset({"plant"})) in roles

    def found(name):
        _, b = _bundle(pipe, name)
        return by_holder(mentions("Valmora Foods", b, pipe.corpus, pipe.scorer.mentions), "Valmora Foods", (), b,
                         pipe.corpus, roles)
    assert found("b_interview.md").how == "role" and not found("c_column.md").found


def test_a_company_is_spoken_of_in_the_words_the_collection_describes_it_by(tmp_path):
    """"Pellaris Systems, a Lutvian firm that runs the council's software": "the Lutvian contractor"
    of a column that never names it is Pellaris (acrossj said the column silent on it); "the firm"
    alone, or another country's contractor, is not."""
    from rag.decide.mentions import mentions
    from rag.decide.roles import by_holder, roles_of
    pipe = _collection(tmp_path, {
        "a_news.md": "# Council hacked\n\nThe account belonged to Pellaris Systems, a Lutvian firm that has run the "
                     "council's benefits software since 2021.\n",
        "b_column.md": "# The door was open\n\nThe gang got in through an account belonging to the Lutvian contractor "
                       "that runs the benefits software.\n",
        "c_wire.md": "# Ransom refused\n\nThe firm said its own network was safe. A Danish contractor repairs the roof.\n",
    })
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    roles = roles_of("Pellaris Systems", everyone)

    def found(name):
        _, b = _bundle(pipe, name)
        return by_holder(mentions("Pellaris Systems", b, pipe.corpus, pipe.scorer.mentions), "Pellaris Systems", (),
                         b, pipe.corpus, roles)
    assert found("b_column.md").how == "role" and not found("c_wire.md").found


def test_whose_a_role_is_holds_no_role(tmp_path):
    """"Kesslow's mayor, Hanna Quist, has asked the company to set up a fund": the tagger's person
    "Kesslow's" is whose the mayor is; taking it for a holder, any sentence naming Kesslow spoke
    of the mayor (acrossl)."""
    from rag.decide.roles import holders
    pipe = _collection(tmp_path, {
        "a_explainer.md": "# Why the fish died\n\nKesslow's mayor, Hanna Quist, has asked the company to set up a fund "
                          "for riverside cafés, campsites and tackle shops hit by the loss of fishing visitors.\n",
        "b_interview.md": "# The evidence\n\nWe spoke to her a week after the fish kill on the River Orna below "
                          "Kesslow.\n",
        "c_column.md": "# A river is not a drain\n\nKesslow’s mayor is right that four hundred families rely on the "
                       "plant.\n",
    })
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    assert holders("Kesslow's mayor", everyone) == ("Hanna Quist",)


def test_a_headcount_or_a_timeline_is_quoted_where_the_article_gives_one(tmp_path):
    """"a headcount for the creamery" is given as "employs 340 people", "the recovery timeline" as
    "will take three to five years": sentences naming the creamery or the recovery without the
    value held more of the subject's words (acrossl)."""
    from rag.write.excerpts import best_sentences as _best_sentences
    pipe = _collection(tmp_path, {
        "news.md": "# Fish die below creamery\n\nResidents saw a milky liquid below the creamery on Sunday.\n\n"
                   "The creamery said it was cooperating.\n\nThe plant employs 340 people in the town.\n\n"
                   "The river's recovery worries anglers.\n\nA full recovery of the grayling will take three to five "
                   "years, the ecologist said.\n\nThe recovery of tourism is another matter.\n\n"
                   "The creamery opened in 1987.\n\nThe year ahead will be hard for the creamery, the opening of "
                   "the new road aside.\n",
        "other.md": "# Harbour news\n\nThe harbour reopened after repairs.\n",
    })
    info, b = _bundle(pipe, "news.md")
    for subject, want in (("a headcount for the creamery", "340 people"),
                          ("the recovery timeline", "three to five years"),
                          # "the year ..." is given as a date (acrossg)
                          ("the year the creamery opened", "in 1987")):
        top = _best_sentences(subject, b, mentions(subject, b, pipe.corpus, WORDS_ONLY), pipe.corpus, 2)
        assert any(want in t for t in _texts(b, top)), (subject, _texts(b, top))


def test_a_local_report_is_no_agency_copy_and_a_q_and_a_is_an_interview(tmp_path):
    """"the local news report" named the wire story, and "the Q&A with the agency official" the wire
    story too ("agency" there says whose official, not that the piece is agency copy; acrossl)."""
    from rag.understand.references import references
    pipe = _collection(tmp_path, {
        "a_local.txt": "THE KESSLOW COURIER\n\nDead fish line the Orna\n\nBy Jana Holt\n5 August 2025\n\nAnglers woke "
                       "on Monday to dead trout along the river below the dairy plant.\n\nThe mayor said families "
                       "depend on the plant.\n",
        "b_wire.txt": "Dalvenia probes dairy plant after fish kill\n\nKESSLOW, Dalvenia, Aug 6 (NPA) - Authorities are "
                      "investigating a dairy plant after fish died along the river.\n\nThe agency said tests showed "
                      "low oxygen.\n\n(Reporting by Oskar Veld; editing by Mia Lund)\n",
        "c_qa.txt": "DALVENIA TODAY\n\nENVIRONMENT · INTERVIEW\n\nWe will follow the evidence\n\nInterview by Lukas "
                    "Brand\n12 August 2025\n\nThe agency's head of water quality spoke to us.\n\nWhat killed the fish?\n\n"
                    "Lack of oxygen below the outfall.\n\nWill the permit be suspended?\n\nIt is on the table.\n",
    })
    cat = pipe.library.catalog()
    for message, want in (("What do the local news report and the Q&A with the agency official say about oxygen?",
                           ["a_local.txt", "c_qa.txt"]),
                          ("What does the wire report say about oxygen?", ["b_wire.txt"])):
        got = [r.article for r in references(message, cat, (), pipe.library.describe)]
        assert got == want, (message, got)


def test_a_file_name_gives_the_outlet_of_a_page_naming_none_and_unwritten_initials_name_theirs(tmp_path):
    """acrossg: "the Nembar Herald" is named only by the file name before its headline, and "CPA" is
    the Continental Press Agency of a wire dateline, initials no article's text writes; neither
    named its article. A kind of piece before the headline ("02_opinion-...") is no outlet."""
    from rag.find.catalog import file_site
    from rag.understand.references import references
    pipe = _collection(tmp_path, {
        "03_nembar-herald-in-iloru-the-queen-is-coming-home.txt":
            "In Iloru, the Queen is coming home\n\nThe news reached the old palace quarter of Iloru on Wednesday morning. "
            "The elders hope the queen will be home for the harvest festival.\n",
        "05_cpa-sarova-hails-museum-decision.txt":
            "Sarova hails museum decision to return looted bronze\n\nNEMBAR, 4 June (Continental Press Agency) - "
            "Sarova's government on Thursday welcomed a decision by a regional museum to return a bronze statue.\n\n"
            "The chair of the trustees said the bronze was never theirs to keep.\n",
        "02_opinion-the-bronze-must-go-home.txt":
            "The bronze must go home\n\nFor a hundred years a queen has sat in a glass case, a long way from home.\n",
        # a place the articles write before the headline is no outlet: "Kellmoor" would name it
        "04_kellmoor-runway-inquiry-opens.txt":
            "Runway inquiry opens\n\nThe inquiry into the Kellmoor runway opened on Monday.\n"})
    cat = pipe.library.catalog()
    sites = {e.id[:2]: e.site for e in cat.entries}
    assert sites == {"02": "", "03": "Nembar Herald", "04": "", "05": "Continental Press Agency"}, sites
    for message, want in (("What does the Nembar Herald say about the queen?", "03"),
                          ("How do the opinion piece and CPA portray the chair?", "05")):
        assert want in [r.article[:2] for r in references(message, cat) if r.how == "site"], message
    assert file_site("02_opinion-night-flights.txt", "Night flights must end") == ""


def test_a_role_said_of_the_name_before_is_not_the_next_names_and_a_keeper_is_a_role(tmp_path):
    """"Dr Ingrid Halloway has been director of Carrowgate Museum and Art Gallery": the tagger's
    person "Art Gallery" had been given her role too, so "the museum's director" named no one
    (acrossg); "Jonas Wyck, the museum's keeper of world cultures" makes "our keeper of world
    cultures" him."""
    from rag.decide.roles import by_holder, roles_of
    pipe = _collection(tmp_path, {
        "a_news.md": "# Trustees vote\n\nDr Ingrid Halloway has been director of Carrowgate Museum and Art Gallery "
                     "since 2019. Jonas Wyck, the museum's keeper of world cultures, told the board the claim was "
                     "sincere.\n",
        "b_column.md": "# A debt paid late\n\nThe museum’s director deserves credit for ending the delay. Our keeper "
                       "of world cultures spent months on it.\n"})
    everyone = [pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()]
    info, c = _bundle(pipe, "b_column.md")
    for person, word in (("Ingrid Halloway", "director"), ("Jonas Wyck", "keeper")):
        m = by_holder(mentions(person, c, pipe.corpus, WORDS_ONLY), person, (), c, pipe.corpus,
                      roles_of(person, everyone))
        assert m.found and word in c.sentence_text(m.sentences[0]), (person, roles_of(person, everyone))


def test_an_interviewers_turn_frames_a_question_and_is_not_quoted_as_what_the_article_says(tmp_path):
    """"Q: Sarova asked for the statue back decades ago." was quoted as the interview's answer to
    when Sarova first asked (acrossg); the reply after it ("The first letter we have on file is from
    1981.") is. An interviewer is a speaker whose turns mostly ask ("SQ: ...?"), or "Q:"."""
    from rag.write.excerpts import best_sentences as _best_sentences
    pipe = _collection(tmp_path, {
        "interview.txt": "We could not keep defending it\n\nThe director spoke to us about the vote.\n\n"
                         "Q: Sarova asked for the statue back decades ago.\n\n"
                         "A: The first letter we have on file is from 1981. We answered it badly.\n\n"
                         "Q: What happens to the gallery?\n\nA: It stays open over the summer.\n",
        "transcript.txt": "On the record\n\nSQ: How many babies are born in Tarrow?\n\n"
                          "ML: 187 last year, and the number has fallen.\n\nSQ: When will the change happen?\n\n"
                          "ML: Not before 1 October.\n\nSQ: A midwife wrote this week that the drive to Castleberg "
                          "takes two hours.\n\nML: Our ambulance data show the transfer to Castleberg takes 55 "
                          "minutes.\n",
    })
    info, b = _bundle(pipe, "interview.txt")
    asked = [b.sentence_text(i) for i in range(len(b.sentences)) if b.asked_by_interviewer(i)]
    assert asked == ["Q: Sarova asked for the statue back decades ago.", "Q: What happens to the gallery?"], asked
    subject = "when Sarova asked for the statue back"
    top = _best_sentences(subject, b, mentions(subject, b, pipe.corpus, WORDS_ONLY), pipe.corpus, 2)
    assert not any(t.startswith("Q:") for t in _texts(b, top)) and any("1981" in t for t in _texts(b, top)), \
        _texts(b, top)
    info, t = _bundle(pipe, "transcript.txt")
    assert [t.sentence_text(i) for i in range(len(t.sentences)) if t.asked_by_interviewer(i)] == \
        ["SQ: How many babies are born in Tarrow?", "SQ: When will the change happen?",
         "SQ: A midwife wrote this week that the drive to Castleberg takes two hours."]
    # ... and a question's answer is never the interviewer's statement
    a = pipe.answer("How long does the transfer to Castleberg take?")
    assert "two hours" not in a.text, a.text


def test_a_question_naming_one_article_is_not_told_that_article_does_not_cover_it_unchecked(tmp_path):
    """"In the Valley Courier piece, what options do staff propose instead?": nothing in the piece
    clearly answers, but "The articles don't cover this" would be a claim about the article the
    reader named. Its closest sentence about what is asked is quoted instead, as unsure; a
    question about nothing the article holds still gets the plain refusal."""
    from answering_kit import _articles
    pipe = _articles(tmp_path, {
        "01_valley-courier-clinic-closes.txt": (
            "Valley clinic to close its night service\n\nBy Ann Reid, 3 March 2026\n\n"
            "The Garrow Valley clinic will stop its night service from June, the health board said on Tuesday.\n\n"
            "The board said the change would save money. Staff at the clinic said they were worried about patients "
            "who live far from the city.\n\nThere are alternatives. Nurses could rotate from the city hospital. "
            "A housing package could be offered to doctors.\n"),
        "02_city-post-hospital-expands.txt": (
            "City hospital adds beds\n\nBy Tom Hale, 4 March 2026\n\n"
            "The city hospital will add twelve beds this spring to take patients from the valley.\n\n"
            "The hospital's chief executive said the new ward would open in May.\n")})
    a = pipe.answer("In the Valley Courier piece, what options do staff propose instead?")
    assert a.trace.scope == ("01_valley-courier-clinic-closes.txt",)
    assert a.trace.decision == "unsure" and a.abstained, (a.trace.decision, a.text)
    assert a.text.startswith("I couldn't find a passage") and "Staff at the clinic" in a.text, a.text
    assert {c.source for c in a.citations} == {"01_valley-courier-clinic-closes.txt"}
    a = pipe.answer("In the Valley Courier piece, what is the weather forecast for Sunday?")
    assert a.abstained and "[1]" not in a.text, a.text


def test_a_question_shaped_subject_is_said_in_the_reply_as_part_of_a_sentence(tmp_path):
    """"how long is the journey to the coast according to each of them": an article that comes
    close without answering is shown as "The closest it comes to saying how long ...", the
    question's first word not capitalised in the middle of the reply's sentence."""
    pipe = _collection(tmp_path, {
        "a_herald.md": "# Coast road reopens\n\nThe journey to the coast takes about two hours by bus.\n\n"
        "The road was closed for six weeks.\n",
        "b_courier.md": "# Holiday traffic\n\nThe journey to the coast was slow on Saturday, drivers said.\n\n"
        "Queues formed near the bridge.\n",
    })
    a = pipe.answer("How long is the journey to the coast according to each of them?")
    notices = [_said(x) for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert any("how long" in n for n in notices), (a.text, notices)
    assert not any("How long" in n for n in notices), notices


def test_a_what_is_question_asked_of_each_article_is_answered_per_article_not_searched_as_a_topic(tmp_path):
    """"What is the statue worth, according to each piece?" asks each article a question: the
    value each gives is shown, and no article is said to be silent on "What is the statue worth"
    (it had been searched for as a topic, and an article giving no value reported as not
    mentioning it, in words no reader writes)."""
    pipe = _collection(tmp_path, {
        "a_echo.md": "# Museum votes to return statue\n\nThe trustees voted to send the bronze statue home.\n\n"
        "The statue is currently insured for £4.5 million.\n",
        "b_standard.md": "# A debt paid late\n\nThe auction house now reckons the statue would fetch £8 million.\n\n"
        "Shipping it will cost around £210,000.\n",
        "c_herald.md": "# The queen is coming home\n\nCrowds gathered in the square to hear the news.\n\n"
        "\"One is good,\" said Mr Makudi. \"Two is justice.\"\n",
    })
    a = pipe.answer("What is the statue worth, according to each piece?")
    assert a.context["intent"] == "per_article", a.context
    assert "£4.5 million" in a.text and "£8 million" in a.text, a.text
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert not any(n.claim in ("silent", "none") for n in notices), [(n.claim, _said(n)) for n in notices]
    assert not any("What is" in _said(n) for n in notices), [_said(n) for n in notices]



def test_a_quoted_sentence_brings_the_next_one_that_goes_on_from_it(tmp_path):
    """The sentence after a quoted one in its paragraph is read with it when it points back at it
    ("Its budget has been frozen since 2015.") or sets a value of the same kind against it ("An
    internal review puts the bill closer to $2.8 billion."): across tune, a third of the key facts
    views left out stood in the sentence right beside a quoted one. A next sentence doing neither
    ("Ferries still run.") and one in the next paragraph stay out."""
    from rag.write.excerpts import best_sentences
    pipe = _collection(tmp_path, {"bridge.md": (
        f"# The bridge\n\n{FILLER}\n\nThe Joint Crossings Commission inspects the bridge every three years. Its "
        "budget has been frozen since 2015.\n\nThe official cost of the new dam is $2.1 billion. An internal review "
        "puts the bill closer to $2.8 billion. Ferries still run.\n\nIts engineers are in Halden.\n")})
    _, b = _bundle(pipe, "bridge.md")
    m = mentions("the Joint Crossings Commission", b, pipe.corpus, WORDS_ONLY)
    assert _texts(b, best_sentences("the Joint Crossings Commission", b, m, pipe.corpus, 1)) == [
        "The Joint Crossings Commission inspects the bridge every three years.",
        "Its budget has been frozen since 2015."]
    m = mentions("the cost of the new dam", b, pipe.corpus, WORDS_ONLY)
    quoted = _texts(b, best_sentences("the cost of the new dam", b, m, pipe.corpus, 1))
    assert quoted == ["The official cost of the new dam is $2.1 billion.",
                      "An internal review puts the bill closer to $2.8 billion."], quoted
