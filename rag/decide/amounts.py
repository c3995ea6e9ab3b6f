"""What a sum of money in a sentence is, for questions asking a price or what was raised.

"How much do volunteers pay for the course?" asks a price. Two kinds of money span a sentence
about the course may hold answer another question:

* money *given*: "a £4,500 grant from the trust", "a £100,000 legacy", "donated £2,000" is what
  someone gave, not what anyone pays or what something costs;
* a price *for other people*: "tours cost £6 for adults" is no price of "a child's ticket", nor
  "Adult membership fees ... C$395" what junior members pay (age groups only: "members" may
  well pay the adult fee);
* a sum named as *another kind of money* than the question's noun asks for: "cost KSh 18.5
  million" is no bank loan, "saving roughly C$14,000 a year" no electricity bill
  (`other_instrument`).

"How much has been raised?" asks what came in: a goal ("hopes to raise £20,000", "a £5,000
target") or a cost ("running the shelter costs about £48,000") is another figure.

A sum raised or given *through several things* ("raised £4,200 through quiz nights and a
sponsored walk", "cost N18.6 million, funded by the council and a charity") is their total: it
answers no question asking what one of them raised or paid on its own (`one_of_several`).

`other_money(question, sentence, span)` says when a money span is one of these for the
question asked; binding.py drops such spans from the answers, so the sentence can still be
quoted as the closest the articles come ("missing"). The words are ordinary English for gifts,
prices and groups of people, not words of any corpus. Leaves out what the money buys ("the
clean-up is expected to cost €3.1 million" for the price of the homes): matching the thing
paid for by meaning was tried (stop 43) and refused paraphrases ("route" for "path").
"""
from __future__ import annotations

import re

from index.text import nlp, stem, words

from ..find.spans import Span
from ..understand.question import NOUN_TYPE

# A question asking what something costs or what someone pays or is paid.
_PRICE = re.compile(r"\b(?:cost|costs|costing|pay|pays|paying|paid|charge|charges|charged|charging|price|prices|"
                    r"fee|fees|fare|fares|ticket|tickets|admission|entry|rent|subscription|spend|spends|spent)\b", re.I)
# Money given: its noun right after the sum ("a £4,500 grant") or before it with "of" ("a grant
# of £12,000"), or a verb of giving right before it ("donated £2,000", "left £50,000").
_GIFT_NOUN = r"(?:grants?|legac(?:y|ies)|donations?|gifts?|bequests?|awards?|endowments?|subsid(?:y|ies)|sponsorship|bursar(?:y|ies)|scholarships?)"
_GIFT_AFTER = re.compile(rf"\s*(?:[\w-]+\s+){{0,2}}?{_GIFT_NOUN}\b", re.I)
_GIFT_BEFORE = re.compile(rf"(?:\b{_GIFT_NOUN}\s+(?:worth\s+|of\s+)(?:\w+\s+){{0,2}}|"
                          r"\b(?:donated|gave|given|awarded|granted|bequeathed|left|contributed|pledged)\s+"
                          r"(?:(?:a|an|the|it|them|him|her|us|\w+\s+\w+)\s+)?)$", re.I)
_ASKS_GIFT = re.compile(rf"\b(?:{_GIFT_NOUN}|donat\w*|gave|give|given|awarded|grant\w*|funding|funded|fund|raised?|"
                        r"contribut\w*|pledged?)\b", re.I)
# Groups a price is set for, besides the person nouns of the question vocabulary.
_PEOPLE = {w for w, t in NOUN_TYPE.items() if t == "person"} - {"people", "person", "who"}
_GROUPS = {stem(w) for w in _PEOPLE | {"adult", "child", "kid", "teenager", "pensioner", "senior", "concession",
                                       "visitor", "family", "guest", "infant", "baby", "non-member", "household",
                                       "couple", "local", "tourist", "group", "junior", "youngster", "student"}}
# "£6 for adults", "£40 per pupil", "£3 each for children"
_FOR_GROUP = re.compile(r"\s*(?:(?:a|an|each|per)\s+\w+\s+)?(?:each\s+)?(?:for|per)\s+(?:(?:a|an|each|every|all|one)\s+)?"
                        r"([\w-]+)(?:\s+([\w-]+))?", re.I)

