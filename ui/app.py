"""The Gradio app: chat with cited answers, a passage viewer, and an Articles tab.

Every [n] in an answer is a link `#cite-TURN-N`; a small script (HEAD_JS) catches clicks on
them and writes "TURN-N" into a hidden textbox, whose change event shows that citation
inside its article, highlighted and scrolled into view. `/ask` is the API endpoint for
scripts (`gradio_client.Client(url).predict(q, api_name="/ask")`). Errors become
`gr.Warning`/`gr.Error` messages; article text is escaped (ui.render) and never rendered
as HTML. Leaves out user accounts: Gradio's auth covers the shared-deployment case.
"""
from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

import index
from rag import Answer, Pipeline, RagError
from rag.types import Citation

from .render import answer_markdown, empty_viewer, passage_html, source_choices
from .uploads import UploadError, save_upload

log = logging.getLogger("ui")

EXAMPLES = [
    "When did Russian peacekeepers withdraw from Karabakh?",
    "Why did relations between Azerbaijan and Russia deteriorate?",
    "Which energy projects connect the Caspian to Europe without passing through Russia?",
    "When did Pashinyan come to power?",
    "What do the articles say about the CSTO?",
]

CSS = """
#cite-box {display: none !important;}
.article-view {max-height: 460px; overflow-y: auto; padding: 10px 12px; border: 1px solid var(--border-color-primary);
  border-radius: 8px; line-height: 1.55;}
.article-view.empty {color: var(--body-text-color-subdued); font-style: italic;}
.article-title {font-weight: 600; margin-bottom: 6px;}
.article-file {font-weight: 400; color: var(--body-text-color-subdued); font-size: 0.9em;}
.article-text {white-space: pre-wrap;}
mark.hl {background: #fff3b0; color: inherit; padding: 1px 0;}
mark.hl .quote {background: #ffd54f; font-weight: 500;}
"""

# Clicks on [n] links in the chat select that citation (through the hidden #cite-box).
HEAD_JS = """
<script>
document.addEventListener('click', function (e) {
  const a = e.target.closest && e.target.closest('a[href^="#cite-"]');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  const key = a.getAttribute('href').slice(6) + '@' + Date.now();
  const box = document.querySelector('#cite-box textarea, #cite-box input');
  if (!box) return;
  box.value = key;
  box.dispatchEvent(new Event('input', {bubbles: true}));
}, true);
</script>
"""
SCROLL_JS = "() => { setTimeout(() => { const m = document.getElementById('hl'); if (m) m.scrollIntoView({block: 'center'}); }, 150); }"


def _citations(a: Answer) -> list[dict]:
    return [{"source": c.source, "title": c.title, "text": c.text, "start": c.start, "end": c.end,
             "score": c.score, "quotes": [list(q) for q in c.quotes]} for c in (a.citations or a.candidates)]


def _from_dict(d: dict) -> Citation:
    return Citation(source=d["source"], title=d["title"], text=d["text"], start=d["start"], end=d["end"],
                    score=d["score"], quotes=tuple(tuple(q) for q in d.get("quotes", ())))


