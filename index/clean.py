"""Turn a scraped page's text into article body text plus metadata.

Web scrapes carry the site around the article: menus, consent lines, newsletter pitches,
"Related Posts" link lists, image-file captions, hashtag lines. Line rules (index.furniture,
each with a name shown by `python -m index show`) drop those; this module adds the page's
metadata (title, byline, date, site: from its header, its foot and its text, read by
index.credits) and these layout rules:

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

from .credits import (BYLINE, CREDIT_LINES, CREDITS, DATE, DATED_BYLINE, DATED_NOTE, DATELINE, GENERIC_HEADINGS,
                      INNER_SENT_END, SENT_END, Meta, byline, credited_author, credited_site, masthead, masthead_site,
                      section_label, self_named_site, wire)
from .furniture import LINK_LIST_HEADINGS, LIST_LEADS, Removed, line_rule
from .text import bigrams, sentence_spans, words


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str
    byline: str = ""
    date: str = ""
    site: str = ""
    removed: tuple[Removed, ...] = field(default=(), repr=False)


def is_prose(line: str) -> bool:
    return len(words(line)) >= 12 and bool(SENT_END.search(line.strip()))



# ... though a question or an exclamation inside a headline is its style: "Who pays for the
# Meridian Link? Bankers eye a 9.1bn bill".
_INNER_STOP = re.compile(r"[a-z]{3}\.[\"'”’)\]]*\s+[A-Z]")


def _headline_like(line: str) -> bool:
    """A line a headline could be: 3-25 words, one unfinished sentence. A line ending in ":"
    introduces what follows (a list, a quote), so it is the article's text, not its title."""
    n, s = len(words(line)), line.strip()
    return (3 <= n <= 25 and not SENT_END.search(s) and not s.endswith(":") and not _INNER_STOP.search(s)
            and not s.startswith(("•", "-", "*")))


def _two_part_headline(line: str) -> bool:
    """"I delivered babies in Tarrow for 31 years. This decision will cost lives": two short
    sentences, the last unfinished, right over the standfirst (a column's headline in its writer's
    voice; the section label "COMMENT" above it was taken for the title)."""
    s = line.strip()
    return 5 <= len(words(s)) <= 20 and not SENT_END.search(s) and len(_INNER_STOP.findall(s)) == 1 \
        and not s.startswith(("•", "-", "*"))


def _question_headline(line: str) -> bool:
    s = line.strip()
    return s.endswith("?") and 3 <= len(words(s)) <= 25 and not INNER_SENT_END.search(s) and s[:1] not in "\"'“‘"


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
    by = next((i for i in range(first_prose) if BYLINE.match(lines[i]) or DATED_BYLINE.match(lines[i])
               or byline(lines[i])), None)
    if by and _headline_like(lines[by - 1]) and not line_rule(lines[by - 1]) and not masthead(lines[by - 1]):
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
        if ((_headline_like(ln) or (i == first_prose - 1 and _two_part_headline(ln))) and not line_rule(ln)
                and not BYLINE.match(ln) and not DATED_BYLINE.match(ln)
                and not DATELINE.match(ln.strip()) and not DATED_NOTE.match(ln.strip()) and not byline(ln)
                and not LINK_LIST_HEADINGS.match(ln) and ln.lower() not in GENERIC_HEADINGS):
            while i and lines[i - 1] == ln:
                i -= 1
            # A headline over its standfirst: two such lines in a row, the first is the title
            if i and _headline_like(lines[i - 1]) and not _is_label(lines[i - 1]):
                return i - 1
            return i
    return None


def _is_label(line: str) -> bool:
    """Not a headline: a line rule's, a byline, a dateline, a masthead or a section's name."""
    s = line.strip()
    return bool(line_rule(s) or BYLINE.match(s) or DATED_BYLINE.match(s) or DATELINE.match(s) or DATED_NOTE.match(s)
                or byline(s) or LINK_LIST_HEADINGS.match(s) or s.lower() in GENERIC_HEADINGS or masthead_site(s)
                or section_label(s))


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


def _body(lines: list[str], title: str, meta: Meta, drop) -> list[str]:
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
                DATELINE.match(ln.strip()) or DATED_NOTE.match(ln.strip())):
            # ... under the headline, or under the standfirst that follows it
            meta.date = meta.date or DATE.search(ln).group(0)
            drop(ln, "dateline (kept as metadata)")
        elif started and ((LINK_LIST_HEADINGS.match(ln)) or (LIST_LEADS.match(ln) and i + 1 < len(lines)
                                                             and _BULLET.match(lines[i + 1]))):
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


def _drop_author_lines(body: list[str], meta: Meta, drop) -> list[str]:
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
                            r"\bthis (?:article|story|piece) (?:was|has been)\b|"
                            # a link to the site's rules: "Tidewire standards: how we report."
                            r"^[\w'’ -]{0,30}\b(?:standards|principles|policy|policies|guidelines)\s*:", re.I)


def _closing_sentence(line: str) -> bool:
    s = line.strip()
    return (len(words(s)) >= CLOSING_MIN_WORDS and s[:1].isupper() and bool(re.search(r"[.!?][\"'”’)]*$", s))
            and not _FOOT_SENTENCE.search(s) and not any(rx.search(s) for rx in CREDITS)
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


# A line set wholly in emphasis, as pages copied from markdown write an author's note
# ("_Marta Quell is a columnist for The Teslin Courier._"): its words, without the markers.
_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1$")


def _unwrap(line: str) -> str:
    m = _EMPHASIS.match(line)
    return m.group(2).strip() if m else line


def clean(raw: str, fallback_title: str = "") -> Cleaned:
    """Clean one page of text. Never raises on odd input; may return empty text."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [_unwrap(ln) for ln in (x.strip() for x in raw.split("\n")) if ln]
    removed: list[Removed] = []
    drop = lambda ln, why: removed.append(Removed(ln, why))  # noqa: E731

    title_idx = _find_title(lines)
    title = lines[title_idx] if title_idx is not None else ""
    start = title_idx or 0
    meta = Meta()
    for ln in lines[:start]:
        if DATELINE.match(ln) and not meta.date:  # "Updated 2026-05-06 14:20" over the headline
            meta.date = DATE.search(ln).group(0)
            drop(ln, "dateline (kept as metadata)")
        else:
            drop(ln, line_rule(ln) or "page header")
    # the site's name over its menu, breadcrumbs and notices ("THE WESTCOAST HERALD" then "Home | News
    # | ..."): the first line of the page's header that is a masthead
    # ... and over the section's name ("THE VALLEY GAZETTE" then "Local News")
    above = [m for ln in lines[:start - 1] if not line_rule(ln) and (m := masthead_site(ln))]
    near = masthead_site(lines[start - 1]) if start else ""
    if near and above and section_label(near):
        near = ""
    if start and (site := near or next(iter(above), "")):
        meta.site = site
    body = _drop_trailing(_drop_author_lines(_body(lines[start:], title, meta, drop), meta, drop), drop)
    agency, wired = wire(body)
    meta.site = meta.site or agency or credited_site(lines[start:]) or self_named_site(body)
    meta.byline = meta.byline or credited_author(lines[start:])
    # "Published 6 March 2026" at the foot of the page
    meta.date = meta.date or wired or next((DATE.search(ln).group(0) for ln in reversed(lines[-CREDIT_LINES:])
                                            if DATELINE.match(ln)), "")
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
