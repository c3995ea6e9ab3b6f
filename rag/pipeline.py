"""The answer pipeline: validate -> resolve follow-up -> retrieve -> decide -> generate -> guard.

`Pipeline` holds the dependencies (settings, embedder, store, LLM), all passed in or built
from settings; `answer()` and `stream()` at module level use one shared default pipeline,
created on first use (building the bundled articles' index only if none exists). The
abstain decision is made from evidence before any generator runs, and again after the
guard if nothing grounded survives. Leaves out conversation memory: callers pass history.
"""
from __future__ import annotations

import re
import threading
import time
from typing import Iterator

import index
from index.tokens import count_tokens

from .condense import condense
from .errors import EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError, RagError
from .evidence import Evidence
from .extractive import Extractive
from .guard import guard
from .llm import NOT_FOUND, make_llm
from .retrieve import dense_only, hybrid_retriever, to_passages
from .settings import Settings
from .types import Answer, Citation, Passage

QUANTITY_Q = re.compile(r"\\b(how many|how much|how long|how far|population|what percentage)\\b", re.I)
# A number that is not a bare year, or a number word.
QUANTITY_A = re.compile(r"\\b(?!(?:1[89]|20)\\d{2}s?\\b)\\d[\\d,.]*\\b|\\b(million|billion|thousand|hundred|"
                        r"percent|dozens?|half|third|quarter)\\b", re.I)
