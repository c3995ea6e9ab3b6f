"""Does an article mention a subject? A claim of absence is checked before it is made.

"Not mentioned in: …" is a statement about an article, as true or false as any quote. An
article counts as silent on a subject only when a search of the whole article finds nothing:

* words — the subject's content words (Porter stems) in a sentence, or its names' distinctive
  part ("Trump" for "Donald Trump", "Karabakh" for "Nagorno-Karabakh"), but not inside another
  name that adds words of its own ("the Eurasian Economic Union" is not "the European Union");
  a common noun phrase only with its head noun or every word qualifying it ("the village
  school" is not named by "the village hall");
* other spellings — an article word sharing a long prefix or nearly all its letters with a
  subject word, diacritics folded ("Türkiye", "Turkish" for "Turkey"; "Iranian" for "Iran";
  "Nakhichevan" for "Nakhchivan"; for a place, also letters that sound alike and a "-land"
  name's "-ish" adjective: "Bresnitz" for "Breznica", "Vellish" for "Velland"), or the
  subject's initials ("U.S.", "EU"); initials the
  subject writes in capitals ("NATO") are spelt one way only ("nation" is not one); a town's
  last element in a neighbouring language ("Kirkhaven" for "Kirkehamn");
* the collection's own other names — what one article sets beside the name in brackets or as
  "called X in one language and Y in another" ("TCE" for trichloroethylene, "the Weissach" for
  the Bělice; rag.find.corpus `synonyms`), and for initials spelt out so, the body by what it is;
* descriptions — a government by its own press's "the ministry", "the transport minister"; a
  company by a word of its name before a word for a firm ("the state hydro company");
* names — one of the article's named entities close in meaning to the subject (MiniLM
  cosine of the two names: "Washington" for "the United States");
* meaning — a sentence close in meaning to the subject (cosine of the sentence's stored
  vector and the subject's), with a lower bar for a sentence holding some of the subject's
  words ("the Southern Gas Corridor" for "gas pipelines"). Not for a bare name, a country
  or place written without an article ("Iran", "Crimea"): it is spoken of in its own
  letters, and MiniLM puts it as close to sentences on its neighbours as to sentences that
  do speak of a subject without naming it (`bare_name`; no name path either; a person's
  name keeps both, being often replaced by a role: "the minister said"). An
  institution of three words or more ("the Dunmarran Marine Agency") is spoken of only in a
  sentence holding what it is ("the agency") or initials one letter off its own ("the FSB"
  for "Russia's Federal Security Service"), never by another name close in meaning.
Every sentence naming it by words or spelling is returned (a reply quotes the ones that say
most). The three cosine bars are fitted on tune pairs (eval/data/mentions.jsonl, the articles
across.jsonl labels as silent or not, and the tune pairs of the other collections under
eval/data/) by eval/mention_fit.py `fit_mentions` (scorer.json, "mentions"), so that no tune
pair is wrongly called silent that some bar finds, then lowered by a safety margin.
Leaves out what to say about it (rag.write.across), which articles to ask (the message's
scope), and reading what kind of phrase the subject is (rag.decide.subjects).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from index.text import alias, content_stems, exonym, fold, words

from ..find.bundles import ArticleBundle
from ..find.corpus import Corpus, fold_name
from .subjects import (DESIGNATORS, GOVERNMENT, ORG_HEADS, bare_name, capitalised, described_company, exact_words,
                       first_name_word, government, institution, noun_head, org_head, party, short_name, subject_words,
                       unhedged)

# A sentence holding this share of the subject's words (IDF-weighted) names it: "Zangezur
# hall" names "the Zangezur corridor", "President Trump" names "Donald Trump".
WORDS_SHARE = 0.5


@dataclass(frozen=True)
class MentionThresholds:
    entity: float = 0.75     # name-to-name cosine for "the same thing under another name"
    sentence: float = 0.60   # subject-to-sentence cosine for "speaks of it without naming it"
    partial: float = 0.45    # the same, for a sentence holding some of the subject's words

    def to_json(self) -> dict:
        return {"entity": self.entity, "sentence": self.sentence, "partial": self.partial}


@dataclass(frozen=True)
class Mention:
    article: str
    found: bool
    how: str                       # words | spelling | name | meaning | "" (silent)
    sentences: tuple[int, ...]     # sentences that mention it, best first
    evidence: str = ""             # the word, name or sentence that showed it


def _acronym(subject_words: list[str], text: str) -> bool:
    """The text writes the subject as its initials ("U.S.", "EU", "UAE")."""
    initials = "".join(w[0] for w in subject_words if w)
    if len(initials) < 2:
        return False
    return any("".join(words(tok)) == initials for tok in re.findall(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b", text))


def _near_initials(subject: str, text: str) -> bool:
    """The text holds initials one letter off the name's own: an institution is often known by
    the initials of its name in its own language ("the FSB" for "Russia's Federal Security
    Service"). Three letters or more, the first the same; the owner's name ("Russia's") is not
    part of the initials."""
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][a-z]+\b(?![’']s)", subject)).upper()
    if len(initials) < 3:
        return False
    return any(len(tok) == len(initials) and tok[0] == initials[0]
               and sum(a != b for a, b in zip(tok, initials)) <= 1
               for tok in re.findall(r"\b[A-Z]{3,6}\b", text))


def _own_words(subject: str, b: ArticleBundle, i: int) -> str:
    """Sentence i without the names (as tagged at index time) that share a word with a name of
    several words but add words of their own: "the Eurasian Economic Union" and "the Soviet
    Union" are not "the European Union", though they hold "Union". A name all of whose words
    are the subject's stays ("Trump" for "Donald Trump": the tagger leaves titles out)."""
    # a possessive is the name ("the Greyfell Treaty's rule" holds the Greyfell Treaty)
    want = {fold(re.sub(r"['’]s?$", "", w)) for w in capitalised(subject)}
    text = b.sentence_text(i)
    if len(want) < 2:
        return text
    s = b.sentences[i]
    cut = []
    for a, e, label in s.entities:
        name = {fold(w) for w in capitalised(b.text[a:e])}
        if name & want and name - want:
            cut.append((a - s.start, e - s.start))
    for a, e in sorted(cut, reverse=True):
        text = text[:a] + " " + text[e:]
    return text


# A government's own press writes "the ministry" or "the transport minister" for it.
OFFICE = re.compile(r"\b[Tt]he\s+(?:[a-z][\w-]*\s+){0,2}(?:government|ministry|ministries|minister|ministers|cabinet)\b")


def _lexical(subject: str, b: ArticleBundle, corpus: Corpus) -> tuple[str, list[int], str]:
    """How (words | spelling), where and by what the article names the subject with its own
    letters: all the sentences that do, by any of the ways below, so that a reply can quote
    the ones that say most (an article naming "the EU" in one place and "the European Union"
    in another)."""
    hits: dict[int, str] = {}
    weights = corpus.weights(set(content_stems(subject)))
    total = sum(weights.values())
    noun = noun_head(subject)
    rest = set(weights) - {noun}
    if total:
        # Most of the subject's weight, its rarest words first: "the Zangezur corridor" is named
        # by "Zangezur hall", "the Soviet Union" by "post-Soviet"; a common noun phrase only with
        # its head ("the village school" is not named by "the village hall") or, when it has more
        # words than one to qualify the head, with all of them ("Brannholt must consult Sorvia
        # under the 1998 Greyfell Treaty" names "the 1998 Greyfell Treaty's consultation rule").

        def names_it(st: set, own: Callable[[], set]) -> bool:
            if noun and noun not in st and (len(rest) < 2 or not rest <= st):
                return False
            return sum(w for s, w in weights.items() if s in st) / total >= WORDS_SHARE and \
                sum(w for s, w in weights.items() if s in own()) / total >= WORDS_SHARE
        for i, st in enumerate(b.stem_sets):
            if names_it(st, lambda: set(content_stems(_own_words(subject, b, i)))):
                hits.setdefault(i, "words")
                continue
            # initials stand for the words of the name they abbreviate ("the DHWU" for dock and
            # harbour workers) where the collection spells it out: a spelling of those words
            extra = corpus.spelt_out(b.sentence_text(i))
            if extra and names_it(set(st) | extra, lambda: set(content_stems(_own_words(subject, b, i))) | extra):
                hits.setdefault(i, "spelling")
    names = capitalised(subject)
    if names:
        # A name's distinctive part: "President Trump" names "Donald Trump", "cross-Caspian" the
        # Caspian Sea, "Karabakh" Nagorno-Karabakh.
        pats = [re.compile(rf"\b{re.escape(n)}\b") for n in dict.fromkeys(names[-1:] + names[:1])]
        for i in range(len(b.sentences)):
            if any(p.search(b.sentence_text(i)) for p in pats) and any(
                    p.search(_own_words(subject, b, i)) for p in pats):
                hits.setdefault(i, "words")
    for joined in _run_together(subject):
        # a name of two or three words written as one ("GreyLantern" for Grey Lantern), or the
        # other way round
        pat = re.compile(rf"(?<!\w){re.escape(fold(joined))}(?!\w)")
        for i in range(len(b.sentences)):
            if pat.search(fold(b.sentence_text(i))):
                hits.setdefault(i, "spelling")
    for city in _capitals(subject, corpus):
        # a capital standing for its country's government ("officials in Corvena" for Valdoria),
        # where the articles say whose capital it is
        pat = re.compile(rf"\b{re.escape(city)}\b")
        for i in range(len(b.sentences)):
            if pat.search(b.sentence_text(i)):
                hits.setdefault(i, "spelling")
    for other in corpus.synonyms().get(fold_name(subject), ()):
        # another name the articles themselves give it ("trichloroethylene (TCE)", "called the
        # Bělice in Lodavan and the Weissach in Galdish"): an article writing only that one
        pat = re.compile(rf"(?<!\w){re.escape(fold(other))}(?!\w)")
        for i in range(len(b.sentences)):
            if pat.search(fold(b.sentence_text(i))):
                hits.setdefault(i, "spelling")
    if government(subject):
        # "the ministry", "the transport minister": a country's government as its own press
        # writes it, without the country's name (not "Chief Minister Askew", "the Sorvian cabinet")
        for i in range(len(b.sentences)):
            if OFFICE.search(b.sentence_text(i)):
                hits.setdefault(i, "spelling")
    subj = subject_words(subject)
    exact = exact_words(subject)
    if subj:
        texts = [b.sentence_text(i) for i in range(len(b.sentences))]
        sent_words = [set(words(t)) for t in texts]
        vocab = set().union(*sent_words) if sent_words else set()
        # each subject word's spellings in this article, found once rather than per sentence
        # ... a place's name also by how another language spells it or its people's adjective
        # ("Bresnitz" for Breznica, "Vellish" for Velland: rag.decide.mentions only)
        places = {fold(n) for n in capitalised(subject)}
        spellings = {w: ({w} & vocab if w in exact else
                         {x for x in vocab if alias(w, x) or (w in places and exonym(w, x))}) for w in subj}
        for i, text in enumerate(texts):
            if all(spellings[w] & sent_words[i] for w in subj) or _acronym(subj, text):
                hits.setdefault(i, "spelling")
    head = org_head(subject)
    if head:
        # "Velmar Hydro" names the Velmar Hydro Corporation: a company's name is written without
        # the word saying it is one, its other words capitalised as written
        short = short_name(subject) if head in DESIGNATORS else ""
        first = first_name_word(subject) if head in DESIGNATORS else ""
        told = described_company(subject) if head in DESIGNATORS else None
        if told:
            for i in range(len(b.sentences)):
                if told.search(b.sentence_text(i)):
                    hits.setdefault(i, "spelling")
        hits = {i: how for i, how in hits.items() if (told and told.search(b.sentence_text(i)))
                or head in words(b.sentence_text(i)) or (how == "spelling" and _acronym(subj, b.sentence_text(i)))
                or (short and re.search(rf"\b{re.escape(short)}\b", b.sentence_text(i)))
                or (first and re.search(rf"\b{re.escape(first)}\b(?![\w’'-])", b.sentence_text(i)))}
    if not hits:
        return "", [], ""
    first = min(hits)
    how = "words" if "words" in hits.values() else "spelling"
    evidence = subject if how == "words" else b.sentence_text(first)
    return how, sorted(hits), evidence


def _run_together(subject: str) -> list[str]:
    """A name of two or three capitalised words as one word ("Grey Lantern": "GreyLantern"), and a
    name written as one with a capital inside it as words ("GreyLantern": "Grey Lantern")."""
    ws = re.findall(r"[\w’'-]+", subject)
    ws = ws[1:] if ws and ws[0].lower() == "the" else ws
    if 2 <= len(ws) <= 3 and all(w[:1].isupper() and w[1:].islower() and len(w) >= 3 for w in ws):
        return ["".join(ws)]
    if len(ws) == 1 and (parts := re.findall(r"[A-Z][a-z]{2,}", ws[0])) and "".join(parts) == ws[0] and len(parts) > 1:
        return [" ".join(parts)]
    return []


def _capitals(subject: str, corpus: Corpus) -> set[str]:
    """The capitals the collection names for the country or people the subject is (rag.find.corpus
    Corpus.capitals): "Valdoria", "the Valdorian government", not "Valdorian farmers"."""
    caps = corpus.capitals()
    stems = set(content_stems(subject))
    if not caps or not stems or not re.search(r"\b[A-Z]", subject):
        return set()
    own = {st for st in stems if any(alias(st, k) for k in caps)}
    if not own or stems - own - set(content_stems(" ".join(GOVERNMENT))):
        return set()
    return {c for k, cities in caps.items() if any(alias(st, k) for st in own) for c in cities}


def mentions(subject: str, b: ArticleBundle, corpus: Corpus, t: MentionThresholds) -> Mention:
    """Whether article `b` mentions `subject`, how, and where (see the module docstring)."""
    m = _mentions(subject, b, corpus, t)
    if not m.found:
        # initials the articles spell out elsewhere ("ICPB"): an article writing neither may
        # still speak of the body by what it is ("the joint river commission"), in a sentence
        # holding that word (not one on the river its full name also holds)
        for other in corpus.synonyms().get(fold_name(unhedged(subject)), ()):
            heads = {w for w in words(other) if w in ORG_HEADS}
            if len(other) > len(subject) + 3 and heads:
                o = _mentions(other, b, corpus, t)
                keep = tuple(i for i in o.sentences if heads & set(words(b.sentence_text(i))))
                if o.found and keep:
                    return Mention(b.id, True, o.how, keep, b.sentence_text(keep[0]))
    return m


def _mentions(subject: str, b: ArticleBundle, corpus: Corpus, t: MentionThresholds) -> Mention:
    subject = unhedged(subject)
    if who := party(subject):
        m = _mentions(who, b, corpus, t)
        return Mention(b.id, m.found, m.how, m.sentences, m.evidence)
    how, hits, evidence = _lexical(subject, b, corpus)
    if hits:
        return Mention(b.id, True, how, tuple(hits), evidence)
    qv = corpus.query_vector(subject)
    names: dict[str, list[int]] = {}
    for i, s in enumerate(b.sentences):
        for a, e, label in s.entities:
            if label not in ("CARDINAL", "ORDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"):
                names.setdefault(b.text[a:e].strip(), []).append(i)
    # at 1.0 (as fitted) the check is off: spare embedding every name; an institution is not
    # named by another name close in meaning (see _meaning)
    if names and t.entity < 1.0 and not institution(subject) and not bare_name(subject):
        best = max(names, key=lambda n: float(corpus.query_vector(n) @ qv))
        if float(corpus.query_vector(best) @ qv) >= t.entity:
            return Mention(b.id, True, "name", tuple(names[best]), best)
    if len(b.vectors):
        cos, some, allowed = _meaning(subject, b, corpus)
        order = [i for i in map(int, np.argsort(-cos))
                 if i in allowed and cos[i] >= (t.partial if i in some else t.sentence)]
        if order:
            return Mention(b.id, True, "meaning", tuple(order), b.sentence_text(order[0]))
    return Mention(b.id, False, "", ())


def _partial(subject: str, b: ArticleBundle) -> list[int]:
    """Sentences holding some but not enough of the subject's words to name it ("the Southern
    Gas Corridor" for "gas pipelines"): close in meaning too, they speak of it."""
    want = set(content_stems(subject))
    return [i for i, st in enumerate(b.stem_sets) if want & st] if want else []


def _meaning(subject: str, b: ArticleBundle, corpus: Corpus) -> tuple[np.ndarray, set[int], set[int]]:
    """(each sentence's cosine with the subject, the sentences held to the lower partial bar,
    the sentences that may count at all). An institution is spoken of without its full name
    only by what it is ("the commission", "the union") or by initials: a sentence close in
    meaning without either is about its subject matter, not about it (a sentence on a
    country's trawlers is not one on its marine agency)."""
    cos = b.vectors @ corpus.query_vector(subject) if len(b.vectors) else np.zeros(0)
    if bare_name(subject):
        return cos, set(), set()
    some = set(_partial(subject, b))
    allowed = set(range(len(cos)))
    head = institution(subject)
    if head:
        near = {i for i in allowed if _near_initials(subject, b.sentence_text(i))}
        some |= near
        allowed = near | {i for i in allowed if head in words(b.sentence_text(i))}
    return cos, some, allowed


def closest(subject: str, b: ArticleBundle, corpus: Corpus) -> tuple[float, float, float]:
    """(best name cosine, best sentence cosine, best cosine of a sentence held to the partial
    bar) of the subject in the article, among the sentences that may count: what the fitted
    thresholds are compared with (eval fits them from these)."""
    subject = unhedged(subject)
    qv = corpus.query_vector(subject)
    names = {b.text[a:e].strip() for s in b.sentences for a, e, label in s.entities
             if label not in ("CARDINAL", "ORDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")}
    ent = 0.0 if institution(subject) or bare_name(subject) else max((float(corpus.query_vector(n) @ qv) for n in names), default=0.0)
    cos, some, allowed = _meaning(subject, b, corpus)
    sent = max((float(cos[i]) for i in allowed), default=0.0)
    part = max((float(cos[i]) for i in some & allowed), default=0.0)
    return ent, sent, part
