"""The Ask tab's behaviour: streaming answers into the chat, citations into the viewer.

`Chat` holds the pipeline and turns each UI event into the values Gradio shows; it knows
nothing of layout (app.py wires it). Per conversation, `turn_cites` maps a chat turn to
the citations of its answer, so a [n] clicked in any earlier answer still opens its own
passage. Leaves out rendering details (render.py) and the Articles tab (articles.py).
"""
from __future__ import annotations

import logging

import gradio as gr

from rag import Answer, Pipeline, RagError, Reset
from rag.types import Citation

from .render import answer_markdown, empty_viewer, passage_html, source_choices

log = logging.getLogger("ui")


def citations_state(a: Answer) -> list[dict]:
    return [{"source": c.source, "title": c.title, "text": c.text, "start": c.start, "end": c.end,
             "cosine": c.cosine, "fusion": c.fusion, "quotes": [list(q) for q in c.quotes]}
            for c in (a.citations or a.candidates)]


def citation_from_state(d: dict) -> Citation:
    return Citation(source=d["source"], title=d["title"], text=d["text"], start=d["start"], end=d["end"],
                    cosine=d.get("cosine"), fusion=d.get("fusion", 0.0),
                    quotes=tuple(tuple(q) for q in d.get("quotes", ())))


class Chat:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline

    def view(self, turn_cites: dict, turn: int, n: int) -> str:
        """Citation n of a turn, shown inside its article (or why it cannot be)."""
        cites = turn_cites.get(str(turn)) or []
        if not 1 <= n <= len(cites):
            return empty_viewer("That citation is no longer available.")
        c = citation_from_state(cites[n - 1])
        text = self.pipeline.store.article_text(c.source)
        if text is None or text[c.start:c.end] != c.text:
            return empty_viewer("That article has changed since this answer; ask again to cite the new version.")
        return passage_html(text, c)

    def respond(self, message: str, history: list, turn_cites: dict, backend: str, k: int):
        """Outputs: chat, turn_cites, sources, viewer, question box."""
        history = list(history or [])
        q = (message or "").strip()
        if not q:
            gr.Warning("Type a question about the articles first.")
            yield history, turn_cites, gr.update(), gr.update(), message
            return
        prior = [m for m in history if isinstance(m, dict) and m.get("role") == "user"]
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": "…"}]
        turn = len(history) - 1
        yield history, turn_cites, gr.update(), gr.update(), ""
        try:
            final = None
            for final, shown in self._stream(q, prior, backend, int(k)):
                if final is None:
                    history[-1] = {"role": "assistant", "content": shown}
                    yield history, turn_cites, gr.update(), gr.update(), ""
        except RagError as e:
            gr.Warning(str(e))
            yield history[:-2], turn_cites, gr.update(), gr.update(), q
            return
        except Exception as e:  # never a traceback in the page
            log.exception("answer failed")
            raise gr.Error(f"Something went wrong while answering ({type(e).__name__}). "
                           "The details are in the server log; try again or rephrase.") from None
        history[-1] = {"role": "assistant", "content": answer_markdown(final, turn)}
        turn_cites = {**turn_cites, str(turn): citations_state(final)}
        first = self.view(turn_cites, turn, 1) if final.citations else empty_viewer(
            "The articles don't cover this. Pick one of the closest passages to read it anyway.")
        sources = gr.update(choices=source_choices(final), value=None, label=f"Sources for answer {turn // 2 + 1}")
        yield history, turn_cites, sources, first, ""

    def _stream(self, q: str, prior: list, backend: str, k: int):
        """(None, text shown so far) while streaming, then (Answer, "")."""
        shown = ""
        for event in self.pipeline.stream(q, prior, backend=backend, k=k):
            if isinstance(event, Answer):
                yield event, ""
            elif isinstance(event, Reset):  # streamed text withdrawn: say so instead of leaving it
                shown = f"*{event.reason}*\n\n"
                yield None, shown
            else:
                shown += event
                yield None, shown

    def on_cite(self, key: str, turn_cites: dict):
        """A [n] link was clicked: key is "TURN-N@time"."""
        try:
            turn, n = (int(x) for x in key.split("@")[0].split("-")[:2])
        except ValueError:
            return gr.update(), gr.update()
        return self.view(turn_cites, turn, n), gr.update(value=str(n))

    def on_source(self, choice: str, turn_cites: dict):
        if not choice or not turn_cites:
            return gr.update()
        turn = max(int(t) for t in turn_cites)
        return self.view(turn_cites, turn, int(choice))

    def ask_api(self, question: str) -> dict:
        """Answer one question; returns the answer with its citations as JSON."""
        try:
            return self.pipeline.answer(question).to_dict()
        except RagError as e:
            raise gr.Error(str(e)) from None
