"""The answer flow, top to bottom: understand -> find evidence -> decide -> write -> check.

    validate    the message is text of a sane length
    understand  rag.understand: intent, scope, standalone question, answer type, focus, anchors
    find        rag.find: hybrid retrieval (optionally within articles), candidate sentences
    decide      rag.decide: the fitted scorer, then answer / conflict / missing / abstain
    write       rag.write: an extractive draft, or an LLM writing from the chosen sentences
    check       rag.check: quotes verbatim, LLM sentences supported by what they cite

`Pipeline` holds the dependencies (settings, embedder, store, scorer, LLM), all passed in or
built from settings; `answer()` and `stream()` at module level use one shared default
pipeline, created on first use. Whether to answer is decided from evidence before any
generator runs. `stream()` yields text as it is written, a `Reset` when text already
streamed is withdrawn (an LLM draft the guard changed or rejected), then the final
`Answer`: the text after the last `Reset` is the answer's text. Leaves out conversation
memory: callers pass history.
"""
from __future__ import annotations

import re
import threading
import time
from typing import Iterator

import index
from index.bert_torch import quiet_blas
from index.text import nlp, squash
from index.tokens import count_tokens

from .cache import LRU
from .check.guard import Checked, render
from .check.support import Support
from .decide import scorer as scorer_module
from .decide.absence import closest_in_named, confirm_missing
from .decide.answerer import answerer
from .decide.decision import Decision, decide
from .decide.forms import asked_form
from .decide.headlines import linked_story
from .decide.reranker import Rerank
from .decide.reranker import load as load_reranker
from .errors import EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError, RagError
from .explain import explain
from .find.bundles import Bundles
from .find.catalog import Library
from .find.corpus import Corpus
from .find.evidence import Evidence, find
from .find.hybrid import hybrid
from .protocols import Embedder, Generator, Store
from .settings import BACKENDS, Settings
from .types import Answer, Block, Passage, Reset, Sentence, render_text
from .understand.intent import Intent
from .understand.message import Message, understand
from .understand.parts import question_parts
from .understand.question import Question, analyze
from .write.collection import collection, smalltalk
from .write.compose import compose
from .write.draft import join, rebase
from .write.generated import pieces, verify, written
from .write.llm import make_llm
from .write.across import across
from .write.excerpts import asked_section
from .write.lists import names_items
from .write.summaries import summary

ABSTAIN_TEXT = "The articles don't cover this."
DEGRADED_NOTICE = ("The index server cannot be reached, so this answer comes from this machine's cached copy "
                   "with keyword search only (no meaning-based search); new uploads and removals wait until "
                   "it is back.")
WIDER_K = 15         # passages read before saying the articles lack something: three times the usual five
# How many retrievers (one per (k, scope) asked for) are kept built.
RETRIEVERS_KEPT = 64


def _warm_imports() -> None:
    nlp()


def validate(question) -> str:
    if not isinstance(question, str):
        raise EmptyQuestionError("The question must be text.")
    q = " ".join(question.replace("\x00", " ").split())
    if not q:
        raise EmptyQuestionError()
    if not re.search(r"[^\W_]", q):
        raise EmptyQuestionError("The question has no words in it, only punctuation or symbols.")
    return q


_WH = re.compile(r"(?i)\s*(?:what|which|who|whom|whose|when|where|why|how)\b")


