"""Write an evaluation `Report` as report.json, report.md and a self-contained report.html.

The HTML embeds its plots (matplotlib, PNG as data URIs) and escapes every piece of
article and answer text: nothing from the corpus is rendered as markup. Leaves out
interactivity; the JSON is there for anything fancier.
"""
from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from .runner import HEADLINE, Report


def _fmt(v) -> str:
    if v is None:
        return "n/a"
    return f"{v:.1f}" if isinstance(v, float) and abs(v) >= 10 else (f"{v:.3f}" if isinstance(v, float) else str(v))


def summary_table(report: Report) -> str:
    cols = [report] + ([report.baseline] if report.baseline else [])
    head = "| metric | " + " | ".join(c.system for c in cols) + " |"
    lines = [head, "|---" * (len(cols) + 1) + "|"]
    for m in HEADLINE:
        lines.append(f"| {m} | " + " | ".join(_fmt(c.summary.get(m)) for c in cols) + " |")
    lines.append("| n | " + " | ".join(str(c.summary["n"]) for c in cols) + " |")
    return "\n".join(lines)


def worst(report: Report, n: int = 5):
    def badness(r):
        t = r.metrics["truthfulness"].value
        k = r.metrics["key_fact_recall"].value
        c = r.metrics["citation_recall"].value
        return ((t if t is not None else 1), (k if k is not None else 1), (c if c is not None else 1))
    return sorted([r for r in report.rows if r.failure], key=badness)[:n]


def to_markdown(report: Report) -> str:
    out = [f"# Evaluation: {report.system}", "",
           f"Set `{report.set_path}` · judge **{report.judge}** (citation and faithfulness metrics) · "
           f"{report.meta.get('time', '')}", "", summary_table(report), "", "## By question type", "",
           "| type | n | recall@5 | key_fact_recall | citation_recall | truthfulness | abstained |", "|---|---|---|---|---|---|---|"]
    for t, s in report.by_type.items():
        ab = sum(r.abstained for r in report.rows if r.type == t)
        out.append(f"| {t} | {s['n']} | {_fmt(s['recall@5'])} | {_fmt(s['key_fact_recall'])} | "
                   f"{_fmt(s['citation_recall'])} | {_fmt(s['truthfulness'])} | {ab} |")
    out += ["", "## Worst questions", ""]
    for r in worst(report):
        out.append(f"- **{r.id}** ({r.type}) {r.question} — {r.failure}")
    out += ["", "## Per question", "", "| id | type | question | answer | failure |", "|---|---|---|---|---|"]
    for r in report.rows:
        cell = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
        out.append(f"| {r.id} | {r.type} | {cell(r.question)} | {cell(r.answer[:200])} | {cell(r.failure)} |")
    return "\n".join(out) + "\n"


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def plots(report: Report) -> list[tuple[str, str]]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = []
    types = list(report.by_type)
    fig, ax = plt.subplots(figsize=(8, 3.2))
    metrics = ["recall@5", "key_fact_recall", "truthfulness"]
    w = 0.8 / len(metrics)
    for i, m in enumerate(metrics):
        vals = [report.by_type[t].get(m) or 0 for t in types]
        ax.bar([x + i * w for x in range(len(types))], vals, width=w, label=m)
    ax.set_xticks([x + w for x in range(len(types))], types, rotation=30, ha="right")
    ax.axhline(0, color="black", lw=0.5)
    ax.set_title("Scores by question type")
    ax.legend(fontsize=8)
    out.append(("Scores by question type", _png(fig)))
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 2.8))
    ax.hist([r.latency_ms for r in report.rows], bins=20, alpha=0.7, label=report.system[:30])
    if report.baseline:
        ax.hist([r.latency_ms for r in report.baseline.rows], bins=20, alpha=0.6, label="baseline")
    ax.set_xlabel("ms per answer")
    ax.set_title("Latency distribution")
    ax.legend(fontsize=8)
    out.append(("Latency", _png(fig)))
    plt.close(fig)
    return out


def to_html(report: Report) -> str:
    e = html.escape
    rows = []
    for r in report.rows:
        cites = "".join(f"<details><summary>[{c['n']}] {e(c['title'])} — {e(c['source'])} "
                        f"[{c['start']}:{c['end']}]</summary><blockquote>{e(c['text'])}</blockquote></details>"
                        for c in r.citations)
        mets = "<br>".join(f"{e(k)}: {_fmt(v.value)}" for k, v in r.metrics.items())
        rows.append(f"<tr class='{'fail' if r.failure else 'ok'}'><td>{e(r.id)}<br><small>{e(r.type)}</small></td>"
                    f"<td>{e(r.question)}</td><td>{e(r.answer)}{cites}</td><td><small>{mets}</small></td>"
                    f"<td>{e(r.failure)}</td></tr>")
    summary = summary_table(report).splitlines()
    table = "<table class='sum'>" + "".join(
        "<tr>" + "".join(f"<td>{e(c.strip())}</td>" for c in line.strip("|").split("|")) + "</tr>"
        for i, line in enumerate(summary) if i != 1) + "</table>"
    imgs = "".join(f"<figure><img src='{src}' alt='{e(t)}'><figcaption>{e(t)}</figcaption></figure>"
                   for t, src in plots(report))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Evaluation — {e(report.system)}</title>
<style>body{{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}}table{{border-collapse:collapse}}
td{{border:1px solid #ddd;padding:4px 6px;vertical-align:top}}tr.fail td{{background:#fff4f4}}
table.sum td:first-child{{font-weight:600}}blockquote{{margin:4px 0 8px 10px;color:#333;white-space:pre-wrap}}
figure{{display:inline-block;margin:0 1em 1em 0}}</style></head><body>
<h1>Evaluation: {e(report.system)}</h1><p>Set <code>{e(report.set_path)}</code> · judge <b>{e(report.judge)}</b>
(citation recall/precision and faithfulness) · {e(report.meta.get('time', ''))}</p>{table}{imgs}
<h2>Per question</h2><table><tr><th>id</th><th>question</th><th>answer and citations</th><th>metrics</th>
<th>failure</th></tr>{''.join(rows)}</table></body></html>"""


def write(report: Report, out_dir: Path | str) -> dict[str, Path]:
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    paths = {"json": d / "report.json", "md": d / "report.md", "html": d / "report.html"}
    paths["json"].write_text(json.dumps(report.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
    paths["md"].write_text(to_markdown(report), encoding="utf-8")
    paths["html"].write_text(to_html(report), encoding="utf-8")
    return paths
