"""Document structure of a cleaned article: headings, list items and the sections they make.

Each paragraph is one of
* `heading` — a short line without end punctuation ("Redesigning the regional energy map",
  "2. Russia's War in Ukraine", "Situation 1: Pragmatic Reset", "# Background"), or a short
  question standing alone as a paragraph ("What does the treaty say?"), as explainers head
  their sections;
* `item` — a bulleted (however short) or numbered paragraph, or a labelled one ("Overreliance on Turkey:
  Dependence on Ankara might limit ..."; "For Russia: ...");
* `intro` — a paragraph that ends with a colon and so announces a list;
* `text` — anything else.
Short plain paragraphs right after an intro are its items too ("The board plans three
changes:" then three one-sentence paragraphs): as many as the intro announces, or else the
run of short paragraphs, if it has at least two.
Headings open sections. Numbered headings (and plain headings right after an intro) nest
one level under the heading before them, so the three numbered sub-headings of a section
are siblings: a list question's items. `Outline.path(i)` is the heading titles above
paragraph i. Leaves out sentence-level structure ("First, ... Second, ...") except as
`enumerated()`, and everything visual: only the text is seen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import NUMBER_WORDS, paragraph_spans, words

# A line ends as sentences do: a full stop (or ? ! …), maybe closing quotes or brackets,
# maybe a footnote mark like "[9]".
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*(\s*[\[(]\d+[\])])*$")
_END = ENDS_SENTENCE
_BULLET = re.compile(r"^\s*(?:[•·▪◦*\-–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")
# A line opened by a bullet symbol is a list item however short ("- Early swim: 6.30am to 8am"):
# only numbers ("2. Russia's War in Ukraine") also open headings.
_SYMBOL_BULLET = re.compile(r"^\s*[•·▪◦*\-–—]\s+\S")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]?\s|#{2,}|\w+\s+\d{1,2}\s*[:.]\s)", re.UNICODE)
_MARKDOWN = re.compile(r"^\s*(#{1,6})\s+")
_LABEL = re.compile(r"^([^:.!?]{2,60}):\s+(\S.*)$", re.DOTALL)
_ENUM = re.compile(r"^\s*(first(ly)?|second(ly)?|third(ly)?|fourth(ly)?|fifth(ly)?|next|finally|lastly|"
                   r"in addition|moreover|furthermore)\b", re.IGNORECASE)
HEADING_MAX_WORDS = 20   # longer lines are prose even without a full stop
# A question alone on its line heads a section when it is this short and one sentence: an
# explainer's "Who approved it?". A quoted one ('"Who pays?"') is someone's words, not a heading.
QUESTION_HEADING_MAX_WORDS = 12
_QUESTION_LINE = re.compile(r"^(?![\"'“‘«])[^.!?]+\?$")
LABEL_MAX_WORDS = 6      # "Western Conditionalities:" labels an item; a long clause before a colon does not
# A plain paragraph after an intro is one of its items when it is this short: list items are a
# sentence or two, while the prose after a colon ("He said:" then a quote) runs longer.
ITEM_MAX_WORDS = 60


@dataclass(frozen=True)
class Section:
    id: int
    title: str
    start: int          # the heading's span in the article
    end: int
    level: int
    parent: int         # -1 at the top
    numbered: bool      # one of a run of sibling headings: numbered, or announced by an intro


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    kind: str           # heading | item | intro | text
    section: int        # the innermost section it is in (its own, for a heading); -1 before any


@dataclass(frozen=True)
class Outline:
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...] = field(default=())

    def path(self, section: int) -> list[str]:
        """Heading titles from the top down to `section`."""
        out = []
        while section >= 0:
            s = self.sections[section]
            out.append(s.title)
            section = s.parent
        return out[::-1]

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph holding character `offset` (the one before it, between two)."""
        lo = 0
        for i, p in enumerate(self.paragraphs):
            if p.start <= offset:
                lo = i
            else:
                break
        return lo

    def to_json(self) -> dict:
        return {"p": [[p.start, p.end, p.kind, p.section] for p in self.paragraphs],
                "s": [[s.id, s.title, s.start, s.end, s.level, s.parent, int(s.numbered)] for s in self.sections]}

    @classmethod
    def from_json(cls, d: dict) -> "Outline":
        return cls(tuple(Paragraph(*p) for p in d.get("p", ())),
                   tuple(Section(s[0], s[1], s[2], s[3], s[4], s[5], bool(s[6])) for s in d.get("s", ())))


