"""The dev set: JSON lines of questions with gold quotes, key facts, a type and a split.

Format (one object per line; see eval/README.md): id, type, split (`tune` or `test`,
fixed in the file), origin (`seed`: written while the first version was tuned; `fresh`:
written later, never tuned on), question, optional history, gold [{source, quote}] (exact
substrings of the article file), key_facts ("a|b" lists alternatives), answer, and for
the `boilerplate` type the quote where the page's non-article text holds the "answer".
`validate()` checks every quote against the article files; it leaves out checking that a
quote survives cleaning, which the runner reports as a retrieval miss instead.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .judge import key_facts_found

TYPES = ("factoid", "why", "list", "multi-article", "comparison", "paraphrase", "follow-up",
         "unanswerable", "missing-detail", "false-premise", "boilerplate", "entity-swap", "off-topic")
# The right answer is to say the articles don't say. entity-swap: an answerable question with
# its anchor swapped for another entity of the same kind from the same article.
NO_GOLD = ("unanswerable", "missing-detail", "boilerplate", "entity-swap", "off-topic")
SPLITS = ("tune", "test")
DEFAULT_SET = Path(__file__).resolve().parent / "data" / "dev.jsonl"


@dataclass(frozen=True)
class Gold:
    source: str
    quote: str


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    question: str
    split: str = "tune"
    origin: str = "seed"
    gold: tuple[Gold, ...] = ()
    key_facts: tuple[str, ...] = ()
    answer: str = ""
    history: tuple[dict, ...] = field(default=())
    boilerplate: Gold | None = None
    kind: str = ""            # a finer label (fresh set): duration, frequency, amount, person, place, date, ...

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def load_set(path: Path | str = DEFAULT_SET, split: str | None = None) -> list[Item]:
    """The items of a set, or of one of its splits."""
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            bp = r.get("boilerplate")
            items.append(Item(id=r["id"], type=r["type"], question=r["question"], split=r.get("split", "tune"),
                              origin=r.get("origin", "seed"),
                              gold=tuple(Gold(g["source"], g["quote"]) for g in r.get("gold", [])),
                              key_facts=tuple(r.get("key_facts", [])), answer=r.get("answer", ""),
                              history=tuple(r.get("history", [])),
                              boilerplate=Gold(bp["source"], bp["quote"]) if bp else None,
                              kind=r.get("kind", "")))
        except (KeyError, TypeError, json.JSONDecodeError) as e:
            raise ValueError(f"{path}:{n}: not a valid item ({e})") from None
    return [i for i in items if split is None or i.split == split]


def validate(items: list[Item], articles_dir: Path | str) -> list[str]:
    """Problems with the set, one line each; empty when the set is sound."""
    d = Path(articles_dir)
    texts: dict[str, str] = {}
    problems, ids = [], set()
    for it in items:
        if it.id in ids:
            problems.append(f"{it.id}: duplicate id")
        ids.add(it.id)
        if it.type not in TYPES:
            problems.append(f"{it.id}: unknown type {it.type!r}")
        if it.split not in SPLITS:
            problems.append(f"{it.id}: split {it.split!r} is not one of {SPLITS}")
        needs_gold = it.type not in NO_GOLD
        if needs_gold and not it.gold:
            problems.append(f"{it.id}: type {it.type} needs gold passages")
        if not needs_gold and it.gold:
            problems.append(f"{it.id}: type {it.type} must have no gold passages")
        if needs_gold and not it.key_facts:
            problems.append(f"{it.id}: no key_facts")
        if it.type == "multi-article" and len({g.source for g in it.gold}) < 2:
            problems.append(f"{it.id}: multi-article needs gold passages from 2+ articles")
        if it.type == "follow-up" and not it.history:
            problems.append(f"{it.id}: follow-up without history")
        for g in it.gold + ((it.boilerplate,) if it.boilerplate else ()):
            if g.source not in texts:
                p = d / g.source
                texts[g.source] = p.read_text(encoding="utf-8") if p.exists() else ""
            if not texts[g.source]:
                problems.append(f"{it.id}: article {g.source} not found in {d}")
            elif g.quote not in texts[g.source]:
                problems.append(f"{it.id}: quote not found verbatim in {g.source}: {g.quote[:60]!r}")
        for f in it.key_facts:
            if it.gold and not key_facts_found(" ".join(g.quote for g in it.gold) + " " + it.answer, [f]):
                problems.append(f"{it.id}: key fact {f!r} is in neither the gold quotes nor the answer")
    return problems
