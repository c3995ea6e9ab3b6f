"""Where a span stands in its sentence, and what that says of it.

A sentence's clauses (split at semicolons, dashes and ", and"/", which" joins), the window of
clauses that an answer span and the question's focus must share, and the tests binding.py asks
of one span in one sentence: set off after a name ("Gillian Raistrick, 52,"), foreseen rather
than done ("expected to stay until 2025"), recurring ("every Wednesday evening"), a name said as
a place ("its base on Quarry Road"), a date of the asked noun ("the 1708 passage of the act"),
and the named periods an era-question asks for. Regular expressions over the sentence's text and
the annotations stored at index time; no parse. Leaves out which spans a question accepts and
how the tests combine (binding.py), and who did what (agents.py).
"""
from __future__ import annotations

import re

from index.text import stem, word_key, words

from ..find.spans import CLOCK, Span
from ..understand.question import Question
from .agents import dated_noun, has_own_subject


# A clause ends at these: a span's focus words are looked for in its clause and the one before.
_CLAUSE = re.compile(r"\s*(?:[;:—–]|,\s+(?:and|but|while|whereas|which|who|whose|where|so|although|though|as)\b|"
                     r"\band\s+(?=the\b))\s*", re.I)


# A name right after one of these (no article between) says where something is, or where
# someone comes from ("drives over from Stanhope").
LOCATIVE = re.compile(r"\b(?:(?:in|near|outside|on|at|from|off|beside|behind|opposite)(?:\s+the\s+(?:grounds|site|car park|centre|center|edge|outskirts|gardens?|hall|yard|foot|top|banks?|"
                      r"shores?|heart|middle|corner|back|front|courtyard|basement|offices|headquarters|premises|"
                      r"grounds|entrance|gates?|side)\s+of)?|(?:sent|moved|taken|"
                      r"transferred|driven|flown|went|relocated|diverted|evacuated|rehoused|travel(?:s|led|ling)?|"
                      r"go(?:es|ing)?)\s+to)\s+$", re.I)


# ... unless the name owns what follows ("on Adler's team" is no place).
POSSESSIVE = re.compile(r"['’]s?\b")


# A clause opened by one of these describes the span just before it ("Priya Nair, who rows at stroke").
_RELATIVE = re.compile(r",\s+(which|who|whose|where)\b", re.I)


def named_in_question(text: str, q: Question) -> bool:
    key = word_key(text).strip()
    return bool(key) and (f" {key} " in word_key(q.text))


def words_of_question(text: str, q: Question) -> bool:
    """Every word of `text` is one of the question's: "May last year" for "By what percentage were
    May arrivals up on last year?" is the other period the question itself compares with."""
    ws = word_key(text).split()
    return bool(ws) and set(ws) <= set(word_key(q.text).split())


def clauses(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, opened by a relative pronoun) for each clause of a sentence."""
    out, pos, relative = [], 0, False
    for m in _CLAUSE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start(), relative))
        pos, relative = m.end(), bool(_RELATIVE.match(m.group()))
    out.append((pos, len(text), relative))
    return out


# A clause opened by one of these after a comma may say something new of a subject of its own.
_COORDINATED = re.compile(r",\s+(?:and|but|while|whereas)\s*$", re.I)


def clause_window(cl: list[tuple[int, int, bool]], at: int, text: str = "",
                  kin: tuple[int, ...] = ()) -> tuple[int, int]:
    """The clause holding offset `at` with the one before it, and the next one when that one
    describes it (a relative clause). The one before is left out when it holds a thing of the
    asked kind of its own (offsets `kin`) and the clause at `at` is joined to it by "and",
    "but", "while" with a subject of its own: in "The meeting is scheduled for December, and
    the company will report results on February 6" the meeting's date is December, and the day
    is the results'. ("The bus will leave at 8.10am, and the journey is expected to take about
    15 minutes" still times the bus: 8.10am is no length.)"""
    i = next((n for n, (u, v, _) in enumerate(cl) if u <= at < v), 0)
    hi = cl[i + 1][1] if i + 1 < len(cl) and cl[i + 1][2] else cl[i][1]
    lo = cl[max(i - 1, 0)][0]
    if i > 0 and text and any(lo <= k < cl[i][0] for k in kin) and _COORDINATED.search(text, 0, cl[i][0]) \
            and has_own_subject(text, cl[i][0], cl[i][1]):
        lo = cl[i][0]
    return lo, hi