class Pipeline:
    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 store: Store | None = None, llm: Generator | None = None,
                 scorer: scorer_module.Scorer | None = None, rerank: Rerank | None = None,
                 build_if_empty: bool = True):
        self.settings = settings or Settings.from_env()
        # Question analysis needs spaCy (~1.3 s to import and load): start it while the store
        # opens and the query embedder loads (bench: cold start).
        threading.Thread(target=_warm_imports, name="warm-imports", daemon=True).start()
        self.scorer = scorer or scorer_module.load()
        self.rerank = rerank if rerank is not None or not self.settings.rerank else load_reranker()
        own_embedder = embedder is None
        if embedder is None:  # same vectors as index.Embedder, without sentence-transformers' import cost
            from index.embedder import QueryEmbedder
            embedder = QueryEmbedder()
        self.embedder = embedder
        try:
            self.store = store or index.Store(self.settings.index, embedder)
            self._ensure_index(build_if_empty, None if own_embedder else embedder)
        except index.IndexingError as e:
            raise IndexNotReadyError(str(e)) from None
        self.bundles = Bundles(self.store)
        self.corpus = Corpus(embedder, self.store)
        self.support = Support(embedder, self.bundles)
        self.library = Library(self.store, self.bundles, self.corpus)
        self._llm = llm
        self._llm_error: str = ""
        self._retrievers: LRU = LRU(RETRIEVERS_KEPT)
        if llm is None and self.settings.backend != "extractive":
            try:
                self._llm = make_llm(self.settings)
            except LLMUnavailableError as e:
                self._llm_error = str(e)

    def _ensure_index(self, build_if_empty: bool, embedder) -> None:
        """An empty index in the default data directory is filled with the bundled articles
        (the zero-setup path of `make run` and a bare `rag.answer()`); anywhere else an empty
        index is the user's to fill, and saying so beats answering from articles they never added."""
        if self.store.count() > 0:
            return
        if build_if_empty and self.settings.index.uses_default_dir:
            index.build(settings=self.settings.index, embedder=embedder, store=self.store)
        elif build_if_empty:
            raise index.EmptyIndexError(str(self.settings.index.data_dir))

    # ---------------------------------------------------------------- find
    def retriever(self, k: int | None = None, articles: tuple[str, ...] = ()):
        """The hybrid retriever as a LangChain runnable (question -> list[Document]), within `articles` if given."""
        s = self.settings
        key = (k or s.k, tuple(sorted(articles)))
        from .find.retrieve import hybrid_retriever
        return self._retrievers.get_or_make(key, lambda: hybrid_retriever(
            self.store, self.corpus, s.candidates, s.rrf_k, limit=key[0], articles=key[1]))

    def retrieve(self, question: str, k: int | None = None, articles: tuple[str, ...] = ()) -> list[Passage]:
        """The passages `retriever(k, articles)` finds, without LangChain's runnable around them."""
        s = self.settings
        try:
            return hybrid(self.store, self.corpus, question, s.candidates, s.rrf_k, k or s.k, articles)
        except index.IndexingError as e:  # e.g. the Chroma server went away
            raise IndexNotReadyError(str(e)) from None

    def evidence(self, q: Question, k: int | None = None, articles: tuple[str, ...] = ()) -> Evidence:
        """Retrieve for a question and read the passages' sentences as candidates (unscored)."""
        return find(q, self.retrieve(q.text, k, articles), self.bundles, self.corpus)

    # ---------------------------------------------------------------- answer
    def answer(self, question: str, history=None, *, backend: str | None = None, k: int | None = None,
               articles=()) -> Answer:
        final = None
        for event in self.stream(question, history, backend=backend, k=k, articles=articles):
            if isinstance(event, Answer):
                final = event
        return final

    def stream(self, question: str, history=None, *, backend: str | None = None, k: int | None = None,
               articles=()) -> Iterator[str | Reset | Answer]:
        """Answer one message. `articles` (file names) limits the answer to those articles."""
        # beside torch, NumPy's BLAS threads only get in its way (index.bert_torch)
        with quiet_blas():
            yield from self._stream(question, history, backend=backend, k=k, articles=articles)

    def _stream(self, question: str, history=None, *, backend: str | None = None, k: int | None = None,
                articles=()) -> Iterator[str | Reset | Answer]:
        t0 = time.perf_counter()
        q = validate(question)
        limit = self.settings.max_question_tokens
        # A token covers at least one byte, so a question of no more bytes than the limit is
        # within it: tiktoken's table (0.3-0.4 s to load) is read only for long questions.
        if len(q.encode("utf-8", "surrogatepass")) > limit and (ntok := count_tokens(q)) > limit:
            raise QuestionTooLongError(ntok, limit)
        llm, backend, notice = self._backend(backend)
        self.corpus.sync()
        if self.store.degraded:
            notice = _join(notice, DEGRADED_NOTICE)
        # a name typed in lower case ("carol bennington") is read as the collection writes it
        m = understand(q, history, self.library.catalog(), tuple(articles),
                       rewrite=self._rewriter(llm, history) if llm is not None else None,
                       describe=self.library.describe, recase=self.library.names().recase)
        if m.kind == "question" and (asked := self._asked_itself(m)):
            # "In the interview, what does the mayor say he wants now?" where the interview asks
            # "Q: What do you want now?": its answer is what follows, quoted as that article's view
            m = Message(m.text, Intent("per_article", "itself", topic=asked), m.articles, asked, 0, m.standalone,
                        m.question, m.references)
        out = _Out(m, backend, notice, t0)
        if m.kind == "question":
            yield from self._question(out, llm, k)
        elif m.kind == "smalltalk":
            text = smalltalk(m.intent.detail, len(self.store.current_articles()))
            yield text
            yield out.finish(Checked((Block("paragraph", (Sentence(text, quoted=False),)),), (), 1, 0), uncited=True)
        else:
            yield from self._about_articles(out)

    def _backend(self, backend: str | None) -> tuple[Generator | None, str, str]:
        """The LLM to write with (None: extractive), the backend's name, and a notice if it fell back."""
        backend = (backend or self.settings.backend).lower()
        if backend not in BACKENDS:
            raise RagError(f"Unknown backend {backend!r}: use {', '.join(BACKENDS)}.")
        llm = self._llm if backend != "extractive" else None
        if backend != "extractive" and llm is None:
            return None, "extractive", (self._llm_error or f"The {backend} backend is not configured.") + \
                " Showing the extractive answer."
        return llm, backend, ""

    @staticmethod
    def _rewriter(llm: Generator, history):
        def rewrite(q: str, _history) -> str:
            try:
                return llm.rewrite(q, history)
            except LLMUnavailableError:
                return ""  # the deterministic rewrite already in hand is good enough for retrieval
        return rewrite

    def _about_articles(self, out: "_Out") -> Iterator[str | Answer]:
        """Summaries, per-article views and questions about the collection."""
        m = out.message
        if m.kind == "collection":
            authors = {e.id: e.names for e in self.library.catalog().entries}
            draft, passages = collection(self.store, m.intent.detail, m.articles[0] if len(m.articles) == 1 else None,
                                         authors)
        elif m.kind == "summary":
            draft, passages, length = summary(self.store, self.bundles, list(m.articles) or None, m.length)
            out.message = Message(m.text, m.intent, m.articles, m.subject, length, m.standalone, m.question, m.references)
        else:  # per_article, comparison
            infos = [a for a in self.store.current_articles() if not m.articles or a.id in m.articles]
            draft, passages = across(self.store, m.subject, infos, self.bundles, self.corpus, self.scorer.mentions,
                                     compare=m.kind == "comparison", name_silent=m.intent.detail != "which",
                                     answer=answerer(m.subject, self.evidence, self.scorer, self.rerank,
                                                     m.intent.detail == "itself"),
                                     described=m.intent.detail == "asked", itself=m.intent.detail == "itself")
            out.checks += [f"searched “{a.title}” ({a.id}) for {m.subject!r}" for a in infos]
        checked = render(draft, passages)
        yield from pieces(checked.text if checked.citations or checked.blocks else ABSTAIN_TEXT)
        yield out.finish(checked)

    def _both_parts(self, m: Message, k: int | None):
        """(the joined draft, the evidence whose passages it cites) when the question asks two
        things (rag.understand.parts) and the articles answer each; None otherwise (the question
        is answered whole, as before)."""
        parts = question_parts(m.standalone) if m.standalone else ()
        if not parts:
            return None
        drafts, first = [], None
        for text in parts:
            q = analyze(self.library.names().recase(text), across_articles=m.question.across_articles
                        if m.question else False)
            ev = self.evidence(q, k, m.articles)
            d = decide(ev, self.scorer, self.rerank)
            if d.kind != "answer" or not d.evidence:
                return None
            if first is None:
                first = ev
                drafts.append(compose(ev, d, self.scorer.compose, ev.finder(self.store)))
            else:
                # cite from the first part's passages, adding the chunks only the second holds
                drafts.append(rebase(compose(ev, d, self.scorer.compose, ev.finder(self.store)), ev.passages,
                                     first.finder(self.store)))
        joined = join(drafts)
        return (joined, first) if joined is not None else None

    def _asked_itself(self, m: Message) -> str:
        """The question, as a subject, when it is asked of one article that asks it itself (a
        "Q:" line, a question subheading: rag.write.across.asked_section), or ""."""
        if len(m.articles) != 1 or not m.standalone:
            return ""
        info = next((a for a in self.store.current_articles() if a.id == m.articles[0]), None)
        b = self.bundles.get(info.id, info.sha) if info is not None else None
        subject = m.standalone.strip().rstrip("?.! ")
        return subject if b is not None and _WH.match(subject) and asked_section(subject, b) else ""

    def _question(self, out: "_Out", llm: Generator | None, k: int | None) -> Iterator[str | Reset | Answer]:
        m = out.message
        t = time.perf_counter()
        ev = self.evidence(m.question, k, m.articles)
        d = decide(ev, self.scorer, self.rerank)
        ev, d, check = confirm_missing(ev, d, lambda: self.evidence(m.question, WIDER_K, m.articles), self.scorer,
                                       self.rerank)
        if len(m.articles) == 1 and m.references:
            d = closest_in_named(ev, d)
        if d.kind != "abstain" and (line := linked_story(ev, self.store, self.corpus)):
            d = Decision("abstain", d.answerable, f"the question is about a linked story the page listed: {line!r}")
        out.evidence, out.decision = ev, d
        if check:
            out.checks.append(check)
        out.timings.append(("find_and_decide_ms", (time.perf_counter() - t) * 1000))
        if self.store.degraded and DEGRADED_NOTICE not in out.notice:  # dense search failed just now
            out.notice = _join(out.notice, DEGRADED_NOTICE)
        if llm is not None and self.settings.llm_verify and d.kind == "answer" and d.evidence:
            d = verify(llm, out, m, d)
        draft = compose(ev, d, self.scorer.compose, ev.finder(self.store))
        if d.kind == "answer" and ev.question.type == "list" and ev.candidates and not asked_form(ev.question.text) \
                and not names_items(draft):
            # A list asked for, and sentences naming no items: say we could not find it, not that
            # the articles lack it (a list may be written in words no search matched). Not opening
            # hours, which a sentence gives as a range of its own form ("from 7am to 9pm").
            d = Decision("unsure", d.answerable, "a list was asked for and the answering sentences name no items",
                         tuple(d.evidence[:1]) or tuple(ev.ranked()[:1]))
            out.decision = d
            draft = compose(ev, d, self.scorer.compose, ev.finder(self.store))
        if llm is None and (both := self._both_parts(m, k)) is not None:
            # "When was it logged, and when were residents warned?": each part answered in turn
            draft, ev = both
            d = Decision("answer", d.answerable, "each part of the question answered", d.evidence)
            out.evidence, out.decision = ev, d    # the trace shows the passages the reply cites
            out.checks.append("asked in two parts: " + " / ".join(question_parts(m.standalone)))
        checked = None
        if llm is not None and d.kind in ("answer", "conflict") and draft.parts():
            checked = yield from written(llm, out, ev, draft, self.support)
        if checked is None:
            checked = render(draft, ev.passages)
            yield from pieces(checked.text if checked.citations else ABSTAIN_TEXT)
        yield out.finish(checked, abstained=d.kind in ("missing", "unsure", "abstain"))

    def warm_up(self) -> None:
        """For long-running processes: move the query embedder from NumPy to torch in the
        background (same vectors, faster per token); see index.embedder.QueryEmbedder."""
        upgrade = getattr(self.embedder, "start_upgrade", None)
        if upgrade:
            nlp()  # spaCy loads with torch hidden from it (index.text.nlp): torch must wait for that
            upgrade()

    # The plain baseline for `eval --compare`: dense top-4, no BM25, no follow-ups, no guard.
    BASELINE_K = 4
    BASELINE_SENTENCES = 2

    def baseline(self, question: str, history=None) -> Answer:
        from .find.retrieve import dense_only, to_passages
        q = validate(question)
        t0 = time.perf_counter()
        passages = to_passages(dense_only(self.store, self.embedder, k=self.BASELINE_K).invoke(q))
        qvec = self.corpus.query_vector(q)
        scored = []
        for pi, p in enumerate(passages):
            b = self.bundles.get(p.source, p.article_sha)
            scored += [(float(b.vectors[i] @ qvec), pi, b.sentence_text(i)) for i in b.within(p.start, p.end)] if b else []
        cites, sentences = [], []
        for _, pi, sentence in sorted(scored, key=lambda x: -x[0])[:self.BASELINE_SENTENCES]:  # closest, by cosine
            cites.append(passages[pi].citation())
            sentences.append(Sentence(squash(sentence), (len(cites),)))
        blocks = (Block("paragraph", tuple(sentences)),) if sentences else ()
        return Answer(text=render_text(blocks), citations=tuple(cites), abstained=False, question=q,
                      standalone_question=q, backend="baseline", blocks=blocks,
                      timings=(("total_ms", (time.perf_counter() - t0) * 1000),))


