"""Who wrote a page, where and when: the lines around an article that are its credits.

Bylines in their many forms ("By X, published DATE", "Staff reporter Oona Lisk", "X reports
from Y"), datelines over or under the headline, the site's masthead over its menu (and not the
section line under it), a wire story's "CITY, DATE (Agency) -" dateline, and a page's foot:
"© 2026 The Harvik Post", "(Reporting by ...; Editing by ...)", "The Post has learned".
index.clean uses these to keep a page's metadata and drop its credit lines from the body.
Leaves out the body itself (titles, menus, repeated paragraphs: index.clean, index.furniture).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .furniture import LINK_LIST_HEADINGS, line_rule
from .text import words

SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")

# A sentence ends inside the line ("... a year. The council ..."): three lower-case letters
# before the stop keep "Dr. Smith" and "St. Ives" headline-like.
INNER_SENT_END = re.compile(r"[a-z]{3}[.!?][\"'”’)\]]*\s+[A-Z]")

GENERIC_HEADINGS = {"introduction", "summary", "abstract", "opinion", "news", "analysis",
                    "overview", "background", "conclusion", "editorial", "commentary"}


# the author stops at a separator: "By Halima Oduya · 9 June 2026" is a dated byline (below)
BYLINE = re.compile(r"^by\s+(?P<author>[^,|·•–—]{2,60}?)(?:\s+published\s+(?P<date>.+?))?"
                     r"(?:\s+\d+\s+min read)?\s*$", re.IGNORECASE)


DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\b"
                   r"|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}\b"
                   r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", re.IGNORECASE)


# "By Nadia Ferreira-Holt, 9 April 2026": a byline with its date after a comma (the plain
# pattern stops at the comma, and the line was taken for the headline).
DATED_BYLINE = re.compile(rf"^[Bb]y\s+(?P<author>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}})\s*[,|·–—-]\s*"
                           rf"(?P<date>(?:\w+day,?\s+)?(?:{DATE.pattern}))\.?\s*$", re.IGNORECASE)


# A byline written any of the ways sites write one: "Theo Brannigan, March 6, 2026", "Published
# 2026-03-09 · Staff reporter Oona Lisk", "Sabine Orrel - 11.03.2026 - Markets", "13/03/2026 - by
# Kaja Miren, foreign desk", "Priya Halloran | Health correspondent". Read by parts (byline): a
# date, a person's name, and short labels (a desk, a section, a role).
_BYLINE_SEP = re.compile(r"\s+[|·•–—-]\s+|\s*[|·•–—]\s*|,\s+")


_BY = re.compile(r"^(?:(?:published|updated|posted)\b:?\s*)?(?:(?:(?:words|written|reporting|story|text|interview|interviewed)\s+)?by\s*:?\s+"
                 r"|(?:words|text|author|story|reporting)\s*:\s*)", re.I)


_ROLE = re.compile(r"\b(?:staff|reporter|correspondent|editor|writer|columnist|contributor|journalist|desk)\b", re.I)


_PERSON = re.compile(r"(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|del|der|di|la|le|bin|al)){1,3}")


_MASTHEAD_WORDS = re.compile(r"^(?:[A-Z0-9&][\w'’&.-]*|the|of|and|on|for|&)$")


_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


def byline(line: str) -> tuple[str, str] | None:
    """(author, date) when the line is a byline in one of the forms above, else None. A line
    counts when it names a person and also has a date, a "by", or a reporter's role; the
    other parts may only be short labels, so a headline or a sentence is never one."""
    s = line.strip()
    if not s or len(words(s)) > 14 or INNER_SENT_END.search(s):
        return None
    d = DATE.search(s)
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


def masthead(line: str) -> bool:
    """A site's name over its headline: "The Corvena Herald", "THE HARVIK DAILY POST",
    "northgate-news.example" — a few capitalised words or a domain, no date, not a sentence."""
    s = line.strip()
    if _DOMAIN.match(s):
        return True
    ws = s.split()
    return (2 <= len(ws) <= 6 and all(_MASTHEAD_WORDS.match(w) for w in ws) and not DATE.search(s)
            and not SENT_END.search(s) and s.lower() not in GENERIC_HEADINGS and not line_rule(s)
            and not BYLINE.match(s) and not byline(s) and not LINK_LIST_HEADINGS.match(s))


# A masthead with the section of the site the page sits in: "HALVARD REVIEW | Analysis", "SARN
# VALLEY COURIER - Features" (the site's name was lost, and the line taken for the headline).
_SECTIONED = re.compile(r"^(?P<site>.+?)\s+[|–—-]\s+(?P<section>[A-Z][A-Za-z&]+(?:\s+[A-Za-z&]+){0,2})$")


# A site's section ("Local News", "World", "Features"), which a page may set under its masthead.
_SECTION_WORDS = set("""news local world national regional international opinion comment commentary analysis
features feature explained explainers business politics sport sports culture science health environment
lifestyle travel technology tech economy money columns columnists editorials editorial interviews latest region
regions""".split())


def section_label(line: str) -> bool:
    """A section's name: section words ("Local News", "OPINION | COMMENT"), or up to three words
    ending in one ("CITY NEWS", "Metro Business News")."""
    ws = words(line)
    return bool(ws) and (all(w in _SECTION_WORDS for w in ws) or (len(ws) <= 3 and ws[-1] in _SECTION_WORDS))


def masthead_site(line: str) -> str:
    """The site's name a masthead line gives, without the section it may name after it, or ""."""
    s = line.strip()
    if masthead(s):
        return s
    m = _SECTIONED.match(s)
    return m.group("site") if m and masthead(m.group("site")) else ""


