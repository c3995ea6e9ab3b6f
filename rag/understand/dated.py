"""Articles named by their date: "the March 4, 2026 article", "the piece from 6 March", "Thursday's op-ed".

A date in a message names an article only when a cue word goes with it ("what happened on 4 March?"
asks about the day) or it carries its year; a weekday names the articles dated on it, the one of
the cue word's kind first. Dates are read the ways articles and readers write them, day first
where both numbers could be a month. Leaves out every other way of naming an article
(rag.understand.references).
"""
from __future__ import annotations

import re
from datetime import date as day

from .catalog import Catalog, Reference
from .cues import CUE, KIND_OF

_MONTHS = "january february march april may june july august september october november december".split()
# A date with or without its year: "July 3, 2025", "3 July", "2025-07-03", "11.03.2026" and
# "13/03/2026" (day first, as most of the world writes it, unless the first number cannot be a
# month's day... or the second cannot be a month: "03/13/2026" is March 13).
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}"
_DATE = re.compile(rf"\b(?:(?P<m1>{_MON})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
                   rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MON})\.?(?:,?\s+(?P<y2>\d{{4}}))?"
                   rf"|(?P<y3>\d{{4}})-(?P<mo3>\d{{2}})-(?P<d3>\d{{2}})"
                   rf"|(?P<a4>\d{{1,2}})[./](?P<b4>\d{{1,2}})[./](?P<y4>\d{{4}}))\b", re.I)


def norm_date(text: str | re.Match) -> str:
    """YYYY-MM-DD for a date written any of the ways _DATE reads, "MM-DD" when it has no year,
    "" when there is none."""
    m = text if isinstance(text, re.Match) else _DATE.search(text or "")
    if not m:
        return ""
    if m.group("y3"):
        return f"{m.group('y3')}-{m.group('mo3')}-{int(m.group('d3')):02d}"
    if m.group("y4"):
        a, b = int(m.group("a4")), int(m.group("b4"))
        day, idx = (b, a) if b > 12 >= a else (a, b)
        return f"{m.group('y4')}-{idx:02d}-{day:02d}" if 1 <= idx <= 12 and 1 <= day <= 31 else ""
    month = (m.group("m1") or m.group("m2") or "").lower()
    day, year = int(m.group("d1") or m.group("d2")), m.group("y1") or m.group("y2")
    idx = next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(month[:3])), 0)
    if not idx or not 1 <= day <= 31:
        return ""
    return f"{year}-{idx:02d}-{day:02d}" if year else f"{idx:02d}-{day:02d}"


def _cued(message: str, m: re.Match) -> bool:
    """The date is an article's: "the March 4 report", "the piece from 6 March"."""
    after = re.match(rf"\W*(?:\w+\W+){{0,2}}?{CUE}\b", message[m.end():], re.I)
    before = re.search(rf"\b{CUE}\s+(?:\w+\s+){{0,2}}?(?:from|of|dated|published(?:\s+on)?|on)\s+$",
                       message[:m.start()], re.I)
    return bool(after or before)


def _same_day(asked: str, written: str) -> bool:
    """A date in a message names an article's date: the same day, or the same month and day
    when the message leaves the year out ("the March 4 report")."""
    return bool(asked and written) and (asked == written or (len(asked) == 5 and written.endswith("-" + asked)))


def by_date(message: str, cat: Catalog) -> list[Reference]:
    out = []
    for m in _DATE.finditer(message):
        d = norm_date(m)
        if len(d) == 5 and not _cued(message, m):
            continue  # "what happened on 4 March?" asks about the day, it names no article
        hits = [e.id for e in cat.entries if _same_day(d, norm_date(e.date))]
        out += [Reference(h, "date", 1.0 / len(hits), m.start(), m.end()) for h in hits]
    return out


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = "|".join(_WEEKDAYS)
# "Thursday's op-ed", "the report from Monday": an article by the weekday it is dated
_WEEKDAY = re.compile(rf"\b(?P<d1>{_DAY})(?:['’]s)?\s+(?:[\w-]+\s+){{0,2}}?(?P<c1>{CUE})\b|"
                      rf"\b(?P<c2>{CUE})\s+(?:\w+\s+){{0,2}}?(?:from|of|dated|published(?:\s+on)?|on)\s+(?:last\s+)?"
                      rf"(?P<d2>{_DAY})\b", re.I)


def _weekday(date: str) -> str:
    try:
        return _WEEKDAYS[day.fromisoformat(date).weekday()] if len(date) == 10 else ""
    except ValueError:
        return ""


def by_weekday(message: str, cat: Catalog) -> list[Reference]:
    """The article dated on the weekday a message names it by; of those, the one of the kind its
    cue word is ("Thursday's op-ed") when several are."""
    out = []
    for m in _WEEKDAY.finditer(message):
        want = (m.group("d1") or m.group("d2")).lower()
        hits = [e for e in cat.entries if _weekday(norm_date(e.date)) == want]
        cue = (m.group("c1") or m.group("c2")).lower().rstrip("s").replace("oped", "op-ed")
        kinds = KIND_OF.get(cue, ())
        of_kind = [e for e in hits if kinds and kinds[0] in e.kinds]
        hits = of_kind if of_kind else hits
        out += [Reference(e.id, "date", 1.0 / len(hits), m.start(), m.end()) for e in hits]
    return out
