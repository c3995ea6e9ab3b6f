"""The answer pipeline: validate -> resolve follow-up -> retrieve -> decide -> generate -> guard.

`Pipeline` holds the dependencies (settings, embedder, store, LLM), all passed in or built
from settings; `answer()` and `stream()` at module level use one shared default pipeline,
created on first use. The abstain decision is made from evidence before any generator
runs, and again after the guard if nothing grounded survives. `stream()` yields text as it
is written, a `Reset` when text already streamed is withdrawn (an LLM draft the guard
changed or rejected), then the final `Answer`: the text after the last `Reset` is the
answer's text. Leaves out conversation memory: callers pass history.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

import index
from index.tokens import count_tokens

from .condense import condense
from .errors import EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError, RagError
from .evidence import Evidence
from .extractive import Extractive, Scored
from .guard import Guarded, guard
from .llm import NOT_FOUND, make_llm
from .retrieve import dense_only, hybrid_retriever, to_passages
from .settings import BACKENDS, Settings
from .types import Answer, Passage, Reset

# A question asking for an amount, and a sentence that holds one: a number that is not a
# bare year, or a number word.
QUANTITY_Q = re.compile(r"\b(how many|how much|how long|how far|population|what percentage)\b", re.I)
QUANTITY_A = re.compile(r"\b(?!(?:1[89]|20)\d{2}s?\b)\d[\d,.]*\b|\b(million|billion|thousand|hundred|"
                        r"percent|dozens?|half|third|quarter)\b", re.I)
ABSTAIN_TEXT = "The articles don't cover this."
FALLBACK_NOTICE = ("The language model's answer could not be checked against the articles, "
                   "so the supporting sentences are quoted instead.")
REVISED_NOTICE = "Sentences of the language model's answer that the articles do not support were removed."


def validate(question) -> str:
    if not isinstance(question, str):
        raise EmptyQuestionError("The question must be text.")
    q = " ".join(question.replace("\x00", " ").split())
    if not q:
        raise EmptyQuestionError()
    if not re.search(r"[^\W_]", q):
        raise EmptyQuestionError("The question has no words in it, only punctuation or symbols.")
    return q


def has_quantity_gap(question: str, ranked: list[Scored]) -> bool:
    """A how-many question whose good sentences (within 80% of the best) hold no amount."""
    if not ranked or not QUANTITY_Q.search(question):
        return False
    best = ranked[0].score
    good = [r for r in ranked[:8] if r.score >= 0.8 * best]
    return not any(QUANTITY_A.search(r.sentence.text) for r in good)


@dataclass
class _Turn:
    """One question's state as it moves through the steps of `stream()`."""
    question: str
    standalone: str
    backend: str
    notice: str
    t0: float
    passages: list[Passage] = field(default_factory=list)
    ranked: list[Scored] = field(default_factory=list)
    timings: dict = field(default_factory=dict)

    def answer(self, guarded: Guarded | None = None) -> Answer:
        self.timings["total_ms"] = (time.perf_counter() - self.t0) * 1000
        base = dict(question=self.question, standalone_question=self.standalone, backend=self.backend,
                    notice=self.notice, timings=dict(self.timings))
        if guarded is None or not guarded.citations:
            return Answer(text=ABSTAIN_TEXT, citations=(), abstained=True,
                          candidates=tuple(p.citation() for p in self.passages[:3]), **base)
        return Answer(text=guarded.text, citations=guarded.citations, abstained=False, **base)


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
            self._ensure_index(build_if_empty, None if own_embedder else embedder)
        except index.IndexingError as e:
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
        except index.IndexingError as e:  # e.g. the Chroma server went away
            raise IndexNotReadyError(str(e)) from None

    # ------------------------------------------------------------------------------------
    def answer(self, question: str, history=None, *, backend: str | None = None, k: int | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, backend=backend, k=k):
            if isinstance(event, Answer):
                final = event
        return final

    def stream(self, question: str, history=None, *, backend: str | None = None,
               k: int | None = None) -> Iterator[str | Reset | Answer]:
        turn, llm = self._start(question, history, backend)
        t = time.perf_counter()
        turn.passages = self.retrieve(turn.standalone, k)
        turn.ranked = self.extractive.score(turn.standalone, turn.passages)
        turn.timings["retrieve_ms"] = (time.perf_counter() - t) * 1000
        if self._weak(turn.standalone, turn.ranked):
            yield ABSTAIN_TEXT
            yield turn.answer()
        else:
            guarded = (yield from self._llm_answer(llm, turn)) if llm is not None else None
            if guarded is None:
                guarded = self._extractive_answer(turn)
                yield from _pieces(guarded.text if guarded.citations else ABSTAIN_TEXT)
            yield turn.answer(guarded)

    def _start(self, question, history, backend: str | None) -> tuple[_Turn, object]:
        """Validate the question, pick the backend (or say why not), resolve a follow-up."""
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
        standalone = condense(q, history)
        if llm is not None and standalone != q:
            try:
                standalone = llm.rewrite(q, history)
            except LLMUnavailableError:
                pass  # the deterministic rewrite already in hand is good enough for retrieval
        return _Turn(q, standalone, backend, notice, t0), llm

    def _llm_answer(self, llm, turn: _Turn) -> Iterator[str | Reset]:
        """Stream the LLM's draft and guard it. Returns the guarded answer, an empty one to
        abstain, or None to fall back to the extractive answer (with a notice saying why)."""
        parts: list[str] = []
        try:
            for piece in llm.stream(turn.standalone, turn.passages):
                parts.append(piece)
                yield piece
        except LLMUnavailableError as e:
            turn.notice, turn.backend = f"{e} Showing the extractive answer.", "extractive"
            if parts:
                yield Reset(turn.notice)
            return None
        draft = "".join(parts)
        if NOT_FOUND.lower() in draft.lower() and len(draft) < len(NOT_FOUND) + 40:
            yield Reset("The language model found no answer in the passages.")
            yield ABSTAIN_TEXT
            return Guarded("", (), 0, 0)
        guarded = guard(draft, turn.passages, self.evidence, verbatim=False)
        if guarded.kept == 0 or guarded.kept < guarded.dropped:
            turn.notice, turn.backend = FALLBACK_NOTICE, "extractive"
            yield Reset(FALLBACK_NOTICE)
            return None
        if _norm(guarded.text) != _norm(draft):  # the guard dropped or renumbered something
            if guarded.dropped:
                turn.notice = REVISED_NOTICE
            yield Reset(turn.notice or "Citations renumbered.")
            yield from _pieces(guarded.text)
        return guarded

    def _extractive_answer(self, turn: _Turn) -> Guarded:
        draft = self.extractive.generate(turn.standalone, turn.passages, turn.ranked)
        return guard(draft, turn.passages, self.evidence, verbatim=True)

    def warm_up(self) -> None:
        """For long-running processes: move the query embedder from NumPy to torch in the
        background (same vectors, faster per token); see index.embedder.QueryEmbedder."""
        upgrade = getattr(self.embedder, "start_upgrade", None)
        if upgrade:
            upgrade()

    def _weak(self, question: str, ranked: list[Scored]) -> bool:
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
        return has_quantity_gap(question, ranked)

    # The plain baseline for `eval --compare`: dense top-4, no BM25, no follow-ups, no guard.
    def baseline(self, question: str, history=None) -> Answer:
        q = validate(question)
        t0 = time.perf_counter()
        passages = to_passages(dense_only(self.store, self.embedder, k=4).invoke(q))
        ranked = self.extractive.score(q, passages)
        cites, text = [], []
        for r in ranked[:2]:
            cites.append(passages[r.sentence.passage].citation())
            text.append(f"{' '.join(r.sentence.text.split())} [{len(cites)}]")
        return Answer(text=" ".join(text), citations=tuple(cites), abstained=False, question=q,
                      standalone_question=q, backend="baseline",
                      timings={"total_ms": (time.perf_counter() - t0) * 1000})


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pieces(text: str) -> Iterator[str]:
    """The text of a finished answer, streamed one cited sentence at a time."""
    for piece in re.split(r"(?<=\])\s", text):
        if piece:
            yield piece + " "


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
           k: int | None = None) -> Iterator[str | Reset | Answer]:
    return default_pipeline(settings).stream(question, history, backend=backend, k=k)
