"""What a message about articles asks about: its subject once the words naming articles are taken out.

`subject_of` reads the topic of a comparison or a per-article view from a message whose article
references (rag.understand.references) are known: "How do the Courier and the Herald differ on the
cost of the dam?" asks about "the cost of the dam"; "Who do A and B say closed it?" asks "who closed
it"; "A gives one figure for the fine and B gives another" asks about "the fine". `asked_of_each` does
the same for a question put to every article ("How many jobs does each article say were lost?"), and
`without_references` gives the message with the names cut out (what retrieval and question analysis
read). Leaves out which articles are named (references.py), the intent (intent.py) and putting the
reading together with the conversation (message.py).
"""
from __future__ import annotations

import re

from index.text import STOP, content_stems

from .catalog import Reference
from .intent import TOPICS, topic_of
from .cues import AFTER_NAME


_LEAD_IN = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:in|according to|from|per|as|within)\s+(?:the\s+)?(?:,\s*)?", re.I)


def without_references(text: str, refs: tuple[Reference, ...]) -> str:
    """The message with the words that name articles taken out: "In the Courier piece, when
    did X happen?" -> "when did X happen?" (what retrieval and question analysis should read)."""
    rest = text
    spans: list[list[int]] = []
    for a, b in sorted((r.start, r.end) for r in refs if r.end > r.start and r.how != "previous"):
        # ... with what makes the name an article's ("Aastrup's report" left "'s report")
        b += AFTER_NAME.match(text, b).end() - b
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)   # "the second and fourth articles" names two: cut it once
        else:
            spans.append([a, b])
    for a, b in reversed(spans):
        rest = rest[:a] + " " + rest[b:]
    rest = " ".join(rest.split())
    m = re.match(r"^(.{0,40}?),\s+(.+)$", rest)
    if m and _LEAD_IN.match(m.group(1) + " ") and len(m.group(1).split()) <= 4:
        rest = m.group(2)           # "According to the second article, why ..." -> "why ..."
    rest = re.sub(r"\s+([,.?!])", r"\1", rest).strip(" ,")
    return rest[:1].upper() + rest[1:] if rest else text


# "How do A and B explain X?": once the names are out, what the comparison's verb takes.
# "How do A and B bring X into their arguments?": what they do with it is no part of it.
_COMPARED = re.compile(r"\b(?:explain|describe|treat|characteri[sz]e|handle|assess|portray|present|frame|"
                       r"cover|discuss|see|view|judge|interpret|refer\s+to|call|name|bring|use|invoke|cite)s?\s+"
                       r"(.+?)(?:\s+(?:in|into)\s+(?:their|its|his|her)\s+(?:arguments?|accounts?|pieces?|articles?|"
                       r"coverage|reporting|stor(?:y|ies)|columns?|case))?[?.!]*$", re.I)
# ... a verb, not the noun a possessive or determiner makes of it: "Lorre's view differ between
# A and B" is about her view ("differ" was searched for, and both articles said silent on it).
# (not after "the": what is left of a name cut out, "how the [article] explain X")
_NOUN_BEFORE = re.compile(r"(?:['’]s|s['’]|\b(?:his|her|their|its|whose|our|my|your))\s+$", re.I)


def _compared_verb(rest: str) -> re.Match | None:
    """The first comparison verb of `rest` (_COMPARED) used as a verb."""
    return next((m for m in _COMPARED.finditer(rest) if not _NOUN_BEFORE.search(rest[:m.start()])), None)


# "What reasons do A and B give for X?": the thing asked for, and what it is for.
_ASKED_FOR = re.compile(r"^(?:what|which)\s+((?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+(?:do|does|did)\b.*?\b"
                        r"(?:give|offer|cite|provide|list|suggest|propose|put\s+forward|see)\s+"
                        r"((?:for|to|of|behind|against|on)\s+.+?)[?.!]*$", re.I)
