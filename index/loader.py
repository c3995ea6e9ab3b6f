"""Read article files (.txt, .md, .html) into `Article`s: cleaned body text plus metadata.

Checks come first and fail per file with a `LoadError` naming the file and the reason:
unsupported type, empty, too large, binary, not UTF-8. HTML goes through trafilatura (a
well-kept extractor) before the same line rules as text; Markdown front matter
(`title:`, `author:`, `date:`) and a leading `# Heading` become metadata. Leaves out
PDF/DOCX and guessing legacy encodings: re-saving as UTF-8 is the user's one clear fix.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .clean import Removed, clean
from .errors import LoadError

# Bump when cleaning, chunking or annotation changes what the index stores for the same file.
PIPELINE_VERSION = "32"

SUPPORTED = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class Article:
    id: str          # the file name, e.g. "000_5789262eef704622.txt"; what citations show
    path: str
    title: str
    text: str        # cleaned body: what chunks and citations point into
    sha: str         # hash of `text` and metadata: changes when the article does
    raw_sha: str     # hash of the file bytes: spots the same file under another name
    byline: str = ""
    date: str = ""
    site: str = ""
    removed: tuple[Removed, ...] = field(default=(), repr=False)


def _decode(path: Path, data: bytes, max_bytes: int) -> str:
    if path.suffix.lower() not in SUPPORTED:
        raise LoadError(path, f"unsupported file type '{path.suffix or '(none)'}'",
                        "use .txt, .md or .html")
    if not data.strip():
        raise LoadError(path, "file is empty", "nothing to index")
    if len(data) > max_bytes:
        raise LoadError(path, f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit",
                        "split it or raise RAG_MAX_FILE_BYTES")
    head = data[:8192]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) * 0.05:
        raise LoadError(path, "looks like a binary file, not text", "export it as .txt, .md or .html")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LoadError(path, f"is not valid UTF-8 (byte {e.start})", "re-save it as UTF-8") from None


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def _markdown(text: str) -> tuple[str, dict]:
    meta: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            k, _, v = line.partition(":")
            if v.strip():
                meta[k.strip().lower()] = v.strip().strip("\"'")
        text = text[m.end():]
    h = re.match(r"\s*#\s+(.+)\n", text)
    if h and "title" not in meta:
        meta["title"] = h.group(1).strip()
        text = text[h.end():]
    return text, meta


def _html(path: Path, text: str) -> tuple[str, dict]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=True) or ""
    md = trafilatura.extract_metadata(text)
    meta = {}
    if md is not None:
        meta = {k: v for k, v in {"title": md.title, "author": md.author, "date": md.date,
                                  "site": md.sitename}.items() if v}
    if not body.strip():
        raise LoadError(path, "no article text found in the HTML", "check it is an article page")
    return body, meta


def parse(path: Path | str, data: bytes, max_bytes: int = 5_000_000, name: str | None = None) -> Article:
    """Turn one file's bytes into an Article, or raise LoadError."""
    path = Path(path)
    text = _decode(path, data, max_bytes)
    kind = SUPPORTED[path.suffix.lower()]
    meta: dict[str, str] = {}
    if kind == "markdown":
        text, meta = _markdown(text)
    elif kind == "html":
        text, meta = _html(path, text)
    c = clean(text, fallback_title=meta.get("title", ""))
    if not c.text.strip():
        raise LoadError(path, "no article text left after removing site boilerplate",
                        "run `python -m index show` on it to see what was removed")
    title = meta.get("title") or c.title
    byline = meta.get("author", "") and f"By {meta['author']}" or c.byline
    date, site = meta.get("date") or c.date, meta.get("site") or c.site
    article_id = name or path.name
    # The pipeline version is part of the identity: new cleaning, chunking or annotation code
    # re-indexes every article on the next build, as a changed file would be.
    sha = hashlib.sha256("\x00".join([PIPELINE_VERSION, article_id, title, byline, date, site, c.text])
                         .encode("utf-8", "surrogatepass")).hexdigest()
    return Article(id=article_id, path=str(path), title=title, text=c.text, sha=sha,
                   raw_sha=hashlib.sha256(data).hexdigest(), byline=byline, date=date,
                   site=site, removed=c.removed)


def load(path: Path | str, max_bytes: int = 5_000_000) -> Article:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(path, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                            "split it or raise RAG_MAX_FILE_BYTES")
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot be read: {e.strerror or e}") from None
    return parse(path, data, max_bytes)


def discover(paths: list[Path | str]) -> list[Path]:
    """Files under the given paths, sorted; directories are walked, hidden files skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file()
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out
