"""Which articles a message names, and how: article references.

Readers name articles every way they can: by file or number ("article 003", "article 2",
"article three"), by position ("the second one", "the 2nd article", "the second and fourth
articles", "the first two articles"), by author ("the Ada Byline piece", "the article by ...",
"what Byline says", when no other author shares the surname), by site ("the Courier piece",
"the Herald.com editorials", "the Herald" for "The Corvena Herald" when no other site ends so),
by title words (quoted or not), by date ("the March 4, 2026 article", "Thursday's op-ed"), by description ("the
editorial on the port strike", "the drought article", "the opinion piece"), and by pointing
back ("it", "that article") at the articles of the previous turn. `references()` finds each, with a confidence and the words that named it, in the
order the message names them; two or more make a comparison.

Everything comes from the articles' metadata (`Catalog`: title, byline, date, site, and the
author names an article gives), and for descriptions from a `describe` callback that scores
a phrase against each article (the pipeline supplies it: it needs the embedder). No rule names an article, a site or an author of any collection. Leaves out what
the message asks about them (message.py) and retrieval; naming by author or site is
rag.understand.by_name, by date rag.understand.dated, and the catalog's values are rag.understand.catalog.
"""
from __future__ import annotations

import re
from typing import Callable

from index.text import content_stems, words

from .by_name import by_name
from .catalog import Catalog, Reference
from .cues import CUE as _CUE, CUE_RX as _CUE_RX, KIND as _KIND, KIND_OF, ORDINALS
from .dated import by_date, by_weekday

_NUMBERED = re.compile(r"\b(?:articles?|pieces?|numbers?|no\.?|#|files?)\s*((?:\d{1,4})(?:\s*(?:,|and|&|or)\s*\d{1,4})*)\b", re.I)
# "article three", "piece number two": a number word after the cue.
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10}
_NUMBER_WORD = "|".join(NUMBER_WORDS)
_NUMBERED_WORD = re.compile(rf"\b(?:articles?|pieces?|stor(?:y|ies)|texts?)\s+(?:(?:number|no\.?)\s+)?"
                            rf"((?:{_NUMBER_WORD})(?:\s*(?:,|and|&|or)\s*(?:{_NUMBER_WORD}))*)\b"
                            # "go through the articles one by one" counts none of them
                            r"(?!\s+(?:by|after|at\s+a)\s+(?:one|another)\b)", re.I)
# "the 2nd article", "the 3rd and 4th pieces"
_DIGIT_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
# "the first two articles", "the last three pieces"
_FIRST_N = re.compile(rf"\b(first|last)\s+(two|three|four|five|\d)\s+(?:\w+\s+)?{_CUE}\b", re.I)
_ORD_WORD = rf"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|{_DIGIT_ORDINAL})"
_ORDINAL = re.compile(rf"\b({_ORD_WORD}(?:\s*(?:,|and|&|or)\s*(?:the\s+)?{_ORD_WORD})*)\s+(?:\w+\s+){{0,2}}?{_CUE}\b", re.I)
# ... opening where no word runs into it: the apostrophe of "the league's first girls' event" is
# no quotation mark
_QUOTED = re.compile(r"(?<!\w)[\"“'‘](.{12,200}?)[\"”'’](?=\W|$)")
# "the diplomatic rift article", "the Trump piece": a few words between "the" and the cue.
_PRE_CUE = re.compile(rf"\bthe\s+((?:(?!the\b)[\w’'\-.&]+\s+){{1,5}}?)({_CUE})\b", re.I)
# Cue words that are as often a thing in the story as a piece about it: "the timeline for the
# works", "the report of the inquiry" (never "article", "piece" or "one").
_NOT_OWN_NOUN = {"article", "articles", "piece", "pieces", "one", "ones"}
_KIND_CUE = re.compile(r"(?:editorials?|op-?eds?|columns?|analys[ie]s|commentar(?:y|ies)|features?|interviews?|profiles?|q&a|"
                       r"explainers?|blogs?|timelines?|live\s+\w+)", re.I)
# "the editorial on Armenia turning West", "the article about Trump hosting ...", "the piece
# recalling ..." (any verb in -ing).
_POST_CUE = re.compile(rf"\b(?:the|that|this)\s+(?P<pre>(?:(?!the\b|first\b|second\b|third\b|fourth\b|fifth\b|last\b|other\b)"
                       rf"[\w’'\-]+\s+){{0,3}}?)(?P<cue>{_CUE})\s+(?:that\s+|which\s+)?(?:is\s+|was\s+)?"
                       rf"(?:about|on|against|from|with|in\s+favou?r\s+of|(?!during\b|being\b)[a-z]+ing|argues|"
                       rf"where|in which|which|that)\s+(?P<what>.+?)"
                       rf"(?=\s+(?:say|says|said|differ|compare|describe|describes|agree|and\s+the\b|and\s+article\b|with\s+the\b|vs\.?|versus|"
                       # what two articles named side by side do ("... and the article about the march present X")
                       rf"explain|treat|characteri[sz]e|handle|assess|portray|present|frame|cover|discuss|view|judge|"
                       rf"interpret|bring|cite)\b|[,;?!]|$)", re.I)
