"""Who-questions: whether a name in a sentence is the person (or body) the question asks for.

"Who is the MP for Dunmere?" asks a role to be filled; "Who captains the team?" asks it by its
verb. A named span answers only where the sentence does not set it beside another role ("parish
councillor Beatrice Yeo"), nor beside the asked role qualified otherwise ("Its fundraising
manager, Colin Ferris" for "the paid night manager"), and where it is not the question's own
person by surname ("Jess Orwin" for "while Orwin is injured") nor a school's name the tagger
calls a person ("St Anne's" of "St Anne's Primary"). A name the sentence says *is* the role
("..., who worked as an usher, is now the duty manager") holds it, whatever roles stand beside
it. The role asked is the one before any relative clause: "the Ontario collector who contacted
the curator" asks for the collector. Which roles only a person holds decides whether an
organisation may answer at all (`asks_for_human`). The role nouns are the question
vocabulary's person nouns (rag.understand.question.NOUN_TYPE). Leaves out every other kind of
answer (binding.py) and who holds a role across articles (roles.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.text import NUMBER_WORDS, content_stems, stem, words

from ..find.spans import Span
from ..understand.question import NOUN_TYPE, Question
from .agents import parse

# Role nouns a body can hold too ("the winner", "the owner", "a member", "the founder"): a
# who-question naming one may be answered by an organisation. Any other person noun of the
# question's vocabulary ("Who is the MP for ...", "Who captains the team?") asks for a person.
_SHARED_ROLES = {"who", "people", "man", "woman", "founder", "owner", "winner", "member", "player", "head",
                 "leader", "partner", "resident"}
_HUMAN_ROLES = frozenset(w for w, t in NOUN_TYPE.items() if t == "person") - _SHARED_ROLES


@lru_cache(maxsize=1024)
def asks_for_human(question: str) -> bool:
    """The question names a role only a person holds, as a noun or as its verb ("captains").
    Cached: `accepted()` is asked for every candidate of a question."""
    # a plural noun asks who held it, which may be a people ("as administrators": "Central Asian
    # Muslims"); a verb right after "who" is one person's ("Who captains ...?")
    ws = re.findall(r"[a-z]+", question.lower())
    return any(w in _HUMAN_ROLES or (n == 1 and ws[0] == "who" and w.endswith("s") and w[:-1] in _HUMAN_ROLES)
               for n, w in enumerate(ws))


# A capitalised word after a name that makes it an institution's ("St Anne's Primary", "Ridley Rovers").
_INSTITUTION = re.compile(r"\s+(?:Primary|Secondary|High|School|College|Academy|University|Church|Chapel|Hospital|"
                          r"Surgery|Clinic|Club|Library|Museum|Hall|Park|Street|Road|Lane|Farm|Centre|Center|House|"
                          r"Trust|Council|Society|Association|FC|United|Rovers|Ltd|Limited|Inc|Group)\b")


def _surname_asked(name: str, q: Question) -> bool:
    """The span's last word is a surname the question gives alone ("Jess Orwin" for "while Orwin
    is injured")."""
    raw = re.findall(r"[A-Za-z][\w-]*", name)
    if not raw or not raw[-1][0].isupper():
        return False
    # a bare surname only: "Heydar Aliyev" is not the question's "Ilham Aliyev"
    return any(words(t) == [raw[-1].lower()] for t, label in q.anchors if label in ("PERSON", "NAME", "ORG"))


_ROLE_WORDS = frozenset(w for w, t in NOUN_TYPE.items() if t == "person") - {"who", "people", "man", "woman"}


_ROLE_STEMS = {stem(w): w for w in _ROLE_WORDS}


def _roles(text: str) -> set[str]:
    """The person nouns of a text by stem ("chair", "chairs", "chaired" -> "chair"). A verb form
    names a role only when the role word is built on it ("chaired" the chair, "managed" the
    manager): "officiated" shares a stem with "official" and names no role."""
    return {st for w in words(text) if (st := stem(w)) in _ROLE_STEMS and _grows_from(w.lower(), _ROLE_STEMS[st])}


def _grows_from(word: str, role: str) -> bool:
    if not word.endswith(("ed", "ing")) or word == role:
        return True
    return role.startswith(re.sub(r"(?:e?d|ing)$", "", word))


