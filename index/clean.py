"""Turn a scraped page's text into article body text plus metadata.

Web scrapes carry the site around the article: menus, consent lines, newsletter pitches,
"Related Posts" link lists, image-file captions, hashtag lines. Line rules (index.furniture,
each with a name shown by `python -m index show`) drop those; this module adds the page's
metadata (title, byline, date, site: from its header, its foot and its text) and three
layout rules:

* everything before the detected title is page header;
* a link-list heading ("You Might Also Like", "New articles", ...) after the body has
  started ends the body: the rest of the page is link lists and footer;
* short trailing lines after the last real paragraph (source tags, "No comments") go;
* a run of short bullets is a menu, unless a line ending in ":" introduces it ("The pool
  will offer three new sessions:"): then it is the article's list and stays, item by item.

A paragraph that repeats an earlier one, verbatim or in a lightly re-worded ('spun') form,
is kept once. Deliberately left out: any guessing about sentences *inside* a paragraph;
the body is kept whole, paragraph by paragraph, so offsets into it stay meaningful.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .furniture import LINK_LIST_HEADINGS, Removed, line_rule
from .text import bigrams, sentence_spans, words

_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")


_BYLINE = re.compile(r"^by\s+(?P<author>[^,|]{2,60}?)(?:\s+published\s+(?P<date>.+?))?"
                     r"(?:\s+\d+\s+min read)?\s*$", re.IGNORECASE)
_DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\b"
                   r"|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}\b"
                   r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", re.IGNORECASE)
# "By Nadia Ferreira-Holt, 9 April 2026": a byline with its date after a comma (the plain
# pattern stops at the comma, and the line was taken for the headline).
_DATED_BYLINE = re.compile(rf"^[Bb]y\s+(?P<author>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}})\s*[,|·–—-]\s*"
                           rf"(?P<date>(?:\w+day,?\s+)?(?:{_DATE.pattern}))\.?\s*$", re.IGNORECASE)
# A byline written any of the ways sites write one: "Theo Brannigan, March 6, 2026", "Published
# 2026-03-09 · Staff reporter Oona Lisk", "Sabine Orrel - 11.03.2026 - Markets", "13/03/2026 - by
# Kaja Miren, foreign desk", "Priya Halloran | Health correspondent". Read by parts (_byline): a
# date, a person's name, and short labels (a desk, a section, a role).
_BYLINE_SEP = re.compile(r"\s+[|·•–—-]\s+|\s*[|·•–—]\s*|,\s+")
_BY = re.compile(r"^(?:(?:published|updated|posted)\b:?\s*)?(?:(?:(?:words|written|reporting|story|text|interview|interviewed)\s+)?by\s*:?\s+"
                 r"|(?:words|text|author|story|reporting)\s*:\s*)", re.I)
_ROLE = re.compile(r"\b(?:staff|reporter|correspondent|editor|writer|columnist|contributor|journalist|desk)\b", re.I)
_PERSON = re.compile(r"(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|del|der|di|la|le|bin|al)){1,3}")
_MASTHEAD_WORDS = re.compile(r"^(?:[A-Z0-9&][\w'’&.-]*|the|of|and|on|for|&)$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


def _byline(line: str) -> tuple[str, str] | None:
    """(author, date) when the line is a byline in one of the forms above, else None. A line
    counts when it names a person and also has a date, a "by", or a reporter's role; the
    other parts may only be short labels, so a headline or a sentence is never one."""
    s = line.strip()
    if not s or len(words(s)) > 14 or _INNER_SENT_END.search(s):
        return None
    d = _DATE.search(s)
    date = d.group(0) if d else ""
    rest = f"{s[:d.start()]} | {s[d.end():]}" if d else s
    author, marked = "", False
    for part in (x.strip(" .|·•–—-") for x in _BYLINE_SEP.split(rest)):
        if not part:
            continue
        by = _BY.match(part)
        name = part[by.end():] if by else re.sub(r"^(?:published|updated|posted)\b:?\s*", "", part, flags=re.I)
        # "Staff reporter Oona Lisk": a role before the name
        role = re.match(r"^(?:(?:staff|senior|chief|political|health|business|sports?)\s+)?"
                        r"(?:reporter|correspondent|writer|editor|columnist)\s+", name, re.I)
        if role:
            name, marked = name[role.end():], True
        # "Orla Vane reports from Tullaskerry": a reporter's dateline
        where = re.match(rf"^({_PERSON.pattern})\s+(?:reports|reporting|writes|writing)\s+(?:from|in)\s+"
                         r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$", name)
        if not author and where:
            author, marked = where.group(1), True
        elif not author and _PERSON.fullmatch(name):
            author, marked = name, marked or bool(by)
        elif len(words(part)) > 4 and not (by and not author):
            return None
        elif _ROLE.search(part):
            marked = True
    return (author, date) if author and (date or marked) else None


def _masthead(line: str) -> bool:
    """A site's name over its headline: "The Corvena Herald", "THE HARVIK DAILY POST",
    "northgate-news.example" — a few capitalised words or a domain, no date, not a sentence."""
    s = line.strip()
    if _DOMAIN.match(s):
        return True
    ws = s.split()
    return (2 <= len(ws) <= 6 and all(_MASTHEAD_WORDS.match(w) for w in ws) and not _DATE.search(s)
            and not _SENT_END.search(s) and s.lower() not in GENERIC_HEADINGS and not line_rule(s)
            and not _BYLINE.match(s) and not _byline(s) and not LINK_LIST_HEADINGS.match(s))


# A masthead with the section of the site the page sits in: "HALVARD REVIEW | Analysis", "SARN
# VALLEY COURIER - Features" (the site's name was lost, and the line taken for the headline).
_SECTIONED = re.compile(r"^(?P<site>.+?)\s+[|–—-]\s+(?P<section>[A-Z][A-Za-z&]+(?:\s+[A-Za-z&]+){0,2})$")


# A site's section ("Local News", "World", "Features"), which a page may set under its masthead.
_SECTION_WORDS = set("""news local world national regional international opinion comment commentary analysis
features feature explained explainers business politics sport sports culture science health environment
lifestyle travel technology tech economy money columns columnists editorials editorial interviews latest region
regions""".split())


def _section_label(line: str) -> bool:
    ws = words(line)
    return bool(ws) and all(w in _SECTION_WORDS for w in ws)


def masthead_site(line: str) -> str:
    """The site's name a masthead line gives, without the section it may name after it, or ""."""
    s = line.strip()
    if _masthead(s):
        return s
    m = _SECTIONED.match(s)
    return m.group("site") if m and _masthead(m.group("site")) else ""