# "What compromise do A and B suggest?": the thing asked for is the subject ("What compromise do
# and suggest" once the names were cut out was searched for, and an article said silent on it).
ASKED = re.compile(r"^(?:what|which)\s+((?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+(?:do|does|did)\b.*?\b"
                    r"(?:give|offer|cite|provide|list|suggest|propose|put\s+forward|recommend|want|demand|expect|"
                    r"predict|fear|see)\s*[?.!]*$", re.I)
# "What advice do A and B give residents?": the thing asked for, and whom it is for
_ASKED_TO = re.compile(r"^(?:what|which)\s+((?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+(?:do|does|did)\s+(?:give|offer|provide)\s+"
                       r"((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)\s*[?.!]*$", re.I)
# A subject that is a question ("when the line will open", "how many jobs it will create"):
# each article is asked it (rag.write.across), rather than searched for its words.
# ... and "what is the bronze worth", "what will the repairs cost" (not "what do A and B say", a frame)
QUESTION_SUBJECT = re.compile(r"^(?:when|where|who|whom|whose|which|why|how|whether|"
                              r"what(?=\s+(?:is|was|are|were|will|would|has|have|had|can|could|should|must)\b|['’]s\b))\b",
                              re.I)
# "How do A and B present X?", "What do A and B say?": a frame around the names, not a question of its own
_FRAME = re.compile(r"^(?:how|what)\s+(?:do|does|did)\b", re.I)
# what is left of "according to the X and the Y" once the names are cut out
# ("according to the, and the?" once three articles listed with commas are cut out)
_ACCORDING = re.compile(r"[\s,]*\b(?:according\s+to|in|from)\b(?:[\s,]+(?:the|and|or|to|in|both))*[\s,]*(?=[?.!]*$)", re.I)
# "..., and what do they say about it?": a second clause pointing back at the first's object.
_AND_CLAUSE = re.compile(r",?\s+and\s+(?:what|how|why|do|does|did|which)\b.*$", re.I)


# What is left of the frame around the names once they are cut out, which is no part of the subject:
# "A versus B: how soon ...?" leaves "The versus the : how soon ...";
_LEFT_OF_COLON = re.compile(r"^(?:(?:the|versus|vs\.?|v\.?|against|and|or|compared\s+(?:with|to))\s*)*[:;–—]\s*", re.I)
# "Compare the commuter numbers given by A and B": the verb asking for the comparison
_COMPARE = re.compile(r"^(?:compare|contrast)\s+(?!what\b|how\b)", re.I)
# "A versus B on X: what does each say?" ends on the question it has already asked;
_EACH_SAY = re.compile(r"\s*[:;,–—-]\s*(?:so\s+|and\s+)?(?:what|how)\s+(?:does|do|did)\s+(?:each(?:\s+one)?|they|both|the\s+two)"
                       r"\s+(?:say|think|report|argue|claim)\b.*$", re.I)
# "Is X the same in A as in B?" asks about X;
_SAME_IN = re.compile(r"^(?:is|are|was|were)\s+(.+?)\s+(?:the\s+same|identical|consistent)\s+"
                      r"(?:in|across|according\s+to|between|for)\b|"
                      # "Do A and B give the same figure for daily traffic over the bridge?"
                      r"\b(?:give|gives|report|reports|quote|quotes|cite|cites|use|uses|put|puts)\s+(?:the\s+)?"
                      r"(?:same|different|similar|matching)\s+(?:figures?|numbers?|dates?|amounts?|estimates?|counts?|totals?)\s+"
                      r"(?:for|on|of|as)\s+(.+?)[?.!]*$", re.I)
