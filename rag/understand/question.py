"""Question analysis: what kind of answer a question wants, and what it is about.

Each question gets an expected answer type — person, org, place, date (with the precision
asked: year, month, day), number, list (of N), reason, description, yes/no, or other — its
focus (the content stems left once the words that only say what kind of answer is wanted
are removed), and its anchors (the names, dates and numbers it mentions, which an answer
must not contradict; names.py finds them). It uses spaCy's parse through `index.text`, the
same text layer the index used for the articles; what a number question measures, and the
patterns asking an amount or a count by its noun, are in measures.py. Leaves out intent
(greeting, summary, ...: intent.py) and follow-up resolution (history.py); `message.py` calls
`analyze()` on the standalone question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.text import NUMBER_WORDS, STOP, content_stems, nlp, stem

from .measures import COUNTED, PRICE, measure_of
from .names import (NAME_LABELS, entity_name, is_anchor, is_deictic, is_pronoun, question_agents, question_owners,
                    unlabelled_names)

# spaCy entity labels that can be the answer to each type ("who" is often a body or a group).
LABELS = {"person": ("PERSON", "ORG", "NORP"), "org": ("ORG", "NORP"), "place": ("GPE", "LOC", "FAC"),
          "date": ("DATE", "TIME"), "number": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")}
TYPES = ("person", "org", "place", "date", "number", "list", "reason", "description", "yesno", "other")

# Roles are compared by stem (rag.decide.binding), so no person noun here has the stem of an
# activity ("campaigner" would be "campaign", "partner" "partnership").
_NOUN_TYPES = {
    "person": "person people leader president minister author official king queen ruler journalist founder "
              "man woman who head chairman director spokesman spokesperson writer scientist emperor general "
              "pupil student teacher player captain coach member volunteer worker farmer engineer doctor nurse "
              "resident winner owner manager officer chair chairwoman mayor councillor researcher astronomer "
              "artist musician singer actor athlete driver pilot judge lawyer runner walker hiker climber rower swimmer "
              "cyclist skier patient victim survivor child boy girl conductor composer architect designer novelist "
              "poet photographer chef baker reporter editor candidate suspect witness commander soldier admiral "
              "sailor trainee apprentice mp senator governor ambassador ranger arbiter referee umpire trustee "
              "treasurer secretary headteacher headmaster headmistress principal vicar priest bishop "
              "sister brother mother father wife husband son daughter nephew niece aunt uncle grandmother grandfather "
              "widow widower friend neighbour neighbor colleague boss ceo spokeswoman midwife surgeon paramedic "
              "firefighter constable sergeant landlord landlady tenant shopkeeper economist professor "
              # not "organiser", "campaigner", "customer": their stems are other words (organ, campaign, custom)
              "curator collector donor inspector skipper keeper warden caretaker vet pharmacist dentist tutor "
              "instructor trainer activist guest visitor passenger client shopper investor shareholder buyer seller "
              "trader vendor dealer grower pensioner lawmaker legislator politician physician "
              "paediatrician pediatrician",
    "place": "country city region place state capital location territory town province area port exclave "
             "republic island continent site village border suburb district neighbourhood neighborhood county "
             "municipality borough parish township hamlet street venue address destination",
    "org": "organization organisation company agency party alliance group body institution bloc union ministry "
           "court club bank movement newspaper outlet network team firm business charity supplier developer "
           "operator contractor manufacturer retailer sponsor funder school university college hospital "
           "publisher broadcaster insurer lender chain airline foundation trust regulator laboratory",
    "date": "year date day month decade century period time era epoch dynasty times",
    "number": "number amount percentage proportion population size cost price length distance figure share "
              "total rate count toll gdp budget revenue income salary area height weight age speed temperature "
              "capacity volume duration timeline timescale timeframe frequency "
              # prices by their own names: "What is the fare to Leeds?" asks for money, not a description
              "fee fare rent wage fine levy tariff surcharge",
}
NOUN_TYPE = {w: t for t, ws in _NOUN_TYPES.items() for w in ws.split()}
LIST_NOUNS = set("""risks scenarios examples steps factors decisions consequences ways projects partners types kinds
areas challenges measures reasons countries points dangers options effects causes pillars goals elements tools
lessons sources players actors events changes outcomes stages phases groups members parts features""".split())
_AUX = {"is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would",
        "should", "may", "might", "must", "shall"}
_REASON = re.compile(r"^\s*(why|how come)\b|\b(reason|reasons|aim|purpose|goal|motive|motivation|cause|caused|"
                     r"led to|lead to|explain|because|(?:is|are|was|were|lies|lay) behind)\b|"
                     # "On what grounds ...?", "What held up the start?", "What prompted the move?"
                     r"\b(?:on )?what (?:grounds|basis)\b|^\s*what (?:\w+ )?(?:held up|delayed|prompted|triggered|"
                     r"sparked)\b", re.I)
_HOW_MUCH = re.compile(r"\s*how\s+(?:many|much|long|far|old|big|large|high|often|soon)\b", re.I)
_QUANTITY = re.compile(r"\b(how (many|much|long|far|old|big|large|high|often|frequently|regularly|wide|deep|tall|heavy|"
                       r"fast|slow|quick|quickly)|"
                       r"what (percentage|percent|proportion|fraction|share|distance|size)|for how long)\b", re.I)
# "What does the £185,000 for the market move pay for?": the sum is given; what it buys is asked.
# ... and so do "What will the grant pay for?", "What would the £1.2m actually pay for at the
# Institute?", "What will the £40,000 be spent on?".
_PAYS_FOR = re.compile(r"^\s*what (?:do|does|did|will|would|is|was|are|were) (?:the |a |an |this |that )?(?:[$€£¥₹]\s?\d|"
                       r"\d[\d,.]*\s*(?:million|billion|euros?|dollars?|pounds?)|(?:\w+ )?(?:grant|funding|funds|money|"
                       r"loan|budget|investment|donation|award)\b).*\b(?:pay for|cover|buy|fund|(?:be )?spent on|"
                       r"(?:be )?used for|go (?:on|towards))(?:\s+(?:at|in|on|for|of|by)\s+[^?]*)?\s*\??\s*$", re.I)
# "What does a typical visit include?" asks for the parts of something: a list.
_INCLUDES = re.compile(r"^\s*what (do|does|did|will|would) .+\b(include|involve|comprise|consist of|contain)\s*\??\s*$", re.I)
# "What is on this year's programme?", "What's on the menu?": the items of a list.
_ON_THE_LIST = re.compile(r"^\s*what(?:'s|’s| is| are| was| were| will be)\s+(?:on|in)\s+.*\b(?:programme|program|menu|"
                          r"agenda|schedule|line-?up|itinerary|bill|timetable|syllabus|curriculum)\b", re.I)
# "Is anything else planned at the club?", "Apart from the stalls, what else will the site have?":
# the things there are, item by item.
_ANYTHING_ELSE = re.compile(r"^\s*(?:is|are|was|were|will)\s+(?:there\s+)?anything\b|\bwhat else\b", re.I)
# "What can the mobile vet do for my pet?", "What should I do?", "What will the weavers be able
# to do?": the things one can or should do, item by item (a list where the article has one).
_CAN_DO = re.compile(r"\bwhat (?:can|could|should|must|may|might) (?:\S+ ){1,5}?do\b(?! with\b)|"
                     r"\bwhat (?:will|would) (?:\S+ ){1,5}?be able to do\b|"
                     r"\bwhat (?:do|does|did|will|would) (?:\S+ ){1,5}?(?:have|need) to do\b", re.I)
_DESCRIBE = re.compile(r"^\s*(what|who) (is|are|was|were) (an? |the )?[\w’'\-\. ]+\??$|^\s*(describe|tell me about|"
                       r"what (do|does|did) .* say about|what happened)\b", re.I)


@dataclass(frozen=True)
class Question:
    text: str
    wh: str                                   # what, which, who, when, where, why, how, yesno, other
    type: str                                 # one of TYPES
    precision: str = ""                       # for dates: year, month, day, or time (of day)
    list_n: int = 0                           # "which three ..." -> 3
    focus: tuple[str, ...] = ()               # content stems the answer must be about
    stems: tuple[str, ...] = ()               # all content stems of the question
    anchors: tuple[tuple[str, str], ...] = ()  # (text, entity label) the question mentions
    across_articles: bool = False             # "what do the articles say ..." (intent.speaks_of_articles)
    measure: str = ""                         # for numbers: duration, frequency, money, percent, distance, age,
                                              # quantity or count ("" when the question does not say)
    agents: tuple[str, ...] = ()              # anchors that are the subject of its verb (rag.decide.agents)
    owners: tuple[str, ...] = ()              # people or bodies owning the subject ("Kiln Street's revenue")

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS.get(self.type, ())

    def without_names(self) -> str:
        """The question with the names and dates it gives taken out: what it asks of them ("How
        much is a pint at ?" for "How much is a pint at the Plough Inn?"). Counts stay in."""
        t = self.text
        for a, label in self.anchors:
            if label != "CARDINAL":
                t = re.sub(r"(?:\bthe\s+)?" + re.escape(a) + r"(?:['’]s?)?", " ", t)
        return " ".join(t.split())


def _wh(doc) -> str:
    for t in doc[:6]:
        w = t.lower_
        if w in ("what", "which", "who", "whom", "whose", "when", "where", "why", "how"):
            if w in ("who", "whom", "whose", "which", "that") and t.i > 0 and doc[t.i - 1].pos_ in ("NOUN", "PROPN"):
                continue    # a relative pronoun: "has the woman who runs the shop noticed ...?"
            return {"whom": "who", "whose": "who"}.get(w, w)
    return "yesno" if len(doc) and doc[0].lower_ in _AUX else "other"


_NOT_HEADS = {"article", "articles", "author", "editorial", "piece", "text", "source", "sources"}


def _head_noun(doc):
    """The noun a what/which question asks about: "which energy PROJECTS", "what were the three
    DECISIONS", "which Russian GENERAL". None when "what" stands alone before a verb, as its
    object or subject ("What do parents need to pay?", "What happened to the climber?"): a
    noun after it is who does it or what it happens to, not the kind of thing the answer is."""
    wh = next((t for t in doc if t.lower_ in ("what", "which")), None)
    if wh is None:
        return None
    if wh.dep_ == "det" and wh.head.i > wh.i and (wh.head.lower_ not in _NOT_HEADS or wh.head.i > wh.i + 1):
        # the small tagger calls some nouns adjectives ("Which Russian general"); a described
        # author ("Which children's author read ...?") is someone in an article, not its writer
        return wh.head
    if wh.dep_ == "attr" and wh.head.lemma_ == "be":
        # "What are the league's RULES of conduct?": the copula's subject, not the first noun
        # ("league"), is what the answer is.
        # Only when the noun phrase is all there is: in "What are jet engines used to supply?" or
        # "What was the governor incapable of doing?" the answer is what the rest says.
        subj = [c for c in wh.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]
        if subj and subj[0].lower_ not in _NOT_HEADS and not any(
                t.pos_ in ("VERB", "AUX", "ADJ") for t in doc[subj[0].i + 1:]):
            return subj[0]
    for chunk in doc.noun_chunks:
        if chunk.start <= wh.i < chunk.end and chunk.root.i != wh.i and chunk.root.lower_ not in _NOT_HEADS:
            return chunk.root
    nxt = doc[wh.i + 1] if wh.i + 1 < len(doc) else None
    if wh.tag_ == "WP" and wh.dep_ in ("dobj", "pobj", "dative", "nsubj", "nsubjpass") and (
            nxt is None or nxt.pos_ in ("AUX", "VERB", "PART")):
        return None
    nouns = [x for x in doc[wh.i + 1:wh.i + 6] if x.pos_ in ("NOUN", "PROPN") and x.lower_ not in _NOT_HEADS]
    return nouns[0] if nouns else None


@lru_cache(maxsize=2048)
def asked_noun(text: str) -> frozenset[str]:
    """The stems of the noun a what/which question asks for, with its compound and adjective
    words ("What are the OPENING HOURS of the pool?", "What are the EARLY SIGNS of ...?"); empty
    when it asks for none."""
    head = _head_noun(nlp()(text))
    if head is None:
        return frozenset()
    return frozenset(stem(t.lower_) for t in [head, *head.children] if t is head or t.dep_ in ("compound", "amod"))


# Nouns of no number that a list may answer ("What advice do the scientists give?").
_MASS = {"advice", "information", "help", "support", "equipment", "guidance", "training", "evidence", "work",
         "research", "action", "progress", "funding"}


@lru_cache(maxsize=2048)
def asks_for_one(text: str) -> bool:
    """A what/which question asks for one thing by a singular noun ("Which pipeline ...?",
    "What corridor ...?"), not for the items of a list ("Which stops ...?", "What advice ...?")."""
    # "what else" asks for more of something, never one thing ("Apart from shutting the two
    # centres, what else is in the council's budget?" is not about one budget)
    if re.search(r"\b(?:what|which)\s+else\b", text, re.I):
        return False
    head = _head_noun(nlp()(text))
    return head is not None and head.tag_ in ("NN", "NNP") and head.lower_ not in _MASS


# Verbs that say too little to name what a list is of ("What did she say?", "What is it?").
_LIGHT_VERBS = {"be", "have", "do", "get", "make", "take", "say", "go", "come", "happen", "mean", "think", "know"}


@lru_cache(maxsize=2048)
def asked_verb(text: str) -> str:
    """The stem of the question's main verb when it says what was done ("What did the club LOSE
    in the fire?"), or "" (a copula, a light verb, no verb)."""
    root = next((t for t in nlp()(text) if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.lemma_.lower() in _LIGHT_VERBS:
        return ""
    return stem(root.lemma_.lower())


# A time of day asked ("What time does the market open?", "Until what time is the library
# open?"): a clock time answers, a weekday or a season does not ("What time of year ...?" asks a
# season). Opening hours are a list (rag.decide.forms asks its items for clock times).
CLOCK_ASKED = re.compile(r"\b(?:what|which) time\b(?! of (?:the )?(?:year|season|month))", re.I)


def _date_precision(q: str) -> str:
    low = q.lower()
    if CLOCK_ASKED.search(q):
        return "time"
    if re.search(r"\b(what|which|exact) (day|date)\b|\bon what\b|\bexact date\b|\bwhen exactly\b|\bexactly when\b", low):
        return "day"
    if re.search(r"\b(what|which) month\b", low):
        return "month"
    if re.search(r"\b(what|which) (year|decade|century)\b", low):
        return "year"
    return ""


_FUNDED_FROM = re.compile(r"^\s*where\b.*(?:\b(?:money|funding|funds|cash|finance|financing|donations|grants?)\b|"
                          r"[£$€]\s?\d).*\bcome from\b", re.I)


# A number that names rather than counts: "What's the phone number for ...?"
_IDENTIFIERS = {"phone", "telephone", "mobile", "contact", "fax", "reference", "registration", "serial", "account",
                "house", "flight", "route", "bus", "plate", "card", "policy", "case", "model", "tracking", "helpline"}


def _type(q: str, doc, wh: str) -> tuple[str, str, int]:
    """(type, date precision, list size) for a question."""
    low = q.lower()
    n = next((NUMBER_WORDS[t.lower_] for t in doc[:8] if t.lower_ in NUMBER_WORDS), 0)
    # "How much has Alison Greer lost because of the frost?" asks an amount, whatever it is because of
    if _REASON.search(q) and wh in ("why", "what", "how", "other") and not _HOW_MUCH.match(q):
        return "reason", "", 0
    if _PAYS_FOR.search(q) or _ANYTHING_ELSE.search(q):
        return "list", "", n
    if CLOCK_ASKED.search(q):
        return "date", "time", 0
    if _QUANTITY.search(q) or PRICE.search(q) or COUNTED.search(q):
        return "number", "", 0
    if wh == "when" or re.search(r"\b(what|which) (year|date|day|month|decade|century)\b|\bsince when\b", low):
        return "date", _date_precision(q), 0
    if wh == "who":
        # "Who is Ada Byline?" asks to describe a person; "Who is hosting the talks?" for one.
        m = re.match(r"^\s*who (is|was|are|were) (.+?)\??$", q, re.I)
        names = {e.text for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP")}
        return ("description" if m and m.group(2).strip() in names else "person"), "", 0
    if wh == "where":
        # "Where did the money come from?" asks for who paid, item by item: a list, not a place
        return ("list", "", n) if _FUNDED_FROM.search(q) else ("place", "", 0)
    if wh == "yesno":
        return "yesno", "", 0
    if _INCLUDES.search(q) or _ON_THE_LIST.search(q) or _CAN_DO.search(q):
        return "list", "", n
    head = _head_noun(doc) if wh in ("what", "which") else None
    if head is not None:
        if head.lower_ in LIST_NOUNS or (head.tag_ == "NNS" and (n or head.lower_ not in NOUN_TYPE)):
            return "list", "", n
        if head.lemma_.lower() == "name":
            # "What is the name of the runner?" asks for a person, "... of the ship?" for some name.
            of = [c for p in head.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
            kind = NOUN_TYPE.get(of[0].lemma_.lower()) if of else None
            return (kind if kind in ("person", "place", "org") else "other"), "", 0
        kind = NOUN_TYPE.get(head.lemma_.lower()) or NOUN_TYPE.get(head.lower_)
        if kind == "number" and any(c.dep_ == "compound" and c.lower_ in _IDENTIFIERS for c in head.children):
            return "other", "", 0    # "the phone number" names something; it counts nothing
        if kind == "date":
            return "date", _date_precision(q), 0
        if kind:
            return kind, "", 0
    if _DESCRIBE.search(q):
        return "description", "", 0
    return "other", "", 0


# Words that only say what kind of answer is wanted carry no topic.
_FORM_WORDS = {stem(w) for w in """many much long far old big large high often percentage proportion year date day
month decade century time reason reasons aim purpose goal cause exact happen happened name names kind type list
describe explain say says said mention mentioned article articles according""".split()}


# "How tall is the wall?" asks for a height: the adjective says what kind of answer is wanted,
# and "11 metres high" need not repeat it (as for "how long", "how far" above).
_HOW_FORM = re.compile(r"\bhow (tall|heavy|deep|wide|fast|slow)\b", re.I)


def analyze(text: str, across_articles: bool = False) -> Question:
    doc = nlp()(text)
    wh = _wh(doc)
    qtype, precision, n = _type(text, doc, wh)
    stems = tuple(dict.fromkeys(content_stems(text)))
    forms = _FORM_WORDS | {stem(m.group(1).lower()) for m in _HOW_FORM.finditer(text)}
    focus = tuple(s for s in stems if s not in forms) or stems
    ents = [e for e in doc.ents if is_anchor(e.text, e.label_) and not is_deictic(e)]
    names, longer, absorbed = unlabelled_names(doc, [e for e in doc.ents if e.label_ in NAME_LABELS])
    anchors = tuple(dict.fromkeys([(longer.get(e) or entity_name(e), e.label_) for e in ents if e not in absorbed] + names))
    anchors += tuple((t.text, "CARDINAL") for t in doc if t.like_num and not any(t.text in a for a, _ in anchors)
                     and t.lower_ not in STOP and t.ent_type_ == "" and not is_pronoun(t))
    measure = measure_of(text) if qtype == "number" else ""
    if measure == "money":
        # "How much does it cost to raise one sapling?" asks a price per sapling ("each sapling
        # costs about RM6"), not something there is one of
        anchors = tuple(a for a in anchors if not (a[1] == "CARDINAL" and a[0].lower() in ("one", "a single")))
    return Question(text=text, wh=wh, type=qtype, precision=precision, list_n=n, focus=focus, stems=stems,
                    anchors=anchors, across_articles=across_articles, agents=question_agents(doc), owners=question_owners(doc, anchors),
                    measure=measure)