def kind_of(line: str) -> str:
    """heading, item, intro or text, from one paragraph's text."""
    s = line.strip()
    n = len(words(s))
    if _MARKDOWN.match(s):
        return "heading"
    if _SYMBOL_BULLET.match(s):
        return "item"
    if "\n" not in s and 0 < n <= HEADING_MAX_WORDS and not _END.search(s) and not s.endswith((":", ",", ";")):
        return "heading"
    if "\n" not in s and 0 < n <= QUESTION_HEADING_MAX_WORDS and _QUESTION_LINE.match(s):
        return "heading"
    if s.endswith(":"):
        return "intro"
    if _BULLET.match(s):
        return "item"
    m = _LABEL.match(s)
    if m and len(words(m.group(1))) <= LABEL_MAX_WORDS and len(words(m.group(2))) >= 5 and _END.search(s):
        return "item"
    return "text"


def enumerated(sentence: str) -> bool:
    """A sentence that opens with an enumerating word ("First, ...", "Finally, ...")."""
    return bool(_ENUM.match(sentence))


def announced(intro: str) -> int:
    """The number of items an intro announces ("Three problems worried the council:"), or 0."""
    for w in words(intro):
        if w in NUMBER_WORDS:
            return NUMBER_WORDS[w]
        if w.isdigit() and 1 < int(w) <= 20:
            return int(w)
    return 0


def _last_sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?][\"'’”)])\s+|(?<=[.!?])\s+", paragraph.strip())[-1]


def _plain_items(text: str, paragraphs: list["Paragraph"]) -> list["Paragraph"]:
    """Mark the short plain paragraphs that follow an intro as its items (see the docstring)."""
    out = list(paragraphs)
    for i, p in enumerate(out):
        if p.kind != "intro":
            continue
        # The count is the intro sentence's ("they learn three core skills:"), not the first
        # number of its paragraph ("completes a six-week course. On the course, ...").
        want = announced(_last_sentence(text[p.start:p.end]))
        run = []
        for j in range(i + 1, len(out)):
            q = out[j]
            if q.kind != "text" or len(words(text[q.start:q.end])) > ITEM_MAX_WORDS or (want and len(run) == want):
                break
            run.append(j)
        if len(run) >= 2 and (not want or len(run) == want):
            for j in run:
                out[j] = Paragraph(out[j].start, out[j].end, "item", out[j].section)
    return out


def outline(text: str) -> Outline:
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    current = -1        # innermost open section
    # After an intro ("...:"), headings of the style of the first one (numbered or plain) are
    # the announced items; a heading of the other style ends the list.
    intro_style = None
    for a, b in paragraph_spans(text):
        line = text[a:b]
        kind = kind_of(line)
        if kind == "intro":
            intro_style = "pending"
        elif kind in ("item", "text") and intro_style == "pending":
            intro_style = None  # the announced list was items or prose, not headings
        elif kind == "heading":
            md = _MARKDOWN.match(line)
            numbered = bool(_NUMBERED.match(line)) and not (md and len(md.group(1)) == 1)
            style = "numbered" if numbered else "plain"
            intro_style = style if intro_style == "pending" else intro_style
            member = numbered or intro_style == style
            if intro_style != style:
                intro_style = None
            if md:
                level = len(md.group(1))
            else:
                top = next((x for x in reversed(sections) if not x.numbered), None)
                level = top.level + 1 if member and top is not None else 1
            parent = current
            while parent >= 0 and sections[parent].level >= level:
                parent = sections[parent].parent
            sections.append(Section(len(sections), _MARKDOWN.sub("", line).strip(), a, b, level, parent, member))
            current = len(sections) - 1
        paragraphs.append(Paragraph(a, b, kind, current))
    return Outline(tuple(_plain_items(text, paragraphs)), tuple(sections))
