"""Command line: `python -m index build|stats|show`. Translates index errors for people."""
from __future__ import annotations

import argparse
import statistics
import sys

from . import Settings, Store, build
from .errors import IndexingError
from .clean import Removed
from .loader import load


def _cmd_build(args, settings) -> int:
    def progress(f, msg):
        if not args.quiet:
            print(f"\r[{f:4.0%}] {msg[:70]:<70}", end="", file=sys.stderr, flush=True)

    report = build(args.paths or None, settings=settings, progress=progress, force=getattr(args, "force", False))
    if not args.quiet:
        print(file=sys.stderr)
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}")
    print(report.summary())
    return 0


def _cmd_ensure(args, settings) -> int:
    from .build import is_stale
    if is_stale(settings):
        print("Building the index of the bundled articles (first run takes ~15 s)...", file=sys.stderr)
        args.paths, args.quiet = [], False
        return _cmd_build(args, settings)
    print(f"Index is up to date ({settings.data_dir}).", file=sys.stderr)
    return 0


def _cmd_stats(args, settings) -> int:
    store = Store(settings)
    arts, chunks = store.current_articles(), store.chunks()
    toks = [c.tokens for c in chunks]
    print(f"store:    {settings.chroma_url or settings.chroma_path} (Chroma: the index), {settings.cache_path} (local cache)")
    print(f"articles: {len(arts)}")
    print(f"chunks:   {len(chunks)}")
    if toks:
        print(f"tokens:   {sum(toks)} total; per chunk min {min(toks)} / median {statistics.median(toks):g} / max {max(toks)}")
    for a in arts:
        print(f"  {a.id:<32} {a.chunks:>4} chunks  {a.title[:60]}")
    return 0


def _cmd_show(args, settings) -> int:
    store = Store(settings)
    target = args.article
    text = store.article_text(target)
    if text is None:  # not indexed: show what indexing would do to the file
        art = load(target, settings.max_file_bytes)
        from .chunker import chunk_text
        text, chunks, title = art.text, chunk_text(art.id, art.text, settings.chunk_tokens), art.title
        removed = art.removed
    else:
        chunks = store.chunks(article_id=target)
        info = next(a for a in store.current_articles() if a.id == target)
        title = info.title
        removed = [Removed(line, why) for line, why in store.removed_lines(info.sha)]
    print(f"# {title}\n")
    pos = 0
    for c in sorted(chunks, key=lambda c: c.start):
        if c.start > pos:
            print(text[pos:c.start], end="")
        if c.start < pos:  # overlap with the previous chunk
            print(f"\n⟦chunk {c.index} starts {pos - c.start} chars back, overlapping⟧")
        print(f"\n⟦chunk {c.index} · {c.tokens} tokens · [{c.start}:{c.end}]⟧\n", end="")
        print(text[max(c.start, pos):c.end], end="")
        pos = max(pos, c.end)
    print(text[pos:])
    if removed:
        print("\n# removed as boilerplate")
        for r in removed:
            print(f"  - {r.reason}: {r.line}")
    return 0


def _cmd_remove(args, settings) -> int:
    from .build import remove
    n = remove(args.article, settings=settings)
    print(f"removed {args.article} ({n} chunks)")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m index", description="Build and inspect the article index.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="index files or folders (default: data/articles)")
    b.add_argument("paths", nargs="*")
    b.add_argument("-q", "--quiet", action="store_true")
    b.add_argument("--force", action="store_true", help="re-index unchanged files too (after code changes)")
    r = sub.add_parser("remove", help="take an article out of the index")
    r.add_argument("article", help="an indexed article id (file name)")
    sub.add_parser("ensure", help="build the bundled articles' index if missing or stale")
    sub.add_parser("stats", help="articles, chunks, tokens, where the store lives")
    s = sub.add_parser("show", help="an article's cleaned text with chunk boundaries marked")
    s.add_argument("article", help="an indexed article id (file name) or a file path")
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    try:
        return {"build": _cmd_build, "ensure": _cmd_ensure, "stats": _cmd_stats, "show": _cmd_show,
                "remove": _cmd_remove}[args.cmd](args, settings)
    except IndexingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
