"""The answer pipeline: validate -> resolve follow-up -> retrieve -> analyse (question type,
candidate sentences, learned scores) -> decide -> compose (extractive, or an LLM writing from
the chosen sentences) -> guard -> `Answer` with its trace.

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
from dataclasses import dataclass, field, replace
from typing import Iterator

import index
from index.tokens import count_tokens

from . import scorer as scorer_module
from .analysis import Analysis, analyse, restricted
from .cache import LRU
from .compose import Draft, compose
from .collection import collection, smalltalk
from .condense import condense
from .conversation import Context, Turn as Plan, resolve
from .errors import EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError, RagError
from .evidence import Evidence
from .guard import Guarded, guard, render
from .llm import NOT_FOUND, make_llm
from .retrieve import dense_only, hybrid_retriever, to_passages
from .summaries import per_article, summary
from .settings import BACKENDS, Settings
from .types import Answer, Passage, Reset

ABSTAIN_TEXT = "The articles don't cover this."
FALLBACK_NOTICE = ("The language model's answer could not be checked against the articles, "
                   "so the supporting sentences are quoted instead.")
DEGRADED_NOTICE = ("The index server cannot be reached, so this answer comes from this machine's cached copy "
                   "with keyword search only (no meaning-based search); new uploads and removals wait until "
                   "it is back.")
REVISED_NOTICE = "Sentences of the language model's answer that the articles do not support were removed."
PER_ARTICLE_K = 15   # passages read for "what does each article say": enough to reach every article of a small collection
NOT_FOUND_NOTICE = ("The language model found no answer in passages that hold one, "
                    "so the supporting sentences are quoted instead.")


def validate(question) -> str:
    if not isinstance(question, str):
        raise EmptyQuestionError("The question must be text.")
    q = " ".join(question.replace("\x00", " ").split())
    if not q:
        raise EmptyQuestionError()
    if not re.search(r"[^\W_]", q):
        raise EmptyQuestionError("The question has no words in it, only punctuation or symbols.")
    return q


@dataclass
class _Turn:
    """One question's state as it moves through the steps of `stream()`."""
    question: str
    standalone: str
    backend: str
    notice: str
    t0: float
    plan: Plan
    analysis: Analysis | None = None
    timings: dict = field(default_factory=dict)

    def answer(self, guarded: Guarded | None = None, abstained: bool = False, uncited: bool = False) -> Answer:
        """The final Answer; `uncited` for replies that quote nothing (small talk)."""
        self.timings["total_ms"] = (time.perf_counter() - self.t0) * 1000
        a, p = self.analysis, self.plan
        context = Context(p.intent.kind, p.articles, p.subject if p.intent.kind != "question" else self.standalone,
                          p.length).to_dict()
        trace = {"intent": {"kind": p.intent.kind, "detail": p.intent.detail, "scope": list(p.articles)},
                 **(a.trace() if a else {})}
        base = dict(question=self.question, standalone_question=self.standalone, backend=self.backend,
                    notice=self.notice, timings=dict(self.timings), trace=trace, context=context)
        if guarded is None or not (guarded.citations or uncited):
            return Answer(text=ABSTAIN_TEXT, citations=(), abstained=True,
                          candidates=tuple(p.citation() for p in (a.passages[:3] if a else [])), **base)
        return Answer(text=guarded.text, citations=guarded.citations, abstained=abstained, **base)