# "£40 a year", "£5 per car", "£3 each night"; in a question only "per pupil", "each year".
_RATE_AFTER = re.compile(r"\s*(?:a|an|per|each|every)\s+([a-z][\w-]*)", re.I)
# The noun after any name before it: "each Abbeyview Court apartment" is per apartment.
_RATE_ASKED = re.compile(r"\b(?i:per|each|every)\s+(?:[A-Z][\w'’-]*\s+){0,3}([a-z][\w-]*)")
_TIMES = {stem(w) for w in ("hour", "night", "day", "week", "fortnight", "month", "quarter", "term", "season", "year")}


def _group(word: str) -> str:
    w = word.lower()
    return stem(w[:-3] if w.endswith("ren") else w)   # "children" is a child


# Ages written as a group: "under-18s", "over 60s", "an eight-year-old", "children aged 5 to 11".
_AGE = re.compile(r"\b(under|over)[\s-]?(\d+)s?\b|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                  r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen)[\s-]year[\s-]olds?\b", re.I)
# The young, whichever word names them: a price "for under-18s" is one for "a child", not "adults".
_YOUNG = {stem(w) for w in ("child", "kid", "teenager", "junior", "pupil", "youngster", "infant", "baby", "toddler")}
_NUMBERS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten eleven twelve thirteen "
                                       "fourteen fifteen sixteen seventeen".split(), 1)}


def _groups(text: str) -> set[str]:
    found = {g for w in words(text) if (g := _group(w)) in _GROUPS}
    for m in _AGE.finditer(text):
        if m.group(1):
            found.add("young" if m.group(1).lower() == "under" and int(m.group(2)) <= 21 else "older")
        else:
            n = m.group(3).lower()
            found.add("young" if (_NUMBERS.get(n) or int(n)) < 18 else "older")
    return found | ({"young"} if found & _YOUNG else set())


# "Adult membership fees will rise to C$395", "Child tickets cost £4": the age group named before
# the price's noun, earlier in the sentence than the sum.
_AGE_GROUP_BEFORE = re.compile(r"\b(adults?|child(?:ren)?(?:['’]s)?|kids?|juniors?|seniors?|pensioners?|students?|"
                               r"under[\s-]?\d+s?|over[\s-]?\d+s?)\s+(?:[\w-]+\s+)?(?:membership|fees?|tickets?|prices?|"
                               r"fares?|rates?|pass(?:es)?|admission|entry|subscriptions?|places?|sessions?)\b", re.I)
_OLDER = {stem(w) for w in ("senior", "pensioner", "older")}


def _ages(groups: set[str]) -> set[str]:
    """The age classes among groups of people: young, adult, older."""
    return ({"young"} if "young" in groups else set()) | ({"adult"} if stem("adult") in groups else set()) | \
        ({"older"} if groups & _OLDER else set())


def for_age(text: str, x: Span) -> set[str]:
    """The age classes the sum's price noun is named for before it ("Adult membership fees ... C$395")."""
    found: set[str] = set()
    for m in _AGE_GROUP_BEFORE.finditer(text, 0, x.start):
        found |= _ages(_groups(m.group(1).replace("’s", "").replace("'s", "")))
    return found


def gift(text: str, x: Span) -> bool:
    """The sum is money given ("a £4,500 grant", "a grant of £12,000", "donated £2,000")."""
    return bool(_GIFT_AFTER.match(text, x.end) or _GIFT_BEFORE.search(text[:x.start]))


# "Sessions for under-18s run four evenings a week and cost £4": the group said before the sum.
_FOR_GROUP_BEFORE = re.compile(r"\bfor\s+(?:(?:a|an|the|all)\s+)?((?:under|over)[\s-]?\d+s?|[\w-]+)(?:\s+([\w-]+))?", re.I)


def for_group(text: str, x: Span) -> set[str]:
    """The groups of people the sum is the price for ("£6 for adults" -> {"adult"}), said right
    after it or, failing that, as "for <group>" earlier in the sentence ("Sessions for under-18s
    ... cost £4" -> {"young"})."""
    m = _FOR_GROUP.match(text, x.end)
    found = _groups(" ".join(g for g in m.groups() if g)) if m else set()
    if not found:
        for b in _FOR_GROUP_BEFORE.finditer(text, 0, x.start):
            found |= _groups(" ".join(g for g in b.groups() if g))
    return found


