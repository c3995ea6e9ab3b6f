"""What the UI does with a conversation besides answering: ratings, export, and keeping it
across page reloads.

Ratings (thumbs up/down, and an optional reason after a thumbs down) go to
`rag.feedback.FeedbackStore` under the data directory, one transaction each; the reason box
is shown only after a thumbs down and hidden again once its reason is saved. Export writes
the conversation as Markdown and JSON (`rag.export`) into a fresh temporary folder, and only
then shows the download area. The conversation itself —
chat messages and each turn's answer — is mirrored into the browser's local storage
(`gr.BrowserState`), so a reload brings it back; "New conversation" clears both. Leaves out
answering (chat.py) and layout (app.py).
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import gradio as gr

from rag import Pipeline
from rag.understand.history import message_text
from rag.export import to_json, to_markdown, to_text
from rag.feedback import FeedbackError, FeedbackStore

log = logging.getLogger("ui")


def turns_for_export(history: list, turns: dict) -> list[dict]:
    """[{"question", "answer"}] in chat order, from the chat messages and the answers by turn."""
    out = []
    for i, m in enumerate(history or []):
        if isinstance(m, dict) and m.get("role") == "assistant" and str(i) in turns:
            q = history[i - 1].get("content") if i and isinstance(history[i - 1], dict) else ""
            out.append({"question": message_text(q), "answer": turns[str(i)]})
    return out


class Conversation:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.feedback = FeedbackStore(pipeline.settings.index.data_dir / "feedback.sqlite3")

    def rate(self, turns: dict, data: gr.LikeData):
        """A thumbs up/down on an answer. Outputs: the stored rating's id (for a reason added
        after), the reason row (shown after a thumbs down only)."""
        answer = turns.get(str(data.index if isinstance(data.index, int) else data.index[0]))
        if answer is None:
            gr.Warning("That message can't be rated (only answers can).")
            return None, gr.update(visible=False)
        rating = "up" if data.liked is True else "down"
        reason = data.liked if isinstance(data.liked, str) and data.liked not in ("Like", "Dislike") else ""
        try:
            fid = self.feedback.record(answer, rating, reason, self.pipeline.settings)
        except FeedbackError as e:
            gr.Warning(str(e))
            return None, gr.update(visible=False)
        down = rating == "down"
        gr.Info("Thanks: your rating is saved." + (" Say what was wrong below, if you like." if down else ""))
        return fid, gr.update(visible=down)

    def add_reason(self, feedback_id, reason: str):
        """Outputs: the reason box (cleared once saved), the reason row (hidden once saved)."""
        if not (reason or "").strip():
            gr.Warning("Write what was wrong first.")
            return gr.update(), gr.update()
        if feedback_id is None:
            gr.Warning("Rate the answer with a thumbs down first, then add your reason.")
            return gr.update(), gr.update()
        try:
            self.feedback.set_reason(int(feedback_id), reason)
        except FeedbackError as e:
            gr.Warning(str(e))
            return gr.update(), gr.update()
        gr.Info("Reason saved with your rating.")
        return "", gr.update(visible=False)

    @staticmethod
    def export_files(history: list, turns: dict):
        """Output: the download area, shown with the conversation's Markdown and JSON files."""
        rows = turns_for_export(history, turns)
        if not rows:
            gr.Warning("There is nothing to export yet: ask a question first.")
            return gr.update(value=None, visible=False)
        folder = Path(tempfile.mkdtemp(prefix="conversation-"))
        md, js = folder / "conversation.md", folder / "conversation.json"
        md.write_text(to_markdown(rows), encoding="utf-8")
        js.write_text(to_json(rows), encoding="utf-8")
        return gr.update(value=[str(md), str(js)], visible=True)

    @staticmethod
    def copy_text(turns: dict) -> str:
        """The latest answer as text with its [n] markers and sources (what "Copy answer" copies)."""
        if not turns:
            gr.Warning("There is no answer to copy yet.")
            return ""
        gr.Info("Answer copied, with its sources.")
        return to_text(turns[max(turns, key=int)])

    @staticmethod
    def export_api(turns: list[dict]) -> dict:
        """Markdown and JSON for a conversation given as [{"question", "answer"}] (answers from /ask)."""
        return {"markdown": to_markdown(turns), "json": to_json(turns)}

    @staticmethod
    def save(history: list, turns: dict) -> dict:
        return {"chat": history or [], "turns": turns or {}}

    @staticmethod
    def restore(saved: dict | None):
        """Outputs: chat, turns (what the browser kept from before a reload)."""
        saved = saved or {}
        return saved.get("chat") or [], saved.get("turns") or {}
