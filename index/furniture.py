"""Page furniture: the lines of a copied web page that are not its article.

Each rule has a name (shown by `python -m index show`): menus and share buttons, consent and
newsletter lines, breadcrumbs, copyright lines, image captions, links to other stories. The
lines a rule removes are kept as `Removed` with the rule's name; those linking to other stories
(`link_lines`) are kept with the article too (rag.decide.headlines). Leaves out where the
article starts and ends and what the page says about itself (title, byline, date, site:
index.clean).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import words

_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _rx(*alts: str) -> re.Pattern:
    return re.compile(r"^(?:" + "|".join(alts) + r")$", re.IGNORECASE)


_NETWORK = r"(?:facebook|x|twitter|email|e-mail|whatsapp|linkedin|reddit|telegram|bluesky|threads|messenger)"
_ACCOUNT = r"(?:subscribe|sign in|sign up|log ?in|log out|register|my account|donate|e-?paper|newsletters?)"
# "Share · Save · Print": a bare verb is a button only among others (a whole line of them)
_BUTTON = rf"(?:(?:share|post|send)\s+(?:on|via|to|by)\s+{_NETWORK}|{_NETWORK}|copy link|print|share|save|bookmark|comment)"

# (reason, whole-line pattern). A line matching any of these is not article text.
LINE_RULES: list[tuple[str, re.Pattern]] = [
    ("navigation", _rx(r"back to top", r"home", r"latest", r"spot_img", r"accept", r"search",
                       r"follow us", r"font resizer\w*", r"menu", r"skip to (main )?content",
                       r"sign in( to your account)?", r"welcome back!?", r"lost your password\??",
                       r"log ?in", r"register", r"share( this)?( article)?", r"print",
                       r"(\S+\.\S+){2,}")),  # a site name scraped twice, e.g. "Herald.comHerald.com"
    # a site's menu, each entry a word or two: "Home | News | Business | Sport | Opinion"
    ("navigation", _rx(r"(?:[A-Za-z&'’ ]{1,24}\s*[|·•]\s*){3,}[A-Za-z&'’ ]{1,24}", r"advertisement", r"sponsored",
                       # the reader's account links: "Subscribe | Sign in"
                       rf"{_ACCOUNT}(?:\s*[|·•/]\s*{_ACCOUNT})+")),
    # buttons to share the page: "Share this article: Facebook | X | Email | Copy link"
    ("share buttons", _rx(r"share(?: this)?(?: article| page| story)?\s*[:|-]?\s*(?:\[?(?:facebook|x|twitter|email|e-mail|"
                          r"whatsapp|linkedin|copy link|f|in|reddit|telegram|print)\]?[\s|·•,]*)+",
                          # ... each button its own: "Share on Facebook | Share on X | Copy link"
                          rf"{_BUTTON}(?:\s*[|·•,]\s*{_BUTTON})+")),
    ("cookie/consent", _rx(r".{0,120}\b(cookies?|privacy policy|terms of (use|service))\b.{0,120}")),
    ("newsletter", _rx(r"stay ahead with .*", r".*straight to your inbox\.?",
                       r".*\bsubscribe\b.{0,60}\bnewsletter\b.*", r"sign up for .{0,60}newsletter.*",
                       r".{0,40}\bnewsletter\b.{0,20}\bsign up\b.{0,60}",
                       # "Get the Echo's morning briefing in your inbox - sign up here"
                       r".{0,60}\bin(?:to)? your inbox\b.{0,60}", r".{0,60}\bsign up (?:here|now|today)\b.{0,20}")),
    # a photograph's caption in brackets: "[Photo: Ferries tied up at the quay. Photo: Arne Kvalheim]"
    ("image caption", _rx(r"\[(?:photo|caption|image|picture|pictured)\b[^\]]*\]")),
    # a link to another story set off by an arrow or a quote mark: "→ What is a public service contract?"
    ("related link", _rx(r"(?:→|»|>)\s+\S.{0,150}")),
    ("shortcode", _rx(r"\[[a-z_]+(\s[^\]]*)?\]")),
    ("bullet menu item", _rx(r"\s*[•·▪◦*-]\s*\S.{0,40}")),
    ("breadcrumb", _rx(r".+ > .+")),
    ("copyright", _rx(r"(©|\(c\)|copyright)\s.*")),
    ("hashtags", _rx(r"\s*(#\w+[\s,]*){2,}")),
    ("comments", _rx(r"no comments", r"\d+ comments?", r"leave a (comment|reply)")),
    ("contact", _rx(r"e-?mail:\s*\S+@\S+")),
    ("read time", _rx(r".{0,40}\b\d+ min read")),
    # A link to another story between paragraphs: "Related: Council sets date for harbour festival"
    # (kept with the article: rag.decide.headlines answers questions about it with "not covered").
    ("related link", _rx(r"(related|see also|also read|read also|read more|more on this( story)?|recommended)"
                         r"\s*:\s*\S.{0,200}")),
]

# Lines that introduce a list of links to other stories only when one follows ("Related:", "More from
# Opinion", "More interviews:"): alone, such words may head a section of the article.
LIST_LEADS = _rx(r"(?:related|see also|read next|what to read next|more (?:from|in|on) [\w&'’ -]{1,30}|more [a-z]+s)\s*:?")

# Headings that introduce link lists; after the body has begun they end it.
LINK_LIST_HEADINGS = _rx(
    r"related (posts|articles|stories)", r"you might also like", r"new articles",
    r"popular (articles|posts)", r"more (stories|articles)", r"read more", r"useful links",
    r"(further|additional) reading( on .*)?", r"recommended( for you)?",
    r"most read", r"trending( now)?")

# Short lines that look like an image file's name: "Azerbaijan pakistan relations 1200x781".
_CAPTION_HINTS = re.compile(
    r"\b\d{2,5}x\d{1,5}\b|\.(jpe?g|png|gif|webp|svg)\b|\b[0-9a-f]{8,}\b|\b\d{8,}\b"
    r"|^\w+(,\w+){3,}|\blogo\d*\b|\ben\.\d", re.IGNORECASE)


@dataclass(frozen=True)
class Removed:
    line: str
    reason: str


# The reasons for lines that link to other stories. Their text is embedded at index time and
# kept with the article (rag.decide.headlines: a question about a linked story is not covered).
LINK_REASONS = ("link list / footer", "related link")


def link_lines(removed) -> list[str]:
    """The removed lines (Removed, or (line, reason) pairs) that link to other stories, in order."""
    pairs = [(r.line, r.reason) if isinstance(r, Removed) else tuple(r) for r in removed]
    return [line for line, reason in pairs if reason in LINK_REASONS]


def line_rule(line: str) -> str | None:
    """The reason a line is boilerplate, or None when it may be article text."""
    s = line.strip()
    for reason, rx in LINE_RULES:
        if rx.match(s):
            return reason
    if len(words(s)) <= 12 and not _SENT_END.search(s) and _CAPTION_HINTS.search(s):
        return "image caption"
    return None
