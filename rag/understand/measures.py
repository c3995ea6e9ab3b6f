"""What a number question measures, read from its wording: a frequency ("how often"), a distance
("how long is the bridge"), a duration, an age, a percentage, money, a count, a speed or a
quantity, and the patterns asking an amount by its verb or noun ("What did the club pay ...?")
or a count by its noun ("What was the attendance?"). question.py types the question with them.
Leaves out what a sentence's numbers measure (rag.decide.counts, rag.decide.amounts).
"""
from __future__ import annotations

import re
from functools import lru_cache

# An amount asked for by its verb or its noun: "What did the club pay for its boat?", "What does a
# jar sell for?", "What sum did they raise?" (not "What did they raise?": concerns, an army).
PRICE = re.compile(r"\bwhat (sum|price|fee|fare|rent|salary|wage)\b|^\s*what (do|does|did|will|would) .*\b(pay|cost|charge|"
                   r"sell for|fetch|earn|take home|chip in|set (?:you|me|us|them|him|her|people|\w+s) back)\b|"
                   # "What is the cycleway going to cost?"
                   r"^\s*what(?:'s|’s|\s+(?:is|are|was|were))\s.*\bgoing to (?:cost|charge|pay)\b|"
                   # "What was the shop price of the kettle?", "whats the annual upkeep bill expected to be"
                   # (not "What was the fine for?", which asks why)
                   r"^\s*what(?:'s|’s|s|\s+(?:is|are|was|were|will be|would be))\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?"
                   r"(?:price|cost|fee|fare|bill|rent|toll|salary|wage|budget)s?\b(?!\s+for\s*\??\s*$)|"
                   # "What's this season's catch worth?", "How much is the house worth?"
                   r"^\s*(?:what|how much)(?:'s|’s|\s+(?:is|was|are|were|will))\s.*\bworth\s*\??\s*$", re.I)

# A count asked by its noun: "What is the population of ...?", "What was the attendance?"
COUNTED = re.compile(r"\bpopulation\b|\bwhat(?:'s|’s| is| was| are| were) the (?:\w+ ){0,2}"
                     r"(?:number of|headcount|attendance|membership|turnout)\b", re.I)
_LENGTH_THINGS = ("bridge|road|river|runway|line|route|tunnel|track|course|coast|border|pipeline|wall|canal|trail|"
                  "railway|cable|corridor|street|beach|lake|island|wharf|pier|jetty|quay|breakwater|seawall|platform|"
                  "escalator|walkway|path|footpath|boardwalk|link|pipe|fence|dam|viaduct|causeway|promenade|highway|"
                  "motorway|bypass|avenue|lane|cycleway|greenway|tramway|zipline|slipway")
# "How far do the two quotas together overshoot the advice?" asks by how much, in the units of
# what is exceeded (tonnes, pounds, days), not a length: any number answers.
_MARGIN = re.compile(r"\bhow far (?:\S+ ){0,10}?(?:overshoot|overshoots|overshot|exceed|exceeds|exceeded|surpass|surpasses|"
                     r"surpassed|outstrip|outstrips|outstripped|overrun|overruns|overran|above|below|short of|"
                     r"behind|ahead of|over budget|under budget|over target|under target|"
                     # "How far did the company's shares fall?": by how much, in whatever it is counted in
                     r"fall|falls|fell|fallen|drop|drops|dropped|rise|rises|rose|risen|climb|climbs|climbed|slide|slides|"
                     r"slid|sink|sinks|sank|plunge|plunged|decline|declined|slip|slipped)\b", re.I)
# Units of weight, area, volume, power, energy and data a question may ask an amount in: the
# unit's names as a question writes them, and the ways an article writes it ("300-hectare", "12 ha").
_UNITS = {
    "hectare": (r"hectares?", r"ha"), "acre": (r"acres?", r""), "tonne": (r"tonnes?|tons?", r""),
    "kilogram": (r"kilograms?|kilos?", r"kg"), "gram": (r"grams?", r"g"), "litre": (r"litres?|liters?", r"l"),
    "gallon": (r"gallons?", r""), "barrel": (r"barrels?", r""),
    "megawatt-hour": (r"megawatt-hours?", r"MWh"), "kilowatt-hour": (r"kilowatt-hours?", r"kWh"),
    "gigawatt-hour": (r"gigawatt-hours?", r"GWh"),
    "megawatt": (r"megawatts?", r"MW"), "kilowatt": (r"kilowatts?", r"kW"), "gigawatt": (r"gigawatts?", r"GW"),
    "terabyte": (r"terabytes?", r"TB"), "gigabyte": (r"gigabytes?", r"GB"), "petabyte": (r"petabytes?", r"PB"),
    "square": (r"square (?:metres?|meters?|kilometres?|kilometers?|miles?|feet|foot)", r"sq\.? ?(?:m|km|ft|mi)|m2|km2"),
    "cubic": (r"cubic (?:metres?|meters?|feet|foot)", r"m3"),
}
# every unit's names: "how many megawatt-hours" before "how many megawatts"
_UNIT_ALTS = "|".join(names for names, _ in _UNITS.values())
_ASKED_UNIT = re.compile(rf"\bhow many (?:more |fewer |extra |additional )?({_UNIT_ALTS})\b|\bin ({_UNIT_ALTS})\s*\??\s*$",
                         re.I)