# "Who is the MP for Dunmere?": the role a who-question asks to be filled, named as a noun.
_IS_THE_ROLE = re.compile(r"^\s*(?:who\s+(?:is|was|are|were|will be|has been|had been)|what\s+(?:is|was|are|were)\s+"
                          r"the\s+names?\s+of)\s+(?:now\s+)?"
                          r"(?:(?:appointed|named|chosen|elected|hired|made|selected|picked)\s+(?:as\s+)?)?(?:the|a|an|its|their)\s+"
                          r"([\w'’ -]+?)(?:\s+(?:of|for|at|in|on|to|with|who|that)\b|\s*\?|$)", re.I)


def _holds_other_role(text: str, x: Span, asked: set[str], filled: set[str], question: str = "") -> bool:
    """The named person is set beside another role than the asked one. Where the sentence speaks
    of the asked role ("a local children's author") beside "the trust's chair, Dr Morag Feeney",
    the role's holder goes unnamed. Where it does not, and the question asks who fills a role
    (`filled`: "Who is the MP for Dunmere?"), "parish councillor Beatrice Yeo" is no answer; a
    role holding the other or held by it ("head", "headteacher") is the same one. A question's
    verb ("Who heads ...?") is not held to a role: "Its chairman, ..." heads it."""
    before = " ".join(words(text[:x.start])[-4:])
    after = " ".join(words(text[x.end:])[:6])
    beside = _roles(before) | _roles(after)
    if asked & _roles(text):
        # the role's own words, just before the name ("Its fundraising manager, Colin Ferris")
        near = text[max(0, x.start - 60):x.start] + " " + text[x.end:x.end + 60]
        return not asked & beside or _other_kind_of_role(question, near, asked & beside)
    return bool(filled and beside) and not any(a in r or r in a for a in filled for r in beside)


# A role's qualifiers run back from it to a determiner or a possessive: "the shelter's paid night
# manager" -> "paid night".
_OPENS_PHRASE = {"the", "a", "an", "its", "their", "his", "her", "our", "s", "who", "what", "which", "is", "was", "as"}


def _qualifiers(text: str, roles: set[str]) -> set[str]:
    """The stems qualifying each of the given roles where the text names it ("paid night manager"
    -> {"paid", "night"}; "head coach" -> {"head"})."""
    out: set[str] = set()
    toks = re.findall(r"[A-Za-z][\w-]*|['’,;:.()]", text)
    for n, t in enumerate(toks):
        if (role := stem(t.lower())) in roles:
            back = []
            for w in reversed(toks[max(n - 3, 0):n]):
                if not w[0].isalpha() or w.lower() in _OPENS_PHRASE:
                    break
                # how many, not which kind: "the other seven rowers"
                if w.lower() in NUMBER_WORDS or w.lower() in ("other", "one", "many", "several", "few"):
                    continue
                back.append(w)
            out |= set(content_stems(" ".join(back))) - {role}
    return out


def _other_kind_of_role(q_text: str, text: str, asked: set[str]) -> bool:
    """The sentence names the asked role with other qualifiers than the question's: "Its
    fundraising manager, Colin Ferris" is not "the shelter's paid night manager"."""
    mine, theirs = _qualifiers(q_text, asked), _qualifiers(text, asked)
    return bool(mine and theirs and not theirs & mine and not theirs & {stem(w) for w in words(q_text)})


# A relative clause after the asked role names other people: "the Ontario collector who
# contacted the curator" asks for the collector.
_RELATIVE = re.compile(r"\b(?:who|whom|that|which|whose)\b", re.I)


def _asked_part(question: str) -> str:
    """The question up to a relative clause following its first person noun."""
    for m in re.finditer(r"[\w'’-]+", question):
        if stem(m.group().lower()) in _ROLE_STEMS:
            rel = _RELATIVE.search(question, m.end())
            return question[:rel.start()] if rel else question
    return question


# "Priya Nair, who rows at stroke": a "who" clause right after the name, its verb the one the role
# noun is made from ("rows" a rower, "coaches" a coach, "edits" an editor).
_WHO_VERB = re.compile(r"^\s*,?\s*(?:\d{1,3}\s*,\s*)?who\s+(?:now\s+|also\s+)?([a-z]+)\b")


