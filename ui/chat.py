"""The Ask tab's behaviour: streaming answers into the chat, citations into the viewer.

`Chat` holds the pipeline and turns each UI event into the values Gradio shows; it knows
nothing of layout (app.py wires it). Per conversation, `turns` maps a chat turn to its
answer (`Answer.to_dict()`: citations, context, trace), so a [n] clicked in any earlier
answer still opens its own passage and follow-ups see what earlier turns were about. The
article scope chosen in the UI is passed with every question. Leaves out rendering details
(render.py) and the Articles tab (articles.py).
"""
from __future__ import annotations

import logging

import gradio as gr

from rag import Answer, Pipeline, RagError, Reset
from rag.types import Citation

from .render import answer_markdown, empty_viewer, passage_html, source_choices
from .views import trace_html

log = logging.getLogger("ui")


def history_for_pipeline(history: list, turns: dict) -> list[dict]:
    """The chat so far as the pipeline reads it: user questions, and each answer's context."""
    out = []
    for i, m in enumerate(history):
        if not isinstance(m, dict):
            continue
        if m.get("role") == "user":
            out.append({"role": "user", "content": m.get("content")})
        elif m.get("role") == "assistant" and str(i) in turns:
            out.append({"role": "assistant", "content": turns[str(i)].get("text", ""),
                        "context": turns[str(i)].get("context", {})})
    return out


def shown_citations(answer: dict) -> list[dict]:
    """The citations a turn's [n] markers (or, for an abstention, its source list) refer to."""
    return answer.get("citations") or answer.get("candidates") or []


class Chat:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline

    def view(self, turns: dict, turn: int, n: int) -> str:
        """Citation n of a turn, shown inside its article (or why it cannot be)."""
        cites = shown_citations(turns.get(str(turn)) or {})
        if not 1 <= n <= len(cites):
            return empty_viewer("That citation is no longer available.")
        c = Citation.from_dict(cites[n - 1])
        text = self.pipeline.store.article_text(c.source)
        if text is None or text[c.start:c.end] != c.text:
            return empty_viewer("That article has changed since this answer; ask again to cite the new version.")
        return passage_html(text, c)

    def respond(self, message: str, history: list, turns: dict, backend: str, k: int, scope: list | None = None):
        """Outputs: chat, turns, sources, viewer, question box."""
        history = list(history or [])
        q = (message or "").strip()
        if not q:
            gr.Warning("Type a question about the articles first.")
            yield history, turns, gr.update(), gr.update(), message
            return
        prior = history_for_pipeline(history, turns)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": "…"}]
        turn = len(history) - 1
        yield history, turns, gr.update(), gr.update(), ""
        try:
            final = None
            for final, shown in self._stream(q, prior, backend, int(k), tuple(scope or ())):
                if final is None:
                    history[-1] = {"role": "assistant", "content": shown}
                    yield history, turns, gr.update(), gr.update(), ""
        except RagError as e:
            gr.Warning(str(e))
            yield history[:-2], turns, gr.update(), gr.update(), q
            return
        except Exception as e:  # never a traceback in the page
            log.exception("answer failed")
            raise gr.Error(f"Something went wrong while answering ({type(e).__name__}). "
                           "The details are in the server log; try again or rephrase.") from None
        history[-1] = {"role": "assistant", "content": answer_markdown(final, turn)}
        turns = {**turns, str(turn): final.to_dict()}
        first = self.view(turns, turn, 1) if final.citations else empty_viewer(
            "The articles don't cover this. Pick one of the closest passages to read it anyway."
            if final.candidates else "Nothing to show for this reply.")
        sources = gr.update(choices=source_choices(final), value=None, label=f"Sources for answer {turn // 2 + 1}")
        yield history, turns, sources, first, ""

    def _stream(self, q: str, prior: list, backend: str, k: int, scope: tuple = ()):
        """(None, text shown so far) while streaming, then (Answer, "")."""
        shown = ""
        for event in self.pipeline.stream(q, prior, backend=backend, k=k, articles=scope):
            if isinstance(event, Answer):
                yield event, ""
            elif isinstance(event, Reset):  # streamed text withdrawn: say so instead of leaving it
                shown = f"*{event.reason}*\n\n"
                yield None, shown
            else:
                shown += event
                yield None, shown

    def on_cite(self, key: str, turns: dict):
        """A [n] link was clicked: key is "TURN-N@time". Outputs: viewer, sources, trace, and the
        sources panel, opened (on a phone it is folded under the conversation until needed)."""
        try:
            turn, n = (int(x) for x in key.split("@")[0].split("-")[:2])
        except ValueError:
            return gr.update(), gr.update(), gr.update(), gr.update()
        return (self.view(turns, turn, n), gr.update(value=str(n)), trace_html(turns.get(str(turn))),
                gr.update(open=True))

    @staticmethod
    def latest_trace(turns: dict) -> str:
        """Why-these-passages for the latest answer."""
        return trace_html(turns[max(turns, key=int)] if turns else None)

    def on_source(self, choice: str, turns: dict):
        if not choice or not turns:
            return gr.update()
        turn = max(int(t) for t in turns)
        return self.view(turns, turn, int(choice))

    def ask_api(self, question: str, articles: list[str] | None = None) -> dict:
        """Answer one question (within `articles`, by file name, if given); returns the answer as JSON."""
        try:
            return self.pipeline.answer(question, articles=tuple(articles or ())).to_dict()
        except RagError as e:
            raise gr.Error(str(e)) from None
