"""index: loading, cleaning, chunking, embedding, storing, incremental and crash-safe builds."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import ARTICLES, GOLDEN, REPO, HashingEmbedder, free_port, start_chroma
from index import LoadError, Settings, Store, build, chunk_text, load
from index.clean import line_rule
from index.tokens import CL100K_CACHE_NAME, count_tokens, encoding, seed_tiktoken_cache

ALL = sorted(ARTICLES.iterdir())


def _expected_chunks(folder, embedder) -> int:
    """What a build must embed: the chunker's own output for each article, with the embedder's window."""
    from index.build import embed_text
    ids = set()
    for f in sorted(folder.iterdir()):
        a = load(f)
        ids |= {c.id for c in chunk_text(a.id, a.text, fits=lambda t, a=a: embedder.fits(embed_text(a.title, t)),
                                          version=a.sha)}
    return len(ids)


# ---------------------------------------------------------------- cleaning, real files
def test_boilerplate_removed_from_site_scrape():
    a = load(ARTICLES / "001_350488f4c5f50c02.txt")
    for junk in ["Privacy Policy", "• Home", "Font Resizer", "You Might Also Like", "New articles",
                 "1200x781", "Southern caucasus en.1000x0", "Useful links", "commonspace",
                 "Welcome Back", "Aze.Media > Opinion", "We are a unique political"]:
        assert junk not in a.text, junk
    assert a.text.startswith("In Mackinder’s terminology")
    assert a.text.rstrip().endswith("Photo: View of the South Caucasus")
    reasons = {r.reason for r in a.removed}
    assert {"cookie/consent", "bullet menu item", "image caption", "link list / footer"} <= reasons


def test_removed_lines_match_golden():
    a = load(ARTICLES / "001_350488f4c5f50c02.txt")
    got = "".join(f"{r.reason}\t{r.line}\n" for r in a.removed)
    assert got == (GOLDEN / "001_removed.txt").read_text()


def test_metadata_matches_golden():
    want = json.loads((GOLDEN / "metadata.json").read_text())
    for f in ALL:
        a = load(f)
        assert {"title": a.title, "byline": a.byline, "date": a.date,
                "paragraphs": len(a.text.split("\n\n"))} == want[a.id], a.id


@pytest.mark.parametrize("name", ["000_5789262eef704622.txt", "004_1ad2ed4ed292989f.txt"])
def test_newsletter_and_widgets_removed(name):
    a = load(ARTICLES / name)
    for junk in ["Stay Ahead with", "straight to your inbox", "Related Posts", "spot_img",
                 "back to top", "Popular Articles", "adrotate"]:
        assert junk not in a.text


def test_hashtags_comments_and_spun_repeats_removed():
    a = load(ARTICLES / "002_df76d505f7288145.txt")
    assert "#Russia" not in a.text and "No comments" not in a.text
    # The page repeats two paragraphs (re-worded) at its end: each is indexed once.
    assert a.text.count("questioned Moscow's reliability") == 1
    assert a.text.count("Tehran has") == 1
    assert a.text.count("Introduction") == 1


def test_body_kept_whole():
    """Every body paragraph of the raw file that isn't boilerplate survives verbatim."""
    raw = (ARTICLES / "003_a2eac4f79f08b594.txt").read_text()
    a = load(ARTICLES / "003_a2eac4f79f08b594.txt")
    paras = [p for p in raw.split("\n") if len(p.split()) > 30]
    assert paras and all(p.strip() in a.text for p in paras)


@pytest.mark.parametrize("line,reason", [
    ("Azerbaijan pakistan relations 1200x781", "image caption"),
    ("#Russia #Azerbaijan #Geopolitics", "hashtags"),
    ("By using this site, you agree to the Privacy Policy and Terms of Use.", "cookie/consent"),
    ("Stay Ahead with Azerbaijan.us", "newsletter"),
    ("No comments", "comments"),
    ("Related: Ferrytown council sets date for harbour festival", "related link"),
    ("See also: How the bridge was built", "related link"),
])
def test_line_rules(line, reason):
    assert line_rule(line) == reason


def test_a_short_bulleted_list_introduced_by_a_colon_is_article_text_not_a_menu():
    """Short bullets after "...:" are the article's list (they used to be dropped as menu
    items); a run of short bullets with no intro is still a menu; bullets are items, not
    headings, however short."""
    from index.clean import clean
    from index.structure import outline
    page = ("Town pool to reopen after repairs\nBy Sam Field\n\n"
            "• Home\n• News\n• Sport\n\n"
            "The Westbury swimming pool will reopen on April 6 after a repair that took eleven months.\n\n"
            "The pool will offer three new sessions:\n\n- Early swim: 6.30am to 8am\n- Parent and baby\n"
            "- Lane swimming: after 7pm\n\n"
            "Councillor Ruth Adeyemi said the pool had 60,000 visits a year before it closed.\n")
    c = clean(page)
    assert "- Early swim: 6.30am to 8am" in c.text and "- Parent and baby" in c.text and "- Lane swimming" in c.text
    assert "Home" not in c.text and "Sport" not in c.text
    # a footer run one of whose lines another rule removes is still a menu, every line of it
    footer = clean("A page title here\nBy A Writer\n\nThe council approved the plan on Monday after a long debate.\n\n"
                   "• Privacy Policy\n• Terms and Conditions\n\nThe vote was close, and the mayor said so afterwards.\n")
    assert "Terms and Conditions" not in footer.text and "Privacy" not in footer.text
    kinds = [p.kind for p in outline(c.text).paragraphs]
    assert kinds == ["text", "intro", "item", "item", "item", "text"]


def test_a_short_question_alone_on_its_line_heads_a_section():
    """An explainer's plain-text "What does the treaty say?" heads the section under it (it was
    prose, quoted as an article's answer); a quoted question or a question run into prose is not
    a heading."""
    from index.structure import outline
    text = ("A licence has become the most serious dispute between the two neighbours.\n\n"
            "What does the treaty say?\n\n"
            "The 1998 treaty requires each country to consult the other. Article 6 sets a 60-day period.\n\n"
            "\"Who will pay?\"\n\n"
            "So what now? Both sides wait for the commission.\n")
    o = outline(text)
    assert [p.kind for p in o.paragraphs] == ["text", "heading", "text", "text", "text"]
    assert o.path(o.paragraphs[2].section) == ["What does the treaty say?"]


def test_a_short_closing_sentence_is_the_storys_and_footers_after_it_still_go():
    """"Fisheries Minister Ingrid Vasse defended the decision." as the last paragraph was dropped
    as a trailing footer (under eight words, not long enough to be prose)."""
    from index.clean import clean
    story = "# Quota row\n\nKaldmere will take more of the herring this year, the government said.\n\n"
    assert clean(story + "Fisheries Minister Ingrid Vasse defended the decision.\n").text.endswith("defended the decision.")
    for foot in ("Follow us on Twitter for updates.", "Additional reporting by Jane Doe.", "More from Business",
                 "This article first appeared in Coastline Weekly.", "Sign up to our daily briefing."):
        assert foot not in clean(story + foot + "\n").text, foot


@pytest.mark.parametrize("first", [
    # an unfinished sentence introducing a list: the article's text, not its title
    "Residents of three hamlets will lose their only bus from April, and they listed what they will miss:",
    # two sentences, the second unfinished
    "The bus has run for forty years. Now the council says it costs too much",
])
def test_the_title_is_the_headline_not_a_first_paragraph_that_looks_unfinished(first):
    from index.clean import clean
    c = clean(f"Village bus route to be cut in spring\n\n{first}\n\n- the Tuesday market run\n"
              "- school trips to Hexley\n\nThe council said the route cost too much to keep for so few riders.\n")
    assert c.title == "Village bus route to be cut in spring"
    assert first in c.text
    assert ("- the Tuesday market run" in c.text) == first.endswith(":")   # a list only when introduced


def test_line_rules_keep_prose():
    assert line_rule("Russia's peacekeeping forces in Karabakh are expected to stay until 2025.") is None
    assert line_rule("Related groups met on Tuesday: the council said it would reply within a week.") is None


