"""rag.decide.described: a named person or body spoken of only by what the collection says it is."""
from __future__ import annotations

from answering_kit import _articles
from rag.decide.described import by_description, descriptions
from rag.decide.mentions import Mention, mentions

ARTICLES = {
    "a_report.md": """# Lighthouse keepers' cottages to be sold

The Brackwater Lighthouse Trust will sell the two keepers' cottages at Sennick Point to pay for repairs to the tower, its trustees decided on Monday.

Nora Quayle is a former harbour master at Brackwater and has chaired the trust since 2019. She said the sale was the only way to keep the light working.

Petra Lund, a nurse at Corran Hospital, lives in one of the cottages. Aled Venn, also a nurse at Corran Hospital, rents the other.
""",
    "b_column.md": """# Selling the cottages is a mistake

A former harbour master at Brackwater has told readers that the cottages must go. She is wrong.

The trust has other assets. The tower needs £90,000, and the land behind the cottages is worth more than that.
""",
    "c_letter.md": """# Letters: the cottages

The former harbour master, Ewan Tollis, writes that the cottages were built for the keepers and should stay with the light.

A nurse at Corran has lived in one of them for six years and would have to move.
""",
    "d_notes.md": """# Notes from the point

The harbour master has been busy this summer. The tower was painted in June.
""",
}


def _bundles(pipe):
    return {i.id: pipe.bundles.get(i.id, i.sha) for i in pipe.store.current_articles()}


def _found(pipe, subject, name):
    bundles = _bundles(pipe)
    b = bundles[name]
    m = mentions(subject, b, pipe.corpus, pipe.scorer.mentions)
    return by_description(m, descriptions(subject, list(bundles.values())), b)


def test_a_person_spoken_of_by_what_another_article_says_they_are_is_mentioned(tmp_path):
    """"Nora Quayle is a former harbour master at Brackwater" in one article; another says only "A
    former harbour master at Brackwater has told readers ...": it speaks of her."""
    pipe = _articles(tmp_path, ARTICLES)
    ds = descriptions("Nora Quayle", list(_bundles(pipe).values()))
    assert any(d.head == "master" and "brackwat" in d.quals for d in ds), ds
    m = _found(pipe, "Nora Quayle", "b_column.md")
    assert m.found and m.how == "described" and "former harbour master at Brackwater" in m.evidence
    a = pipe.answer("What does each article say about Nora Quayle?")
    notices = [x for blk in a.blocks for x in blk.walk() if x.kind == "notice"]
    assert "b_column.md" not in {n.article for n in notices if n.claim == "silent"}, a.text
    assert "She is wrong" in a.text or "told readers" in a.text, a.text


def test_a_description_set_beside_another_name_or_without_its_qualifiers_is_not_the_subject(tmp_path):
    """"The former harbour master, Ewan Tollis" is Ewan Tollis; "The harbour master has been busy"
    holds none of the words that say which harbour master."""
    pipe = _articles(tmp_path, ARTICLES)
    assert not _found(pipe, "Nora Quayle", "c_letter.md").found
    assert not _found(pipe, "Nora Quayle", "d_notes.md").found


def test_words_another_name_s_same_description_shares_say_nothing_of_which_one(tmp_path):
    """Two nurses at Corran Hospital: "A nurse at Corran" in the letter could be either, so it
    speaks of neither by that description."""
    pipe = _articles(tmp_path, ARTICLES)
    bundles = list(_bundles(pipe).values())
    assert not any(d.head == "nurs" for d in descriptions("Petra Lund", bundles))
    assert not _found(pipe, "Petra Lund", "c_letter.md").found


def test_what_is_said_of_a_country_is_a_view_of_it_not_what_it_is(tmp_path):
    """"Norway is a small country with a long coastline" is a view of Norway; an article writing "a
    small country with a long coastline" may mean any such country, and is not said to name it."""
    pipe = _articles(tmp_path, {
        "a.md": "# Fishing quotas\n\nNorway is a small country with a long coastline. Norway fished 2.1 million "
                "tonnes last year, and Norway sold most of it abroad.\n",
        "b.md": "# A coastal state\n\nA small country with a long coastline has to decide who may fish its waters.\n",
    })
    bundles = list(_bundles(pipe).values())
    assert descriptions("Norway", bundles) == ()
    assert not _found(pipe, "Norway", "b.md").found