ABSTAIN_TEXT = "The articles don't cover this."
FALLBACK_NOTICE = ("The language model's answer could not be checked against the articles, "
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


def _as_citation(p: Passage) -> Citation:
    return Citation(source=p.source, title=p.title, text=p.text, start=p.start, end=p.end,
                    score=round(p.dense or p.score, 4), chunk_id=p.chunk_id)


class Pipeline:
    def __init__(self, settings: Settings | None = None, *, embedder=None, store=None, llm=None,
                 build_if_empty: bool = True):
        self.settings = settings or Settings.from_env()
        own_embedder = embedder is None
        if embedder is None:  # same vectors as index.Embedder, without sentence-transformers' import cost
            from index.embedder import QueryEmbedder
            embedder = QueryEmbedder()
        self.embedder = embedder
        try:
            self.store = store or index.Store(self.settings.index, embedder)
            if build_if_empty and self.store.count() == 0:
                # Builds embed with sentence-transformers (index.build's default) unless told otherwise.
                index.build(settings=self.settings.index, embedder=None if own_embedder else embedder,
                            store=self.store)
        except index.IndexError_ as e:
            raise IndexNotReadyError(str(e)) from None
        self.evidence = Evidence(embedder, self.store)
        self.extractive = Extractive(self.evidence)
        self._llm = llm
        self._llm_error: str = ""
        self._retrievers: dict = {}
        if llm is None and self.settings.backend != "extractive":
            try:
                self._llm = make_llm(self.settings)
            except LLMUnavailableError as e:
                self._llm_error = str(e)

    def refresh(self) -> None:
        """Forget corpus statistics after the index changed (e.g. an upload)."""
        self.evidence = Evidence(self.embedder, self.store)
        self.extractive = Extractive(self.evidence)
        self._retrievers = {}

    def retriever(self, k: int | None = None):
        """The hybrid retriever as a LangChain runnable (question -> list[Document])."""
        s = self.settings
        k = k or s.k
        if k not in self._retrievers:
            self._retrievers[k] = hybrid_retriever(self.store, self.evidence, s.candidates, s.rrf_k, limit=k)
        return self._retrievers[k]

    def retrieve(self, question: str, k: int | None = None) -> list[Passage]:
        try:
            return to_passages(self.retriever(k).invoke(question))
        except index.IndexError_ as e:  # e.g. the Chroma server went away
            raise IndexNotReadyError(str(e)) from None

    # ------------------------------------------------------------------------------------
    def answer(self, question: str, history=None, *, backend: str | None = None, k: int | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, backend=backend, k=k):
            if isinstance(event, Answer):
                final = event
        return final

    def stream(self, question: str, history=None, *, backend: str | None = None,
               k: int | None = None) -> Iterator[str | Answer]:
        t0 = time.perf_counter()
        q = validate(question)
        ntok = count_tokens(q)
        if ntok > self.settings.max_question_tokens:
            raise QuestionTooLongError(ntok, self.settings.max_question_tokens)
        backend = (backend or self.settings.backend).lower()
        if backend not in ("extractive", "openai", "llamacpp"):
            raise RagError(f"Unknown backend {backend!r}: use extractive, openai or llamacpp.")
        llm = self._llm if backend != "extractive" else None
        notice = ""
        if backend != "extractive" and llm is None:
            notice = (self._llm_error or f"The {backend} backend is not configured.") + " Showing the extractive answer."
            backend = "extractive"

        standalone = condense(q, history)
        if llm is not None and standalone != q:
            try:
                standalone = llm.rewrite(q, history)
            except LLMUnavailableError:
                pass  # the deterministic rewrite already in hand is good enough for retrieval
        timings = {}
        t1 = time.perf_counter()
        passages = self.retrieve(standalone, k)
        timings["retrieve_ms"] = (time.perf_counter() - t1) * 1000
        ranked = self.extractive.score(standalone, passages)
        base = dict(question=q, standalone_question=standalone, backend=backend)

        def abstain() -> Answer:
            return Answer(text=ABSTAIN_TEXT, citations=(), abstained=True, notice=notice,
                          candidates=tuple(_as_citation(p) for p in passages[:3]),
                          timings={**timings, "total_ms": (time.perf_counter() - t0) * 1000}, **base)

        if self._weak(standalone, ranked):
            yield ABSTAIN_TEXT
            yield abstain()
            self._after_first_answer()
            return

        guarded = None
        if llm is not None:
            try:
                parts = []
                for piece in llm.stream(standalone, passages):
                    parts.append(piece)
                    yield piece
                draft = "".join(parts)
                if NOT_FOUND.lower() in draft.lower() and len(draft) < len(NOT_FOUND) + 40:
                    yield abstain()
                    return
                guarded = guard(draft, passages, self.evidence, verbatim=False)
                if guarded.kept == 0 or guarded.kept < guarded.dropped:
                    notice, guarded = FALLBACK_NOTICE, None
            except LLMUnavailableError as e:
                notice = f"{e} Showing the extractive answer."
            if guarded is None:
                base["backend"] = "extractive"
        if guarded is None:
            draft = self.extractive.generate(standalone, passages, ranked)
            guarded = guard(draft, passages, self.evidence, verbatim=True)
            if llm is None:
                for piece in re.split(r"(?<=\])\s", guarded.text):
                    if piece:
                        yield piece + " "
        if not guarded.citations:
            yield abstain()
            return
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        yield Answer(text=guarded.text, citations=guarded.citations, abstained=False, notice=notice,
                     timings=timings, **base)
        self._after_first_answer()

    def _after_first_answer(self) -> None:
        # The query embedder starts on NumPy (fast cold start) and moves to torch once the
        # first answer is out; see index.embedder.QueryEmbedder.
        upgrade = getattr(self.embedder, "start_upgrade", None)
        if upgrade:
            upgrade()

    def _weak(self, question: str, ranked) -> bool:
        """Too little evidence to answer: abstain rather than guess.

        Thresholds were set on eval/data/dev.jsonl (see eval/README.md): the best sentence's
        combined score, names the corpus never mentions, content words it never uses, and
        quantity questions with no quantity in any good sentence.
        """
        if not ranked:
            return True
        best = ranked[0].score
        if best < self.settings.abstain_below:
            return True
        if self.evidence.missing_terms(question) and best < 0.5:
            return True
        # Most of the question's weight on words no article uses, and no strong match anyway.
        top_cos = max(r.cos for r in ranked)
        if self.evidence.missing_share(question) >= 0.5 and best < 0.46 and top_cos < 0.6:
            return True
        if QUANTITY_Q.search(question):
            good = [r for r in ranked[:8] if r.score >= 0.8 * best]
            if not any(QUANTITY_A.search(r.sentence.text) for r in good):
                return True
        return False

    # The plain baseline for `eval --compare`: dense top-4, no BM25, no follow-ups, no guard.
    def baseline(self, question: str, history=None) -> Answer:
        q = validate(question)
        t0 = time.perf_counter()
        passages = to_passages(dense_only(self.store, self.embedder, k=4).invoke(q))
        ranked = self.extractive.score(q, passages)
        picked = ranked[:2]
        cites, text = [], []
        for r in picked:
            p = passages[r.sentence.passage]
            cites.append(_as_citation(p))
            text.append(f"{' '.join(r.sentence.text.split())} [{len(cites)}]")
        return Answer(text=" ".join(text), citations=tuple(cites), abstained=False, question=q,
                      standalone_question=q, backend="baseline",
                      timings={"total_ms": (time.perf_counter() - t0) * 1000})


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


def answer(question: str, history=None, *, settings: Settings | None = None, backend: str | None = None,
           k: int | None = None) -> Answer:
    return default_pipeline(settings).answer(question, history, backend=backend, k=k)


def stream(question: str, history=None, *, settings: Settings | None = None, backend: str | None = None,
           k: int | None = None) -> Iterator[str | Answer]:
    return default_pipeline(settings).stream(question, history, backend=backend, k=k)
