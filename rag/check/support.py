"""How well a passage supports a sentence an LLM wrote: the grounding guard's check.

No NLI or entailment model ships offline (see FACTS.md), so this is a lexical/semantic
proxy: verbatim containment is 1.0; otherwise the larger of the share of the sentence's
content stems found in the passage, and an even blend of that share with the best cosine
between the sentence and one of the passage's sentences. Leaves out the thresholds (the
guard's) and any judgement of answers (eval's judges are separate on purpose).
"""
from __future__ import annotations

import numpy as np

from index.text import content_stems, sentence_spans, squash

from ..find.bundles import Bundles
from ..protocols import Embedder
from ..types import Passage


class Support:
    def __init__(self, embedder: Embedder, bundles: Bundles | None = None):
        self.embedder, self.bundles = embedder, bundles

    def __call__(self, sentence: str, passage: Passage | str) -> float:
        """How well `passage` supports `sentence`, in [0, 1]."""
        text = passage if isinstance(passage, str) else passage.text
        s = squash(sentence)
        if s and s in squash(text):
            return 1.0
        want = set(content_stems(sentence))
        lex = len(want & set(content_stems(text))) / len(want) if want else 0.0
        vecs = self._passage_vectors(passage)
        if vecs is None or not len(vecs):
            return lex
        sem = float(np.max(vecs @ self.embedder.encode([sentence])[0]))
        return max(lex, 0.5 * lex + 0.5 * sem)

    def _passage_vectors(self, passage: Passage | str):
        if isinstance(passage, Passage) and passage.article_sha and self.bundles is not None:
            b = self.bundles.get(passage.source, passage.article_sha)
            if b is not None:
                idx = list(b.within(passage.start, passage.end))
                if idx and all(b.sentences[i].vector is not None for i in idx):
                    return b.vectors[idx]
        text = passage if isinstance(passage, str) else passage.text
        spans = sentence_spans(text)
        return self.embedder.encode([text[a:b] for a, b in spans]) if spans else None