# A dateline: a line that is only a date ("June 16, 2025", "Updated: 3 March 2026").
# "Updated 2026-05-06 14:20", "Published 4 May 2026, 9.30am BST": a time may follow the date.
DATELINE = re.compile(rf"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?(?:\w+day,?\s+)?(?:{DATE.pattern})"
                       r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\.?$", re.IGNORECASE)


# A date and time with a note after it: "March 5, 2025 3:12 PM GMT+1 · Updated 2 hours ago".
DATED_NOTE = re.compile(rf"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?(?:\w+day,?\s+)?(?:{DATE.pattern})"
                         rf"(?:[,\s]+\d{{1,2}}[:.]\d{{2}}.{{0,40}}|\s*[·|•]\s*.{{1,40}})$", re.IGNORECASE)


@dataclass
class Meta:
    byline: str = ""
    date: str = ""
    site: str = ""
    authors: set = field(default_factory=set)

    def take_byline(self, line: str) -> bool:
        """Record a byline ("By X, published DATE"); True if the line was one."""
        m = BYLINE.match(line) or DATED_BYLINE.match(line)
        if m and len(words(line)) <= 14:
            author, d = m.group("author").strip(), m.group("date") or ""
        elif parts := byline(line):
            author, d = parts
        else:
            return False
        self.byline = self.byline or f"By {author}"
        self.authors.add(author.lower())
        d = d or (DATE.search(line).group(0) if DATE.search(line) else "")
        self.date = self.date or re.sub(r"\s+\d+\s+min read$", "", d, flags=re.IGNORECASE).strip()
        return True


# Where a page credits its publication at the foot: "© The Northshore Gazette 2026", "This article
# first appeared in Coastline Weekly.", "— Owen Bracegirdle is a columnist for the Portwick Mercury."
_NAME = r"(?P<name>(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+(?:[A-Z0-9&][\w'’&.-]*|of|and|on|for|&)){0,5})"


CREDITS = (re.compile(rf"^(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s+)?{_NAME}", re.I),
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


def self_named_site(lines: list[str]) -> str:
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


def wire(body: list[str]) -> tuple[str, str]:
    """(agency, date) of a wire dateline opening the body, or ("", "")."""
    m = _WIRE.match(body[0]) if body else None
    return (m.group("agency").strip(), m.group("date").strip()) if m else ("", "")


def credited_site(lines: list[str]) -> str:
    """The publication a page's last lines credit, or ""."""
    for ln in reversed(lines[-CREDIT_LINES:]):
        if len(words(ln)) > 40:
            continue
        for rx in CREDITS:
            if m := rx.search(ln.strip()):
                # ... up to the end of its sentence: "© 2026 Heritage Review. This interview has been
                # edited for length" (not "St. Louis Post", whose next word is a name's)
                name = re.split(r"\.?\s+(?:All|Ltd|Limited|Inc|LLC)\b|\s+\d{4}\b|\.\s+(?=[A-Z][a-z]+\s+[a-z])",
                                m.group("name"))[0].rstrip(" .,")
                if name and name.lower() not in ("the", "this") and not DATE.search(name) \
                        and not name.lower().startswith("all rights"):
                    return name[:1].upper() + name[1:]
    return ""


# A wire credit at the foot names the reporter: "(Reporting by Petra Vanko; editing by Jan Holub)".
_REPORTED_BY = re.compile(r"\b(?i:reporting|reported|written|words)\s+by\s+(?P<author>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})")


def credited_author(lines: list[str]) -> str:
    """The reporter a page's last lines credit, as a byline ("By Petra Vanko"), or ""."""
    for k, ln in enumerate(reversed(lines[-FOOT_LINES:])):
        # "Additional reporting by Jane Doe" credits a helper, not the author; above the last
        # lines (a "Related" list and a copyright line may follow it), only a line that is the credit
        if len(words(ln)) <= 20 and (m := _REPORTED_BY.search(ln)) and not re.search(r"(?i:additional)\s+$", ln[:m.start()]) \
                and (k < CREDIT_LINES or re.match(r"\s*\(?\s*$", ln[:m.start()])):
            return f"By {m.group('author')}"
    return ""


# How far up from the foot a credit line may stand: "Reporting by Kofi Brandt in Castleberg; Editing
# by Ruth Amsel" over a "Related" list of three headlines and a copyright line.
FOOT_LINES = 8
