"""SQuAD 2.0 as a benchmark corpus: eleven Wikipedia articles, crowd-written questions, half
of them adversarially unanswerable (`eval/data/squad2/`, CC BY-SA 4.0; see its README).

Each article becomes one text file (its title, then its paragraphs) that the normal `index`
code ingests like any user's article. The split is by article and fixed here: six `tune`
articles (anything may be fitted on them) and five `test` articles (nothing ever is). Gold
answers carry offsets into their paragraph; `locate()` maps them into the cleaned article
the index holds, so a citation can be checked against the sentence holding the answer.
Leaves out SQuAD's own F1/EM: answers here are cited sentences, not spans, so what counts
is whether the gold text is inside the answer and the cited passage.
"""
from __future__ import annotations

import functools
import json
import random
import re
import string
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "squad2" / "dev-subset.json"
SPLITS = {
    "tune": ("Computational_complexity_theory", "Force", "Huguenot", "Imperialism", "Steam_engine", "Yuan_dynasty"),
    "test": ("European_Union_law", "French_and_Indian_War", "Immune_system", "Islamism", "Warsaw"),
}
WH = ("what", "which", "who", "whom", "whose", "when", "where", "why", "how")


@dataclass(frozen=True)
class SquadItem:
    id: str
    question: str
    title: str                      # the article's SQuAD title, e.g. "Steam_engine"
    paragraph: int                  # index of the paragraph in the article
    answers: tuple[str, ...]        # gold answer texts (empty when unanswerable)
    starts: tuple[int, ...]         # their offsets in the paragraph
    split: str
    answerable: bool

    @property
    def type(self) -> str:
        """The question word (what/who/when/...), or "other"; unanswerable ones are their own type."""
        if not self.answerable:
            return "unanswerable"
        words = re.findall(r"[a-z]+", self.question.lower())
        return next((w for w in words[:4] if w in WH), "other").replace("whom", "who").replace("whose", "who")


def file_name(title: str) -> str:
    return f"{title}.txt"


@functools.lru_cache(maxsize=1)
def _articles() -> dict[str, list[str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))["data"]
    return {a["title"]: [p["context"] for p in a["paragraphs"]] for a in data}


def write_articles(folder: Path, split: str) -> list[Path]:
    """One text file per article of the split: the title, then its paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for title, paras in _articles().items():
        if title in SPLITS[split]:
            p = folder / file_name(title)
            text = title.replace("_", " ") + "\n\n" + "\n\n".join(" ".join(x.split()) for x in paras) + "\n"
            if not p.exists() or p.read_text(encoding="utf-8") != text:
                p.write_text(text, encoding="utf-8")
            paths.append(p)
    return paths


def load_items(split: str) -> list[SquadItem]:
    out = []
    for a in json.loads(DATA.read_text(encoding="utf-8"))["data"]:
        if a["title"] not in SPLITS[split]:
            continue
        for pi, p in enumerate(a["paragraphs"]):
            for q in p["qas"]:
                ans = [] if q.get("is_impossible") else q["answers"]
                out.append(SquadItem(id=q["id"], question=" ".join(q["question"].split()), title=a["title"],
                                     paragraph=pi, answers=tuple(x["text"] for x in ans),
                                     starts=tuple(x["answer_start"] for x in ans), split=split,
                                     answerable=not q.get("is_impossible")))
    return out


def sample(items: list[SquadItem], n: int | None, seed: int = 0) -> list[SquadItem]:
    """n answerable and n unanswerable questions, the same ones for the same seed."""
    if not n:
        return items
    rng = random.Random(seed)
    pick = []
    for answerable in (True, False):
        side = [i for i in items if i.answerable == answerable]
        pick += rng.sample(side, min(n, len(side)))
    return sorted(pick, key=items.index)


def locate(article_text: str, item: SquadItem) -> list[tuple[int, int]]:
    """Spans of the item's gold answers in the cleaned article text ([] if the paragraph was cleaned away)."""
    paras = _articles()[item.title]
    para = " ".join(paras[item.paragraph].split())
    at = article_text.find(para)
    if at < 0:
        return []
    spans = []
    raw = paras[item.paragraph]
    for text, start in zip(item.answers, item.starts):
        # Offsets refer to the raw paragraph; whitespace was folded when the file was written.
        folded_start = len(" ".join(raw[:start].split())) + (1 if raw[:start][-1:].isspace() and start else 0)
        spans.append((at + folded_start, at + folded_start + len(" ".join(text.split()))))
    return spans


def normalize(text: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())
