"""Command line: `python -m rag ask "QUESTION" [--backend NAME] [--json]`, or `python -m rag chat`."""
from __future__ import annotations

import argparse
import json
import sys

from . import Answer, Pipeline, RagError, Settings
from .settings import BACKENDS


def _print(a: Answer) -> None:
    if a.notice:
        print(f"note: {a.notice}\n")
    print(a.text)
    if a.abstained and a.candidates:
        print("\nClosest passages (they do not answer the question):")
    for i, c in enumerate(a.citations or a.candidates, 1):
        label = f"[{i}]" if a.citations else " -"
        cos = "" if c.cosine is None else f", cosine {c.cosine:.2f}"
        print(f"\n{label} {c.title} — {c.source} [{c.start}:{c.end}]{cos}")
        print("    " + " ".join(c.text.split())[:600])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rag", description="Ask the articles a question.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ask", help="answer one question with numbered sources")
    a.add_argument("question")
    a.add_argument("--backend", choices=BACKENDS)
    a.add_argument("--json", action="store_true", help="print the Answer as JSON")
    c = sub.add_parser("chat", help="an interactive question prompt in the terminal")
    c.add_argument("--backend", choices=BACKENDS)
    args = ap.parse_args(argv)
    try:
        settings = Settings.from_env(**({"backend": args.backend} if args.backend else {}))
        pipe = Pipeline(settings)
        if args.cmd == "ask":
            ans = pipe.answer(args.question)
            if args.json:
                print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=2))
            else:
                _print(ans)
            return 0
        history: list[dict] = []
        print("Ask about the articles (empty line or Ctrl-D to quit).")
        while True:
            try:
                q = input("\n> ").strip()
            except EOFError:
                return 0
            if not q:
                return 0
            try:
                ans = pipe.answer(q, history)
            except RagError as e:
                print(f"error: {e}")
                continue
            _print(ans)
            history += [{"role": "user", "content": q}, {"role": "assistant", "content": ans.text}]
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
