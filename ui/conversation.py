"""What the UI does with a conversation besides answering: ratings, export, and keeping it
across page reloads.

Ratings (👍/👎 and an optional reason) go to `rag.feedback.FeedbackStore` under the data
directory, one transaction each. Export writes the conversation as Markdown and JSON
(`rag.export`) into a fresh temporary folder for download. The conversation itself —
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
        """A 👍/👎 on an answer. Output: the stored rating's id (for a reason added after)."""
        answer = turns.get(str(data.index if isinstance(data.index, int) else data.index[0]))
        if answer is None:
            gr.Warning("That message can't be rated (only answers can).")
            return None
        rating = "up" if data.liked is True else "down"
        reason = data.liked if isinstance(data.liked, str) and data.liked not in ("Like", "Dislike") else ""
        try:
            fid = self.feedback.record(answer, rating, reason, self.pipeline.settings)
        except FeedbackError as e:
            gr.Warning(str(e))
            return None
        gr.Info("Thanks: your rating is saved." + (" Add what was wrong below, if you like." if rating == "down" else ""))
        return fid

    def add_reason(self, feedback_id, reason: str):
        """Outputs: the reason box (cleared)."""
        if not (reason or "").strip():
            gr.Warning("Write what was wrong first.")
            return gr.update()
        if feedback_id is None:
            gr.Warning("Rate an answer with 👍 or 👎 first, then add your reason.")
            return gr.update()
        try:
            self.feedback.set_reason(int(feedback_id), reason)
        except FeedbackError as e:
            gr.Warning(str(e))
            return gr.update()
        gr.Info("Reason saved with your rating.")
        return ""

    @staticmethod
    def export_files(history: list, turns: dict):
        """Output: the Markdown and JSON files of the conversation, for download."""
        rows = turns_for_export(history, turns)
        if not rows:
            gr.Warning("There is nothing to export yet: ask a question first.")
            return None
        folder = Path(tempfile.mkdtemp(prefix="conversation-"))
        md, js = folder / "conversation.md", folder / "conversation.json"
        md.write_text(to_markdown(rows), encoding="utf-8")
        js.write_text(to_json(rows), encoding="utf-8")
        return [str(md), str(js)]

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