# "Who do A and B say closed it?", "What does the report say it will cost, and B?": the articles say
# it, so the question is "who closed it", "what it will cost" (the say-verb and what is left of
# the names between it and the question word are the frame).
_SAY_FRAME = re.compile(r"^((?:who|what|when|where|which|why|how)(?:\s+[\w'’-]+){0,3}?)\s+"
                        r"(?:do|does|did)\s+(?:(?:the|and|or|both|each|all|,|articles?|pieces?|reports?|stor(?:y|ies)|"
                        r"columns?|features?|explainers?|interviews?|op-?eds?|editorials?|copy|analys[ie]s)\s+)*"
                        r"(?:say|says|report|claim|write|think|suggest|believe|state)\s+(?:that\s+)?"
                        r"(?!(?:about|on|of|regarding|concerning|in|to)\b)(\S.+)$", re.I)


_DO_FRAME = re.compile(r"^((?:who|whom|what|when|where|which|why)(?:\s+[\w'’-]+){0,3}?|how(?:\s+[\w'’-]+){1,3}?)\s+"
                       r"(do|does|did)\s+"
                       r"(?:(?:the|and|or|both|each|all|,)\s+)+([a-z][\w'’-]*\s+\S.*)$", re.I)


# "How does the minister come across in A compared with B?", "How is the mayor portrayed by A
# and B?": how the articles show a party, who is the subject
_SHOWN = re.compile(r"^how\s+(?:does|do|did|is|are|was|were)\s+(.+?)\s+(?:come\s+across|fares?|appears?|looks?|"
                    r"sounds?|portrayed|described|presented|treated|shown|depicted|seen|covered|characteri[sz]ed|"
                    r"framed|judged|painted|viewed)\b", re.I)


# "How does hydrologist Lorre's view differ between A and B?": what differs is the subject (the
# frame's "view" was read as the comparing verb, and both articles were said silent on "differ")
_DIFFERS = re.compile(r"^how\s+(?:does|do|did|is|are|was|were)\s+(.+?)\s+(?:differ|differs|vary|varies|change|changes)\s+"
                      r"(?:between|across|from|in|among|according)\b", re.I)


_COMPARING = re.compile(r"^(?:compare|differ|agree|disagree)\s+(?:on|over|about|in|regarding)\s+(?=\S)", re.I)


def _unframed(rest: str) -> str:
    """The message once its names are cut out, without what is left of the frame around them."""
    rest = _COMPARE.sub("", _EACH_SAY.sub("", _LEFT_OF_COLON.sub("", rest)))
    if said := _SAY_FRAME.match(rest):
        if said.group(1).lower() == "how" and re.search(r"\breport\s+(?:that\s+)?$", rest[:said.start(2)], re.I):
            # "How does each outlet report the trustees' vote count?": how it is reported is what it says
            return said.group(2)
        return f"{said.group(1).lower()} {said.group(2)}"
    return rest


def _own_frame(rest: str, text: str) -> bool:
    """The words _DO_FRAME takes for what is left of cut names were in the message as written
    ("How many documents did the gang leak?": "the gang" is no article's name)."""
    cut, whole = _DO_FRAME.match(rest), _DO_FRAME.match(_unframed(text))
    return bool(cut and whole and rest[:cut.start(3)] == _unframed(text)[:whole.start(3)]
                and cut.group(3).split()[0] == whole.group(3).split()[0])


def _done(rest: str) -> str:
    """"Who do A and B hold responsible for X?" (once cut "Who do and hold ..."): who they hold
    responsible for X; "" for a message of no such form."""
    if done := _DO_FRAME.match(rest):
        they = "it" if done.group(2).lower() == "does" else "they"
        return f"{done.group(1).lower()} {they} {done.group(3)}".rstrip(" ?.!")
    return ""