_BACK = re.compile(r"\b(it|that article|this article|that piece|this piece|the same article|that one|this one|both of them|"
                   r"those two|these two|the previous one|the one before)\b", re.I)
# "What challenges does it say ...", "how does that piece describe ...": the article as the one saying.
_SAYS = re.compile(r"\b(?:does|did) (?:it|that article|this article|that piece|this piece) (?:say|argue|claim|"
                   r"describe|report|mention|list|suggest|see|expect|predict|call)\b", re.I)
_COMPARE = re.compile(r"\b(compare|compared|comparison|differ|difference|differences|versus|vs\.?|same as|agree|disagree|"
                      r"contrast|unlike|alike)\b", re.I)
# A quoted title names an article when this share of its words are that title's.
TITLE_MATCH = 0.6
# A description names the article it fits best when it fits it by this margin over the next one
# (describe() scores in [0, 1]); below it, the reference is kept with low confidence.
DESCRIPTION_MARGIN = 0.05
# A reference this sure (an exact name, file or ordinal) is an article the message's descriptions
# do not name again.
SURE = 1.0
# A description this sure names its article (as named_article() takes it): only such a one keeps
# its article from the other descriptions of its list.
NAMES = 0.75

def _by_number(message: str, cat: Catalog) -> list[Reference]:
    out, ids = [], cat.ids
    for m in _NUMBERED.finditer(message):
        for n in re.findall(r"\d{1,4}", m.group(1)):
            prefixed = [i for i in ids if re.match(rf"0*{int(n)}\D", i) or i.startswith(n)]
            if len(prefixed) == 1:
                out.append(Reference(prefixed[0], "file", 1.0, m.start(), m.end()))
            elif 1 <= int(n) <= len(ids):
                out.append(Reference(ids[int(n) - 1], "file", 0.9, m.start(), m.end()))
    for m in _NUMBERED_WORD.finditer(message):
        for w in re.findall(_NUMBER_WORD, m.group(1), re.I):
            n = NUMBER_WORDS[w.lower()]
            if 1 <= n <= len(ids):
                out.append(Reference(ids[n - 1], "file", 0.9, m.start(), m.end()))
    for i in ids:  # a file name written out
        at = message.find(i)
        if at >= 0:
            out.append(Reference(i, "file", 1.0, at, at + len(i)))
    return out


def _by_ordinal(message: str, cat: Catalog) -> list[Reference]:
    out, ids = [], cat.ids
    spans = []
    for m in _FIRST_N.finditer(message):
        n = int(NUMBER_WORDS.get(m.group(2).lower(), m.group(2)))
        if 1 <= n <= len(ids):
            chosen = ids[:n] if m.group(1).lower() == "first" else ids[-n:]
            out += [Reference(i, "ordinal", 1.0, m.start(), m.end()) for i in chosen]
            spans.append((m.start(), m.end()))
    for m in _ORDINAL.finditer(message):
        if any(a <= m.start() < b for a, b in spans):
            continue
        for w in re.findall(rf"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|"
                            rf"{_DIGIT_ORDINAL}", m.group(1), re.I):
            k = ORDINALS.get(w.lower()) or int(re.match(r"\d+", w).group())
            if 1 <= k <= len(ids) or (k == -1 and ids):
                out.append(Reference(ids[k - 1] if k > 0 else ids[-1], "ordinal", 1.0, m.start(), m.end()))
    return out


# "fewer books than the old one": "one" stands for a noun of the sentence, not an article, when
# all that comes before it is a word of size, age, sameness or worth.
_PLAIN = {"old", "new", "other", "same", "big", "bigger", "small", "smaller", "main", "whole", "original",
          "real", "right", "wrong", "good", "bad", "better", "worse", "best", "worst", "older", "newer"}


# "go through one colony", "the price tag on one of those": "one" after a preposition counts
# a thing of the sentence; an article called "one" follows what describes it ("the mill one").
_BEFORE_NUMERAL = {"for", "through", "on", "in", "at", "to", "of", "per", "than", "by", "with", "about", "from",
                   "into", "over", "under", "after", "before", "each", "every", "just", "only", "least", "most",
                   "more", "no", "any", "like", "as"}