_AFTER_NAME = re.compile(r"[A-Z][\w'’-]+,\s*$")


def apposed(text: str, x: Span) -> bool:
    """A number set off by commas right after a capitalised name ("Gillian Raistrick, 52, is")."""
    return bool(_AFTER_NAME.search(text[:x.start])) and (x.end >= len(text) or text[x.end] in ",.;)")


# "When did the peacekeepers leave?" asks when it happened; "they are expected to stay until
# 2025" says when it was foreseen to, which answers "When were they due to leave?".
PAST_QUESTION = re.compile(r"\b(did|was|were|had)\b", re.I)


FORESEEN = re.compile(r"\b(will|shall|(?:expected|set|due|planned|scheduled|likely|intended|going|meant|supposed)\s+to"
                      r"|plans?\s+to|intends?\s+to|hopes?\s+to)\b", re.I)


FUTURE_QUESTION = re.compile(r"\b(?:will|shall)\b|\b(?:is|are)\s+(?:\w+\s+){0,6}?(?:expected|due|set|planned|"
                             r"scheduled|going)\s+to\b", re.I)


# "When will the building work be finished?" asks when one thing happens once: a time that
# recurs ("every Wednesday evening", "on Tuesdays and Saturdays") is when something else is
# done again and again ("training runs every Wednesday"), not when it ends or is delivered.
# Only verbs of completing or handing over: "When will the café open?" may well be "every
# Saturday".
ONE_OFF = re.compile(r"\b(?:finish|finished|complete|completed|deliver|delivered|end|ended|conclude|concluded|"
                     r"be (?:built|fitted|installed|ready|signed|replaced|repaired|launched|handed over))\b", re.I)


_RECURS = re.compile(r"\b(?:every|each)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days\b|"
                     r"\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|yearly|annually)\b", re.I)


# "14 beds a night", "about 300 visitors a week": a number, what it counts, and a period.
PER_PERIOD = re.compile(r"^(?:about |around |some |over |up to |more than )?[\d,.]+\s+[a-z][\w-]*", re.I)


_PERIOD_WORDS = {stem(w) for w in ("a", "an", "per", "each", "every", "time", "times", "hour", "night", "day", "week",
                                   "fortnight", "month", "year", "about", "around", "some", "over", "up", "more", "than")}


def counted(span: str) -> set[str]:
    """The stems of what a count per period counts ("bed" of "14 beds a night")."""
    return {stem(w) for w in words(span) if not w[0].isdigit()} - _PERIOD_WORDS


def recurs(text: str, x: Span) -> bool:
    """The time recurs: in the span or the words just before it ("each Saturday", "on Tuesdays",
    "evening" of "every Wednesday evening", "Friday" of "every Tuesday and Friday")."""
    return bool(_RECURS.search(x.text) or _EVERY_BEFORE.search(text[max(0, x.start - 48):x.start]))


# "every " or "each " and up to four words joined by commas, "and", "or" before a time; not a
# preposition among them ("every year since 2019" says when it began)
_EVERY_BEFORE = re.compile(r"\b(?:every|each)\s+(?:(?!(?:since|from|until|till|after|before|in|on|at|by|to|of|for)\b)[A-Za-z]+(?:\s*,\s*|\s+(?:and|or)\s+|\s+)){0,4}$", re.I)


def foreseen(text: str, x: Span) -> bool:
    """The date's own clause says what is expected, planned or hoped, not what happened."""
    lo = next((u for u, v, _ in clauses(text) if u <= x.start < v), 0)
    return bool(FORESEEN.search(text, lo, x.start))


# ... and these say where a place is ("cut into the rocks below Battery Point"), though not where
# something happens (the sites of binding's swap check keep to LOCATIVE).
_WHERE_IT_LIES = re.compile(r"\b(?:below|above|beneath|overlooking|alongside|next to|close to)\s+(?:the\s+)?$", re.I)


def located(text: str, x: Span) -> bool:
    """A name said as a place: right after "in", "near", "outside", "on" or "at" ("grew up in
    Redvale", "its base on Quarry Road": the small tagger calls unknown towns and streets
    organisations or people), but not one owning what follows ("a researcher on Adler's team")."""
    return (x.kind in ("org", "person") and bool(LOCATIVE.search(text, 0, x.start) or _WHERE_IT_LIES.search(text, 0, x.start))
            and not x.text.isupper()
            and not POSSESSIVE.match(text, x.end))