# A dateline: a line that is only a date ("June 16, 2025", "Updated: 3 March 2026").
# "Updated 2026-05-06 14:20", "Published 4 May 2026, 9.30am BST": a time may follow the date.
_DATELINE = re.compile(rf"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?(?:\w+day,?\s+)?(?:{_DATE.pattern})"
                       r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\.?$", re.IGNORECASE)
# A date and time with a note after it: "March 5, 2025 3:12 PM GMT+1 · Updated 2 hours ago".
_DATED_NOTE = re.compile(rf"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?(?:\w+day,?\s+)?(?:{_DATE.pattern})"
                         rf"(?:[,\s]+\d{{1,2}}[:.]\d{{2}}.{{0,40}}|\s*[·|•]\s*.{{1,40}})$", re.IGNORECASE)
GENERIC_HEADINGS = {"introduction", "summary", "abstract", "opinion", "news", "analysis",
                    "overview", "background", "conclusion", "editorial", "commentary"}


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str
    byline: str = ""
    date: str = ""
    site: str = ""
    removed: tuple[Removed, ...] = field(default=(), repr=False)


def is_prose(line: str) -> bool:
    return len(words(line)) >= 12 and bool(_SENT_END.search(line.strip()))


# A sentence ends inside the line ("... a year. The council ..."): three lower-case letters
# before the stop keep "Dr. Smith" and "St. Ives" headline-like.
_INNER_SENT_END = re.compile(r"[a-z]{3}[.!?][\"'”’)\]]*\s+[A-Z]")


# ... though a question or an exclamation inside a headline is its style: "Who pays for the
# Meridian Link? Bankers eye a 9.1bn bill".
_INNER_STOP = re.compile(r"[a-z]{3}\.[\"'”’)\]]*\s+[A-Z]")


def _headline_like(line: str) -> bool:
    """A line a headline could be: 3-25 words, one unfinished sentence. A line ending in ":"
    introduces what follows (a list, a quote), so it is the article's text, not its title."""
    n, s = len(words(line)), line.strip()
    return (3 <= n <= 25 and not _SENT_END.search(s) and not s.endswith(":") and not _INNER_STOP.search(s)
            and not s.startswith(("•", "-", "*")))


def _question_headline(line: str) -> bool:
    s = line.strip()
    return s.endswith("?") and 3 <= len(words(s)) <= 25 and not _INNER_SENT_END.search(s) and s[:1] not in "\"'“‘"


def _repeated_paragraphs(paragraphs: list[str], threshold: float = 0.5) -> set[int]:
    """Indices of paragraphs that repeat text found elsewhere in the article.

    A sentence repeats another when at least `threshold` of its word bigrams occur in
    that one other sentence: 0.5 catches spun rewrites ("fragile" for "delicate") while
    sentences that merely share a topic stay well below it on the bundled articles. A
    paragraph repeats when most (>= 60%) of its sentences do, against either an earlier
    kept paragraph or a longer one anywhere (so a lede printed above the byline and again
    inside a longer body paragraph is kept only in the body).
    """
    sents = [[bigrams(words(p[a:b])) for a, b in sentence_spans(p)] for p in paragraphs]
    # Short lines (headings) and list items are never judged by overlap: too few words to tell,
    # and an item ("- self-rated alertness at 4 a.m.") shares half its words with the paragraph
    # that goes on to report on it.
    sents = [[] if _BULLET.match(p) else [bg for bg in ps if len(bg) >= 6] for p, ps in zip(paragraphs, sents)]
    by_bigram: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pi, ps in enumerate(sents):
        for si, bg in enumerate(ps):
            for b in bg:
                by_bigram.setdefault(b, []).append((pi, si))
    norm = [" ".join(words(p)) for p in paragraphs]
    dropped: set[int] = set()
    for pi, ps in enumerate(sents):
        if not ps:
            continue
        if any(norm[q] == norm[pi] for q in range(pi) if q not in dropped):
            dropped.add(pi)
            continue

        def eligible(q: int) -> bool:
            if q == pi or q in dropped:
                return False
            return q < pi or len(sents[q]) > len(ps)

        repeats = 0
        for bg in ps:
            counts: dict[tuple[int, int], int] = {}
            for b in bg:
                for key in by_bigram.get(b, ()):
                    if eligible(key[0]):
                        counts[key] = counts.get(key, 0) + 1
            if counts and max(counts.values()) / len(bg) >= threshold:
                repeats += 1
        if repeats / len(ps) >= 0.6:
            dropped.add(pi)
    return dropped


def _find_title(lines: list[str]) -> int | None:
    """Index of the title: the last headline-like line before the first real paragraph
    (moved to the first of two identical copies in a row)."""
    first_prose = next((i for i, ln in enumerate(lines) if is_prose(ln) and not line_rule(ln)), len(lines))
    # A headline comes right before its byline: a short line between the byline and the text
    # is a subheading or a score line ("Kestrel Vale Women 3-1 Marnford Athletic Women").
    by = next((i for i in range(first_prose) if _BYLINE.match(lines[i]) or _DATED_BYLINE.match(lines[i])
               or _byline(lines[i])), None)
    if by and _headline_like(lines[by - 1]) and not line_rule(lines[by - 1]) and not _masthead(lines[by - 1]):
        first_prose = by
    for i in range(min(first_prose, len(lines) - 1), -1, -1):
        ln = lines[i]
        # A headline may ask a question ("Who pays for a bridge that belongs to two countries?"):
        # one sentence right under the masthead, or under nothing but the page's menus.
        if i and _question_headline(ln) and (masthead_site(lines[i - 1]) or
                                             all(line_rule(x) or masthead_site(x) for x in lines[:i])):
            return i
        if i == first_prose:
            continue
        if (_headline_like(ln) and not line_rule(ln) and not _BYLINE.match(ln) and not _DATED_BYLINE.match(ln)
                and not _DATELINE.match(ln.strip()) and not _DATED_NOTE.match(ln.strip()) and not _byline(ln)
                and not LINK_LIST_HEADINGS.match(ln) and ln.lower() not in GENERIC_HEADINGS):
            while i and lines[i - 1] == ln:
                i -= 1
            return i
    return None


@dataclass
class _Meta:
    byline: str = ""
    date: str = ""
    site: str = ""
    authors: set = field(default_factory=set)

    def take_byline(self, line: str) -> bool:
        """Record a byline ("By X, published DATE"); True if the line was one."""
        m = _BYLINE.match(line) or _DATED_BYLINE.match(line)
        if m and len(words(line)) <= 14:
            author, d = m.group("author").strip(), m.group("date") or ""
        elif parts := _byline(line):
            author, d = parts
        else:
            return False
        self.byline = self.byline or f"By {author}"
        self.authors.add(author.lower())
        d = d or (_DATE.search(line).group(0) if _DATE.search(line) else "")
        self.date = self.date or re.sub(r"\s+\d+\s+min read$", "", d, flags=re.IGNORECASE).strip()
        return True


_BULLET = re.compile(r"^\s*[•·▪◦*-]\s*\S")
_FACT_ITEM = re.compile(r"\d|^\s*[•·▪◦*-]\s*[\w'’ -]{2,30}:\s+\S")


def _listed(lines: list[str]) -> set[int]:
    """Indices of bullet lines that belong to a list in the article, not to a menu: a run of
    bullets introduced by a line ending in a colon ("The pool will offer three new sessions:"),
    or a run one of whose items is too long for a menu entry. Short items of such a list
    ("- Early swim: 6.30am to 8am") would otherwise read as menu items and be lost."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        if not _BULLET.match(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _BULLET.match(lines[j]):
            j += 1
        introduced = i > 0 and lines[i - 1].rstrip().endswith(":")
        # Items stating figures or "Label: value" ("- Cost: £2.1 million") are facts; a menu's
        # entries ("- World", "- Privacy Policy") hold neither.
        facts = 2 * sum(bool(_FACT_ITEM.search(ln)) for ln in lines[i:j]) >= j - i
        # a long item is text to the line rules (None); one of a footer ("Privacy Policy") is not
        if introduced or facts or any(line_rule(ln) is None for ln in lines[i:j]):
            out.update(range(i, j))
        i = j
    return out


def _body(lines: list[str], title: str, meta: _Meta, drop) -> list[str]:
    """Article lines after the title: bylines become metadata, line rules apply, and a
    link-list heading after the body has started ends it (the rest is link lists and footer)."""
    body: list[str] = []
    started = False
    listed = _listed(lines)
    for i, ln in enumerate(lines):
        if title and ln == title:
            drop(ln, "title (kept as metadata)")
        elif meta.take_byline(ln):
            drop(ln, "byline (kept as metadata)")
        elif (not started or (len(body) == 1 and not meta.date)) and (
                _DATELINE.match(ln.strip()) or _DATED_NOTE.match(ln.strip())):
            # ... under the headline, or under the standfirst that follows it
            meta.date = meta.date or _DATE.search(ln).group(0)
            drop(ln, "dateline (kept as metadata)")
        elif LINK_LIST_HEADINGS.match(ln) and started:
            for tail in lines[i:]:
                drop(tail, line_rule(tail) or "link list / footer")
            break
        elif LINK_LIST_HEADINGS.match(ln):
            drop(ln, "link-list heading")
        elif (why := line_rule(ln)) and not (why == "bullet menu item" and i in listed):
            drop(ln, why)
        else:
            body.append(ln)
            started = started or is_prose(ln)
    return body


def _drop_author_lines(body: list[str], meta: _Meta, drop) -> list[str]:
    """Lines naming the author next to the byline (the site's name) are not text either."""
    kept = []
    for ln in body:
        if ln.lower() in meta.authors:
            meta.site = meta.site or ln
            drop(ln, "author name")
        else:
            kept.append(ln)
    return kept


# A short last paragraph that is a sentence of the story ("The minister defended the decision."):
# five words or more, a capital, a full stop, no credit. Footers are labels, commands or credits
# ("Source: Reuters", "Follow us on Twitter.", "Additional reporting by Jane Doe.").
CLOSING_MIN_WORDS = 5
_FOOT_SENTENCE = re.compile(r"^(?:follow|sign|subscribe|share|read|click|join|like|download|watch|listen|contact|"
                            r"email|send|tell|get|see|visit|support|donate|register|log)\b|"
                            r"\b(?:reporting|editing|writing|photographs?|photos?|pictures?|images?|graphics?)\s+by\b|"
                            r"\bthis (?:article|story|piece) (?:was|has been)\b", re.I)


def _closing_sentence(line: str) -> bool:
    s = line.strip()
    return (len(words(s)) >= CLOSING_MIN_WORDS and s[:1].isupper() and bool(re.search(r"[.!?][\"'”’)]*$", s))
            and not _FOOT_SENTENCE.search(s) and not any(rx.search(s) for rx in _CREDITS)
            and not line_rule(s))


def _drop_trailing(body: list[str], drop) -> list[str]:
    """Short lines after the last paragraph: source tags, widget titles — not a short closing
    sentence of the story."""
    body = list(body)
    listed = _listed(body)
    while (body and not is_prose(body[-1]) and len(words(body[-1])) < 8 and len(body) - 1 not in listed
           and not _closing_sentence(body[-1])):
        drop(body.pop(), "trailing footer")
    return body


# Where a page credits its publication at the foot: "© The Northshore Gazette 2026", "This article
# first appeared in Coastline Weekly.", "— Owen Bracegirdle is a columnist for the Portwick Mercury."
_NAME = r"(?P<name>(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+(?:[A-Z0-9&][\w'’&.-]*|of|and|on|for|&)){0,5})"
_CREDITS = (re.compile(rf"^(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s+)?{_NAME}", re.I),
            # "by" only after "first appeared": "Written by Owen Bracegirdle" names a person
            re.compile(rf"\b(?i:(?:first|originally)\s+(?:appeared|published|ran)\s+(?:in|by|on)|published\s+in|"
                       rf"(?:produced|written|reported)\s+for)\s+{_NAME}"),
            re.compile(rf"^(?:source|via|courtesy(?:\s+of)?)\s*:?\s+{_NAME}\.?$", re.I),
            re.compile(rf"\b(?:is\s+an?\s+(?:[\w-]+\s+){{0,3}}(?:columnist|correspondent|reporter|writer|editor|"
                       rf"contributor)|(?:writes|reports|wrote|reported)(?:\s+regularly)?)\s+(?:for|at|with)\s+{_NAME}"))
# The credit is read from the page's last lines only: in the text, "a reporter for the Herald" is a person.
CREDIT_LINES = 3


# A page naming its own publication in its text: "the Gullhaven Post has learned", "she told the
# Gullhaven Post", "The Seaboard Digest sets out what the row is about". Only a name ending in a
# word newspapers are named with, so "the council has learned" or "told the minister" is not one.
PRESS_HEADS = ("post", "times", "herald", "gazette", "courier", "tribune", "examiner", "standard", "chronicle",
               "journal", "star", "mail", "telegraph", "observer", "guardian", "review", "weekly", "magazine",
               "news", "record", "echo", "argus", "mercury", "press", "bulletin", "dispatch", "sentinel",
               "register", "inquirer", "monitor", "digest", "daily", "express", "advertiser", "independent",
               "monthly", "quarterly", "today")
_PRESS = rf"(?P<name>(?:[A-Z][\w'’&.-]*\s+){{0,4}}(?:{'|'.join(h.capitalize() for h in PRESS_HEADS)}))\b"
_SELF = (re.compile(rf"\b[Tt]he\s+{_PRESS}\s+(?:has\s+learned|has\s+learnt|can\s+reveal|understands|sets\s+out|"
                    rf"explains|looks\s+at|has\s+seen)\b"),
         # ... "She spoke to Strait Business Monthly in her office": a title without "the" too
         re.compile(rf"\b(?:told|speaking\s+to|spoke\s+to|talking\s+to|talked\s+to|in\s+an\s+interview\s+with)\s+"
                    rf"(?P<the>the\s+)?{_PRESS}"))


def _self_named_site(lines: list[str]) -> str:
    """The publication a page names as itself in its text (one name only), or ""."""
    found = {("The " if "the" not in m.groupdict() or m.group("the") else "") + m.group("name")
             for ln in lines for rx in _SELF for m in rx.finditer(ln)}
    return found.pop() if len(found) == 1 else ""


# A wire dateline opening the first paragraph: "MERRIN, 3 June (Kessani Press Agency) - Farmers
# ...", "LONDON, March 3 (Reuters) -": the agency is the page's source, the date its date.
_WIRE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40},\s+(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+)?(?P<date>(?:\w+\s+){0,2}\d{1,2}(?:,?\s+\d{4})?|"
                   r"\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)\s*\((?P<agency>[A-Z][\w&.'’ -]{1,50})\)\s*[-–—]")


def wire_dateline(paragraph: str) -> str:
    """The agency a wire dateline opening the paragraph credits, or ""."""
    m = _WIRE.match(paragraph)
    return m.group("agency").strip() if m else ""


def _wire(body: list[str]) -> tuple[str, str]:
    """(agency, date) of a wire dateline opening the body, or ("", "")."""
    m = _WIRE.match(body[0]) if body else None
    return (m.group("agency").strip(), m.group("date").strip()) if m else ("", "")


def _credited_site(lines: list[str]) -> str:
    """The publication a page's last lines credit, or ""."""
    for ln in reversed(lines[-CREDIT_LINES:]):
        if len(words(ln)) > 40:
            continue
        for rx in _CREDITS:
            if m := rx.search(ln.strip()):
                name = re.split(r"\.?\s+(?:All|Ltd|Limited|Inc|LLC)\b|\s+\d{4}\b", m.group("name"))[0].rstrip(" .,")
                if name and name.lower() not in ("the", "this") and not _DATE.search(name) \
                        and not name.lower().startswith("all rights"):
                    return name[:1].upper() + name[1:]
    return ""


# A line set wholly in emphasis, as pages copied from markdown write an author's note
# ("_Marta Quell is a columnist for The Teslin Courier._"): its words, without the markers.
_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1$")


def _unwrap(line: str) -> str:
    m = _EMPHASIS.match(line)
    return m.group(2).strip() if m else line


# A wire credit at the foot names the reporter: "(Reporting by Petra Vanko; editing by Jan Holub)".
_REPORTED_BY = re.compile(r"\b(?i:reporting|reported|written|words)\s+by\s+(?P<author>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})")


def _credited_author(lines: list[str]) -> str:
    """The reporter a page's last lines credit, as a byline ("By Petra Vanko"), or ""."""
    for ln in reversed(lines[-CREDIT_LINES:]):
        # "Additional reporting by Jane Doe" credits a helper, not the author
        if len(words(ln)) <= 20 and (m := _REPORTED_BY.search(ln)) and not re.search(r"(?i:additional)\s+$", ln[:m.start()]):
            return f"By {m.group('author')}"
    return ""


def clean(raw: str, fallback_title: str = "") -> Cleaned:
    """Clean one page of text. Never raises on odd input; may return empty text."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [_unwrap(ln) for ln in (x.strip() for x in raw.split("\n")) if ln]
    removed: list[Removed] = []
    drop = lambda ln, why: removed.append(Removed(ln, why))  # noqa: E731

    title_idx = _find_title(lines)
    title = lines[title_idx] if title_idx is not None else ""
    start = title_idx or 0
    meta = _Meta()
    for ln in lines[:start]:
        if _DATELINE.match(ln) and not meta.date:  # "Updated 2026-05-06 14:20" over the headline
            meta.date = _DATE.search(ln).group(0)
            drop(ln, "dateline (kept as metadata)")
        else:
            drop(ln, line_rule(ln) or "page header")
    # the site's name over its menu, breadcrumbs and notices ("THE WESTCOAST HERALD" then "Home | News
    # | ..."): the first line of the page's header that is a masthead
    # ... and over the section's name ("THE VALLEY GAZETTE" then "Local News")
    above = [m for ln in lines[:start - 1] if not line_rule(ln) and (m := masthead_site(ln))]
    near = masthead_site(lines[start - 1]) if start else ""
    if near and above and _section_label(near):
        near = ""
    if start and (site := near or next(iter(above), "")):
        meta.site = site
    body = _drop_trailing(_drop_author_lines(_body(lines[start:], title, meta, drop), meta, drop), drop)
    agency, wired = _wire(body)
    meta.site = meta.site or agency or _credited_site(lines[start:]) or _self_named_site(body)
    meta.byline = meta.byline or _credited_author(lines[start:])
    # "Published 6 March 2026" at the foot of the page
    meta.date = meta.date or wired or next((_DATE.search(ln).group(0) for ln in reversed(lines[-CREDIT_LINES:])
                                            if _DATELINE.match(ln)), "")
    repeated = _repeated_paragraphs(body)
    for i in sorted(repeated):
        drop(body[i], "repeated paragraph")
    kept = [ln for i, ln in enumerate(body) if i not in repeated]
    return Cleaned(text="\n\n".join(kept), title=title or fallback_title or _title_from_text(kept),
                   byline=meta.byline, date=meta.date, site=meta.site, removed=tuple(removed))


def _title_from_text(paragraphs: list[str]) -> str:
    if not paragraphs:
        return "Untitled"
    ws = paragraphs[0].split()
    return " ".join(ws[:12]) + ("…" if len(ws) > 12 else "")