def _does_the_role(text: str, x: Span, asked: set[str]) -> bool:
    """The name's own "who" clause does what the asked role is named for: "said Priya Nair, who
    rows at stroke and sets the rhythm for the other seven rowers" for "Which rower ...?"."""
    m = _WHO_VERB.match(text[x.end:])
    if not m:
        return False
    verb = stem(m.group(1))
    return any(role in (verb, verb + "er", verb + "or", verb + "r", verb + verb[-1:] + "er") for role in asked)


def _said_to_be(text: str, x: Span, asked: set[str]) -> bool:
    """The sentence says the named one is the asked role, as the subject of "is", "became",
    "was named" with the role after it: "Edna Abernathy, 71, who worked as an usher at the
    Regal, is now the volunteer duty manager" (the usher is what she was); or by the role's verb
    in a "who" clause on the name (`_does_the_role`)."""
    if _does_the_role(text, x, asked):
        return True
    for t in parse(text):
        if t.dep_ in ("attr", "oprd") and stem(t.lower_) in asked:
            subj = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and x.start <= subj.idx < x.end:
                return True
    return False


def holds_asked_role(q: Question, text: str, x: Span) -> bool:
    """The named span (a person, or a name the tagger calls an organisation: "Ellery said ...")
    can be the one a who-question asks for (see the module docstring)."""
    if _surname_asked(x.text, q) or _INSTITUTION.match(text, x.end):
        return False
    asked = _roles(_asked_part(q.text))
    if not asked:
        return True
    if _said_to_be(text, x, asked):
        return not _other_kind_of_role(q.text, text, asked)
    filled = _roles(m.group(1)) if (m := _IS_THE_ROLE.match(q.text)) else set()
    return not _holds_other_role(text, x, asked, filled, q.text)


# Heading a body, said by a verb in the question ("Who chairs the residents' group?", "Who is in
# charge of the rescue team?") and by a noun beside the name in the article ("Its chairman, Brendan
# Hurley", "the team leader, Fiona Strachan"): for a who-question, one thing whichever word says
# it. Only for who-questions, and only the words of heading in general: a coach, a captain, a
# skipper or a manager holds a post of its own ("Who coaches the Pearls?" is not answered by "Litia
# Vakatawa captains the Pearls side"); "run" ("who runs the shop on Church Street") and the verb
# "lead" ("they led 17-14 at half-time", "what led to the delay") say other things too.
HEADING = frozenset(stem(w) for w in """head heads leader leaders chair chairs chaired chairman chairwoman chairperson
chief boss convenor""".split())
HEADS = "<heading>"
_IN_CHARGE = re.compile(r"\bin charge\b", re.I)
# ... though "who leads the project", "Who leads the committee ...?" is heading it: the verb with a
# "who" before it and a body after it
_WHO_LEADS = re.compile(r"\bwho\s+(?:now\s+|also\s+|currently\s+)?(leads|led|lead)\s+(?:the|a|an|its|their|his|her)\b|"
                        r"\b(led)\s+by\b", re.I)


def _heading_stems(stems, text: str) -> set[str]:
    found = set(stems) & HEADING
    if _IN_CHARGE.search(text):
        found.add(stem("charge"))
    if m := _WHO_LEADS.search(text):
        found.add(stem((m.group(1) or m.group(2)).lower()))
    return found


def heading_topic(q: Question, topic: dict[str, float]) -> dict[str, float]:
    """A who-question's focus weights with its words of heading a body read as one (HEADS),
    weighing as the heaviest of them."""
    # (only the words the focus holds: "in charge" may be said where "charge" is no focus word)
    found = _heading_stems(topic, q.text) & set(topic) if q.type == "person" else set()
    if not found:
        return topic
    return {**{s: w for s, w in topic.items() if s not in found}, HEADS: max(topic[s] for s in found)}


def heading_stems(stems, text: str) -> set[str]:
    """A sentence's stems with HEADS added where a word of it says someone heads a body."""
    return set(stems) | {HEADS} if _heading_stems(stems, text) else set(stems)