IN_UNITS = re.compile(r"\bhow many (?:seconds|minutes|hours|days|nights|weeks|months|years|decades)\b", re.I)


TIME_UNIT_WORD = re.compile(r"\b(?:second|minute|min|hour|hr|day|night|week|fortnight|month|year|decade|centur)", re.I)


LENGTH_UNIT = re.compile(r"(?:\b|\d)(?:km|kilometres?|kilometers?|miles?|metres?|meters?|m|cm|mm|feet|foot|ft|yards?|"
                         r"inch(?:es)?|nautical)\b", re.I)


# "How long is the gap between buses?" asks the time between two of them: "every 40 minutes" gives it.
INTERVAL = re.compile(r"\b(?:gaps?|intervals?|waits?|waiting)\b", re.I)


WHAT_TIME = re.compile(r"\b(?:what|which)\s+times?\b(?!\s+of\s+(?:the\s+)?year)", re.I)
# A time asked as the start or the end of something ("What time does the market open?", "...
# close?"), and a clock time written as an end ("open until 10pm", "from 6am to 10am") or a start.
_ASKS_START = re.compile(r"\b(?:open|opens|start|starts|begin|begins|kick(?:s)? off|get(?:s)? going|depart|departs|"
                         r"leave|leaves|set(?:s)? off|set(?:s)? out)\b\W*$", re.I)
_ASKS_END = re.compile(r"\b(?:close|closes|shut|shuts|finish|finishes|end|ends|stop|stops|wrap(?:s)? up)\b\W*$", re.I)
_ENDS_AT = re.compile(r"(?:\b(?:until|till|til|to|by|before)\s+|[-–]\s*)$", re.I)
_STARTS_RANGE = re.compile(r"^\s*(?:to|until|till|[-–])\s*\d", re.I)


def other_end(question: str, text: str, x: Span) -> bool:
    """The clock time is the other end of what the question asks: "open until 10pm" and "from
    6am to 10am"'s 10am are no opening time, "from 6am"'s 6am no closing time."""
    if not WHAT_TIME.search(question) or not CLOCK.search(x.text):
        return False
    if _ASKS_START.search(question):
        return bool(_ENDS_AT.search(text[:x.start]))
    if _ASKS_END.search(question):
        return bool(_STARTS_RANGE.match(text[x.end:]))
    return False


def dates_asked(q: Question, text: str, x: Span) -> bool:
    """The date is the time of its clause, or it dates a thing the question asks about (its
    noun may name the asked verb: "the 1708 passage of the act" for "When was the act passed?")."""
    noun = dated_noun(text, x.start, x.end)
    if noun is None:
        return True
    n = stem(noun)
    return any(n == s or (min(len(n), len(s)) >= 4 and (n.startswith(s) or s.startswith(n))) for s in q.stems)


# "During which era ...?", "In what period ...?": asked for a named stretch of history, which no
# date entity holds ("the pre-Columbian era", "the Victorian period", "the Ming dynasty").
_PERIOD_ASKED = re.compile(r"\b(?:what|which)\s+(?:\w+\s+)?(era|period|epoch|dynasty)s?\b", re.I)


# ... answered by that noun after a name or an adjective of history (capitalised, hyphenated
# "pre-Columbian", or one of the common lower-case ones); not a determiner ("The period after ...").
_HISTORY = r"(?:(?!(?:The|This|That|These|Those|A|An|Its|Their|His|Her|Our|Each|Every|Same|Another)\b)" \
           r"[A-Z][\w'’]*(?:-[\w'’]+)*|(?:pre|post|mid|early|late)-[\w'’]+|colonial|medieval|modern|industrial|" \
           r"imperial|classical|ancient|prehistoric|interwar|postwar|communist|feudal)"


def periods(q: Question, text: str, taken: tuple[Span, ...] = ()) -> tuple[Span, ...]:
    """The named periods of the sentence that a question asking for an era or a period asks for,
    besides those it names itself and spans already `taken`."""
    m = _PERIOD_ASKED.search(q.text)
    if not m:
        return ()
    rx = re.compile(rf"\b(?:the\s+)?(?:{_HISTORY}\s+){{1,3}}{m.group(1).lower()}s?\b")
    return tuple(Span("date", x.start(), x.end(), x.group()) for x in rx.finditer(text)
                 if not named_in_question(x.group(), q) and not any(x.start() < y.end and y.start < x.end() for y in taken))