def rate(text: str, x: Span) -> set[str]:
    """What the sum is per, said right after it ("£40 a year" -> {"year"})."""
    m = _RATE_AFTER.match(text, x.end)
    return {_group(m.group(1))} if m else set()


def rates_asked(question: str) -> set[str]:
    """What a question asks a price per ("How much does a school pay per pupil?" -> {"pupil"})."""
    return {_group(w) for w in _RATE_ASKED.findall(question)}


# A question asking what was raised, collected or earned.
_RAISED = re.compile(r"\b(?:raise|raised|raising|collect|collected|earn|earned|brought in|bring in|made)\b", re.I)
# ... which a goal does not answer ("hopes to raise £20,000", "a £5,000 target", "an appeal for
# £8,000"), nor a cost ("running the shelter costs about £48,000 a season").
_GOAL_BEFORE = re.compile(r"\b(?:hopes?|hoping|aims?|aiming|plans?|planning|wants?|wanting|needs?|needing|seeks?|"
                          r"seeking|trying|tries|bid|intends?|target(?:ing)?|goal|appeal(?:ing)?\s+for)\b"
                          r"(?:\s+[\w'’-]+){0,4}?\s+(?:of\s+|to\s+)?$", re.I)
_GOAL_AFTER = re.compile(r"\s*(?:target|goal|appeal|fundraising target)\b", re.I)
_COST_BEFORE = re.compile(r"\b(?:costs?|costing|spen(?:d|ds|t|ding)|pa(?:y|ys|id|ying)|charges?|charging)\s+"
                          r"(?:(?:about|around|roughly|nearly|almost|over|under|some|just|only|an estimated|more than|"
                          r"less than|up to)\s+)?$", re.I)
_ASKS_GOAL = re.compile(r"\b(?:hope|hopes|hoping|aim|aims|target|goal|plan|plans|want|wants|need|needs|cost|costs|"
                        r"spend|spent|pay|paid)\b", re.I)


def other_than_raised(question: str, text: str, x: Span) -> bool:
    """The money span is a goal or a cost, and the question asks what was raised: "How much has
    been raised towards the room?" is not answered by "Carver hopes to raise £20,000"."""
    if x.kind != "money" or not _RAISED.search(question) or _ASKS_GOAL.search(question):
        return False
    before = text[:x.start]
    return bool(_GOAL_BEFORE.search(before) or _GOAL_AFTER.match(text, x.end) or _COST_BEFORE.search(before))


# Kinds of money that are not one another: a loan is no grant, a bill no saving. A sum named as
# one kind ("a KSh 11 million grant", "a loan of €60,000", "cost KSh 18.5 million", "saving
# roughly C$14,000") does not answer a question asking by its noun for another ("How big was the
# bank loan?", "What is the club's electricity bill?"); a sum named as none says nothing either way.
_FAMILIES = {
    "loan": "loan loans mortgage mortgages debt debts", "grant": "grant grants subsidy subsidies donation donations",
    "fine": "fine fines penalty penalties", "pay": "salary salaries wage wages pay", "rent": "rent rents",
    "bonus": "bonus bonuses", "bond": "bond bonds", "compensation": "compensation payout payouts settlement",
    "pension": "pension pensions", "dividend": "dividend dividends", "tax": "tax taxes levy levies",
    "bail": "bail", "prize": "prize prizes", "cost": "cost costs costing price prices fee fees fare fares bill bills",
    "takings": "revenue revenues sales turnover takings", "profit": "profit profits", "saving": "saving savings",
    "budget": "budget budgets"}
_FAMILY = {stem(w): f for f, ws in _FAMILIES.items() for w in ws.split()}
_NAMED_BEFORE = re.compile(r"((?:[\w'’-]+\s+){0,3})(?:of\s+|worth\s+)?$")
_PAY_VERB = {"pay", "pays", "paid", "paying"}


def _asked_families(question: str) -> set[str]:
    """The kinds of money a question asks for by a noun ("the bank loan", "the electricity bill");
    a verb ("to pay for", "cost") names none."""
    return {f for t in nlp()(question) if t.pos_ == "NOUN" and (f := _FAMILY.get(stem(t.lower_)))}


