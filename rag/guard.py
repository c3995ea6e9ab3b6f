"""The grounding guard: every sentence of a final answer cites a passage that supports it.

Two entry points. `render()` takes an extractive `Draft` (spans of articles) and checks
each quoted piece against its passage character for character, then numbers the cited
passages 1..m in order of first use. `guard()` takes a generated draft (text with [n]
markers numbering the passages), splits it into sentences, removes markers that name no
passage, drops citations that do not support their sentence (`Evidence.support() >=
SUPPORT_THRESHOLD`, or verbatim containment with `verbatim=True`) and sentences left with
none, then renumbers. Neither adds claims; deciding to fall back or abstain is the
pipeline's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .compose import Draft, Part
from .evidence import SUPPORT_THRESHOLD, Evidence
from .types import Citation, Passage

_MARK = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_END = re.compile(r"[.!?…]+[\"”’)]*(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*(?=\s+[\"“(]?[A-Z0-9]|\s*$)")


def _norm(s: str) -> str:
    return " ".join(s.split())


def split_cited(text: str) -> list[tuple[str, list[int]]]:
    """[(sentence without markers, [marker numbers])] for a draft answer."""
    out, pos = [], 0
    text = text.strip()
    ends = [m.end() for m in _END.finditer(text)]
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    for e in ends:
        piece = text[pos:e].strip()
        pos = e
        if not piece:
            continue
        nums = [int(n) for g in _MARK.findall(piece) for n in re.split(r"\s*[,;]\s*", g)]
        body = _norm(_MARK.sub("", piece))
        body = re.sub(r"\s+([.!?,;:])", r"\1", body)
        if body:
            out.append((body, nums))
        elif nums and out:  # markers after the last sentence's punctuation
            out[-1][1].extend(nums)
    return out


@dataclass(frozen=True)
class Guarded:
    text: str
    citations: tuple[Citation, ...]
    kept: int
    dropped: int
    reasons: tuple[str, ...] = ()


def _find(passage: Passage, sentence: str) -> tuple[int, int] | None:
    """Offsets in the article of `sentence` quoted from `passage`, whitespace-insensitively."""
    words = sentence.split()
    if not words:
        return None
    pat = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pat, passage.text)
    return (passage.start + m.start(), passage.start + m.end()) if m else None


def guard(draft: str, passages: list[Passage], evidence: Evidence | None = None,
          verbatim: bool = True, threshold: float = SUPPORT_THRESHOLD) -> Guarded:
    kept_sents: list[tuple[str, list[int]]] = []
    quotes: dict[int, list[tuple[int, int]]] = {}
    reasons: list[str] = []
    dropped = 0
    for body, nums in split_cited(draft):
        valid = [n for n in dict.fromkeys(nums) if 1 <= n <= len(passages)]
        if len(valid) < len(set(nums)):
            reasons.append(f"removed invalid marker(s) {sorted(set(nums) - set(valid))} in: {body[:60]}")
        supported = []
        for n in valid:
            p = passages[n - 1]
            span = _find(p, body)
            if span:
                quotes.setdefault(n, []).append(span)
                supported.append(n)
            elif not verbatim and evidence is not None and evidence.support(body, p.text) >= threshold:
                supported.append(n)
        if not supported and not verbatim and evidence is not None and not valid:
            # An uncited sentence is kept only if one passage supports it clearly.
            best = max(range(len(passages)), key=lambda i: evidence.support(body, passages[i].text), default=None)
            if best is not None and evidence.support(body, passages[best].text) >= max(threshold, 0.75):
                supported = [best + 1]
        if not supported:
            dropped += 1
            reasons.append(f"dropped unsupported sentence: {body[:80]}")
            continue
        kept_sents.append((body, supported))

    order: dict[int, int] = {}
    for _, ns in kept_sents:
        for n in ns:
            order.setdefault(n, len(order) + 1)
    text = " ".join(f"{body} " + "".join(f"[{order[n]}]" for n in ns) for body, ns in kept_sents)
    cits = []
    for n, _new in sorted(order.items(), key=lambda kv: kv[1]):
        cits.append(passages[n - 1].citation(tuple(quotes.get(n, ()))))
    return Guarded(text, tuple(cits), len(kept_sents), dropped, tuple(reasons))


def render(draft: Draft, passages: list[Passage]) -> Guarded:
    """A draft as text with [n] markers. Each quoted piece is checked verbatim against its
    passage; our own words in a line (a header, a metadata statement) stay as written."""
    order: dict[int, int] = {}
    quotes: dict[int, list[tuple[int, int]]] = {}
    lines, reasons, dropped, kept = [], [], 0, 0
    for line in draft.lines:
        items = []
        for item in line:
            if isinstance(item, str):
                items.append(item)
                continue
            p = passages[item.passage]
            if p.text[item.start - p.start:item.end - p.start] != item.text:
                dropped += 1
                reasons.append(f"dropped a piece not verbatim in passage {item.passage + 1}: {item.text[:60]}")
                continue
            items.append(item)
        if not any(not isinstance(x, str) for x in items) and len(items) < len(line):
            continue  # every quote in the line failed: drop the line
        text = ""
        for i, item in enumerate(items):
            if isinstance(item, str):
                text += (" " if text else "") + item
                continue
            n = order.setdefault(item.passage, len(order) + 1)
            if item.end > item.start:
                quotes.setdefault(item.passage, []).append((item.start, item.end))
            nxt = items[i + 1] if i + 1 < len(items) else None
            last = not isinstance(nxt, Part) or nxt.passage != item.passage
            body = " ".join(item.text.split())
            sep = " — " if i and isinstance(items[i - 1], Part) else (" " if text else "")
            text += sep + body + ((" " if body else "") + f"[{n}]" if last else "")
        kept += any(isinstance(x, Part) for x in items)
        lines.append((text, any(isinstance(x, Part) for x in items)))
    if not kept:
        return Guarded("", (), 0, dropped, tuple(reasons))
    if draft.bullets:
        body = "\n".join(f"- {t}" if cited else t for t, cited in lines)
    else:
        body = " ".join(t for t, _ in lines)
    text = (f"{draft.lead}\n{body}" if draft.bullets else f"{draft.lead} {body}") if draft.lead else body
    cits = tuple(passages[i].citation(tuple(quotes.get(i, ()))) for i, _ in sorted(order.items(), key=lambda kv: kv[1]))
    return Guarded(text, cits, kept, dropped, tuple(reasons))
