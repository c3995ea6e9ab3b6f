"""A question that asks two things: "When was the first abnormal reading logged, and when were
residents warned?", "Where will the families be rehoused, and when?".

Each part is asked on its own (rag.pipeline), and a reply answering both answers each in turn;
one sentence seldom holds both, and the one that answers the first part best was all the
reply quoted. Leaves out lists ("who and when", "what and why" run together without a comma
and a second question word are one question) and more than two parts.
"""
from __future__ import annotations

import re

_WH = r"(?:what|when|where|who|whom|whose|which|why|how)"
# "..., and when were residents warned?" / "... and what happened to its shares?"
_SECOND = re.compile(rf"^(?P<first>{_WH}\b.{{8,}}?),?\s+and\s+(?P<second>{_WH}\b.*?)[?.!\s]*$", re.I)
# the first part's question word and the verb after it: "where will", "how many people does"
_OPENING = re.compile(rf"^{_WH}(?:\s+(?:many|much|long|often|far|old|big))?\b", re.I)


def question_parts(text: str) -> tuple[str, ...]:
    """The two questions a message asks, or () when it asks one. An elliptical second part
    ("..., and when?") takes the first part's words after its question word ("when will the
    families be rehoused?")."""
    m = _SECOND.match(" ".join(text.split()))
    if not m:
        return ()
    first, second = m.group("first").rstrip(" ,;"), m.group("second").strip()
    if len(second.split()) == 1 or (len(second.split()) == 2 and second.split()[1].lower() in ("exactly", "so")):
        # "and when?": the first part's question with this question word
        rest = _OPENING.sub("", first, count=1).strip()
        if not rest:
            return ()
        second = f"{second.split()[0]} {rest}"
    if len(first.split()) < 3:
        return ()
    # "..., and what happened to its shares?": "its" is the first part's name ("Hollerbeck's")
    names = re.findall(r"(?<!^)\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", first)
    if names:
        second = re.sub(r"\bits\b", f"{names[0]}'s", second)
        second = re.sub(r"\bit\b(?!\s+(?:is|was|will|would|has|had|be)\b)", names[0], second)
    return (_ask(first), _ask(second))


def _ask(text: str) -> str:
    text = text.strip(" ,;")
    return text[:1].upper() + text[1:] + "?"
