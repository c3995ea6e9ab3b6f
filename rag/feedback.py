"""Readers' ratings of answers, kept in SQLite beside the index (`<RAG_DATA_DIR>/feedback.sqlite3`).

A rating stores what is needed to reproduce and judge the answer later: the question, the
standalone question after follow-up resolution, the answer text, its citations, the
backend and settings that produced it, when, the rating (`up` / `down`) and an optional
reason. Each write is one transaction, so a rating is never half-stored, and the file
survives restarts. `python -m eval feedback` exports the ratings; `python -m eval run --set
feedback` turns the 👎 ones into a regression set. Leaves out who rated (no accounts).
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict, is_dataclass
from pathlib import Path

RATINGS = ("up", "down")
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, question TEXT NOT NULL, standalone TEXT,
    answer TEXT NOT NULL, citations TEXT NOT NULL, backend TEXT, settings TEXT, rating TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '', abstained INTEGER NOT NULL DEFAULT 0, context TEXT NOT NULL DEFAULT '{}');
"""


class FeedbackError(ValueError):
    """A rating that cannot be stored; the message says why."""


class FeedbackStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise FeedbackError(f"Cannot open the feedback file {self.path}: {e}. Check that the data directory "
                                "is writable.") from None

    def record(self, answer: dict, rating: str, reason: str = "", settings=None) -> int:
        """Store one rating of an answer (`Answer.to_dict()`); returns its id."""
        if rating not in RATINGS:
            raise FeedbackError(f"A rating is one of {RATINGS}, not {rating!r}.")
        s = asdict(settings) if is_dataclass(settings) else (settings or {})
        row = (time.strftime("%Y-%m-%dT%H:%M:%S"), answer.get("question", ""), answer.get("standalone_question", ""),
               answer.get("text", ""), json.dumps(answer.get("citations", []), default=str, ensure_ascii=False),
               answer.get("backend", ""), json.dumps(s, default=str), rating, reason.strip()[:2000],
               int(bool(answer.get("abstained"))), json.dumps(answer.get("context", {}), default=str))
        with self._lock, self.db:
            cur = self.db.execute("INSERT INTO feedback (ts, question, standalone, answer, citations, backend, settings, "
                                  "rating, reason, abstained, context) VALUES (?,?,?,?,?,?,?,?,?,?,?)", row)
            return int(cur.lastrowid)

    def set_reason(self, feedback_id: int, reason: str) -> None:
        with self._lock, self.db:
            if self.db.execute("UPDATE feedback SET reason=? WHERE id=?", (reason.strip()[:2000], feedback_id)).rowcount != 1:
                raise FeedbackError(f"No rating {feedback_id} to add a reason to.")

    def rows(self, rating: str | None = None) -> list[dict]:
        with self._lock:
            cur = self.db.execute("SELECT * FROM feedback" + (" WHERE rating=?" if rating else "") + " ORDER BY id",
                                  (rating,) if rating else ())
            names = [d[0] for d in cur.description]
            out = [dict(zip(names, r)) for r in cur.fetchall()]
        for r in out:
            for k in ("citations", "settings", "context"):
                r[k] = json.loads(r[k] or "null")
            r["abstained"] = bool(r["abstained"])
        return out

    def close(self) -> None:
        self.db.close()