# ---------------------------------------------------------------- tokens
def test_tiktoken_offline_cache():
    enc = encoding()
    assert enc.name == "cl100k_base" and count_tokens("Zangezur corridor") > 1
    d = seed_tiktoken_cache()
    f = d / CL100K_CACHE_NAME
    assert CL100K_CACHE_NAME == "9b5ad71b2ce5302211f9c61530b329a4922fc6a4" and f.exists()
    # tiktoken's own loader finds it there with no network (verifies the file's hash).
    code = ("import tiktoken; print(len(tiktoken.get_encoding('cl100k_base').encode('hello world')))")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "TIKTOKEN_CACHE_DIR": str(d),
                         "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"},
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "2", out.stderr


# ---------------------------------------------------------------- chunking
@pytest.mark.parametrize("f", ALL, ids=lambda p: p.name)
def test_chunk_offsets_exact(f):
    a = load(f)
    chunks = chunk_text(a.id, a.text)
    assert chunks
    for c in chunks:
        assert a.text[c.start:c.end] == c.text
        assert c.tokens == count_tokens(c.text) <= 160
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    # Every non-space character of the body is in some chunk.
    assert all(i in covered for i, ch in enumerate(a.text) if not ch.isspace())


def test_chunks_end_at_sentence_boundaries():
    for f in ALL:
        a = load(f)
        for c in chunk_text(a.id, a.text):
            assert c.text[-1] in ".!?:”’\"…)" or c.end == len(a.text) or a.text[c.end:c.end + 2] == "\n\n", c.text[-40:]


def test_chunks_overlap_by_exactly_one_sentence_inside_a_paragraph():
    """The rule (overlap_sentences=1): a chunk that starts mid-paragraph repeats the previous
    chunk's last sentence, and nothing more; a chunk starting a paragraph repeats nothing."""
    from index.text import sentence_spans
    a = load(ARTICLES / "003_a2eac4f79f08b594.txt")  # long paragraphs: chunks split inside them
    spans = set(sentence_spans(a.text))
    chunks = chunk_text(a.id, a.text, overlap_sentences=1)
    overlapping = [(p, n) for p, n in zip(chunks, chunks[1:]) if n.start < p.end]
    assert overlapping
    for p, n in overlapping:
        assert (n.start, p.end) in spans, a.text[n.start:p.end][:80]
    assert all(n.start >= p.end for p, n in zip(chunk_text(a.id, a.text, overlap_sentences=0),
                                                  chunk_text(a.id, a.text, overlap_sentences=0)[1:]))


def test_long_sentence_is_split_to_fit():
    text = "word " * 2000
    chunks = chunk_text("x", text.strip(), target_tokens=100)
    assert len(chunks) > 5 and all(c.tokens <= 100 for c in chunks)
    assert all(text.strip()[c.start:c.end] == c.text for c in chunks)


@pytest.mark.slow
def test_chunks_fit_the_model_window(real_embedder):
    from index.build import embed_text
    for f in ALL:
        a = load(f)
        for c in chunk_text(a.id, a.text, fits=lambda t: real_embedder.fits(embed_text(a.title, t))):
            assert real_embedder.wordpieces(embed_text(a.title, c.text)) <= 256


