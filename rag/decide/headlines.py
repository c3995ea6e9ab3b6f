"""Questions about a linked story: the cleaner removes related-story links from an article's
page (index.furniture: link lists, "Related: ..." lines) and keeps them with the article. A question
clearly closer in meaning to one of those headlines than to every sentence of the articles asks
about the other story, which the articles do not cover ("When will the library open on Sundays?"
beside a link "Library to open on Sundays from April").

Leaves out what the cleaner removes (index.clean), links to stories that are themselves in the
collection (their sentences answer), and every other reason to abstain (decision.py).
"""
from __future__ import annotations

from index.furniture import link_lines
from index.text import word_key, words

# A removed line of this many words is a headline; shorter ones are menu entries (the same
# bounds as the generated headline questions of eval/hard.py).
HEADLINE_WORDS = (5, 20)
# How much closer (cosine) the question must be to the headline than to its nearest sentence.
# On dev:tune and fresh:tune the answerable questions come at most 0.088 closer to some linked
# headline (same-topic links), the questions about a linked story 0.21 and 0.46.
MARGIN = 0.1


def _links(b, store, corpus, own: set) -> list:
    """(headline, vector) of the article's removed links to stories outside the collection.
    The index embeds them when it builds the article (a fresh process need not: 27 lines took
    0.7 s on the bundled articles); an index built before that has them embedded here, once per
    article version."""
    key = ("linked headlines", frozenset(own))
    if key not in b.memo:
        keep = lambda line: (HEADLINE_WORDS[0] <= len(words(line)) <= HEADLINE_WORDS[1]  # noqa: E731
                             and word_key(line) not in own)
        stored = store.link_vectors(b.sha)
        if stored is not None:
            b.memo[key] = [(line, vec) for line, vec in stored if keep(line)]
        else:
            # One at a time, as questions are: a batch sends NumPy to a multi-threaded BLAS that keeps
            # ~50-100 MB of buffers for the rest of the process (measured: cold start peak 406 -> 517 MiB).
            b.memo[key] = [(line, corpus.embedder.encode([line])[0])
                           for line in link_lines(store.removed_lines(b.sha)) if keep(line)]
    return b.memo[key]


def linked_story(ev, store, corpus) -> str | None:
    """The linked headline the question is about, when it is MARGIN closer to the question than
    every candidate sentence, and to what the question asks of its names too (a headline sharing
    only the names, "Ashby Vale's cricketing history in ten photos", is no closer to "What
    fraction of Ashby Vale cricket club's members are juniors?" than the article); None otherwise."""
    if not ev.candidates or ev.qvec is None:
        return None
    own = {word_key(a.title) for a in store.current_articles()}
    best = max(c.f.cos for c in ev.candidates) + MARGIN
    found, found_vec = None, None
    for b in {c.bundle.sha: c.bundle for c in ev.candidates}.values():
        for line, vec in _links(b, store, corpus, own):
            cos = float(vec @ ev.qvec)
            if cos > best:
                best, found, found_vec = cos, line, vec
    rest = ev.question.without_names()
    if found is not None and rest != ev.question.text and getattr(ev, "embed", None) is not None:
        if float(found_vec @ ev.embed(rest)) <= max(ev.rest_cos(c) for c in ev.candidates) + MARGIN:
            return None
    return found
