"""Write an evaluation `Report` as report.json, report.md and a self-contained report.html.

Each report shows the system beside the plain baseline on the same questions: the headline
metrics, the same broken down by question type and by split, the ten worst questions with
the answer given, and every question. The HTML embeds its plots (matplotlib, PNG as data
URIs) and escapes every piece of article and answer text: nothing from the corpus is
rendered as markup. Leaves out interactivity; the JSON is there for anything fancier.
"""
from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from .runner import Report, Row

TYPE_METRICS = {"dev": ("key_fact_recall", "truthfulness", "recall@5", "abstained"),
                "squad2": ("answer_hit", "citation_hit", "truthfulness", "abstained"),
                "feedback": ("changed", "answer_words", "abstained")}


def _fmt(v) -> str:
    if v is None:
        return "n/a"
    return f"{v:.1f}" if isinstance(v, float) and abs(v) >= 10 else (f"{v:.3f}" if isinstance(v, float) else str(v))


def _columns(report: Report) -> list[Report]:
    return [report] + ([report.baseline] if report.baseline else [])


_MEANS_SHOWN = ("recall@5", "mrr", "key_fact_recall", "answer_hit", "citation_hit", "truthfulness", "citation_recall",
                "citation_precision", "faithfulness", "answer_words")


def summary_table(report: Report) -> str:
    cols = _columns(report)
    lines = ["| metric | " + " | ".join(c.system for c in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    extra = [m for m in report.summary if m not in report.headline and m not in ("n",) and m not in _MEANS_SHOWN
             and report.summary.get(m) is not None]
    for m in list(report.headline) + extra:
        lines.append(f"| {m} | " + " | ".join(_fmt(c.summary.get(m)) for c in cols) + " |")
    lines.append("| n | " + " | ".join(str(c.summary["n"]) for c in cols) + " |")
    return "\n".join(lines)


def _abstained(report: Report, group) -> str:
    rows = [r for r in report.rows if group(r)]
    return f"{sum(r.abstained for r in rows)}/{len(rows)}"


def group_table(report: Report, by: str) -> str:
    """Per type (or split): each metric as system / baseline."""
    groups = report.by_type if by == "type" else report.by_split
    key = (lambda g: lambda r: r.type == g) if by == "type" else (lambda g: lambda r: r.split == g)
    metrics = TYPE_METRICS.get(report.kind, TYPE_METRICS["dev"])
    lines = (["Each cell: system / baseline; abstained counts the system's abstentions.", ""] if report.baseline else [])
    lines += [f"| {by} | n | " + " | ".join(metrics) + " |", "|---|---|" + "---|" * len(metrics)]
    for g, s in groups.items():
        cells = []
        for m in metrics:
            if m == "abstained":
                cells.append(_abstained(report, key(g)))
                continue
            cell = _fmt(s.get(m))
            if report.baseline:
                cell += " / " + _fmt(report.baseline.by_type.get(g, {}).get(m) if by == "type"
                                     else report.baseline.by_split.get(g, {}).get(m))
            cells.append(cell)
        lines.append(f"| {g} | {s['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _badness(r: Row):
    t = r.metrics["truthfulness"].value if "truthfulness" in r.metrics else None
    second = (r.metrics.get("key_fact_recall") or r.metrics.get("answer_hit") or r.metrics.get("changed")).value
    return (t if t is not None else 1, second if second is not None else 1, -r.latency_ms)


def worst(report: Report, n: int = 10) -> list[Row]:
    return sorted([r for r in report.rows if r.failure], key=_badness)[:n]


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    out = [f"# Evaluation: {report.system} on `{report.set_name}`", "",
           f"Judge **{report.judge}** (citation and faithfulness metrics; key facts decide truthfulness) · "
           f"{report.meta.get('time', '')} · sample {report.meta.get('sample') or 'all'}", "",
           summary_table(report), "", "## By question type", "", group_table(report, "type"), "",
           "## By split", "", group_table(report, "split"), "", "## Ten worst questions", ""]
    for r in worst(report):
        out.append(f"- **{r.id}** ({r.type}, {r.split}) {_cell(r.question)}\n  - answer: {_cell(r.answer[:300])}"
                   f"\n  - why: {_cell(r.failure)}")
    out += ["", "## Per question", "", "| id | type | split | question | answer | failure |", "|---|---|---|---|---|---|"]
    for r in report.rows:
        out.append(f"| {r.id} | {r.type} | {r.split} | {_cell(r.question)} | {_cell(r.answer[:200])} | {_cell(r.failure)} |")
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
    metrics = [m for m in TYPE_METRICS.get(report.kind, TYPE_METRICS["dev"]) if m != "abstained"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    w = 0.8 / len(metrics)
    for i, m in enumerate(metrics):
        ax.bar([x + i * w for x in range(len(types))], [report.by_type[t].get(m) or 0 for t in types], width=w, label=m)
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


def _md_table_html(md: str) -> str:
    e = html.escape
    lines = [ln for ln in md.splitlines() if ln.startswith("|") and not ln.startswith("|---")]
    return "<table class='sum'>" + "".join(
        "<tr>" + "".join(f"<td>{e(c.strip())}</td>" for c in ln.strip().strip("|").split("|")) + "</tr>"
        for ln in lines) + "</table>"


def to_html(report: Report) -> str:
    e = html.escape
    rows = []
    for r in report.rows:
        cites = "".join(f"<details><summary>[{c['n']}] {e(c['title'])} — {e(c['source'])} "
                        f"[{c['start']}:{c['end']}]</summary><blockquote>{e(c['text'])}</blockquote></details>"
                        for c in r.citations)
        mets = "<br>".join(f"{e(k)}: {_fmt(v.value)}" for k, v in r.metrics.items())
        rows.append(f"<tr class='{'fail' if r.failure else 'ok'}'><td>{e(r.id)}<br><small>{e(r.type)} · "
                    f"{e(r.split)}</small></td><td>{e(r.question)}</td><td>{e(r.answer)}{cites}</td>"
                    f"<td><small>{mets}</small></td><td>{e(r.failure)}</td></tr>")
    worst_html = "".join(f"<li><b>{e(r.id)}</b> ({e(r.type)}) {e(r.question)}<br><i>{e(r.answer[:300])}</i>"
                         f"<br><small>{e(r.failure)}</small></li>" for r in worst(report))
    imgs = "".join(f"<figure><img src='{src}' alt='{e(t)}'><figcaption>{e(t)}</figcaption></figure>"
                   for t, src in plots(report))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Evaluation — {e(report.set_name)}</title>
<style>body{{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}}table{{border-collapse:collapse;margin-bottom:1em}}
td{{border:1px solid #ddd;padding:4px 6px;vertical-align:top}}tr.fail td{{background:#fff4f4}}
table.sum td:first-child{{font-weight:600}}blockquote{{margin:4px 0 8px 10px;color:#333;white-space:pre-wrap}}
figure{{display:inline-block;margin:0 1em 1em 0}}</style></head><body>
<h1>Evaluation: {e(report.system)} on <code>{e(report.set_name)}</code></h1><p>Judge <b>{e(report.judge)}</b>
(citation and faithfulness; key facts decide truthfulness) · {e(report.meta.get('time', ''))}</p>
{_md_table_html(summary_table(report))}<h2>By question type</h2>{_md_table_html(group_table(report, "type"))}
<h2>By split</h2>{_md_table_html(group_table(report, "split"))}{imgs}<h2>Ten worst questions</h2><ol>{worst_html}</ol>
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