def test_fits_callback_forces_split():
    a = load(ARTICLES / "000_5789262eef704622.txt")
    small = chunk_text(a.id, a.text, fits=lambda t: len(t) < 300)
    assert all(len(c.text) < 300 or "." not in c.text[:-1] for c in small)
    assert len(small) > len(chunk_text(a.id, a.text))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\n ", "empty"),
    ("bin.txt", b"\x00\x01\x02binary\xff" * 50, "binary"),
    ("latin1.txt", "Café society is a long sentence about things in Baku today.".encode("latin-1"), "UTF-8"),
    ("doc.pdf", b"%PDF-1.4 ...", "unsupported"),
])
def test_bad_files_get_clear_reasons(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(LoadError) as e:
        load(p)
    assert reason in str(e.value) and name in str(e.value)


def test_oversized_file(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("A long sentence about the South Caucasus. " * 1000)
    with pytest.raises(LoadError, match="over the 1,000-byte limit"):
        load(p, max_bytes=1000)


def test_bad_files_do_not_stop_the_batch_or_lose_anything(settings, corpus, fake_embedder):
    build([corpus], settings=settings, embedder=fake_embedder)
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (corpus / "empty.md").write_text("")
    (corpus / "new.md").write_text("---\ntitle: A new article\n---\n\n"
                                   "The Middle Corridor links Central Asia to Europe across the Caspian Sea.\n")
    r = build([corpus], settings=settings, embedder=fake_embedder)
    assert {Path(p).name for p, _ in r.skipped} == {"bad.txt", "empty.md"}
    assert r.added == ("new.md",) and len(r.unchanged) == 5
    store = Store(settings, fake_embedder)
    assert len(store.current_articles()) == 6
    assert next(a for a in store.current_articles() if a.id == "new.md").title == "A new article"


def test_html_is_extracted(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("""<html><head><title>Gas and pipes</title></head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <article><h1>Gas and pipes</h1>
      <p>The Southern Gas Corridor carries Caspian gas to Europe without crossing Russian territory.</p>
      <p>TANAP and TAP are its Turkish and Adriatic legs, and both were finished years ago already.</p>
      </article><footer>Cookies Policy</footer></body></html>""")
    a = load(p)
    assert "Southern Gas Corridor" in a.text and "TANAP" in a.text
    assert "Home" not in a.text and "Cookies" not in a.text and a.title == "Gas and pipes"


# ---------------------------------------------------------------- store and builds
def test_noop_rebuild_does_not_clean_unchanged_files(settings, corpus, fake_embedder, monkeypatch):
    """Unchanged bytes at the same path skip parsing (spaCy cleaning) entirely; a changed file,
    a forced build and a new pipeline version still parse."""
    ib = sys.modules["index.build"]  # `index.build` the attribute is the function
    build([corpus], settings=settings, embedder=fake_embedder)
    loaded = []
    real_load = ib.load
    monkeypatch.setattr(ib, "load", lambda f, *a: loaded.append(Path(f).name) or real_load(f, *a))
    r = build([corpus], settings=settings, embedder=fake_embedder)
    assert loaded == [] and len(r.unchanged) == 5 and not r.removed
    f = corpus / "000_5789262eef704622.txt"
    f.write_text(f.read_text().replace("Three decisions proved decisive:", "Three decisions, all taken in Baku, proved decisive:"))
    r = build([corpus], settings=settings, embedder=fake_embedder)
    assert loaded == [f.name] and r.updated == (f.name,) and len(r.unchanged) == 4
    loaded.clear()
    build([corpus], settings=settings, embedder=fake_embedder, force=True)
    assert len(loaded) == 5
    loaded.clear()
    monkeypatch.setattr(ib, "PIPELINE_VERSION", "older")
    build([corpus], settings=settings, embedder=fake_embedder)
    assert len(loaded) == 5


def test_incremental_build(settings, corpus, fake_embedder):
    r1 = build([corpus], settings=settings, embedder=fake_embedder)
    assert len(r1.added) == 5 and r1.chunks_embedded == _expected_chunks(corpus, fake_embedder)
    n = fake_embedder.texts_embedded
    r2 = build([corpus], settings=settings, embedder=fake_embedder)
    assert r2.chunks_embedded == 0 and fake_embedder.texts_embedded == n and len(r2.unchanged) == 5

    store = Store(settings, fake_embedder)
    before = {c.id for c in store.chunks(article_id="000_5789262eef704622.txt")}
    f = corpus / "000_5789262eef704622.txt"
    f.write_text(f.read_text().replace("Three decisions proved decisive:",
                                       "Three decisions, all taken in Baku, proved decisive:"))
    r3 = build([corpus], settings=settings, embedder=fake_embedder)
    assert r3.updated == ("000_5789262eef704622.txt",) and 0 < r3.chunks_embedded < len(before) + 1
    after = store.chunks(article_id="000_5789262eef704622.txt")
    assert {c.id for c in after} != before
    assert any("all taken in Baku" in c.text for c in after)
    text = store.article_text("000_5789262eef704622.txt")
    assert all(text[c.start:c.end] == c.text for c in after)

    (corpus / "004_1ad2ed4ed292989f.txt").unlink()
    r4 = build([corpus], settings=settings, embedder=fake_embedder)
    assert r4.removed == ("004_1ad2ed4ed292989f.txt",)
    assert not store.chunks(article_id="004_1ad2ed4ed292989f.txt")
    assert sorted(store.all_vector_ids()) == sorted(c.id for c in store.chunks())


def test_duplicate_content_is_skipped(settings, corpus, fake_embedder, tmp_path):
    build([corpus], settings=settings, embedder=fake_embedder)
    other = tmp_path / "uploads"
    other.mkdir()
    (other / "copy.txt").write_bytes((corpus / "003_a2eac4f79f08b594.txt").read_bytes())
    r = build([other], settings=settings, embedder=fake_embedder)
    assert r.skipped and "same content as 003_a2eac4f79f08b594.txt" in r.skipped[0][1]
    assert len(Store(settings, fake_embedder).current_articles()) == 5


def test_lexical_and_dense_search(settings, corpus, fake_embedder):
    build([corpus], settings=settings, embedder=fake_embedder)
    store = Store(settings, fake_embedder)
    hits = store.lexical("Zangezur hall Nakhichevan exclave", 5)
    top = store.chunks([hits[0][0]])[0]
    assert top.article_id == "003_a2eac4f79f08b594.txt" and "Nakhichevan" in top.text
    n = store.count()
    hits = store.lexical('"); DROP TABLE chunks; -- AND OR NEAR( * "', 3)  # FTS5 syntax, quoted away
    assert isinstance(hits, list) and all(isinstance(i, str) and isinstance(sc, float) for i, sc in hits)
    assert store.count() == n
    dense = store.dense(fake_embedder.encode(["Yekaterinburg police custody brothers"])[0], 3)
    assert store.chunks([dense[0][0]])[0].article_id == "001_350488f4c5f50c02.txt"


@pytest.mark.slow
def test_real_model_real_chroma(real_index, real_embedder):
    store = Store(real_index, real_embedder)
    assert store.source.cols()["chunks"].metadata.get("hnsw:space") == "cosine"
    assert store.count() == _expected_chunks(ARTICLES, real_embedder) == len(store.all_vector_ids())
    v = real_embedder.encode(["When did Russian peacekeepers withdraw from Karabakh?"])[0]
    ids = [i for i, _ in store.dense(v, 3)]
    texts = " ".join(c.text for c in store.chunks(ids))
    assert "peacekeep" in texts


@pytest.mark.slow
def test_langchain_chroma_reads_the_collection_as_documents(real_index, real_embedder):
    """A LangChain user opens our collection with langchain_chroma and gets the chunks' text and metadata."""
    import chromadb
    from langchain_chroma import Chroma

    client = chromadb.PersistentClient(path=str(real_index.chroma_path))
    db = Chroma(client=client, collection_name=real_index.collection, embedding_function=real_embedder)
    docs = db.similarity_search("When did Russian peacekeepers withdraw from Karabakh?", k=3)
    store = Store(real_index, real_embedder)
    by_id = {c.id: c for c in store.chunks()}
    assert len(docs) == 3
    for d in docs:
        c = by_id[d.id]  # a live chunk, with its own text as the document
        assert d.page_content == c.text and d.metadata["article_id"] == c.article_id
        assert store.article_text(c.article_id)[d.metadata["start"]:d.metadata["end"]] == d.page_content
        assert d.metadata["title"] == c.title and d.metadata["article_sha"] == c.article_sha
    assert any("peacekeep" in d.page_content for d in docs)


# ---------------------------------------------------------------- crash safety
KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    sys.path[:0] = [{repo!r}, {tests!r}]
    from conftest import HashingEmbedder
    from index import Settings, build

    class Slow(HashingEmbedder):
        def encode(self, texts, progress=False):
            time.sleep(0.15)
            return super().encode(texts)

    s = Settings.from_env(data_dir={data!r}, embed_batch=2, progress=False)
    def progress(f, msg):
        print(msg, flush=True)
    build([{corpus!r}], settings=s, embedder=Slow(), progress=progress)
    print("FINISHED", flush=True)
""")


@pytest.mark.slow
def test_sigkill_mid_build_then_rebuild(settings, corpus, tmp_path):
    for i in range(6):  # enough work that the kill lands mid-way
        (corpus / f"extra_{i}.txt").write_text(
            (corpus / "003_a2eac4f79f08b594.txt").read_text().replace("Russia", f"Russia{i}"))
    script = tmp_path / "build.py"
    script.write_text(KILL_SCRIPT.format(repo=str(REPO), tests=str(REPO / "tests"),
                                         data=str(settings.data_dir), corpus=str(corpus)))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.startswith("Embedding") and "extra_1.txt" in line:  # several articles done, some in flight
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not any("FINISHED" in s for s in seen)

    emb = HashingEmbedder()
    store = Store(settings, emb)
    n_live = store.count()
    assert n_live > 0 and store.lexical("Zangezur", 3)  # the killed index still answers
    for c in store.chunks():
        assert store.article_text(c.article_id)[c.start:c.end] == c.text
    store.close()

    build([corpus], settings=settings, embedder=emb)
    fresh = Settings.from_env(data_dir=tmp_path / "fresh", progress=False)
    build([corpus], settings=fresh, embedder=HashingEmbedder())
    a, b = Store(settings, emb), Store(fresh, emb)
    ids_a = [c.id for c in a.chunks()]
    assert len(ids_a) == len(set(ids_a))
    assert sorted(ids_a) == sorted(c.id for c in b.chunks())            # nothing missing
    assert sorted(a.all_vector_ids()) == sorted(ids_a)                  # no stray vectors
    assert len(a.bm25) == len(ids_a) and set(a.bm25.slot) == set(ids_a)  # the lexical index agrees
    assert sorted(a.source.versions()) == sorted(x.sha for x in a.current_articles())  # no stray versions


# ---------------------------------------------------------------- the local read path (no Chroma)
def test_a_local_index_is_read_without_chromadb(settings, corpus, fake_embedder):
    """A fresh process on a local data directory answers lexical and dense queries from the
    cache alone: chromadb (~0.5-0.9 s to import) is not loaded (issue #24's cold start)."""
    build([corpus], settings=settings, embedder=fake_embedder)
    code = textwrap.dedent(f"""
        import sys
        import numpy as np
        from index import Settings, Store
        store = Store(Settings.from_env(data_dir={str(settings.data_dir)!r}, chroma_url=None), None)
        first = store.chunks(article_id="003_a2eac4f79f08b594.txt")[0]
        vec = np.frombuffer(store.cache.current_chunk_vectors(["003_a2eac4f79f08b594.txt"])[0][2], np.float32)
        hit, cos = store.dense(vec, 3)[0]
        print(hit == first.id, round(cos, 4), bool(store.lexical("Nakhichevan", 1)), bool(store.version()),
              "chromadb" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.stdout.split() == ["True", "1.0", "True", "True", "False"], out.stderr[-2000:]


def test_exact_local_search_matches_chroma(settings, corpus, fake_embedder):
    build([corpus], settings=settings, embedder=fake_embedder)
    store = Store(settings, fake_embedder)
    for q in ["Yekaterinburg police custody brothers", "Zangezur corridor Nakhichevan", "peacekeepers withdrew"]:
        v = fake_embedder.encode([q])[0]
        for scope in (None, ["001_350488f4c5f50c02.txt"]):
            ours, theirs = store.dense(v, 5, scope), store.source.query(v, 5, scope)
            assert len(ours) == 5 and [round(c, 4) for _, c in ours] == [round(c, 4) for _, c in theirs]
            tied = {round(c, 4) for _, c in ours if [round(x, 4) for _, x in ours].count(round(c, 4)) > 1}
            assert [i for i, c in ours if round(c, 4) not in tied] == [i for i, c in theirs if round(c, 4) not in tied]
            if scope:
                assert {store.chunks([i])[0].article_id for i, _ in ours} == set(scope)


def test_past_the_exact_bound_chroma_searches_and_no_vectors_are_held(settings, corpus, fake_embedder, monkeypatch):
    import index.store
    build([corpus], settings=settings, embedder=fake_embedder)
    monkeypatch.setattr(index.store, "EXACT_MAX", 10)  # the corpus has 48 chunks
    store = Store(settings, fake_embedder)
    asked = []
    query = store.source.query
    monkeypatch.setattr(store.source, "query", lambda *a, **kw: asked.append(1) or query(*a, **kw))
    hit = store.dense(fake_embedder.encode(["Yekaterinburg police custody"])[0], 1)[0][0]
    assert asked and len(store.vectors) == 0
    assert store.chunks([hit])[0].article_id == "001_350488f4c5f50c02.txt"


def test_another_process_writing_is_seen_on_the_next_question(settings, corpus, fake_embedder):
    build([corpus], settings=settings, embedder=fake_embedder)
    reader = Store(settings, fake_embedder)
    v0 = reader.version()
    (corpus / "new.txt").write_text("The Middle Corridor ferry from Aktau now sails daily.\n\n" * 5)
    env = {**os.environ, "RAG_DATA_DIR": str(settings.data_dir)}
    code = ("import sys; sys.path.insert(0, 'tests'); from conftest import HashingEmbedder; from index import build, "
            f"Settings; build([{str(corpus)!r}], settings=Settings.from_env(chroma_url=None, progress=False), "
            "embedder=HashingEmbedder())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert reader.version() != v0
    hit = reader.dense(fake_embedder.encode(["Middle Corridor ferry Aktau daily"])[0], 1)[0][0]
    assert reader.chunks([hit])[0].article_id == "new.txt"
    assert reader.lexical("Aktau", 1) and not reader.cache.keys("writing:")


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_write_killed_between_chroma_and_the_cache_sends_readers_to_chroma(settings, corpus, fake_embedder):
    build([corpus], settings=settings, embedder=fake_embedder)
    reader = Store(settings, fake_embedder)
    v0 = reader.version()
    writer = Store(settings, fake_embedder)
    # What a writer killed after Chroma's version bump and before its cache sync leaves behind:
    writer.cache.put(f"writing:{_dead_pid()}:x", time.time())
    writer.source.clear_current("004_1ad2ed4ed292989f.txt")
    writer.source.bump()
    assert reader.version() != v0                      # the dead writer's mark: asked Chroma
    assert "004_1ad2ed4ed292989f.txt" not in {a.id for a in reader.current_articles()}
    assert not reader.cache.keys("writing:")           # in step again: the mark is gone
    writer.source.clear_current("003_a2eac4f79f08b594.txt")
    writer.source.bump()
    reader.version()  # a write to Chroma without the mark is not seen: that is why writers mark
    assert "003_a2eac4f79f08b594.txt" in {a.id for a in reader.current_articles()}


def test_a_failed_write_leaves_a_mark_until_a_reader_syncs(settings, corpus, fake_embedder):
    from index import StoreError
    build([corpus], settings=settings, embedder=fake_embedder)
    store = Store(settings, fake_embedder)

    def down():
        raise StoreError("The Chroma store failed: gone. Check ..., then retry.")

    store.source.bump = down
    (corpus / "new.txt").write_text("A new article about the Middle Corridor. " * 50)
    with pytest.raises(StoreError):
        build([corpus], settings=settings, embedder=fake_embedder, store=store)
    assert store.cache.keys("writing:") == ["writing:failed"]
    fresh = Store(settings, fake_embedder)             # asks Chroma, where new.txt is current (the bump failed)
    assert "new.txt" in {a.id for a in fresh.current_articles()} and not fresh.cache.keys("writing:")


def test_link_headlines_are_embedded_at_index_time(settings, tmp_path, fake_embedder):
    d = tmp_path / "in"
    d.mkdir()
    body = "\n\n".join(["The harbour ferry now sails every two hours between the towns, and the crossing "
                         "takes about ninety minutes in calm weather."] * 3)
    (d / "ferry.txt").write_text(f"Ferry timetable changes\n\n{body}\n\nRelated: Council sets date for "
                                 "harbour festival in May\n\nMore text about the ferry service and its crew today.")
    build([d], settings=settings, embedder=fake_embedder)
    store = Store(settings, fake_embedder)
    links = store.link_vectors(store.current_sha("ferry.txt"))
    assert [line for line, _ in links] == ["Related: Council sets date for harbour festival in May"]
    want = fake_embedder.encode([links[0][0]])[0]
    assert float(links[0][1] @ want) > 0.999


def test_dense_index_scopes_and_bounds():
    from index.dense import DenseIndex
    ix = DenseIndex()
    e = np.eye(4, dtype=np.float32)
    ix.put("a", [("a0", e[0].tobytes()), ("a1", e[1].tobytes())])
    ix.put("b", [("b0", (e[0] + e[2]).tobytes())])
    assert [i for i, _ in ix.search(e[0], 5)] == ["a0", "b0", "a1"]
    assert ix.search(e[0], 5, ["b"]) == [("b0", pytest.approx(2 ** -0.5))]
    assert ix.search(e[0], 2, ["nope"]) == []
    ix.remove("a")
    assert [i for i, _ in ix.search(e[1], 5)] == ["b0"] and len(ix) == 1
    ix.put("c", [("c0", None)])
    assert not ix.complete
    ix.remove("c")
    assert ix.complete


def test_dense_index_is_safe_to_search_while_a_sync_changes_it():
    import threading
    from index.dense import DenseIndex
    ix, rng, errors, stop = DenseIndex(), np.random.default_rng(0), [], threading.Event()
    vecs = rng.normal(size=(40, 8)).astype(np.float32)
    rows = lambda a: [(f"{a}{i}", vecs[i].tobytes()) for i in range(40)]  # noqa: E731

    def churn():
        for n in range(300):
            ix.put(f"a{n % 7}", rows(f"a{n % 7}-"))
            ix.remove(f"a{(n + 3) % 7}")
        stop.set()

    def search():
        while not stop.is_set():
            try:
                hits = ix.search(vecs[0], 5, ["a1", "a2"] if len(errors) % 2 else None)
                assert all(isinstance(i, str) for i, _ in hits)
            except Exception as e:  # noqa: BLE001  (any error is the failure)
                errors.append(e)
                return

    threads = [threading.Thread(target=churn)] + [threading.Thread(target=search) for _ in range(3)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so a race shows up in a short test
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert not errors


# ---------------------------------------------------------------- chroma server mode
@pytest.mark.slow
def test_chroma_server_mode(tmp_path, corpus, fake_embedder):
    port = free_port()
    proc = start_chroma(tmp_path / "srv", port)
    try:
        s = Settings.from_env(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}", progress=False)
        r = build([corpus], settings=s, embedder=fake_embedder)
        assert len(r.added) == 5
        store = Store(s, fake_embedder)
        assert len(store.all_vector_ids()) == 48
        hit = store.dense(fake_embedder.encode(["Yekaterinburg police custody"])[0], 1)[0][0]
        assert store.chunks([hit])[0].article_id == "001_350488f4c5f50c02.txt"
        assert not (tmp_path / "data" / "chroma").exists()  # vectors went to the server
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_unreachable_chroma_server_is_a_clear_error(tmp_path, fake_embedder):
    from index import StoreError
    s = Settings.from_env(data_dir=tmp_path / "d", chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="chroma run"):
        Store(s, fake_embedder)


def test_cli_stats_and_show(tmp_path):
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "d")}
    out = subprocess.run([sys.executable, "-m", "index", "show", str(ARTICLES / "000_5789262eef704622.txt")],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "⟦chunk 0" in out.stdout and "newsletter: Stay Ahead" in out.stdout


# ---------------------------------------------------------------- faults
def test_full_disk_is_a_clear_error_and_loses_nothing(settings, corpus, fake_embedder):
    from index import StoreError
    build([corpus], settings=settings, embedder=fake_embedder)
    store = Store(settings, fake_embedder)
    before = sorted(c.id for c in store.chunks())
    cols = store.source.cols()

    class Full:  # the disk fills up after the chunks went in, before the article record
        def __init__(self, col):
            self.col = col

        def upsert(self, **kw):
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name):
            return getattr(self.col, name)

    cols["articles"] = Full(cols["articles"])
    (corpus / "new.txt").write_text("A new article about the Middle Corridor. " * 400)
    with pytest.raises(StoreError, match="database or disk is full") as e:
        build([corpus], settings=settings, embedder=fake_embedder, store=store)
    assert "unchanged" in str(e.value) and "build again" in str(e.value)
    store.close()
    again = Store(settings, fake_embedder)
    assert sorted(c.id for c in again.chunks()) == before
    assert set(again.all_vector_ids()) > set(before)  # the half-written version's chunks are there...
    hits = again.dense(fake_embedder.encode(["Middle Corridor new article"])[0], 60)
    assert {i for i, _ in hits} <= set(before)        # ...but never answered from
    r = build([corpus], settings=settings, embedder=fake_embedder)  # space is back: completes
    assert r.added == ("new.txt",)
    final = Store(settings, fake_embedder)
    assert sorted(final.all_vector_ids()) == sorted(c.id for c in final.chunks())  # leftovers swept


def test_unusable_data_dir_is_a_clear_error(tmp_path, fake_embedder):
    from index import StoreError
    f = tmp_path / "a-file"
    f.write_text("x")
    with pytest.raises(StoreError, match="RAG_DATA_DIR"):
        Store(Settings.from_env(data_dir=f / "data"), fake_embedder)


@pytest.mark.slow
def test_chroma_server_stopped_mid_session_then_back(tmp_path, corpus, fake_embedder):
    from index import StoreError
    port = free_port()

    def start():
        return start_chroma(tmp_path / "srv", port)

    proc = start()
    try:
        s = Settings.from_env(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}", progress=False)
        build([corpus], settings=s, embedder=fake_embedder)
        store = Store(s, fake_embedder)
        v = fake_embedder.encode(["Yekaterinburg police custody"])[0]
        assert store.dense(v, 1)
        proc.terminate()
        proc.wait(timeout=30)
        with pytest.raises(StoreError, match="chroma run"):
            store.dense(v, 1)
        assert store.lexical("Yekaterinburg", 1)  # the lexical half still answers
        assert "chroma run" in store.degraded

        from rag import Pipeline, Settings as RagSettings
        from rag.pipeline import DEGRADED_NOTICE
        pipe = Pipeline(RagSettings(index=s), embedder=fake_embedder, store=store, build_if_empty=False)
        a = pipe.answer("What happened to the brothers in police custody in Yekaterinburg?")
        assert a.citations and a.notice.endswith(DEGRADED_NOTICE)  # read-only, and it says so
        assert all(c.cosine is None for c in a.citations)  # found by BM25 alone
        restarted = Store(s, fake_embedder)  # a restart while the server is down: the cache serves
        assert restarted.degraded and restarted.count() == store.count()
        with pytest.raises(StoreError, match="chroma run"):  # writes wait for the server
            build([corpus], settings=s, embedder=fake_embedder, store=restarted, force=True)

        proc = start()
        assert store.dense(v, 1)  # recovered, same Store object
        restarted.version()
        assert not restarted.degraded
        assert not pipe.answer("What happened to the brothers in police custody in Yekaterinburg?").notice
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _varied_texts(n: int = 200) -> list[str]:
    """Sentences from the articles, cut, joined, repeated past the window, and odd unicode."""
    import random
    from index.text import sentence_spans
    rng = random.Random(7)
    sents = [t[a:b] for f in ALL for t in [load(f).text] for a, b in sentence_spans(t)]
    odd = ["", "x", "🙂🚀 emoji only", "مرحبا بالعالم", "שלום", "e\u0301 combining", "UPPER CASE TITLE",
           "3.14159 2,500,000 1999-2024", "a\tb\nc", "word " * 400, "Zangezur" * 60]
    out = list(odd)
    while len(out) < n:
        k = rng.randint(1, 4)
        text = " ".join(rng.sample(sents, k))
        cut = rng.choice([None, 12, 40, 200])
        out.append(" ".join(text.split()[:cut]) if cut else text)
    return out[:n]


@pytest.mark.slow
def test_query_embedder_matches_sentence_transformers(real_embedder):
    """The NumPy BERT forward pass gives sentence-transformers' vectors, for 200 varied texts."""
    import numpy as np
    from index.embedder import QueryEmbedder
    q = QueryEmbedder(upgrade=False)
    texts = _varied_texts()
    cos = (q.encode(texts) * real_embedder.encode(texts)).sum(1)
    assert cos.min() >= 0.9999, (cos.min(), texts[int(cos.argmin())][:80])
    assert [q.wordpieces(t) for t in texts] == [real_embedder.wordpieces(t) for t in texts]
    assert q.max_wordpieces == real_embedder.max_wordpieces and q._fast is None  # stayed on NumPy
    up = QueryEmbedder()
    up.encode(["before the upgrade"])
    assert up._loader is None
    up.start_upgrade()
    up._loader.join(timeout=120)
    assert up._fast is not None
    assert np.allclose((up.encode(texts[:20]) * q.encode(texts[:20])).sum(1), 1.0, atol=1e-4)


@pytest.mark.slow
def test_one_text_is_encoded_directly_to_the_same_vector(real_embedder, tmp_path):
    """A single text (a question) skips sentence-transformers' batching for the transformer and
    mean pooling directly; its vector is the batch path's, long texts truncated alike. A model
    pooling otherwise goes the batch path."""
    import numpy as np
    from index.embedder import Embedder
    texts = _varied_texts(40)
    assert real_embedder._direct
    one = np.stack([real_embedder.encode([t])[0] for t in texts])
    cos = (one * real_embedder.encode(texts)).sum(1)
    assert cos.min() >= 0.9999, (cos.min(), texts[int(cos.argmin())][:80])
    assert np.allclose(np.linalg.norm(one, axis=1), 1.0, atol=1e-5)
    maxed = Embedder(path=_model_copy(tmp_path, lambda d: (d / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 384, "pooling_mode_max_tokens": True}))))
    assert not maxed._direct


def _model_copy(tmp_path, edit) -> str:
    """The packaged model's directory with its config files copied (to edit) and weights linked."""
    import shutil
    from index.embedder import model_path
    src, d = Path(model_path()), tmp_path / "model"
    for f in src.rglob("*"):
        if f.is_file():
            (d / f.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            if f.suffix == ".json":
                shutil.copy(f, d / f.relative_to(src))
            else:
                (d / f.relative_to(src)).symlink_to(f)
    edit(d)
    return str(d)


@pytest.mark.parametrize("edit,why", [
    (lambda d: (d / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 384, "pooling_mode_max_tokens": True})), "pooling"),
    (lambda d: (d / "config.json").write_text(json.dumps(
        {**json.loads((d / "config.json").read_text()), "position_embedding_type": "relative_key"})), "absolute"),
    (lambda d: (d / "config.json").write_text(json.dumps(
        {**json.loads((d / "config.json").read_text()), "model_type": "roberta"})), "BertModel"),
    (lambda d: (d / "modules.json").write_text(json.dumps(
        json.loads((d / "modules.json").read_text()) + [{"idx": 3, "name": "3", "path": "3_Dense",
                                                          "type": "sentence_transformers.models.Dense"}])), "module"),
])
def test_numpy_bert_refuses_models_it_does_not_implement(tmp_path, edit, why):
    from index.bert_numpy import UnsupportedModel, read_spec
    with pytest.raises(UnsupportedModel, match=why):
        read_spec(_model_copy(tmp_path, edit))


def test_numpy_bert_reads_the_model_config(tmp_path):
    from index.bert_numpy import read_spec
    spec = read_spec(_model_copy(tmp_path, lambda d: (d / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": 128, "do_lower_case": False}))))
    assert (spec.max_seq_length, spec.pooling, spec.normalize, spec.layers, spec.hidden) == (128, "mean", True, 6, 384)


def test_numpy_gelu_is_the_textbook_erf_gelu_bit_for_bit():
    """The in-place, blockwise GELU computes the same float32 operations in the same order as
    the Abramowitz & Stegun erf written out, over more rows than one block."""
    import numpy as np
    from index.bert_numpy import GELU_ROWS, _gelu
    x = (np.random.default_rng(0).standard_normal((3, GELU_ROWS, 17)) * 4).astype(np.float32)
    z = x * np.float32(0.5 ** 0.5)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    expect = 0.5 * x * (1.0 + np.sign(z) * (1.0 - poly * np.exp(-a * a)))
    got = _gelu(x)
    assert got.shape == x.shape and got.dtype == np.float32 and np.array_equal(got, expect)
    assert np.array_equal(x, (np.random.default_rng(0).standard_normal((3, GELU_ROWS, 17)) * 4).astype(np.float32))


def test_numpy_bert_computes_only_the_first_tokens_last_layer_when_asked():
    """`first_only` (what a cross-encoder's head reads) gives the padded batch's [CLS] states."""
    import numpy as np
    from index.bert_numpy import NumpyBert
    from index.embedder import model_path
    bert = NumpyBert(model_path())
    rng = np.random.default_rng(1)
    ids = rng.integers(1000, 20000, size=(3, 21))
    ids[:, 0] = 101
    mask = np.ones((3, 21), dtype=np.float32)
    mask[1, 12:] = 0      # a shorter text, padded
    ids[1, 12:] = 0
    types = np.zeros_like(ids)
    types[:, 8:] = 1
    full = bert.hidden_states(ids, mask, types)
    first = bert.hidden_states(ids, mask, types, first_only=True)
    assert first.shape == (3, 1, 384)
    assert np.allclose(first[:, 0], full[:, 0], atol=1e-5)
    assert not np.allclose(first[:, 0], full[:, 1], atol=1e-2)
    # ... and so do the sequences run unpadded, each attending only within itself
    packed = bert.first_states([list(ids[0]), list(ids[1, :12]), list(ids[2])],
                               [list(types[0]), list(types[1, :12]), list(types[2])])
    assert packed.shape == (3, 384) and np.allclose(packed, first[:, 0], atol=1e-5)
    alone = bert.first_states([list(ids[1, :12])], [list(types[1, :12])])
    assert np.allclose(alone[0], packed[1], atol=1e-5)     # its neighbours' tokens change nothing


def test_torch_computes_the_same_first_states_as_numpy():
    """A process with torch loaded runs the reranker's pairs through it (index.bert_torch): the
    same [CLS] states as NumPy's, unpadded pairs of different lengths included."""
    import numpy as np
    import torch  # noqa: F401  (loaded, as in a process whose embedder is torch)
    from index import bert_torch
    from index.bert_numpy import NumpyBert
    from index.embedder import model_path
    bert = NumpyBert(model_path())
    rng = np.random.default_rng(2)
    seqs = [[101] + list(rng.integers(1000, 20000, size=n)) + [102] for n in (5, 30, 17)]
    types = [[0] * 4 + [1] * (len(q) - 4) for q in seqs]
    assert bert_torch.available()
    got = bert_torch.TorchFirstStates(bert).first_states(seqs, types)
    want = bert.first_states(seqs, types)
    assert got.shape == want.shape == (3, 384) and got.dtype == np.float32
    assert np.allclose(got, want, atol=1e-4)
    assert not np.allclose(got[0], want[1], atol=1e-2)


def test_numpy_blas_runs_on_one_thread_only_while_answering_beside_torch():
    import torch  # noqa: F401
    from threadpoolctl import threadpool_info
    from index.bert_torch import quiet_blas

    def blas_threads():
        return [d["num_threads"] for d in threadpool_info() if d["user_api"] == "blas"]
    before = blas_threads()
    assert before
    with quiet_blas():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before
    # two answers overlapping (a server): the first to finish leaves the limit to the other, and
    # the last restores the threads (a save-and-restore each would leave one thread for good)
    first, second = quiet_blas(), quiet_blas()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert blas_threads() == [1] * len(before)
    second.__exit__(None, None, None)
    assert blas_threads() == before


@pytest.mark.slow
def test_query_embedder_uses_sentence_transformers_for_unsupported_models(tmp_path):
    from index.embedder import QueryEmbedder
    path = _model_copy(tmp_path, lambda d: (d / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 384, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": True})))
    q = QueryEmbedder(path=path)
    # sentence-transformers concatenates CLS and mean pooling: twice the width, which NumPy can't do.
    assert q.bert is None and q._fast is not None and q.encode(["a question"]).shape == (1, 768) == (1, q.dim)


def test_seeding_the_tiktoken_cache_leaves_the_environment_alone(tmp_path, monkeypatch):
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    d = seed_tiktoken_cache(tmp_path / "tk")
    assert (d / CL100K_CACHE_NAME).exists() and "TIKTOKEN_CACHE_DIR" not in os.environ


def test_a_name_the_article_titles_elsewhere_is_annotated_as_a_person():
    """The small tagger reads "chaired by Imogen Fairbairn" as an organisation; "Ms Fairbairn
    said" later makes her a person. "the Fairbairn Trust" stays an organisation."""
    from index.annotate import annotate
    text = ("Orchard planted\n\nThe project is led by the Brackwell Orchard Group, chaired by Imogen "
            "Fairbairn, a retired biology teacher.\n\nMs Fairbairn said the Fairbairn Trust had helped.\n")
    _, sentences = annotate(text)
    labels = {text[a:b]: lab for s in sentences for a, b, lab in s.entities}
    assert labels.get("Imogen Fairbairn") == "PERSON", labels
    assert labels.get("Fairbairn Trust", "ORG") != "PERSON" and labels.get("the Fairbairn Trust", "ORG") != "PERSON"
    # without a titled mention the tagger's own labels stand
    from index.text import parse
    short = text.split("\n\nMs Fairbairn")[0] + "\n"
    _, alone = annotate(short)
    raw = {short[a:b]: lab for a, b, lab in parse(short).entities}
    assert {short[a:b]: lab for s in alone for a, b, lab in s.entities} == raw


@pytest.mark.parametrize("byline", ["By Nadia Ferreira-Holt, 9 April 2026", "By Nadia Ferreira-Holt | April 9, 2026",
                                    "by Nadia Ferreira-Holt, Thursday 9 April 2026",
                                    # the date had been kept as part of the author's name
                                    "By Nadia Ferreira-Holt · 9 April 2026"])
def test_a_byline_with_its_date_after_a_comma_is_metadata_not_the_headline(tmp_path, byline):
    """The headline was lost and the byline taken for it when the date followed a comma."""
    from index.loader import load
    f = tmp_path / "van.txt"
    f.write_text("Mobile library returns to Tarrow Valley villages after two-year gap\n" + byline + "\n\n"
                 "A mobile library will start visiting 14 villages in the Tarrow Valley again from Monday 4 May, "
                 "two years after the old van was taken off the road.\n")
    a = load(f)
    assert a.title == "Mobile library returns to Tarrow Valley villages after two-year gap"
    assert a.byline == "By Nadia Ferreira-Holt" and "2026" in a.date
    assert byline not in a.text and a.text.startswith("A mobile library")


@pytest.mark.parametrize("masthead,byline,author,date", [
    ("", "Theo Brannigan, March 6, 2026", "By Theo Brannigan", "March 6, 2026"),
    ("Northreach Magazine", "Published 2026-03-09 · Staff reporter Oona Lisk", "By Oona Lisk", "2026-03-09"),
    ("Capital & Commerce", "Sabine Orrel - 11.03.2026 - Markets & Infrastructure", "By Sabine Orrel", "11.03.2026"),
    ("THE HARVIK DAILY POST", "13/03/2026 - by Kaja Miren, foreign desk", "By Kaja Miren", "13/03/2026"),
    ("aldmoor-gazette.example", "Priya Halloran | Health correspondent", "By Priya Halloran", ""),
    ("", "Words by Tomasz Rehn, transport editor", "By Tomasz Rehn", ""),
])
def test_bylines_as_sites_write_them_are_metadata_and_the_headline_is_kept(tmp_path, masthead, byline, author, date):
    """Each of these bylines was taken for the headline, and the headline and the site's name
    were lost (a blind cross-article set named articles by author, site and date, and most
    references failed)."""
    from index.loader import load
    headline = "Who pays for the Meridian Link? Bankers eye a 9.1bn bill"
    f = tmp_path / "rail.txt"
    f.write_text((masthead + "\n" if masthead else "") + headline + "\n" + byline + "\n"
                 "Costs and timetable\n\n"
                 "The cabinet approved the line on Tuesday, and bankers say the bill will be far larger than "
                 "the government admits.\n")
    a = load(f)
    assert (a.title, a.byline, a.date, a.site) == (headline, author, date, masthead)
    assert byline not in a.text and (not masthead or masthead not in a.text.split("\n"))
    # the short line between the byline and the text is a subheading, kept as text
    assert a.text.startswith("Costs and timetable")


def test_a_dateline_with_a_time_over_the_headline_and_a_words_label_are_metadata(tmp_path):
    """"Updated 2026-04-14 09:05" above the headline was dropped as page header (the date lost), and
    "Words: Marta Quillan" was taken for the headline."""
    from index.loader import load
    f = tmp_path / "wall.txt"
    f.write_text("Updated 2026-04-14 09:05\nCouncil delays vote on harbour wall repairs\nWords: Marta Quillan\n\n"
                 "The Portwick harbour wall will not be repaired this year after councillors postponed a vote on "
                 "the £2.1 million scheme.\n")
    a = load(f)
    assert (a.title, a.byline, a.date) == ("Council delays vote on harbour wall repairs", "By Marta Quillan",
                                           "2026-04-14")
    assert a.text.startswith("The Portwick harbour wall")


@pytest.mark.parametrize("last,site", [
    ("— Owen Bracegirdle is a columnist for the Portwick Mercury.", "The Portwick Mercury"),
    ("This article first appeared in Coastline Weekly.", "Coastline Weekly"),
    ("© The Northshore Gazette 2026", "The Northshore Gazette"),
    ("Copyright 2026 Harbour Times Ltd. All rights reserved.", "Harbour Times"),
    # the sentence after the name is no part of it (it had been "Heritage Review. This interview has been")
    ("© 2026 Heritage Review. This interview has been edited for length and clarity.", "Heritage Review"),
    ("Source: Riverbend Weekly", "Riverbend Weekly"),
    ("Nadia Fenn writes for Riverbend Weekly.", "Riverbend Weekly"),
    ("_Marta Quell is a columnist for The Teslin Courier._", "The Teslin Courier"),   # set in italics
    ("Written by Owen Bracegirdle", ""),                       # a person, not a publication
    ("A reporter for the Herald asked the mayor why the repairs had been put off.", ""),  # text, not a credit
])
def test_a_page_without_a_masthead_takes_its_site_from_the_credit_at_its_foot(tmp_path, last, site):
    from index.loader import load
    f = tmp_path / "wall.txt"
    f.write_text("Why the harbour wall matters more than the marina\n\n"
                 "Every winter the sea takes a little more of Portwick's old harbour wall, and this year the "
                 "council has decided to let it.\n\n" + last + "\n")
    assert load(f).site == site


@pytest.mark.parametrize("last,byline", [
    ("(Reporting by Petra Vanko; editing by Jan Holub)", "By Petra Vanko"),
    ("Additional reporting by Jane Doe.", ""),              # a helper, not the author
])
def test_a_wire_credit_at_the_foot_names_the_reporter(tmp_path, last, byline):
    """A wire story with no byline credits its reporter at its foot: "Petra Vanko's report"."""
    from index.loader import load
    f = tmp_path / "visit.txt"
    f.write_text("BREZNICA, 4 June (Corvapress) - Corvany will not accept night flights over its villages, the "
                 "minister said on Thursday during a visit to the border village.\n\n"
                 "She said the plans would turn the area into a corridor of noise.\n\n" + last + "\n")
    assert load(f).byline == byline


def test_a_reporters_dateline_is_the_byline_and_the_headline_above_it_is_kept(tmp_path):
    """"Orla Vane reports from Tullaskerry - Tuesday 5 May 2026" was taken for the headline."""
    from index.loader import load
    f = tmp_path / "home.txt"
    f.write_text("NATION | FISHERIES\nTullaskerry welcomes the Brigid Rose home\n"
                 "Orla Vane reports from Tullaskerry - Tuesday 5 May 2026\n\n"
                 "Hundreds of people lined the quay on Monday as the trawler came home after four days in detention.\n")
    a = load(f)
    assert (a.title, a.byline, a.date) == ("Tullaskerry welcomes the Brigid Rose home", "By Orla Vane", "5 May 2026")


@pytest.mark.parametrize("text,site", [
    ("The Gullhaven Post has learned that the port asked for an emergency grant.", "The Gullhaven Post"),
    ("Boats landed less this spring, she told the Gullhaven Post on Monday.", "The Gullhaven Post"),
    ("The Seaboard Digest sets out what the row is about and where it could go next.", "The Seaboard Digest"),
    ("The harbour council has learned that the grant was refused, she told the minister.", ""),
    ("He told the Herald one thing and told the Gullhaven Post another.", ""),  # two publications: neither
    # a title without "the", ending in a word magazines are named with
    ("She spoke to Strait Business Monthly in her office on 10 March.", "Strait Business Monthly"),
    ("She spoke to Harbour Master Ian Dunn on Monday.", ""),
])
def test_a_page_naming_its_own_publication_in_its_text_takes_it_as_its_site(tmp_path, text, site):
    from index.loader import load
    f = tmp_path / "row.txt"
    f.write_text("Gullhaven counts the cost of the herring war\n\nHalf the boats in Gullhaven have not left the "
                 "harbour for a week, and the fish market has cut its hours.\n\n" + text + "\n")
    assert load(f).site == site


def test_a_list_of_figures_after_a_paragraph_is_the_articles_text_not_a_menu():
    """"- Cost: £2.1 million" after a paragraph (no intro line ending in ":") was dropped as a menu item."""
    from index.clean import clean
    c = clean("Harbour wall: what happens next\n\nPortwick's harbour wall was built in 1884, and engineers say "
              "repairs would take about five months.\n\n- Cost: £2.1 million\n- Damaged section: 60 metres\n\n"
              "The council meets again in June, when the repairs will be put to another vote.\n\n"
              "- World\n- Sport\n- Privacy\n")
    assert "- Cost: £2.1 million" in c.text and "- Damaged section: 60 metres" in c.text
    assert "- World" not in c.text


@pytest.mark.parametrize("line", ["Vladimir Putin, Ilham Aliyev", "Harvik seeks a seat at the table, says Kaja Miren",
                                  "Related Posts", "Home"])
def test_headlines_lists_of_names_and_menus_are_no_bylines_or_mastheads(line):
    from index.credits import byline as _byline, masthead as _masthead
    assert _byline(line) is None and not _masthead(line)


def test_a_list_item_sharing_words_with_a_later_paragraph_is_not_a_repeat():
    """"- self-rated alertness at 4 a.m." was dropped as a repeat of "Alertness at 4 a.m. was
    about the same in both groups ...", and the list lost one of its four items."""
    from index.clean import clean
    c = clean("Amber light helps nurses sleep\n\nThe researchers compared four outcomes:\n\n"
              "- total sleep time after each night shift\n- the number of times participants woke during the day\n"
              "- self-rated alertness at 4 a.m.\n- medication errors recorded on the ward\n\n"
              "Alertness at 4 a.m. was about the same in both groups, which the authors said was reassuring.\n")
    assert "- self-rated alertness at 4 a.m." in c.text and c.text.count("- ") == 4


def test_an_irregular_past_form_stems_as_its_verb():
    """"Construction took 19 weeks" answers "How long did it take to build?": Porter alone leaves
    "took" and "built" as they are; words that are also other words ("left", "found") stay."""
    from index.text import content_stems, stem
    assert stem("took") == stem("take") and stem("built") == stem("build") and stem("paid") == stem("pay")
    assert stem("left") != stem("leave") and stem("found") == "found"
    assert set(content_stems("Construction took 19 weeks")) >= {stem("take")}


@pytest.mark.parametrize("opening,site,date", [
    ("MERRIN, 3 June (Kessani Press Agency) - Farmers on the Merrin plain warned on Wednesday of failed harvests.",
     "Kessani Press Agency", "3 June"),
    ("LONDON, March 3 (Reuters) - Shares fell on Tuesday after the bank raised rates again.", "Reuters", "March 3"),
    ("LONDON - Shares fell on Tuesday after the bank raised rates again (a third rise).", "", ""),
])
def test_a_wire_dateline_gives_the_page_its_agency_and_date(tmp_path, opening, site, date):
    """A wire story names its source only in its dateline: "the Kessani Press Agency report"
    should find it. The dateline stays in the text: it is the lede's opening."""
    from index.loader import load
    f = tmp_path / "wire.txt"
    f.write_text("Farmers fear for harvests as the dam goes ahead\n\n" + opening + "\n\nMore follows here.\n")
    a = load(f)
    assert (a.site, a.date) == (site, date) and opening[:20] in a.text


@pytest.mark.parametrize("header,headline,site", [
    # a masthead naming the section the page sits in: the site is the name before it
    ("HALVARD REVIEW | Analysis", "Who pays for a bridge that belongs to two countries?", "HALVARD REVIEW"),
    ("SARN VALLEY COURIER - Features", "Life on the broken side: Dressel waits for its bridge", "SARN VALLEY COURIER"),
    ("THE OSKEL LEDGER", "Halden Bridge collapse: Oskel offers to split the rebuild", "THE OSKEL LEDGER"),
    # a breadcrumb of one word each side is no site ("NATION | FISHERIES")
    ("NATION | FISHERIES", "Tullaskerry welcomes the Brigid Rose home", ""),
])
def test_a_masthead_naming_its_section_gives_the_site_and_a_question_under_it_is_the_headline(
        tmp_path, header, headline, site):
    """"HALVARD REVIEW | Analysis" was taken for the headline: the site was lost, and so was the
    headline under it, a question ("... two countries?"), which is no headline-like line (a blind
    across tune set, acrossp, named the article by both)."""
    from index.loader import load
    f = tmp_path / "bridge.txt"
    f.write_text(f"{header}\n\n{headline}\n\nThe collapse of the Halden Bridge is a tragedy, and the argument over "
                 "its replacement is only starting.\n\nPublished 6 March 2026\n")
    a = load(f)
    assert (a.title, a.site) == (headline, site)
    assert a.text.startswith("The collapse") and a.date == "6 March 2026"     # a date at the foot of the page


def test_a_section_under_the_masthead_is_no_site_and_a_date_under_the_standfirst_is_the_date(tmp_path):
    """"THE VALLEY GAZETTE" over "Local News" gave the site as "Local News", and "March 13, 2025"
    under a standfirst was read as text (a blind across tune set, acrossm); a masthead of its own
    stays the site, and a date further down the text stays text."""
    from index.loader import load
    f = tmp_path / "water.txt"
    f.write_text("THE VALLEY GAZETTE\nLocal News\n\nResidents told not to drink tap water\n\nThe deeper failure lies "
                 "with a utility that was never equipped for this.\n\nMarch 13, 2025\n\nIt took less than a day for the "
                 "blame to settle on the plant upstream.\n\nMarch 20, 2025\n\nTesting will go on for a month.\n")
    a = load(f)
    assert (a.site, a.date, a.title) == ("THE VALLEY GAZETTE", "March 13, 2025", "Residents told not to drink tap water")
    assert a.text.startswith("The deeper failure") and "March 13" not in a.text and "March 20, 2025" in a.text
    f.write_text("THE OSKEL LEDGER\n\nResidents told not to drink tap water\n\nIt took less than a day.\n")
    assert load(f).site == "THE OSKEL LEDGER"


def test_a_page_copied_with_its_menus_share_buttons_and_notices_keeps_its_metadata(tmp_path):
    """A page copied whole: the site's name over its menu and breadcrumbs, a cookie notice, share
    buttons, a bracketed photo caption, a date with a time, arrows to other stories, a newsletter
    line. The share buttons were taken for the headline and the site's name was lost (a blind
    across tune set, acrossn)."""
    from index.loader import load
    f = tmp_path / "ferry.txt"
    f.write_text("THE WESTCOAST HERALD\nHome | News | Business | Sport | Opinion | Weather\nNews > Regions > West Coast\n\n"
                 "We use cookies to improve your experience. [Accept]\n\n"
                 "Islanders cut off as ferry company collapses\n\n12 March 2025 · Interview by Lotte Haugan\n\n"
                 "Share this article: Facebook | X | Email | Copy link\n\n"
                 "[Photo: Ferries tied up at the quay on Wednesday. Photo: Arne Kvalheim]\n\n"
                 "About 1,400 residents of Tindra were cut off on Tuesday when the island's only ferry company stopped "
                 "sailing.\n\nAdvertisement\n\nThe company owes its creditors more than 40 million crowns.\n\n"
                 "→ What is a public service contract?\n\nGet our weekly newsletter - sign up with your email address.\n\n"
                 "© 2025 All rights reserved.\n")
    a = load(f)
    assert (a.title, a.site, a.byline, a.date) == ("Islanders cut off as ferry company collapses", "THE WESTCOAST HERALD",
                                                   "By Lotte Haugan", "12 March 2025"), (a.title, a.site, a.byline, a.date)
    assert a.text.split("\n\n") == ["About 1,400 residents of Tindra were cut off on Tuesday when the island's only "
                                    "ferry company stopped sailing.",
                                    "The company owes its creditors more than 40 million crowns."], a.text
    f.write_text("Home > Explainers > Transport\n\nTindra ferry collapse: what happens to the islands now?\n\n"
                 "March 5, 2025 3:12 PM GMT+1 · Updated 2 hours ago\n\nMore than a week after the ferry company stopped "
                 "sailing, the islands are still relying on a temporary service.\n\n© 2025 Coastline Explained, a "
                 "Tidewater Media publication.\n")
    a = load(f)
    assert (a.title, a.date, a.site) == ("Tindra ferry collapse: what happens to the islands now?", "March 5, 2025",
                                         "Coastline Explained"), (a.title, a.date, a.site)


_PAGE = """THE KESTREL POST
News | City | Politics | Sport
CITY NEWS

Crane collapse closes Kestrel port for a week
Dockers say warnings about the crane were ignored for months

Thursday 13 March 2025
Share on Facebook | Share on X | Copy link
Subscribe | Sign in

A harbour crane collapsed onto the quay at Kestrel on Wednesday night, and the port will stay closed for at least a week, the harbour master said.

Nobody was hurt, but two ships waiting to unload were sent on to Ardmore, according to the port's operations office.

More from City
- Library reopens after roof repairs
- Council tax: what the new bands mean for you

Kestrel Post standards: how we report.
"""


def test_a_pages_furniture_goes_and_its_headline_masthead_and_standfirst_are_read():
    """A menu, a section line under the masthead, share and account buttons each on their own,
    a "More from ..." list of other stories and a link to the site's standards are no article
    text; a headline over its standfirst is the title, and the standfirst is text."""
    from index.clean import clean
    c = clean(_PAGE)
    assert c.title == "Crane collapse closes Kestrel port for a week"
    assert c.site == "THE KESTREL POST" and c.date == "13 March 2025"
    assert c.text.startswith("Dockers say warnings about the crane were ignored for months")
    for gone in ("Share on", "Sign in", "More from", "Library reopens", "Council tax", "standards"):
        assert gone not in c.text
    assert c.text.rstrip().endswith("according to the port's operations office.")


def test_a_heading_like_more_from_stays_when_no_list_of_links_follows():
    """"More from the minister" heading a section of the article is its text: only a list of
    links under such words is a list of other stories."""
    from index.clean import clean
    body = ("The port will stay closed for at least a week, the harbour master said on Wednesday night.\n\n"
            "More from the minister\n\n"
            "The transport minister said the state would pay for a new crane before the summer season.\n")
    c = clean("Crane collapse closes port for a week\n\n" + body)
    assert "More from the minister" in c.text and "pay for a new crane" in c.text


def test_share_save_and_print_buttons_are_no_title():
    """"Share · Save · Print" under an opinion column's date was taken for its title (acrossl)."""
    from index.clean import clean
    c = clean("Opinion | Environment | Columnists\n\nA river is not a drain\n\n9 August 2025\n\n"
              "Share · Save · Print\n\nThere is a particular smell to a dead river, and everyone on the bank "
              "knew it that week.\n\nThe fish suffocated because the lagoon overflowed into the water.\n")
    assert c.title == "A river is not a drain"
    assert "Share" not in c.text and "Print" not in c.text


def test_a_two_sentence_headline_and_a_credit_above_the_related_list_are_read():
    """A column's headline of two short sentences ("... for 31 years. This decision will cost lives")
    under a "COMMENT" label was lost, and "COMMENT" taken for the title; a wire story's "Reporting by
    ..." credit above a "Related" list and a copyright line named no author (acrossh)."""
    from index.clean import clean
    c = clean("Opinion | Columnists | Letters\n\nCOMMENT\n\nI delivered babies in Tarrow for 31 years. This decision "
              "will cost lives\n\nThe valley's mothers are being asked to gamble on a mountain road. They deserve "
              "better.\n\nTuesday, 18 March 2025\n\nFor three decades I worked on the maternity ward, and the road over "
              "the pass closed every winter.\n\nThe board has chosen the cheapest answer to a hard question.\n")
    assert c.title == "I delivered babies in Tarrow for 31 years. This decision will cost lives", c.title
    assert c.date == "18 March 2025"
    w = clean("MERIDIAN\nWorld · Health · Markets · More\n\nHealth board backs downgrade of rural maternity unit\n\n"
              "March 13, 2025 · 8:41 AM\n\nThe health board voted on Tuesday to move consultant-led births to the "
              "city hospital 70 km away.\n\nCampaigners said they would seek a judicial review of the decision.\n\n"
              "Reporting by Kofi Brandt in Castleberg; Editing by Ruth Amsel\n\nRelated\n- Birth rate falls to record "
              "low\n- Doctors warn of rural shortage\n- Ambulance times worst in country\n\n© 2025 Meridian News Agency.\n")
    assert w.byline == "By Kofi Brandt", w.byline