def subject_of(text: str, refs: tuple[Reference, ...], whole: str = "") -> str:
    """What a message about named articles asks about: its topic once the names are taken out
    ("the piece about Trump hosting the leaders" names an article, its words are not the
    subject), or the object of the comparing verb; read from the whole message only when
    neither is left (a description may run to the end of the message)."""
    subject = _named_subject(text, refs, whole)
    # "A and B both say when the statue was looted. Do they agree on the year?": a bare value
    # asked last is the value of what the sentence before set out
    first = re.match(r"^(.+?[.?!])\s+(?=\S)", text)
    bare = re.fullmatch(r"(?:the|a|an|its|their)\s+(\w+)", subject.strip(), re.I)
    if first and bare and set(content_stems(bare.group(1))) & (VALUE_WORDS | _WHEN_WORDS):
        before = _named_subject(first.group(1), tuple(r for r in refs if r.end <= first.end(1)))
        before = (said.group(1) if (said := _SAID_FIRST.match(before)) else before).rstrip(" .?!")
        if set(content_stems(before)) - set(content_stems(subject)) - _SAYING_STEMS and before != first.group(1):
            return before
    return subject


_WHEN_WORDS = set(content_stems("year date day month time"))
# what is left of "According to A and according to B, who said X?" once the names are out
_PUT_AFTER = re.compile(r"^\s*(?:and\s+)?according\s+to\b[^?]*?,\s*((?:who|whom|whose|what|when|where|why|how|which)\b.+)$",
                        re.I)
# someone named in an article asked for their view: "what does Ken Ashworth say about X?"
_PERSON_SAYS = re.compile(r"\b(?i:what|how)\s+(?i:does|did|do)\s+((?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w’'-]+|"
                          r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})\s+(?i:say|think|feel|argue)\s+(?i:about|of|on|regarding)\s+"
                          r"(\S.+?)[?.!]*$")
# what is left of "A and B both say when the statue was looted" once the names are cut out
_SAID_FIRST = re.compile(r"^(?:(?:the|and|or|both|each|all|,)\s+)*(?:say|says|said|report|reports|give|gives|mention|"
                         r"mentions|note|notes|describe|describes|state|states)\s+(?:that\s+)?(\S.+)$", re.I)


