"""Hard unanswerable questions generated from answerable tune questions, for fitting only.

SQuAD's unanswerables are one kind of hard case; readers bring others. From any indexed
text and its answerable questions this makes:

* **entity swaps** — the question's anchor (a person, place, organisation or date it names)
  replaced by another entity of the same kind from the same article that never shares a
  sentence with the gold answer: "How long does the drive from Orrit take?" becomes "How
  long does the drive from Castell Roig take?", which the article does not answer;
* **headline questions** — questions about what the cleaner removed as site navigation
  (related-story headlines, menus): "What is known about <headline>?", which the articles
  do not cover even though the page showed the words.

Generation is deterministic (seeded) and reads only tune data. Leaves out type swaps ("how
much" for a "when" question): the typed-answer rule covers them without fitting, and the
ablated questions of fit.py (answer sentences removed) are the same case with real wording.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from index.text import word_key

from . import squad

# Entity labels an anchor swap replaces with another of its label.
SWAPPABLE = ("PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "NORP", "EVENT")
# Answerable SQuAD questions swaps are made from (it has thousands): for fitting and the probe.
SQUAD_SAMPLE = 600
# A removed line is a headline when it has this many words: shorter ones are menu entries.
HEADLINE_WORDS = (5, 20)


@dataclass(frozen=True)
class Generated:
    question: str
    kind: str          # "swap" or "headline"
    source: str        # the question it came from, or the article of the headline
    group: str         # cross-validation group (the article)


def _entities(store, article_id: str) -> dict[str, set[str]]:
    """Entity texts of an article by label, from the stored annotations."""
    info = next((a for a in store.current_articles() if a.id == article_id), None)
    if info is None:
        return {}
    text = store.article_text(article_id, info.sha) or ""
    out: dict[str, set[str]] = {}
    for s in store.sentences(info.sha):
        for a, b, label in s.entities:
            if label in SWAPPABLE:
                out.setdefault(label, set()).add(text[a:b].strip())
    return out


def answerable_items(es, squad_sample: int | None = SQUAD_SAMPLE, seed: int = 2) -> list[tuple[str, str, tuple[str, ...]]]:
    """(question, article id, gold answer texts) of a set's answerable questions, the input of
    `swaps`; SQuAD's sampled down to `squad_sample` (it has thousands)."""
    if es.kind == "squad2":
        items = [(i.question, squad.file_name(i.title), i.answers) for i in es.items if i.answerable]
        return random.Random(seed).sample(items, min(squad_sample, len(items))) if squad_sample else items
    return [(i.question, i.gold[0].source, tuple(a for k in i.key_facts for a in k.split("|")))
            for i in es.items if i.answerable and i.gold and not i.history]


def _sentences_with(text: str, sentences, needle: str) -> list[str]:
    key = word_key(needle)
    return [text[s.start:s.end] for s in sentences if key in word_key(text[s.start:s.end])]


def swaps(store, items: list[tuple[str, str, tuple[str, ...]]], analyze, seed: int = 0, per_item: int = 1) -> list[Generated]:
    """Entity-swapped versions of answerable questions: items are (question, article id, gold
    answer texts); `analyze` is the product's question analysis (for the anchors)."""
    rng = random.Random(seed)
    cache: dict[str, tuple] = {}
    out = []
    for question, article_id, answers in items:
        if article_id not in cache:
            info = next((a for a in store.current_articles() if a.id == article_id), None)
            if info is None:
                continue
            cache[article_id] = (_entities(store, article_id), store.article_text(article_id, info.sha) or "",
                                 store.sentences(info.sha))
        ents, text, sentences = cache[article_id]
        anchors = [(t, label) for t, label in analyze(question).anchors if label in SWAPPABLE and t in question]
        rng.shuffle(anchors)
        made = 0
        for t, label in anchors:
            pool = sorted(e for e in ents.get(label, ()) if word_key(e) != word_key(t) and len(e) > 2
                          and word_key(e) not in word_key(question))
            rng.shuffle(pool)
            for other in pool:
                # Never swap in an entity that shares a sentence with a gold answer: that one
                # might answer the new question.
                near = _sentences_with(text, sentences, other)
                if any(word_key(a) in word_key(s) for a in answers for s in near):
                    continue
                new = re.sub(re.escape(t), other, question, count=1)
                out.append(Generated(new, "swap", question, article_id))
                made += 1
                break
            if made >= per_item:
                break
    return out


def headlines(store, seed: int = 0, per_article: int = 3) -> list[Generated]:
    """Questions about lines the cleaner removed as navigation (related headlines, menus)."""
    rng = random.Random(seed)
    out = []
    for info in store.current_articles():
        lines = [line.strip() for line, why in store.removed_lines(info.sha)
                 if HEADLINE_WORDS[0] <= len(line.split()) <= HEADLINE_WORDS[1] and not line.strip().endswith(":")]
        rng.shuffle(lines)
        for line in lines[:per_article]:
            out.append(Generated(f"What is known about {line.rstrip('.?!')}?", "headline", line, info.id))
    return out