def build_app(pipeline: Pipeline) -> gr.Blocks:
    settings = pipeline.settings
    uploads_dir = settings.index.data_dir / "uploads"

    def view(turn_cites: dict, turn: int, n: int) -> str:
        cites = turn_cites.get(str(turn)) or []
        if not 1 <= n <= len(cites):
            return empty_viewer("That citation is no longer available.")
        c = _from_dict(cites[n - 1])
        text = pipeline.store.article_text(c.source)
        if text is None or text[c.start:c.end] != c.text:
            return empty_viewer("That article has changed since this answer; ask again to cite the new version.")
        return passage_html(text, c)

    def respond(message: str, history: list, turn_cites: dict, backend: str, k: int):
        history = list(history or [])
        q = (message or "").strip()
        if not q:
            gr.Warning("Type a question about the articles first.")
            yield history, turn_cites, gr.update(), gr.update(), message
            return
        prior = [m for m in history if isinstance(m, dict) and m.get("role") == "user"]
        history.append({"role": "user", "content": q})
        history.append({"role": "assistant", "content": "…"})
        turn = len(history) - 1
        yield history, turn_cites, gr.update(), gr.update(), ""
        try:
            streamed = ""
            final = None
            for event in pipeline.stream(q, prior, backend=backend, k=int(k)):
                if isinstance(event, Answer):
                    final = event
                else:
                    streamed += event
                    history[-1] = {"role": "assistant", "content": streamed}
                    yield history, turn_cites, gr.update(), gr.update(), ""
        except RagError as e:
            history.pop(); history.pop()
            gr.Warning(str(e))
            yield history, turn_cites, gr.update(), gr.update(), q
            return
        except Exception as e:  # never a traceback in the page
            log.exception("answer failed")
            history.pop(); history.pop()
            raise gr.Error(f"Something went wrong while answering ({type(e).__name__}). "
                           "The details are in the server log; try again or rephrase.") from None
        history[-1] = {"role": "assistant", "content": answer_markdown(final, turn)}
        turn_cites = {**turn_cites, str(turn): _citations(final)}
        choices = source_choices(final)
        first = view(turn_cites, turn, 1) if final.citations else empty_viewer(
            "The articles don't cover this. Pick one of the closest passages to read it anyway.")
        yield (history, turn_cites, gr.update(choices=choices, value=None, label=f"Sources for answer {turn // 2 + 1}"),
               first, "")

    def on_cite(key: str, turn_cites: dict):
        try:
            turn, n = (int(x) for x in key.split("@")[0].split("-")[:2])
        except ValueError:
            return gr.update(), gr.update()
        return view(turn_cites, turn, n), gr.update(value=str(n))

    def on_source(choice: str, turn_cites: dict):
        if not choice or not turn_cites:
            return gr.update()
        turn = max(int(t) for t in turn_cites)
        return view(turn_cites, turn, int(choice))

    def ask_api(question: str) -> dict:
        """Answer one question; returns the answer with its citations as JSON."""
        try:
            return pipeline.answer(question).to_dict()
        except RagError as e:
            raise gr.Error(str(e)) from None

    def articles_table():
        rows = [[a.title, a.id, a.chunks, a.date or ""] for a in pipeline.store.current_articles()]
        return gr.update(value=rows)

    def add_files(files, progress=gr.Progress()):
        if not files:
            gr.Warning("Choose one or more .txt, .md or .html files first.")
            return articles_table(), None
        saved = []
        for f in files:
            path = getattr(f, "name", None) or str(f)
            orig = getattr(f, "orig_name", None) or Path(path).name
            try:
                saved.append(save_upload(path, orig, uploads_dir, settings.index.max_file_bytes))
            except UploadError as e:
                gr.Warning(str(e))
        if not saved:
            return articles_table(), None
        try:
            report = index.build(saved, settings=settings.index, embedder=pipeline.embedder, store=pipeline.store,
                                 prune=False, progress=lambda frac, msg: progress(frac, desc=msg))
        except index.IndexError_ as e:
            raise gr.Error(str(e)) from None
        pipeline.refresh()
        for path, reason in report.skipped:
            gr.Warning(f"{Path(path).name}: {reason}")
        done = report.added + report.updated
        if done:
            gr.Info(f"Indexed {', '.join(done)}: you can ask about {'it' if len(done) == 1 else 'them'} now.")
        elif report.unchanged:
            gr.Info(f"Already indexed: {', '.join(report.unchanged)}.")
        return articles_table(), None

    with gr.Blocks(title="Ask the articles") as app:
        gr.Markdown("## Ask the articles\nAnswers quote the articles and cite every sentence. "
                    "Click a **[n]** to read that passage in its article. When the articles don't say, the bot says so.")
        turn_cites = gr.State({})
        with gr.Tab("Ask"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Conversation", height=460, sanitize_html=True,
                                      buttons=["copy"], elem_id="chat")
                    with gr.Row():
                        box = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False,
                                         scale=5, max_lines=4, elem_id="question", autofocus=True)
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
                    gr.Examples(EXAMPLES, inputs=box, label="Try")
                    with gr.Accordion("Settings", open=False):
                        backend = gr.Dropdown(["extractive", "openai", "llamacpp"], value=settings.backend,
                                              label="Answer backend",
                                              info="extractive needs no LLM; the others use RAG_LLM_* settings")
                        k = gr.Slider(3, 10, value=settings.k, step=1, label="Passages to read per question")
                    clear = gr.Button("New conversation", size="sm")
                with gr.Column(scale=2):
                    sources = gr.Radio(choices=[], label="Sources", elem_id="sources")
                    viewer = gr.HTML(empty_viewer(), elem_id="passage")
            cite_box = gr.Textbox(elem_id="cite-box", show_label=False, container=False)
        with gr.Tab("Articles"):
            table = gr.Dataframe(headers=["title", "file", "chunks", "date"], interactive=False, wrap=True)
            upload = gr.File(label="Add articles (.txt, .md, .html)", file_count="multiple",
                             file_types=[".txt", ".md", ".html", ".htm"])
            add = gr.Button("Index these files", variant="primary")

        outs = [chat, turn_cites, sources, viewer, box]
        ins = [box, chat, turn_cites, backend, k]
        send.click(respond, ins, outs, api_visibility="private").then(None, js=SCROLL_JS)
        box.submit(respond, ins, outs, api_visibility="private").then(None, js=SCROLL_JS)
        cite_box.change(on_cite, [cite_box, turn_cites], [viewer, sources], api_visibility="private").then(None, js=SCROLL_JS)
        sources.input(on_source, [sources, turn_cites], viewer, api_visibility="private").then(None, js=SCROLL_JS)
        clear.click(lambda: ([], {}, gr.update(choices=[], value=None, label="Sources"), empty_viewer()),
                    None, [chat, turn_cites, sources, viewer], api_visibility="private")
        add.click(add_files, [upload], [table, upload], api_visibility="private")
        app.load(articles_table, None, table, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return app
