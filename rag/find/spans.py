"""Typed spans: the things in a sentence that can answer a typed question, as articles write them.

A sentence's spans come from two places: the named entities the index stored (spaCy's
PERSON, ORG, GPE, DATE, MONEY, ...) and patterns for what the tagger gets wrong or leaves
untyped: durations and frequencies in words ("about ninety minutes", "twice a week", "every
two hours", "a six-month pilot"), amounts with units and currencies ("€2.4 million", "18
tonnes", "42 percent"; rand, naira, rupees in lakh and crore, shillings and lettered dollars as
their papers write them: "R450", "N18.6 million", "₹1.8 crore", "KSh 2.4 million", "C$395",
"Shs120 million", "RM6", "K4,500", "UGX 5,000"),
speeds ("3 megabits per second", "25km/h", a kind of quantity), distances, ages, days of a month
("9 September") and times of day ("8.10am"); a bare year the tagger calls a number ("signed in
2022") is a date. Each span has one kind:

    person org place date duration frequency money percent distance quantity age count

Where the two disagree the pattern wins: spaCy tags "twice a week" and "three weeks" as
DATE, and a duration or a frequency is not a date. Leaves out which kind a question asks
for (rag.understand.question) and whether the span answers it (rag.decide.binding).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUM_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
              r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
              r"a hundred|a dozen|dozen|several|a few|few|a couple of|couple of|many")
# a number ends in a digit: "in May 2024, a year early" holds no "2024, a year"
_NUM = rf"(?:\d(?:[\d,.]*\d)?|(?:{_NUM_WORDS})(?:[\s-](?:{_NUM_WORDS}))*|an?|half an?|a half)"
_APPROX = r"(?:(?:about|around|roughly|nearly|almost|approximately|some|over|under|up to|at least|at most|more than|" \
          r"less than|fewer than|just over|just under|well over|a little over|close to)\s+)?"
_TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centuries|century)"
_DAY_NAMES = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAYS = rf"{_DAY_NAMES}s?"
_PERIOD = rf"(?:{_TIME_UNIT}|{_DAYS}|morning|evening|afternoon|night|weekend|weekday|spring|summer|autumn|fall|winter|season|term|quarter)"

_NTH = r"(?:first|second|third|fourth|fifth|last)"
_MONTHLY = rf"{_NTH}(?:\s+and\s+{_NTH})?\s+{_DAY_NAMES}"
_FREQUENCY = re.compile(
    # "every first Sunday of the month", "on the last Friday of each month", "every second Tuesday"
    rf"\b(?:(?:on\s+)?the\s+{_MONTHLY}\s+(?:of|in)\s+(?:the|each|every)\s+month"
    rf"|(?:every|each)\s+{_MONTHLY}(?:\s+(?:of|in)\s+(?:the|each|every)\s+month)?"
    rf"|(?:once|twice|thrice|{_NUM}\s+times?)\s+(?:a|an|per|each|every)\s+(?:{_NUM}\s+)?{_PERIOD}"
    rf"|every\s+(?:other\s+|single\s+)?(?:{_NUM}\s+(?:(?:to|or)\s+{_NUM}\s+)?)?{_PERIOD}"   # "every seven to ten days"
    rf"|each\s+{_PERIOD}"
    rf"|{_NUM}\s+(?:\w+\s+){{0,2}}(?:a|per)\s+(?:day|week|month|year|night|hour)"
    rf"|(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually|biannually|twice-weekly|twice-daily)"
    # "on Tuesdays", "Saturday mornings" recur; "on Saturday 10 January" is one day
    rf"|on\s+{_DAY_NAMES}(?:s|\s+(?:mornings|afternoons|evenings|nights))"
    rf"|{_DAY_NAMES}\s+(?:mornings|afternoons|evenings|nights))\b", re.I)
# A range is one amount in its unit: "eight to ten hours" is a duration, not a count of eight.
_RANGE = rf"(?:between\s+{_NUM}\s+and\s+{_NUM}|{_NUM}(?:\s*(?:to|or|-|–)\s*{_NUM})?)"
_DURATION = re.compile(
    rf"\b(?:{_APPROX}{_RANGE}(?:\s+and\s+a\s+half)?[\s-]+{_TIME_UNIT}(?:\s+and\s+a\s+half)?(?:[\s-]long)?"
    rf"|{_APPROX}half\s+an?\s+(?:hour|day|year|minute)|overnight)\b", re.I)
_AGE = re.compile(rf"\b(?:{_RANGE}[\s-]+years?[\s-]+old|{_NUM}-year-old|aged\s+{_RANGE})\b", re.I)
# A letter or two before "$" says whose dollars ("C$", "NZ$"); "R450" is rand and "Rs 500" rupees,
# but "the R445" is a road; "N18.6 million" and "N5,000" are naira.
# Shillings as "Shs120 million", "USh 5,000"; ringgit "RM6", taka "Tk 500", rupiah "Rp"; a
# code before the figure ("UGX 5,000", "ZMW 150"); kwacha "K150", "K86 million", but not "K9".
_ISO = ("USD|EUR|GBP|CHF|JPY|CNY|INR|PKR|LKR|BDT|NPR|NGN|GHS|KES|UGX|TZS|RWF|ETB|ZMW|MWK|ZAR|BWP|NAD|MZN|XOF|XAF|"
        "EGP|MAD|AED|SAR|QAR|KWD|ILS|TRY|RUB|UAH|PLN|CZK|HUF|RON|SEK|NOK|DKK|ISK|MYR|SGD|IDR|THB|VND|PHP|KRW|HKD|"
        "TWD|AUD|NZD|FJD|PGK|CAD|MXN|BRL|ARS|CLP|COP|PEN|JMD|TTD|BBD|XCD")
_CURRENCY = (rf"(?:[$€£¥₹₽₱₵₩₺₫฿₴₦]|\b[A-Z]{{1,3}}\$|\b(?:{_ISO})(?=\s?\d)|(?<!\bthe\s)R(?=\d)|"
             r"R(?=\d[\d,.]*\s?(?:million|billion|bn|m)\b)|"
             r"\bRs\.?|\b(?:[UTK]?Shs?)\.?(?=\s?\d)|\bRM(?=\s?\d)|\bTk\.?(?=\s?\d)|\bRp\.?(?=\s?\d)|"
             r"\bK(?=\d[\d,.]*\s?(?:million|billion|bn|m)\b|\d{1,3}(?:,\d{3})+|\d{3,}\b)|"
             r"N(?=\d[\d,.]*\s?(?:million|billion|bn|m)\b|\d{1,3}(?:,\d{3})+))")
_SCALE = r"(?:\s*(?:million|billion|trillion|thousand|lakh|lakhs|crore|crores|bn|m|k|mn))?"
_MONEY = re.compile(
    rf"(?:{_CURRENCY}\s?\d[\d,.]*{_SCALE}"
    rf"|\b\d[\d,.]*{_SCALE}\s+(?:euros?|dollars?|pounds?|sterling|francs?|roubles?|rubles?|manats?|yen|yuan|rupees?|lira|"
    rf"rand|shillings?|naira|cedis?|pesos?|kroner|krona|kronor|ringgit|kwacha|taka|rupiah|baht|dirhams?|riyals?|"
    rf"dinars?|birr|kina|crowns?|korunas?|koruny|krone|kroon|zlotys?|zlotych|forints?|lei|leva|hryvnias?|tenge|"
    rf"florins?|guilders?|kyats?|quetzal(?:es)?|lempiras?|bolivianos?|afghanis?)"
    rf"|\b(?:{_NUM_WORDS})\s+(?:million|billion|thousand)\s+(?:euros?|dollars?|pounds?))\b", re.I)
# No price at all is an amount too: "Entry is free", "children travel free", "free of charge".
_FREE = re.compile(r"\bfree of charge\b|(?:(?<=\bis )|(?<=\bare )|(?<=\bbe )|(?<=\bwas )|(?<=\bwere )|(?<=\bfor )|"
                   r"(?<=\btravel )|(?<=\btravels )|(?<=\btravelling )|(?<=\btraveling ))free\b(?!\s+(?:of|from|to|and)\b)",
                   re.I)
_PERCENT = re.compile(rf"\b(?:\d[\d,.]*|{_NUM_WORDS})\s*(?:%|percent\b|per cent\b|percentage points?\b)", re.I)
_DISTANCE = re.compile(
    rf"\b{_APPROX}{_RANGE}[\s-]*(?:km|kilometres?|kilometers?|miles?|metres?|meters?|m|cm|centimetres?|feet|foot|ft|"
    rf"yards?|nautical miles?)\b(?!/h|\s+(?:per|an|a)\s+hour)", re.I)
_QUANTITY = re.compile(
    # "14 tonnes", and as an adjective "a 300-hectare bog", "a 5-tonne truck"
    rf"\b{_APPROX}{_RANGE}[\s-]*(?:tonnes?|tons?|kilograms?|kg|grams?|g|litres?|liters?|gallons?|hectares?|acres?|"
    rf"square (?:metres?|meters?|kilometres?|kilometers?|miles?|feet)|megawatts?|MW|gigawatts?|GW|kilowatts?|kW|"
    rf"terabytes?|TB|gigabytes?|GB|petabytes?|barrels?|cubic (?:metres?|meters?)|degrees?|°C|°F|"
    # speeds: "3 megabits per second", "40km/h", "30 miles an hour"
    rf"(?:kilo|mega|giga)bits?(?:\s+(?:per|a)\s+second)?|[kmg]bps|km/h|kph|mph|knots|"
    rf"(?:kilometres?|kilometers?|miles?)\s+(?:per|an|a)\s+hour)\b", re.I)
# Speeds, a kind of quantity: what "How fast ...?" asks for.
SPEED = re.compile(r"(?:kilo|mega|giga)bits?|\b[kmg]bps\b|/h\b|\bkph\b|\bmph\b|\bknots\b|\b(?:per|an|a)\s+(?:hour|second)\b", re.I)
# Counts: digits and number words from two up ("one" and "many" are too often not counts).
_COUNT_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
                r"thousands?|millions?|dozens?|a dozen")
_COUNT = re.compile(rf"\b(?:\d[\d,.]*\d|\d|(?:{_COUNT_WORDS})(?:[\s-](?:{_COUNT_WORDS}|one|two|three|four|five|six|"
                    rf"seven|eight|nine))*)\b", re.I)

_YEAR = re.compile(r"\b(?:1[5-9]|20)\d{2}s?\b")
# A day of a month, which the tagger sometimes calls an event ("on 9 September at the village
# hall"): month names capitalised, so "may" the verb is not one.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_CALENDAR = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
                       rf"(?:,?\s+\d{{4}})?\b")

# A season said as when ("in the autumn", "by next spring", "over the winter") is a date, which the
# tagger finds now and then ("the spring") and misses as often ("in the autumn"); "fall" only after
# a word saying when, never the verb.
_SEASON = re.compile(r"\b(?:in|by|from|until|till|during|over|through|before|after|since)\s+"
                     r"((?:(?:the|this|next|last|early|late|mid-)\s*)*(?:spring|summer|autumn|fall|winter))\b(?!-)"
                     r"|\b((?:this|next|last)\s+(?:spring|summer|autumn|fall|winter))\b", re.I)

# A time of day ("8.10am", "19:30", "noon") is a date: the tagger calls "8.10am" a number.
CLOCK = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d{2}\b|"
                   r"\b(?:noon|midday|midnight)\b", re.I)

ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "NORP": "org", "GPE": "place", "LOC": "place", "FAC": "place",
                "DATE": "date", "TIME": "date", "MONEY": "money", "PERCENT": "percent", "QUANTITY": "quantity",
                "CARDINAL": "count"}
# Pattern kinds, most specific first: a span claimed by one is not claimed again. Money and
# percentages go before frequencies: "2 million euros a year" is an amount, not how often.
_PATTERNS = (("date", CLOCK), ("money", _MONEY), ("money", _FREE), ("percent", _PERCENT), ("frequency", _FREQUENCY), ("age", _AGE),
             ("duration", _DURATION), ("distance", _DISTANCE), ("quantity", _QUANTITY), ("date", _CALENDAR))
NUMERIC = ("duration", "frequency", "money", "percent", "distance", "quantity", "age", "count")


@dataclass(frozen=True)
class Span:
    kind: str
    start: int     # offsets in the text given
    end: int
    text: str


# "a month" after an amount is what the amount is per ("400 kilograms of food a month", "£14,000 a
# year"), not how long something lasts ("for a month", "took a year").
_BARE_UNIT = re.compile(rf"an?\s+{_TIME_UNIT}", re.I)
_AMOUNT_BEFORE = re.compile(r"(?:\d[\d,.]*|\b(?:hundred|thousand|million|billion|dozen))\W*(?:[a-z%]+\s+){0,3}$", re.I)
_LASTS = re.compile(r"\b(?:for|in|within|over|after|than|about|around|nearly|almost|just|only|least|most|under|"
                    r"took|takes|take|lasted|lasts|last|spent|spend|spends|up to)\s+$", re.I)


def _per_unit(text: str, a: int, b: int) -> bool:
    before = text[max(0, a - 48):a]
    return bool(_BARE_UNIT.fullmatch(text[a:b]) and _AMOUNT_BEFORE.search(before) and not _LASTS.search(before))


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in taken)


def spans(text: str, entities=()) -> list[Span]:
    """Typed spans of a sentence. `entities`: (start, end, spaCy label) relative to `text`."""
    out: list[Span] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            a, b = m.span()
            if kind == "duration" and _per_unit(text, a, b):
                continue
            if b > a and not _overlaps(a, b, taken):
                out.append(Span(kind, a, b, m.group()))
                taken.append((a, b))
    for a, b, label in entities:
        kind = ENTITY_KINDS.get(label)
        if kind == "count" and _YEAR.fullmatch(text[a:b]):
            kind = "date"   # the tagger calls a bare year a number now and then ("signed in 2022")
        if kind is None or _overlaps(a, b, taken):
            continue
        out.append(Span(kind, a, b, text[a:b]))
        taken.append((a, b))
    for m in _SEASON.finditer(text):  # a season the tagger left untyped ("in the autumn")
        g = 1 if m.group(1) else 2
        a, b = m.span(g)
        if not _overlaps(a, b, taken):
            out.append(Span("date", a, b, m.group(g)))
            taken.append((a, b))
    for m in _YEAR.finditer(text):  # a year the tagger left untyped ("signed in 2022")
        a, b = m.span()
        if not _overlaps(a, b, taken):
            out.append(Span("date", a, b, m.group()))
            taken.append((a, b))
    for m in _COUNT.finditer(text):  # numbers no entity or pattern took
        a, b = m.span()
        if not _overlaps(a, b, taken) and not re.fullmatch(r"(?:1[0-9]|20)\d{2}", m.group()):
            out.append(Span("count", a, b, m.group()))
            taken.append((a, b))
    return sorted(out, key=lambda s: s.start)


def surnames(found: list[Span], text: str, people: frozenset[str]) -> list[Span]:
    """`found` with each surname of `people` in the text a person where no span holds it (a
    word the tagger took for something else stays that: "France" of "Francis I of France")."""
    if not people:
        return found
    out = list(found)
    for m in re.finditer(r"\b[A-Z][\w'’-]+\b", text):
        word = m.group()
        if word not in people:
            continue
        a, b = m.span()
        over = [x for x in out if x.start < b and a < x.end]
        if not over:
            out.append(Span("person", a, b, word))
    return sorted(out, key=lambda s: s.start)