@lru_cache(maxsize=4096)
def asked_unit(q: str) -> str:
    """The unit a number question asks its amount in ("How many tonnes ...?" -> "tonne", "... in
    hectares?" -> "hectare"), or ""."""
    m = _ASKED_UNIT.search(q)
    if not m:
        return ""
    said = m.group(1) or m.group(2)
    return next((u for u, (names, _) in _UNITS.items() if re.fullmatch(names, said, re.I)), "")


def in_unit(unit: str, text: str) -> bool:
    """The amount is written in the unit ("300-hectare" and "12 ha" are in hectares); an
    abbreviation by its case ("MW", not "mw")."""
    names, short = _UNITS[unit]
    return bool(re.search(rf"(?:\b|(?<=\d))(?i:{names})\b", text)
                or (short and re.search(rf"(?:\b|(?<=\d))(?:{short})\b", text)))


_MEASURES = (
    ("", _MARGIN),
    ("frequency", re.compile(r"\bhow (often|frequently|regularly)\b|\bhow many times (a|an|per|each|every)\b|"
                             r"\bat what (intervals?|frequency)\b|\bhow many (\w+ ){0,2}(a|per) (day|week|month|year)\b", re.I)),
    ("distance", re.compile(rf"\bhow (far|wide|deep|tall|high)\b|\bwhat distance\b|\bhow long (is|are|was|were) (the |a |an )?"
                            # up to three words of its name ("the Tsuen Wan escalator link"), none of
                            # them a preposition ("the wait for the bridge" is a duration)
                            rf"((?!(?:for|of|at|to|on|in|from|with|after|before|until|between|by)\b)\w+ ){{0,3}}({_LENGTH_THINGS})s?\b(?=\s*(?:[?,.]|$|\b(?:in|from|at|of|on|between|to|that|which|across|along|"
                            rf"over|under|linking|connecting|joining)\b))|"
                            # "How long will the runway be after the extension?"
                            rf"\bhow long (?:will|would|should|must|is going to|are going to) (?:the |a |an |its |their )?(?:\w+ ){{0,2}}"
                            rf"(?:{_LENGTH_THINGS})s? be(?=\s*(?:[?,.]|$|\b(?:after|when|once|in|at|by|from|to|on|across|along|"
                            rf"according)\b))|\bhow many (kilometres|kilometers|miles|metres|meters|centimetres|centimeters|millimetres|millimeters|"
                            rf"feet|inches|yards)\b", re.I)),
    ("duration", re.compile(r"\bhow long\b|\bfor how long\b|\bhow quickly\b|\bhow much time\b|\bhow many (seconds|minutes|hours|days|"
                            r"nights|weeks|months|years|decades)\b|\bwhat(?:'s|’s| is| was| will be) the (?:\w+ ){0,2}(?:duration|"
                            r"timeline|timescale|timeframe|time ?frame|time ?scale)\b|"
                            # "How much training will each deputy get?" is measured in hours, as
                            # sleep, notice or leave is (not "How much holiday pay ...?")
                            r"\bhow much (?:\w+ )?(?:training|practice|rehearsal|notice|sleep|rest|warning|leave|"
                            r"holiday|downtime|overtime|tuition|coaching|instruction|screen time)\b"
                            r"(?!\s+(?:pay|money|allowance|budget|costs?|fees?|grants?|funding|funds?)\b)", re.I)),
    ("age", re.compile(r"\bhow old\b|\bwhat age\b|\bat what age\b", re.I)),
    # A rate of this kind is a percentage ("What interest rate ...?"); a bare "rate" may be money
    # an hour or a count a year, so it is left to the number types.
    ("percent", re.compile(r"\bwhat (percentage|percent|proportion|share|fraction)\b|\bhow many percent\b|"
                           r"\b(interest|tax|vat|royalty|inflation|unemployment|vacancy|turnout|response|success|"
                           r"failure|growth|mortgage|discount|commission|pass|dropout|drop-out) rates?\b", re.I)),
    ("money", re.compile(r"\bhow much (money|funding|cash)\b|" + PRICE.pattern + "|"
                         # "How much of the money for the boreholes came from ...?": a part of a sum is a sum
                         r"\bhow much of (?:the|its|their|this|that|his|her|our) (?:\S+ ){0,2}?(?:money|funding|funds?|cash|"
                         r"budget|grant|bill|cost|costs|donations?|investment|revenue|income|sales|profits?|spending|"
                         r"takings|turnover|loan|award|subsidy)\b|"
                         # ... by its verb, when no noun says what is measured ("How much did it cost?",
                         # "How much will the council save?"; not "How much rubbish has the group saved?")
                         r"\bhow much (?=(?:did|does|do|will|would|has|have|had|is|are|was|were|can|could|should|"
                         r"might|must|it|they|he|she|we|you|i|the|a|an|its|their|his|her|our|your|this|that|these|"
                         r"those|each|every|more|less|extra|in|money|funding|cash|altogether|overall|exactly)\b|"
                         # ... or a noun of money ("How much holiday pay do staff get?")
                         r"(?:[\w-]+ ){0,2}(?:pay|fees?|fares?|prices?|rents?|tax|taxes|wages?|salary|salaries|grants?|"
                         r"bills?|funds?|budgets?|levy|levies|fines?|compensation|subsidy|subsidies|revenue|income|"
                         r"profits?|interest|rates?|rebates?|refunds?|bonus|bonuses|pension|pensions)\b)"
                         r"(\S+ ){0,12}(cost|costs|costing|pay|paid|pays|"
                         r"spend|spent|spends|worth|raise|raised|charge|charged|charges|earn|earned|fund|funded|"
                         r"contribute|contributed|contributing|invest|invested|sell|sold|borrow|borrowed|owe|owed|"
                         r"putting|put|give|given|giving|lose|lost|save|saved|receive|received|receives|donate|donated|award|awarded)\b|"
                         r"\bwhat (is|was|are|were|will be) the (\w+ ){0,2}(price|cost|fee|fare|budget|salary|wage|fine|"
                         r"value|grant|bill|rent|subsidy|revenue|income|profit|loss|legacy|bequest|donation|endowment|turnover|"
                         r"levy|levies|tariff|surcharge|toll)s?\b|"
                         r"\bhow (expensive|much does it cost)\b|"
                         # "What size grant did the charity give?" asks for a sum, as "How big was the grant?" does
                         r"\bwhat size (?:of )?(?:an? |the )?(\w+ ){0,2}(grant|budget|loan|fine|investment|fund|donation|gift|"
                         r"subsidy|salary|pension|payout|settlement|award|bill|overspend|deficit|debt)s?\b|"
                         r"\bhow (big|large|generous) (is|was|were|are|will be) (?:the|his|her|its|their) ([\w'’]+ ){0,2}(grant|budget|loan|fine|investment|deal|fund|"
                         r"legacy|bequest|donation|gift|endowment|subsidy|salary|pension|payout|bonus|settlement|turnover|revenue|profit|loss|"
                         r"overspend|deficit|surplus|debt)s?\b|"
                         r"\bhow much (is|are|was|were|will be) (an? |the )?(\w+ ){0,3}(price|cost|fee|fare|ticket|admission|"
                         r"entry|subscription|membership|rent|bill|fine|charge)s?\b", re.I)),
    # "How many tonnes ...?", "What is its area in hectares?": an amount in the unit named
    ("quantity", _ASKED_UNIT),
    ("count", re.compile(r"\bhow many\b|\bwhat number of\b|" + COUNTED.pattern, re.I)),
    ("speed", re.compile(r"\bhow (fast|slow)\b|\bwhat speeds?\b|\bat what speed\b", re.I)),
    ("quantity", re.compile(r"\bhow much\b|\bhow (big|large|heavy)\b|\bwhat size\b", re.I)),
)


def measure_of(q: str) -> str:
    """What a number question measures, from its wording ("how often" -> frequency)."""
    return next((name for name, rx in _MEASURES if rx.search(q)), "")