def _named_subject(text: str, refs: tuple[Reference, ...], whole: str = "") -> str:
    # "Who is to blame? Compare A with B.": a question, then the articles to put it to
    asked, mark, after = text.partition("?")
    if mark and refs and all(r.start > len(asked) for r in refs) and content_stems(asked) and \
            not topic_of(without_references(after, tuple(_shifted(r, len(asked) + 1) for r in refs))):
        return subject_of(asked + "?", ())
    # "Greta Munk versus the interview with the regulator: what does each say killed the fish?":
    # the names, then the question put to each of them
    if refs and (lead := re.match(r"^([^:?]{0,120}):\s*(\S.*?\?)\s*$", text)) and all(r.end <= len(lead.group(1)) for r in refs) \
            and _SAY_FRAME.match(lead.group(2)) and set(content_stems(_unframed(lead.group(2)))) - _SAYING_STEMS:
        return subject_of(lead.group(2), ())
    rest = _unframed(without_references(text, refs))
    # "According to A and according to the interview with B, who said X?": the question after them
    if refs and (put := _PUT_AFTER.match(rest)) and all(r.end <= len(text) - len(put.group(1)) for r in refs):
        rest = put.group(1)
    # "In Firth's report, what does Ken Ashworth say about losing the statue?": what he says of it
    if refs and (says := _PERSON_SAYS.search(without_references(text, refs))):
        return f"{says.group(1)}'s view of {says.group(2)}"
    # "On suspending the permit, where do A and B stand?": the topic set first
    if set_first := _SET_FIRST.match(rest):
        return set_first.group(1)
    # "The first article gives a headcount for the plant. Does the fourth give one too?"
    if given := _GIVES.match(rest):
        noun = (given.group("noun") or "").lower()
        return f"the {noun} of {given.group('what')}" if noun in _MONEY_NOUNS else given.group("what")
    if shown := _SHOWN.match(rest):
        return shown.group(1).strip(" ,;:")
    if (differs := _DIFFERS.match(rest)) and content_stems(differs.group(1)):
        return differs.group(1).strip(" ,;:")
    if same := _SAME_IN.search(rest):
        return same.group(1) or same.group(2)
    if asked := _ASKED_FOR.match(rest):
        return f"{asked.group(1)} {asked.group(2)}"
    if (asked := ASKED.match(rest)) and content_stems(asked.group(1)):
        return asked.group(1)
    if (asked := _ASKED_TO.match(rest)) and content_stems(asked.group(1)):
        return f"{asked.group(1)} for {asked.group(2)}"
    if not topic_of(rest) and not _compared_verb(rest) and (done := _done(rest)) and not _own_frame(rest, whole or text):
        return done
    verb = _compared_verb(rest)
    # ... "view of X", "see X as": the preposition is the verb's
    obj = re.sub(r"^(?:of|on|about)\s+", "", _AND_CLAUSE.sub("", verb.group(1)), flags=re.I) if verb else ""
    subject = topic_of(rest)
    if QUESTION_SUBJECT.match(rest) and not _FRAME.match(rest) and not any(rx.search(rest) for rx in TOPICS[:2]):
        # "How long a stretch of the river was hit, according to A and B?": the question, not its "of ..."
        subject = _ACCORDING.sub("", _LEFTOVER.split(rest, maxsplit=1)[0])
        # "How many births a year does [the Courier] give for the unit": what the article gives is asked
        subject = re.sub(r"\s+(?:does|do|did)\s+(?:the\s+)?(?:give|say|report|put|quote|cite)\b", "", subject, flags=re.I)
    if not content_stems(subject):    # "what do they say about it?": "it" is what the first clause named
        # "How big a town is Ostvik according to A and B?": the question left once they are cut
        # out, not words of a description ("the article about the protest march")
        asked_rest = _ACCORDING.sub("", rest) if QUESTION_SUBJECT.match(rest) and not _FRAME.match(rest) else ""
        subject = obj or asked_rest or topic_of(text) or rest
    subject = subject or obj or topic_of(text) or rest
    if _COMPARE.match(_LEFT_OF_COLON.sub("", without_references(text, refs))) and \
            (np := re.match(r"(?i)the\s+(\w+)\s+of\b", rest)) and set(content_stems(np.group(1))) & VALUE_WORDS:
        # "Compare the number of people affected given in A with the figure in B": the noun phrase
        # the verb takes, not the "of ..." inside it
        subject = rest
    # a subject ends with its sentence ("... mention the investigation. Do they agree on ...") and
    # before what is left of the names cut out: "... given in with the figure in", ", according to Q&A"
    subject = re.split(r"(?<=[a-z0-9])[.!?]\s+(?=[A-Z])", subject, maxsplit=1)[0]
    subject = _LEFTOVER.split(subject, maxsplit=1)[0]
    # "... compare on how many people needed treatment": the comparing verb left by a cut that
    # took the "How do" with the names ("the piece published on 15 March 2025")
    subject = _COMPARING.sub("", subject)
    ws = subject.rstrip(" ?.!,;").split()
    while ws and ((ws[-1].lower() in STOP and not ws[-1][:1].isupper() and ws[-1].lower() not in _PARTICLES)
                  or not any(ch.isalnum() for ch in ws[-1])):
        # "the European Union in and" once "the third article" and "the last one" are taken out;
        # a capitalised one is a name or a month ("the talks planned for 18 May", "the US")
        ws.pop()
    return " ".join(ws).rstrip(" ,;:") or subject


# Nouns asking for a value rather than naming a thing: "the number of people affected", "the
# commuter numbers" ask for a figure an article may give in words of its own ("1,800 Velmorans
# crossed daily"), and "the recovery timelines" a length of time ("it will take several years").
VALUE_WORDS = set(content_stems("number numbers figure figures count total amount estimate share rate percentage "
                                "proportion tally sum size cost price timeline timelines timescale timescales "
                                "timeframe timeframes duration length deadline headcount"))