def _pronoun_one(m: re.Match) -> bool:
    """"the new one", "one" of "the articles one by one", "going for one winter", "one of those":
    no description of an article."""
    if not m.group(0).lower().rstrip("s").endswith("one"):
        return False
    if re.match(r"\s+(?:(?:by|after)\s+(?:one|another)|of)\b", m.string[m.end():], re.I):
        return True
    before = words(m.group(1))
    return set(before) <= _PLAIN or (bool(before) and before[-1] in _BEFORE_NUMERAL)


def _by_kind(message: str, cat: Catalog) -> list[Reference]:
    """"the explainer", "the opinion piece": the one article of that kind; none when no article
    is of it, or when every one is (in a collection of editorials, "the editorial" names none)."""
    out = []
    for m in _KIND.finditer(message):
        for kind in KIND_OF.get((m.group(1) or m.group(2)).lower(), ()):
            arts = [e.id for e in cat.entries if kind in e.kinds]
            if 0 < len(arts) < len(cat.entries):
                out += [Reference(a, "description", 1.0 / len(arts), m.start(), m.end()) for a in arts]
                break
    return out


def _by_title(message: str, cat: Catalog) -> list[Reference]:
    """A quoted title, or "the <words> article" whose words are all in one title and no other."""
    out = []
    for m in _QUOTED.finditer(message):
        q = set(words(m.group(1)))
        best = max(cat.entries, key=lambda e: len(q & set(words(e.title))) / max(len(q), 1), default=None)
        if best is not None and len(q & set(words(best.title))) / max(len(q), 1) >= TITLE_MATCH:
            out.append(Reference(best.id, "title", 1.0, m.start(), m.end()))
    for m in _PRE_CUE.finditer(message):
        if _pronoun_one(m) or _document_of(m):
            continue
        want = set(content_stems(m.group(1)))
        hits = [e.id for e in cat.entries if want and want <= set(content_stems(e.title))]
        if len(hits) == 1:
            out.append(Reference(hits[0], "title", 1.0, m.start(), m.end()))
    return out


def by_title_words(cat: Catalog) -> Callable[[str], dict[str, float]]:
    """A describe() that reads titles only: the share of the phrase's content words each title has
    (what references fall back on without the pipeline's embedder)."""
    def describe(phrase: str) -> dict[str, float]:
        want = set(content_stems(phrase))
        return {e.id: len(want & set(content_stems(e.title))) / len(want) if want else 0.0 for e in cat.entries}
    return describe


# What joins the articles of one list: "the news report, the village feature and the Herald".
_LIST_JOIN = re.compile(r"^[\s,;]*(?:and|or|&|as well as|vs\.?|versus|with)?[\s,]*(?:the\s+)?$", re.I)