class Pipeline:
    def __init__(self, settings: Settings | None = None, *, embedder=None, store=None, llm=None,
                 scorer: scorer_module.Scorer | None = None, build_if_empty: bool = True):
        self.settings = settings or Settings.from_env()
        self.scorer = scorer or scorer_module.load()
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
        self.evidence = Evidence(embedder, self.store)
        self._llm = llm
        self._llm_error: str = ""
        self._retrievers: LRU = LRU(64)  # one per (k, scope) asked for
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

    def retriever(self, k: int | None = None, articles: tuple[str, ...] = ()):
        """The hybrid retriever as a LangChain runnable (question -> list[Document]), within `articles` if given."""
        s = self.settings
        key = (k or s.k, tuple(sorted(articles)))
        return self._retrievers.get_or_make(key, lambda: hybrid_retriever(
            self.store, self.evidence, s.candidates, s.rrf_k, limit=key[0], articles=key[1]))

    def retrieve(self, question: str, k: int | None = None, articles: tuple[str, ...] = ()) -> list[Passage]:
        try:
            return to_passages(self.retriever(k, tuple(articles)).invoke(question))
        except index.IndexingError as e:  # e.g. the Chroma server went away
            raise IndexNotReadyError(str(e)) from None

    # ------------------------------------------------------------------------------------
    def answer(self, question: str, history=None, *, backend: str | None = None, k: int | None = None,
               articles=()) -> Answer:
        final = None
        for event in self.stream(question, history, backend=backend, k=k, articles=articles):
            if isinstance(event, Answer):
                final = event
        return final

    def analyse(self, question: str, k: int | None = None, articles: tuple[str, ...] = ()) -> Analysis:
        """Retrieve, score the candidate sentences and decide: everything but the words."""
        passages = self.retrieve(question, k, articles)
        return analyse(question, passages, self.evidence, self.scorer)

    def stream(self, question: str, history=None, *, backend: str | None = None, k: int | None = None,
               articles=()) -> Iterator[str | Reset | Answer]:
        """Answer one message. `articles` (file names) limits the answer to those articles."""
        turn, llm = self._start(question, history, backend, tuple(articles))
        kind = turn.plan.intent.kind
        if kind == "question":
            yield from self._question(turn, llm, k)
            return
        if kind == "smalltalk":
            text = smalltalk(turn.plan.intent.detail, len(self.store.current_articles()))
            yield text
            yield turn.answer(Guarded(text, (), 1, 0), uncited=True)
            return
        passages: list[Passage] = []
        if kind == "collection":
            article = turn.plan.articles[0] if len(turn.plan.articles) == 1 else None
            draft, passages = collection(self.store, turn.plan.intent.detail, article)
        elif kind == "summary":
            draft, passages, length = summary(self.store, self.evidence, list(turn.plan.articles) or None,
                                              turn.plan.length)
            turn.plan = replace(turn.plan, length=length)
        else:  # per_article
            a = turn.analysis = self.analyse(turn.plan.subject, PER_ARTICLE_K, turn.plan.articles)
            draft, passages = per_article(self.store, a), a.passages
        guarded = render(draft, passages)
        yield from _pieces(guarded.text if guarded.citations else ABSTAIN_TEXT)
        yield turn.answer(guarded)

    def _question(self, turn: "_Turn", llm, k: int | None) -> Iterator[str | Reset | Answer]:
        t = time.perf_counter()
        a = turn.analysis = self.analyse(turn.standalone, k, turn.plan.articles)
        turn.timings["analyse_ms"] = (time.perf_counter() - t) * 1000
        if self.store.degraded and DEGRADED_NOTICE not in turn.notice:  # dense search failed just now
            turn.notice = " ".join(x for x in (turn.notice, DEGRADED_NOTICE) if x)
        kind = a.decision.kind
        draft = compose(a.question, a.candidates, a.decision, self.scorer.compose, a.passage_for(self.store),
                        self.evidence.query_vector(turn.standalone), a.weights)
        guarded = None
        if llm is not None and kind in ("answer", "conflict") and draft.lines:
            guarded = yield from self._llm_answer(llm, turn, draft)
        if guarded is None:
            guarded = render(draft, a.passages)
            yield from _pieces(guarded.text if guarded.citations else ABSTAIN_TEXT)
        yield turn.answer(guarded, abstained=kind in ("missing", "abstain"))

    def _start(self, question, history, backend: str | None, articles: tuple[str, ...]) -> tuple["_Turn", object]:
        """Validate the question, pick the backend (or say why not), resolve intent, scope and follow-up."""
        t0 = time.perf_counter()
        q = validate(question)
        ntok = count_tokens(q)
        if ntok > self.settings.max_question_tokens:
            raise QuestionTooLongError(ntok, self.settings.max_question_tokens)
        backend = (backend or self.settings.backend).lower()
        if backend not in BACKENDS:
            raise RagError(f"Unknown backend {backend!r}: use {', '.join(BACKENDS)}.")
        llm, notice = (self._llm if backend != "extractive" else None), ""
        if backend != "extractive" and llm is None:
            notice = (self._llm_error or f"The {backend} backend is not configured.") + " Showing the extractive answer."
            backend = "extractive"
        self.evidence.sync()
        if self.store.degraded:
            notice = " ".join(x for x in (notice, DEGRADED_NOTICE) if x)
        plan = resolve(q, history, self.store.current_articles(), articles)
        standalone = condense(q, history) if plan.intent.kind == "question" else q
        if llm is not None and standalone != q:
            try:
                standalone = llm.rewrite(q, history)
            except LLMUnavailableError:
                pass  # the deterministic rewrite already in hand is good enough for retrieval
        return _Turn(q, standalone, backend, notice, t0, plan), llm

    def _llm_answer(self, llm, turn: _Turn, draft: Draft) -> Iterator[str | Reset]:
        """Stream the LLM's answer written from the chosen sentences, and guard it. Returns the
        guarded answer, or None to quote the chosen sentences instead (with a notice saying why)."""
        a = turn.analysis
        parts = [x for line in draft.lines for x in line if not isinstance(x, str)]
        used = list(dict.fromkeys(part.passage for part in parts))
        spans = {i: [(part.start, part.end) for part in parts if part.passage == i] for i in used}
        shown = [restricted(a.passages[i], spans[i]) for i in used]
        parts: list[str] = []
        try:
            for piece in llm.stream(turn.standalone, shown):
                parts.append(piece)
                yield piece
        except LLMUnavailableError as e:
            turn.notice, turn.backend = f"{e} Showing the extractive answer.", "extractive"
            if parts:
                yield Reset(turn.notice)
            return None
        text = "".join(parts)
        if NOT_FOUND.lower() in text.lower() and len(text) < len(NOT_FOUND) + 40:
            turn.notice, turn.backend = NOT_FOUND_NOTICE, "extractive"
            yield Reset(NOT_FOUND_NOTICE)
            return None
        guarded = guard(text, [a.passages[i] for i in used], self.evidence, verbatim=False)
        if guarded.kept == 0 or guarded.kept < guarded.dropped:
            turn.notice, turn.backend = FALLBACK_NOTICE, "extractive"
            yield Reset(FALLBACK_NOTICE)
            return None
        if _norm(guarded.text) != _norm(text):  # the guard dropped or renumbered something
            if guarded.dropped:
                turn.notice = REVISED_NOTICE
            yield Reset(turn.notice or "Citations renumbered.")
            yield from _pieces(guarded.text)
        return guarded

    def warm_up(self) -> None:
        """For long-running processes: move the query embedder from NumPy to torch in the
        background (same vectors, faster per token); see index.embedder.QueryEmbedder."""
        upgrade = getattr(self.embedder, "start_upgrade", None)
        if upgrade:
            upgrade()

    # The plain baseline for `eval --compare`: dense top-4, no BM25, no follow-ups, no guard.
    def baseline(self, question: str, history=None) -> Answer:
        q = validate(question)
        t0 = time.perf_counter()
        passages = to_passages(dense_only(self.store, self.embedder, k=4).invoke(q))
        qvec = self.evidence.query_vector(q)
        scored = []
        for pi, p in enumerate(passages):
            b = self.evidence.bundle(p.source, p.article_sha)
            scored += [(float(b.vectors[i] @ qvec), pi, b.sentence_text(i)) for i in b.within(p.start, p.end)] if b else []
        cites, text = [], []
        for _, pi, sentence in sorted(scored, key=lambda x: -x[0])[:2]:  # the two closest sentences, by cosine
            cites.append(passages[pi].citation())
            text.append(f"{' '.join(sentence.split())} [{len(cites)}]")
        return Answer(text=" ".join(text), citations=tuple(cites), abstained=False, question=q,
                      standalone_question=q, backend="baseline",
                      timings={"total_ms": (time.perf_counter() - t0) * 1000})


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pieces(text: str) -> Iterator[str]:
    """The text of a finished answer, streamed one cited sentence at a time (joined, exactly the text)."""
    for piece in re.split(r"(?<=\]\s)", text):
        if piece:
            yield piece


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