class _Out:
    """What one call of `stream()` has produced so far, until `finish()` makes the Answer."""

    def __init__(self, message: Message, backend: str, notice: str, t0: float):
        self.message, self.backend, self.notice, self.t0 = message, backend, notice, t0
        self.evidence: Evidence | None = None
        self.decision: Decision | None = None
        self.checks: list[str] = []
        self.timings: list[tuple[str, float]] = []

    def finish(self, checked: Checked, abstained: bool = False, uncited: bool = False) -> Answer:
        """The final Answer; `uncited` for replies that quote nothing (small talk)."""
        self.timings.append(("total_ms", (time.perf_counter() - self.t0) * 1000))
        m, ev = self.message, self.evidence
        base = dict(question=m.text, standalone_question=m.standalone, backend=self.backend, notice=self.notice,
                    timings=tuple(self.timings), trace=explain(m, ev, self.decision, tuple(self.checks)),
                    context={**m.context(), "cited": list(dict.fromkeys(c.source for c in checked.citations))})
        if not (checked.citations or uncited) and checked.blocks:  # every article asked about is silent on it
            return Answer(text=checked.text, citations=(), abstained=True, blocks=checked.blocks, **base)
        if not (checked.citations or uncited):
            return Answer(text=ABSTAIN_TEXT, citations=(), abstained=True,
                          blocks=(Block("notice", (Sentence(ABSTAIN_TEXT, quoted=False),)),), candidates=tuple(p.citation() for p in (ev.passages[:3] if ev else [])), **base)
        return Answer(text=checked.text, citations=checked.citations, abstained=abstained, blocks=checked.blocks, **base)


def _join(*notices: str) -> str:
    return " ".join(x for x in notices if x)


_default: Pipeline | None = None
_default_key = None
_lock = threading.Lock()


def default_pipeline(settings: Settings | None = None) -> Pipeline:
    """The shared pipeline for `rag.answer()`; rebuilt if the environment's settings change."""
    global _default, _default_key
    settings = settings or Settings.from_env()
    with _lock:
        if _default is None or _default_key != settings:
            _default, _default_key = Pipeline(settings), settings
        return _default


def answer(question: str, history=None, *, articles=(), settings: Settings | None = None,
           backend: str | None = None, k: int | None = None) -> Answer:
    """Answer a message about the articles (or only `articles`, by file name)."""
    return default_pipeline(settings).answer(question, history, backend=backend, k=k, articles=articles)


def stream(question: str, history=None, *, articles=(), settings: Settings | None = None,
           backend: str | None = None, k: int | None = None) -> Iterator[str | Reset | Answer]:
    return default_pipeline(settings).stream(question, history, backend=backend, k=k, articles=articles)