def _listed(message: str, spans: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The list each span of the message is in: spans joined only by commas and "and" share one."""
    group, out, last = -1, {}, None
    for a, b in sorted(spans):
        if last is None or not _LIST_JOIN.match(message[last:a]):
            group += 1
        out[(a, b)] = group
        last = b
    return out


def _from(message: str, m: re.Match) -> str:
    return "from " if re.search(r"\bfrom\s+$", message[m.start():m.start("what")], re.I) else ""


def _before_taken(message: str, m: re.Match, taken: list[tuple[int, int]]) -> tuple[int, int, str]:
    """A description's span and phrase, ending before an article named otherwise that it ran
    into: "the feature on the villagers and Corvapress differ ..." is "feature on the villagers"."""
    end = m.end()
    for x, _ in sorted(taken):
        if m.start("what") < x < end:
            cut = re.sub(r"(?:\s*,|\s+(?:and|&|or))?\s*(?:the\s+)?$", "", message[:x], flags=re.I)
            if len(cut) > m.start("what"):
                end = len(cut)
            break
    # ... with the cue when it is a kind of piece: "the Q&A with the agency official" is a Q&A first
    kind = f"{m.group('cue')} " if _KIND_CUE.fullmatch(m.group("cue")) else ""
    return m.start(), end, f"{m.group('pre')}{kind}{_from(message, m)}{message[m.start('what'):end]}"


def _document_of(m: re.Match) -> bool:
    """"the minister's security review", "the auditors' report": a document someone in the story
    wrote (a possessive of a common noun before a cue that is no kind of piece), not an article;
    nor is a cue word taking its own complement, "the estimated timeline for the clean-up", "the
    inspectors' report of 2019" (an article is "the piece on X", "the report about X")."""
    if m.group(2).lower() not in _NOT_OWN_NOUN and re.match(r"\s+(?:for|of)\b", m.string[m.end():], re.I):
        return True
    return not _KIND_CUE.fullmatch(m.group(2)) and bool(re.search(r"\b[a-z][\w-]*(?:['’]s|s['’])(?=\s|$)", m.group(1)))


def _by_description(message: str, cat: Catalog, describe, taken: list[tuple[int, int]],
                    named: tuple["Reference", ...] = ()) -> list[Reference]:
    """Articles named by what they are or are about. The articles of one list are different
    articles: in "the news report, the village feature and the Herald", when the Herald is the
    report the description fits best, the description names the next best (so does a description
    fitting another's article less well than that one does)."""
    describe = describe or by_title_words(cat)
    out = []
    # "the straight news report on the cabinet decision": the words before the cue describe it too
    # ... and "from" says where it is written from ("the report from the Kessani side"; rag.find.origins)
    phrases = [_before_taken(message, m, taken) for m in _POST_CUE.finditer(message)]
    # ... and a cue that is a kind of piece is part of the description ("the residents' feature")
    phrases += [(m.start(), m.end(), m.group(1) + (m.group(2) if _KIND_CUE.fullmatch(m.group(2)) else ""))
                for m in _PRE_CUE.finditer(message)
                if not _pronoun_one(m) and not _document_of(m) and not re.fullmatch(r"(?:\w+\s+)?(?:first|second|third|fourth|fifth|last|other|same|two|three|both|"
                                    r"previous|next|different|various|respective|several|\d+)\s*", m.group(1).strip() + " ", re.I)]
    scored = []
    for a, b, phrase in phrases:
        if any(a < y and x < b for x, y in taken) or len(content_stems(phrase)) == 0:
            continue
        ranked = sorted(describe(phrase.strip()).items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] > 0:
            scored.append((a, b, ranked))
            taken.append((a, b))
    sure = [r for r in named if r.confidence >= SURE and r.end > r.start]
    lists = _listed(message, [(r.start, r.end) for r in sure] + [(a, b) for a, b, _ in scored])
    used: dict[int, set[str]] = {}
    for r in sure:
        used.setdefault(lists[(r.start, r.end)], set()).add(r.article)

    def margin(ranked):
        return ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
    # the phrase surest of its article keeps it; the others of its list choose among the rest
    for a, b, ranked in sorted(scored, key=lambda x: -margin(x[2])):
        mates = used.setdefault(lists[(a, b)], set())
        ranked = [kv for kv in ranked if kv[0] not in mates]
        if not ranked or ranked[0][1] <= 0:
            continue    # it fits only an article the list names otherwise: it names no other
        m = margin(ranked)
        conf = min(1.0, 0.5 + m / (2 * DESCRIPTION_MARGIN)) if m < DESCRIPTION_MARGIN else 1.0
        out.append(Reference(ranked[0][0], "description", round(conf, 3), a, b))
        if conf >= NAMES:
            mates.add(ranked[0][0])
    return sorted(out, key=lambda r: r.start)


def _by_previous(message: str, previous: tuple[str, ...], found: list[Reference]) -> list[Reference]:
    """"It", "that article": the previous turn's articles, when the message compares or asks
    what an article says (elsewhere "it" is rarely an article)."""
    if not previous:
        return []
    m = _BACK.search(message)
    asks_about_article = re.search(r"\bwhat (?:does|did) (?:it|that article|this article|that piece|this piece)\b",
                                   message, re.I) or _SAYS.search(message)
    if not m or not (_COMPARE.search(message) or asks_about_article or found):
        return []
    if found and not _COMPARE.search(message) and not asks_about_article:
        return []
    return [Reference(a, "previous", 0.9, m.start(), m.end()) for a in previous]


def references(message: str, cat: Catalog, previous: tuple[str, ...] = (),
               describe: Callable[[str], dict[str, float]] | None = None) -> tuple[Reference, ...]:
    """The articles a message names, in the order it names them (see the module docstring)."""
    found: list[Reference] = []
    for finder in (_by_number, _by_ordinal, by_name, _by_title, by_date, by_weekday, _by_kind):
        found += finder(message, cat)
    taken = [(r.start, r.end) for r in found if r.end > r.start]
    found += _by_description(message, cat, describe, taken, tuple(found))
    found += _by_previous(message, previous, found)
    best: dict[str, Reference] = {}
    for r in found:
        if r.article not in best or r.confidence > best[r.article].confidence:
            best[r.article] = r
    return tuple(sorted(best.values(), key=lambda r: (r.start, r.article)))


def named_article(message: str, cat: Catalog) -> str | None:
    """The one article a message names with confidence, or None (none, or several)."""
    refs = [r for r in references(message, cat) if r.confidence >= NAMES and r.how != "previous"]
    return refs[0].article if len(refs) == 1 else None
