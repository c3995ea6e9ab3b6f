"""One article's answer to a question, for the views of rag.write.across.

A comparison or per-article view whose subject is a question ("when the line will reopen") asks
each article that question: it is decided as any question is (rag.decide.decision), with the
search kept to that one article, and the answer must hold a thing of the asked kind about what
was asked. The result is the sentence indices to show and whether the article answers (True),
leaves the asked detail out (False) or neither is sure (None). Leaves out naming the subject
(a subject that is not a question is searched for by name, rag.decide.mentions) and writing.
"""
from __future__ import annotations

from typing import Callable

from ..find.bundles import ArticleBundle
from ..find.evidence import Evidence
from ..understand.subject import QUESTION_SUBJECT
from ..understand.question import Question, analyze
from .referring import speaker_before
from .binding import accepted
from .decision import decide
from .reranker import Rerank
from .scorer import Scorer
from .withheld import WITHHELD_FOCUS

# For one article: the sentences answering the subject asked as a question, best first, and
# whether they answer it (the pipeline's decision, scoped to that article): True, False (checked:
# no sentence holds a thing of the asked kind about it), or None (not answered, but that it does
# not say is not shown either: a sentence holds a date for "when ...", or the question asks how
# or why, which no span can show missing).
Answerer = Callable[[ArticleBundle], tuple[tuple[int, ...], bool | None]]


def answerer(subject: str, evidence: Callable[[Question, int | None, tuple[str, ...]], Evidence], scorer: Scorer,
             rerank: Rerank | None, asked: bool = False) -> Answerer | None:
    """For a question-shaped subject of a comparison ("when the line will open"), or any
    question when `asked`: one article's answer to it, found by `evidence` (a search kept to the
    articles given) and decided as any question is. None for any other subject, which is
    searched for by name (the question is not parsed)."""
    if not asked and not QUESTION_SUBJECT.match(subject.strip()):
        return None
    q = analyze(subject[:1].upper() + subject[1:].rstrip(" ?.") + "?")

    def answer(b) -> tuple[tuple[int, ...], bool | None]:
        ev = evidence(q, None, (b.id,))
        d = decide(ev, scorer, rerank)
        # One article's evidence is thin: P(answerable) over it passes on sentences that hold
        # nothing of the question ("three rare species" for "how many jobs"). Its answer must
        # hold a thing of the asked kind and a good share of what the question is about: the
        # first chosen sentence that does leads ("Her 40 tonnes of herring ..." after the
        # sentence naming the boat).
        # ... and an interviewer's turn only frames a question ("Q: Sarova asked for the statue
        # back decades ago."): the answer is the reply to it
        chosen = [c for c in d.evidence if c.bundle.id == b.id and not b.asked_by_interviewer(c.idx)] \
            if d.kind == "answer" else []
        lead = next((c for c in chosen if c.binding is not None and c.binding.answers and
                     c.binding.focus >= WITHHELD_FOCUS), None)
        if lead is not None:
            # A figure or date is often given and then set against another in the next
            # sentence of its paragraph ("The government says it costs €310 million." then
            # "The developer's filing puts it at €340 million."): that one is its answer too.
            nxt = lead.idx + 1
            kinds = accepted(q)
            after = [nxt] if nxt < len(b.sentences) and b.sentences[nxt].para == b.sentences[lead.idx].para \
                and any(s.kind in kinds for s in b.spans(nxt)) else []
            return tuple(dict.fromkeys([lead.idx] + after + [c.idx for c in chosen])), True
        ranked = [c for c in sorted(ev.candidates, key=lambda c: -c.p) if c.bundle.id == b.id
                  and not b.asked_by_interviewer(c.idx)]
        if q.type == "person" and ranked and (who := speaker_before(b, ranked[0].idx)) is not None:
            # "'We will not become Dravonia's back garden,' she told a crowd": who "she" is, the
            # sentence before says ("Infrastructure Minister Agata Rusek said on Thursday ...")
            return tuple(dict.fromkeys([who] + [c.idx for c in ranked])), None
        # "It does not say when ..." holds only when no sentence found holds a thing of the
        # asked kind at all ("they do not expect trains before 2035" says when, in other
        # words than the question's); a how or why asks for no kind, so is never shown missing;
        # nor is anything by sentences never read (decide() refused before binding them, the
        # article writing none of the question's names in the letters it was asked in)
        held = not accepted(q) or any(c.binding is None or c.binding.answers for c in ranked)
        return tuple(dict.fromkeys(c.idx for c in ranked)), None if held else False
    return answer