def other_instrument(question: str, text: str, x: Span) -> bool:
    """The money span is named as another kind of sum than the one the question asks for: "cost
    KSh 18.5 million" for "How big was the bank loan?" (see _FAMILIES)."""
    if x.kind != "money" or not {stem(w) for w in words(question)} & _FAMILY.keys():
        return False
    asked = _asked_families(question)
    if not asked:
        return False
    m = _NAMED_BEFORE.search(text[:x.start])
    before = words(m.group(1))[-3:]
    after = words(text[x.end:x.end + 30])[:1]
    named = {f for w in before + after if (f := _FAMILY.get(stem(w)))}
    if before and before[-1] in _PAY_VERB and not m.group(0).endswith(("of ", "worth ")):
        # "Guests pay Rs1,800 per night": the verb right before the sum says what it costs them,
        # not a wage ("a basic pay of £30,000" is one)
        named = (named - {"pay"}) | {"cost"}
    return bool(named) and not named & asked


# Which occurrence a sum is for: "a fine of J$5,000 for a first offence" is not the fine for
# "a vendor caught ... a second time" or for "repeat offenders".
_OCCASION_WORDS = {"first": "1", "initial": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
                   "repeat": "later", "repeated": "later", "subsequent": "later", "further": "later",
                   "persistent": "later"}
_OCCASION = r"(?:first|initial|second|third|fourth|fifth|repeat|repeated|subsequent|further|persistent)"
_OCCASION_NOUN = r"(?:time|times|offence|offences|offense|offenses|offenders?|breach|breaches|conviction|violation|" \
                 r"infringement|occasion|instance|strike)"
_SUM_OCCASION = re.compile(rf"\s*(?:for|on)\s+(?:a|an|the|each|every|any)?\s*({_OCCASION})\s+{_OCCASION_NOUN}\b", re.I)
_ASKED_OCCASION = re.compile(rf"\b({_OCCASION})\s+(?:[\w-]+\s+)?{_OCCASION_NOUN}\b", re.I)


def _occasion(word: str) -> set[str]:
    n = _OCCASION_WORDS[word.lower()]
    return {n, "later"} if n not in ("1", "later") else {n}


def other_occasion(question: str, text: str, x: Span) -> bool:
    """The sum is said for another occurrence than the question asks about ("J$5,000 for a first
    offence" against "a second time" or "repeat offenders")."""
    m = _SUM_OCCASION.match(text, x.end)
    asked = [_occasion(a.group(1)) for a in _ASKED_OCCASION.finditer(question)]
    return bool(m and asked) and not any(_occasion(m.group(1)) & a for a in asked)


# Which period a figure is for, counted from now: "Last year's festival drew about 3,500 visitors"
# is no figure for "this year's festival".
_PERIOD = re.compile(r"\b(this|last|next|coming|previous|past|current)\s+(year|season|month|week|term|summer|winter|"
                     r"spring|autumn|quarter|edition|festival|harvest)\b", re.I)
_NOW = {"this": "now", "current": "now", "next": "later", "coming": "later", "last": "before", "previous": "before",
        "past": "before"}
# The clause before a figure ends at these; after it, the words up to the next comma or figure.
_CLAUSE_START = re.compile(r"[,;:—–(]|\b(?:and|but|while|whereas|compared)\b", re.I)


def periods(text: str) -> set[tuple[str, str]]:
    """The periods counted from now a text names: ("before", "season") for "last season"."""
    return {(_NOW[m.group(1).lower()], m.group(2).lower()) for m in _PERIOD.finditer(text)}


def other_period(question: str, text: str, x: Span) -> bool:
    """The figure is said for another period, counted from now, than the question asks about:
    the words of its clause before it, or those right after it, name one ("last year", "this
    season") and not the asked one."""
    asked = {(_NOW[m.group(1).lower()], m.group(2).lower()) for m in _PERIOD.finditer(question)}
    if not asked:
        return False
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, x.start)]
    near = text[starts[-1] if starts else 0:x.start] + " " + re.match(r"[^,;:\d]*", text[x.end:]).group()
    said = {(_NOW[m.group(1).lower()], m.group(2).lower()) for m in _PERIOD.finditer(near)}
    units = {u for _, u in asked}
    return bool(said) and not said & asked and any(u in units for _, u in said)


