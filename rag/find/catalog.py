"""The collection as readers name it: each article's metadata, the authors it gives, and how
well a descriptive phrase fits it.

`Library` builds a `rag.understand.catalog.Catalog` from the store — title, byline, date, site (or, for
a page naming none, the outlet its file name writes before the headline: `file_site`), the people an
article's closing author's note names ("Dr X is a senior advisor at ..."), and the words of those names
and the sites' initials that no article's text writes — and
`describe(phrase)` scores a phrase such as "the editorial on Armenia turning West" against
each article: the best cosine between the phrase and the article's title or one of its
sentences (the index stored their vectors), blended evenly with the IDF share of the
phrase's words found in the article (each by how many of its sentences write it, saturating),
plus a bonus for an article of a kind the phrase names ("the opinion piece", "the
interview-based feature", "the explainer", "the agency copy", "the live blog") when that kind,
read from the title, the writer's voice, the layout (an interview's "Q:" paragraphs, a live
page's timed entries, a wire dateline) and what the cleaner removed (the section a masthead
names, "HALVARD REVIEW | Analysis"; a photo credit), singles out some of the articles. All are cached per index
version, as are the collection's names (`names`, for questions typed in lower case). Leaves out
resolving the references (rag.understand.references) and anything about a question.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

from index.credits import wire_dateline
from index.text import STOP, content_stems, fold

from ..cache import LRU
from ..protocols import Store
from ..understand.casing import Names
from ..understand.by_name import site_initials
from ..understand.catalog import Catalog
from .bundles import Bundles
from .corpus import Corpus
from .origins import homes, named_homes

# Entity labels that are names a reader may type in lower case: people, organisations and places
# (not groups: "protestants" typed so asks about Protestants as a kind, not a name to anchor on).
NAMED = ("PERSON", "ORG", "GPE", "LOC", "FAC")
# The last paragraph gives an opinion piece's author when it is short: an author's note, not prose.
NOTE_MAX_WORDS = 80
# An author's note opens with its subject: "Marta Quell is a columnist for ...".
# ... or with what they do: "- Henrike Vossberg teaches infrastructure law at ...".
_NOTE_SUBJECT = re.compile(r"^\W*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})\s+(?:(?:is|was)\s+(?:an?|the)\s|"
                           r"(?:teaches|taught|lectures|researches|writes|chairs|heads|leads|directs|advises|works)\s)")
# Words of an author's note: a person named with these is the article's author.
_NOTE = ("advisor", "adviser", "analyst", "author", "columnist", "correspondent", "director", "editor", "fellow",
         "journalist", "lecturer", "professor", "researcher", "reporter", "writer", "scholar", "expert", "head")


# What kind of piece an article is, as readers call it ("the opinion piece", "the interview-based
# feature", "the explainer"): the words naming each kind, and what marks an article as one.
GENRE_WORDS = {
    "opinion": re.compile(r"\b(?:opinion|op-?ed|column|columnist|editorial|comment(?:ary)?|viewpoint|polemic|essay|"
                          r"analysis)\b", re.I),
    "feature": re.compile(r"\b(?:interview\w*|feature|profile|voices|q\s*&\s*a|vox pops?)\b", re.I),
    "explainer": re.compile(r"\b(?:explainer|explained|primer|backgrounder|fact ?file|guide)\b|"
                            r"\bq\s*&\s*a\b|\bquestions?[- ]and[- ]answers?\b", re.I),
    # the straight report: an article of no other kind ("the news report", "the straight news piece")
    "news": re.compile(r"\b(?:news|straight|agency|wire)\b", re.I),
    # an interview set out as questions and answers ("the interview with the regulator", "the Q&A")
    "interview": re.compile(r"\b(?:interview\w*|q\s*&\s*a|in conversation)\b", re.I),
    # a news agency's report ("the wire report", "the agency copy")
    "wire": re.compile(r"\b(?:wire|agency)\b", re.I),
    # a page of timed updates ("the live blog", "the timeline")
    "live": re.compile(r"\b(?:live|blog|timeline|minute-by-minute|rolling)\b", re.I),
}
# The section a page's header puts it in ("HALVARD REVIEW | Analysis", "COURIER - Features", "Live
# updates"): the header's last part, a word or two naming a kind.
_SECTION = {"opinion": re.compile(r"^(?:opinion|comment|commentary|analysis|editorials?|columns?|op-?eds?|views?)$", re.I),
            "feature": re.compile(r"^(?:features?|long ?reads?|magazine|weekend|interviews?)$", re.I),
            "explainer": re.compile(r"^(?:explainers?|explained)$", re.I),
            "live": re.compile(r"^live(?:\s+(?:updates|blog|coverage|news))?$", re.I),
            # "ENVIRONMENT · INTERVIEW": set out as questions and answers
            "interview": re.compile(r"^(?:interviews?|q\s*&\s*a|in conversation)$", re.I)}
_HEADER_PART = re.compile(r"(?:^|[|–—·•-])\s*([^|–—·•-]+?)\s*$")
# "Interview by Lukas Brand": the byline of an interview
_INTERVIEWED_BY = re.compile(r"^\s*interview(?:ed)?\s+by\b", re.I)
# A live page sets its entries under times of day ("17:35 - Rain-swollen river in focus").
_TIMED = re.compile(r"^\s*\d{1,2}[:.]\d{2}\b")
LIVE_ENTRIES = 3
_LIVE_TITLE = re.compile(r"^\s*live\b\s*[:|–—-]|\blive(?:\s+updates|\s+blog)\b", re.I)
# A news agency's story: its dateline credits the agency ("KOLBY, March 3 (Velpress) - ..."), or its
# foot the reporter and the editor ("(Reporting by ...; editing by ...)").
_WIRE_CREDIT = re.compile(r"\((?:additional\s+)?reporting\s+by\b[^)]*\bedit\w*\s+by\b", re.I)
_EDITORS = re.compile(r"\beditorial\s+(?:board|team|staff|desk)\b|\bthe\s+editors\b|\bopinion\s+desk\b", re.I)
# A feature credits its photographs ("Words: Jonas Berrill | Photos: Tove Lindqvist").
_PHOTOS = re.compile(r"\b(?:photos?|photographs?|pictures?)\s*(?:by\b|:)", re.I)
_OPINION_TITLE = re.compile(r"^\s*(?:opinion|comment|editorial|column|view(?:point)?|op-?ed)\b\s*[:|–—-]", re.I)
_EXPLAINER_TITLE = re.compile(r"\b(?:explained|explainer|what (?:you need to|to) know|what happens next|q\s*&\s*a|"
                              r"key (?:facts|questions)|in (?:numbers|brief)|a guide)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|my)\b")
_QUOTED = re.compile(r"[\"“”]")
# A feature announces itself in its title: a quote heading it ("'We were never asked': voices from
# ..."), or after its colon ("Under the flight path: 'We will hear every one'"), or words such as
# voices, interview, profile. (How often its sentences quote people does not
# tell it from a news report quoting officials.)
_FEATURE_TITLE = re.compile(r"^\s*[\"“‘']|:\s*[\"“‘']|\b(?:voices|interview|profile|in (?:their|his|her) own words|meet the|"
                            r"conversation with|q\s*&\s*a)\b", re.I)
# An article set out under this many question headings ("Who approved it?", "What happens
# next?") is an explainer, a Q&A.
QUESTION_HEADINGS = 2
# The writer speaking as "I" this many times outside quotes: an opinion piece.
FIRST_PERSON_MIN = 2
# An interview sets out its questions as paragraphs opening "Q:" (or "Question:"); this many make
# one, whose "I" is the interviewee's and whose questions are no explainer's headings.
INTERVIEW_QUESTIONS = 2
_ASKED = re.compile(r"^\s*(?:Q|Question)\s*[:.]\s", re.I)
# Kinds whose words name the form alone: "voices" and "interview" also say what a feature is
# about (the locals it quotes), so they stay words of the description.
PLAIN_KINDS = ("news", "opinion", "explainer")
# A described kind counts only when it singles articles out (fewer than all have it): in a
# collection of editorials, "the editorial on X" is named by X alone. Added to describe()'s
# score of each article of that kind.
GENRE_BONUS = 0.3
# "The report from the Kessani side": added to describe()'s score of each article whose home the
# phrase names (rag.find.origins), when that singles articles out. As much as a kind named.
ORIGIN_BONUS = 0.3


# A description's word counts by how many of the article's sentences write it, saturating: once
# half, twice two thirds, ... ("the piece on the Ravnsholm fishermen" is the one that keeps coming
# back to them, not the wire report naming them once). Swept on the across tune collections: 0.5
# and 1 alike (acrossr +1 reference, the rest the same); 0 counts a word once as often as always.
SEEN_HALF = 1.0


def _often(n: int) -> float:
    return n / (n + SEEN_HALF)


def _header_kinds(header: list[str], crumbs: list[str]) -> set[str]:
    """The kinds the page's header names: its last part ("HALVARD REVIEW | Analysis"), or any step
    of its breadcrumbs ("Opinion > Columns", "Home > Explainers > Transport")."""
    out = set()
    for line in header:
        m = _HEADER_PART.search(line.strip())
        part = m.group(1) if m else ""
        out |= {kind for kind, rx in _SECTION.items() if rx.match(part) or rx.match(line.strip())}
    for line in crumbs:
        out |= {kind for step in line.split(">") for kind, rx in _SECTION.items() if rx.match(step.strip())}
    return out


def genres(title: str, b, removed: tuple[tuple[str, str], ...] = ()) -> set[str]:
    """The kinds of piece an article is, from its title, its voice and layout, and the lines the
    cleaner `removed` from its page ((line, reason) pairs): the section its header puts it in,
    its credits."""
    texts = [b.sentence_text(i) for i in range(len(b.sentences))]
    out = _header_kinds([line for line, why in removed if why == "page header"],
                        [line for line, why in removed if why == "breadcrumb"])
    # a page signed by its editors is an editorial ("By Azerbaijan.US Editorial Board")
    if any(_EDITORS.search(line) for line, why in removed if why.startswith("byline")):
        out.add("opinion")
    paragraphs = [b.text[p.start:p.end] for p in b.outline.paragraphs]
    if _LIVE_TITLE.search(title) or sum(bool(_TIMED.match(p)) for p in paragraphs) >= LIVE_ENTRIES:
        out.add("live")
    if (paragraphs and wire_dateline(paragraphs[0])) or \
            any(_WIRE_CREDIT.search(x) for x in paragraphs[-2:] + [line for line, _ in removed]):
        out.add("wire")
    if any(_PHOTOS.search(line) for line, why in removed if why.startswith("byline")):
        out.add("feature")
    unquoted = [t for t in texts if not _QUOTED.search(t)]
    note = texts[-1] if texts else ""
    interview = sum(bool(_ASKED.match(b.text[p.start:p.end])) for p in b.outline.paragraphs) >= INTERVIEW_QUESTIONS \
        or "interview" in out or any(_INTERVIEWED_BY.match(line) for line, why in removed if why.startswith("byline"))
    if interview:
        out.add("interview")
    if _OPINION_TITLE.search(title) or re.search(r"\bcolumnist\b", note, re.I) or \
            (not interview and sum(len(_FIRST_PERSON.findall(t)) for t in unquoted) >= FIRST_PERSON_MIN):
        out.add("opinion")
    if _FEATURE_TITLE.search(title):
        out.add("feature")
    if _EXPLAINER_TITLE.search(title) or (not interview and sum(
            sec.title.rstrip().endswith("?") for sec in b.outline.sections) >= QUESTION_HEADINGS):
        out.add("explainer")
    if not out - {"wire"}:
        out.add("news")
    return out


_LOCAL = re.compile(r"\blocal\b", re.I)


def asked_kinds(phrase: str, kinds: dict[str, set[str]]) -> list[str]:
    """The kinds of piece `phrase` names that single out some of the articles (`kinds`: each
    article's kinds); a kind all or none of them are names none."""
    return [g for g, rx in GENRE_WORDS.items()
            if any(not _in_name(phrase, m) and not _of_another_noun(phrase, m) for m in rx.finditer(phrase))
            and 0 < sum(g in k for k in kinds.values()) < len(kinds)]


# Words after a kind word that make it a kind of piece still ("the wire report", "the live blog").
_PIECE = re.compile(r"(?:pieces?|articles?|stor(?:y|ies)|reports?|columns?|copy|coverage|items?|op-?eds?|editorials?|"
                    r"explainers?|interviews?|features?|profiles?|blogs?|analys[ie]s|commentar(?:y|ies)|dispatch(?:es)?|"
                    r"updates?|writers?|outlets?|service|desk|version|one)$", re.I)


def _of_another_noun(phrase: str, m: re.Match) -> bool:
    """The kind word modifies another noun ("the Q&A with the agency official", "the news
    conference"): it says what that is, not what kind of piece is meant."""
    nxt = re.match(r"\s+([A-Za-z][\w-]*)", phrase[m.end():])
    return bool(nxt) and nxt.group(1).lower() not in STOP and not _PIECE.match(nxt.group(1)) \
        and not any(rx.fullmatch(nxt.group(1)) for rx in GENRE_WORDS.values())


def _in_name(phrase: str, m: re.Match) -> bool:
    """The kind word is part of a name written with capitals ("the Meridian Wire explainer", "the
    Daily Review"), not a kind of piece."""
    before = phrase[:m.start()].split()
    return m.group(0)[:1].isupper() and bool(before) and before[-1][:1].isupper()


# A file name often gives the outlet before the headline ("03_nembar-herald-in-iloru-the-queen-is-
# coming-home.txt" for "In Iloru, the Queen is coming home"): the site of a page that names none.
# At most this many words, before at least this many of the headline's first words.
FILE_SITE_WORDS = 3
FILE_TITLE_WORDS = 3
# ... and not a word saying what kind of piece it is ("02_opinion-night-flights.txt")
_KIND_SLUGS = set("""opinion opinions analysis interview interviews explainer explained editorial column comment
commentary news feature features wire report reports letters letter blog live qa review""".split())


def _slug_words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", fold(text).lower().replace("’", "").replace("'", "")) if w]


def file_site(article_id: str, title: str) -> str:
    """The outlet a file name writes before the article's headline ("Nembar Herald"), or ""."""
    slug = _slug_words(re.sub(r"\.\w+$", "", article_id))
    slug = slug[1:] if slug and slug[0].isdigit() else slug
    head = _slug_words(title)
    for i in range(1, min(FILE_SITE_WORDS, len(slug) - FILE_TITLE_WORDS) + 1):
        if len(head) >= FILE_TITLE_WORDS and slug[i:i + FILE_TITLE_WORDS] == head[:FILE_TITLE_WORDS]:
            site = slug[:i]
            if any(w in _KIND_SLUGS or not w.isalpha() for w in site):
                return ""
            # "cpa" is initials, written in capitals
            return site[0].upper() if len(site) == 1 and len(site[0]) <= 4 else " ".join(w.capitalize() for w in site)
    return ""


class Library:
    def __init__(self, store: Store, bundles: Bundles, corpus: Corpus):
        self.store, self.bundles, self.corpus = store, bundles, corpus
        self._cache: LRU = LRU(8)

    def _version(self):
        return self.store.version()

    def catalog(self) -> Catalog:
        return self._cache.get_or_make(("catalog", self._version()), self._catalog)

    def _catalog(self) -> Catalog:
        infos = self.store.current_articles()
        kinds = self._cache.get_or_make(("genres", self._version()), self._genres)
        authors = {a.id: self._authors(a, kinds.get(a.id, set())) for a in infos}
        from_files = {a.id: file_site(a.id, a.title) for a in infos if not a.site}
        written = self._written(infos)
        # ... only a name some of whose words no article writes: "01_kellmoor-inquiry-opens-..." is
        # a place in the story, not an outlet the messages naming the place would be taken for
        sites = {i: x for i, x in from_files.items() if x and any(fold(w) not in written for w in x.split())}
        return Catalog.of(infos, authors, kinds, self._unwritten(infos, authors, sites, written), sites)

    def _written(self, infos) -> set[str]:
        """Every word the articles' texts write (folded)."""
        out: set[str] = set()
        for a in infos:
            b = self.bundles.get(a.id, a.sha)
            if b is not None:
                out |= {fold(w) for w in re.findall(r"[^\W\d_][\w’'-]*", b.text)}
        return out

    def _unwritten(self, infos, authors: dict[str, tuple[str, ...]], sites: dict[str, str],
                   written: set[str]) -> set[str]:
        """The words of the authors' and sites' names, and the sites' initials, that no article's
        text writes (folded): "CPA" can only be the Continental Press Agency when no text says it."""
        named = {fold(w) for a in infos for name in (a.byline, sites.get(a.id) or a.site, *authors.get(a.id, ()))
                 for w in re.findall(r"[^\W\d_][\w’'-]*", name)}
        named |= {fold(x) for a in infos if (x := site_initials(sites.get(a.id) or a.site))}
        return named - written

    def names(self) -> Names:
        """The names the collection writes (its tagged people, places, organisations ...), for
        recasing a question typed in lower case (rag.understand.casing)."""
        return self._cache.get_or_make(("names", self._version()), self._names)

    def _names(self) -> Names:
        names, lower, inside = set(), set(), set()
        for info in self.store.current_articles():
            b = self.bundles.get(info.id, info.sha)
            if b is None:
                continue
            names.update(b.text[a:e] for s in b.sentences for a, e, label in s.entities if label in NAMED)
            lower.update(re.findall(r"\b[a-z][a-z'’-]+\b", b.text))
            for i in range(len(b.sentences)):
                inside.update(re.findall(r"(?<=\w[\s,;:(])[A-Z][\w'’-]+", b.sentence_text(i)))
        return Names(names, lower, inside)

    def _authors(self, info, kinds: set[str]) -> tuple[str, ...]:
        b = self.bundles.get(info.id, info.sha)
        if b is None or not b.outline.paragraphs:
            return ()
        last = b.outline.paragraphs[-1]
        text = b.text[last.start:last.end]
        if len(text.split()) > NOTE_MAX_WORDS:
            return ()
        if not any(w in text.lower() for w in _NOTE):
            # An opinion piece's short closing paragraph about someone it never names before
            # ("Halla Brekke is a former energy spokeswoman ... and chairs the Port Iska Chamber
            # of Commerce.") introduces its writer, whatever the role; a news report's may
            # introduce an expert it goes on to quote.
            m = _NOTE_SUBJECT.match(text)
            if m and m.group("name") not in b.text[:last.start] and "opinion" in kinds:
                return (m.group("name").strip(),)
            return ()
        people = []
        for s in b.sentences:
            if last.start <= s.start < last.end:
                # the note's subject is the author, whatever the tagger calls the name ("Marta
                # Quell is a columnist for ...", tagged an organisation)
                if m := _NOTE_SUBJECT.match(b.text[s.start:s.end]):
                    people.append(m.group("name"))
                people += [b.text[a:e] for a, e, label in s.entities if label == "PERSON"]
        return tuple(dict.fromkeys(p.strip() for p in people))

    def _profiles(self) -> dict[str, tuple[np.ndarray, Counter]]:
        """Per article: its title's and sentences' vectors, and in how many of them each stem is."""
        out = {}
        for info in self.store.current_articles():
            b = self.bundles.get(info.id, info.sha)
            if b is None:
                continue
            vecs = [self.corpus.query_vector(info.title)] + list(b.vectors)
            stems = Counter(set(content_stems(info.title)))
            for ss in b.stem_sets:
                stems.update(ss)
            out[info.id] = (np.stack(vecs), stems)
        return out

    def describe(self, phrase: str) -> dict[str, float]:
        """How well `phrase` describes each article: in [0, 1], plus GENRE_BONUS for an article of a
        kind the phrase names ("opinion piece") when that kind singles articles out."""
        profiles = self._cache.get_or_make(("profiles", self._version()), self._profiles)
        kinds = self._cache.get_or_make(("genres", self._version()), self._genres)
        qv = self.corpus.query_vector(phrase)
        asked = asked_kinds(phrase, kinds)
        # the words naming the kind ("news", "opinion") say what the piece is, not what it is
        # about: an opinion column's "good news" is not the news report
        about = phrase
        for g in asked:
            if g in PLAIN_KINDS:
                about = GENRE_WORDS[g].sub(" ", about)
        want = self.corpus.weights(content_stems(about))
        total = sum(want.values()) or 1.0
        home = named_homes(phrase, self._cache.get_or_make(("homes", self._version()), self._homes))
        # "the local news report" is no news agency's copy
        local = bool(_LOCAL.search(phrase))
        return {aid: 0.5 * float(np.max(vecs @ qv)) + 0.5 * sum(w * _often(stems[s]) for s, w in want.items()) / total
                + GENRE_BONUS * sum(g in kinds.get(aid, ()) for g in asked) + ORIGIN_BONUS * (aid in home)
                - GENRE_BONUS * (local and "wire" in kinds.get(aid, ()))
                for aid, (vecs, stems) in profiles.items()}

    def _homes(self):
        texts, sentences = {}, []
        for info in self.store.current_articles():
            b = self.bundles.get(info.id, info.sha)
            if b is not None:
                texts[info.id] = b.text
                sentences += [b.sentence_text(i) for i in range(len(b.sentences))]
        return homes(self.catalog().entries, texts, sentences)

    def _genres(self) -> dict[str, set[str]]:
        out = {}
        for info in self.store.current_articles():
            b = self.bundles.get(info.id, info.sha)
            if b is not None:
                out[info.id] = genres(info.title, b, tuple(self.store.removed_lines(info.sha)))
        return out