_LEFTOVER = re.compile(r",\s+according\s+to\b|,?\s+(?:as\s+)?compared\s+(?:with|to)\b|"
                       r"\s+(?:(?:given|reported|stated|quoted|cited|used)\s+)?(?:in|by|from)"
                       r"(?=\s+(?:with|and|to|vs\.?|versus)\b|\s*,|\s*$)", re.I)


# "what does each say?" asks nothing of its own
_SAYING_STEMS = set(content_stems("say says said think thinks write writes report reports argue argues each both"))
# "On suspending the permit, where do A and B stand?", "Regarding the fine, how do A and B differ?"
_SET_FIRST = re.compile(r"^(?:on|about|regarding|concerning|over|as\s+for|as\s+to)\s+(.{3,80}?),\s+"
                        r"(?:where|what|how|do|does|did|is|are)\b", re.I)
# what is left of "<an article> gives a headcount for X. Does <another> give one too?" once the names are out
# ... and "<A> gives one figure for the fine and <B> gives another": what the figures are for
# ... "<A> puts one price on the bronze and <B> another": the price of the bronze
_GIVES = re.compile(r"^(?:the\s+)?(?:gives|has|offers|provides|mentions|reports|includes|quotes|puts|sets|places)\s+"
                    r"(?:(?:one|a|an|its)\s+(?P<noun>figure|number|estimate|date|year|total|count|version|account|explanation|"
                    r"reason|view|price|cost|value|valuation|amount|sum)\s+(?:for|of|on)\s+)?"
                    r"(?!(?:one|it|them|this|that)\b)(?P<what>.+?)(?:,?\s+and\s+(?:the\s+)?(?:(?:gives|has|puts|offers|provides|sets|places)\b|"
                    r"another\b|a\s+different\b).*?)?"
                    r"(?:[.?!]\s|[.?!]*$)", re.I)
_MONEY_NOUNS = {"price", "cost", "value", "valuation", "amount", "sum"}


def _shifted(r: Reference, by: int) -> Reference:
    return Reference(r.article, r.how, r.confidence, r.start - by, r.end - by)


# A verb's particle ends a question, no word left over from the names cut out ("when the bridge came down")
_PARTICLES = {"down", "up", "out", "off", "away", "back", "apart", "over"}

LEAVING_OUT = re.compile(r"\b(?:apart\s+from|aside\s+from|other\s+than|besides|except(?:\s+for)?|excluding|"
                          r"not\s+counting|leaving\s+out)\s+(?:the\s+)?$", re.I)


# "each article", "all the pieces": who is asked, in a question that names no article
OF_EACH = re.compile(r"\b(?:each|every|all(?:\s+of)?(?:\s+the)?|both(?:\s+the)?|the(?:\s+(?:different|various|respective))?)\s+(?:articles?|pieces?|"
                      r"sources?|reports?|outlets?|stories)\b|\baccording to (?:each|all) of them\b", re.I)


def asked_of_each(text: str) -> str:
    """What a question put to every article asks, once "each article" is out of it: "How many
    jobs does each article say were lost?" asks how many jobs were lost; "" when what is left is
    no question of its own ("What does each article say?")."""
    # "go through the articles: how did the attackers get in?": the question after the colon
    if (lead := re.match(r"^([^:?]{0,60}):\s*(.+?)[?.!]*$", text)) and OF_EACH.search(lead.group(1)):
        # ... "go through the articles: what does each say the journey will cost?": what it will cost
        if (said := _SAY_FRAME.match(lead.group(2))) and set(content_stems(said.group(2))) - _SAYING_STEMS:
            return f"{said.group(1).lower()} {said.group(2)}"
        if QUESTION_SUBJECT.match(lead.group(2)):
            return lead.group(2)
    subject = subject_of(" ".join(OF_EACH.sub(" ", text).split()), (), text)
    return "" if re.search(r"\b(?:do|does|did)\b", subject, re.I) or subject.rstrip("?") == text.rstrip("?") else subject