def other_money(question: str, text: str, x: Span) -> bool:
    """The money span answers another question than this one, which asks a price: money given
    (unless the question asks about a gift), a price for another group of people than the one
    the question names, or a price per another thing ("£40 a year" for "per pupil")."""
    if other_than_raised(question, text, x) or (x.kind == "money" and other_occasion(question, text, x)):
        return True
    if x.kind != "money" or not _PRICE.search(question):
        return False
    if gift(text, x) and not _ASKS_GIFT.search(question):
        return True
    theirs, asked = for_group(text, x), _groups(question)
    if theirs and asked and not theirs & asked:
        return True
    # an adult's fee is no junior's price: only age classes are set against each other here, as
    # "Adult membership fees" may well be what "members" pay
    aged, asked_ages = for_age(text, x), _ages(asked)
    if aged and asked_ages and not aged & asked_ages:
        return True
    per, per_asked = rate(text, x), rates_asked(question)
    if not per or not per_asked or per & per_asked:
        return False
    # "£5 per car" may well be the price of a day asked; "£40 a year" is no price per pupil
    return not (per_asked <= _TIMES and not per & _TIMES)


# "£4,200 through quiz nights and a sponsored walk", "£60,000 from sponsored swims, quiz nights
# and a raffle": the sources right after a sum (a few words may come between: "raised by the
# project through"), up to the end of their clause.
# ... or who paid it: "cost N18.6 million together, were funded by the council and a charity".
_SOURCES = re.compile(r"\W*(?:[\w'’-]+,?\s+){0,5}?(?:through|via|from|(?:funded|paid for|met|financed|covered|"
                      r"shared)\s+by)\s+(?P<list>[^;:.()]+)", re.I)
_LIST_END = re.compile(r",\s+(?:which|who|whose|where|while|whereas|but|with|so|although|though|as|after|before|"
                       r"when|since|because|including|plus)\b.*$|\s+(?:to|for|towards|in|on|by|since|after)\s+(?:the\s+)?"
                       r"(?:cost|costs|project|appeal|fund|work|repairs?|purchase|year|month|week|\d).*$", re.I | re.S)
_CLAUSE_WORD = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|can|could|said|says|did|does)\b", re.I)
_CONJUNCTS = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as|plus)\s+", re.I)


def sources(text: str, x: Span) -> list[set[str]]:
    """The content stems of each of several things a sum came through or from, written right
    after it; empty when it names one thing or none."""
    m = _SOURCES.match(text, x.end)
    if not m:
        return []
    listed = _LIST_END.sub("", m.group("list"))
    parts = [p for p in _CONJUNCTS.split(listed) if p.strip()]
    # Sources are short noun phrases: one holding a verb of its own ("..., and the bakery has
    # agreed to buy 40 jars") ends the list at a clause, and one holding a figure ("£1 million
    # from the council") is a sum of its own, not a part of this one.
    if len(parts) < 2 or any(len(p.split()) > 6 or _CLAUSE_WORD.search(p) or re.search(r"\d", p) for p in parts):
        return []
    return [{stem(w) for w in words(p) if not w[0].isdigit()} - _FILLER for p in parts]


_FILLER = {stem(w) for w in ("a", "an", "the", "its", "their", "his", "her", "our", "some", "other", "of", "for", "by")}


# A possessor in the question says whose the source is, not which: "the Dunmere climbing
# project's crowdfunding appeal" asks about the appeal.
_POSSESSOR = re.compile(r"\b(?:[\w-]+\s+){0,3}[\w-]+['’]s?(?=\s)")


def one_of_several(question: str, text: str, x: Span) -> bool:
    """The sum came through several things, and the question's words single out some of them
    but not all: what the sponsored walk raised on its own is not "£4,200 through quiz nights
    and a sponsored walk". A question naming them all, or none, is answered by the total."""
    if x.kind not in ("money", "count", "quantity"):
        return False
    parts = sources(text, x)
    if not parts:
        return False
    asked = {stem(w) for w in words(_POSSESSOR.sub(" ", question))}
    hit = [bool(p & asked) for p in parts]
    return any(hit) and not all(hit)
