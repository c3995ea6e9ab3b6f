"""The Gradio app's layout and wiring: chat with cited answers, a passage viewer, an Articles tab.

Every [n] in an answer is a link `#cite-TURN-N`; a small script (HEAD_JS) catches clicks on
them and writes "TURN-N" into a hidden textbox, whose change event shows that citation
inside its article, highlighted and scrolled into view. `/ask` is the API endpoint for
scripts (`gradio_client.Client(url).predict(q, api_name="/ask")`). Errors become
`gr.Warning`/`gr.Error` messages; article text is escaped (ui.render) and never rendered
as HTML. What each event does lives in chat.py and articles.py; this module only lays out
components and connects them. Leaves out user accounts: Gradio's auth covers the
shared-deployment case.
"""
from __future__ import annotations

import gradio as gr

from rag import Pipeline
from rag.settings import BACKENDS

from .articles import Articles
from .chat import Chat
from .render import empty_viewer
from .settings import Settings

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


def _ask_tab(settings) -> dict:
    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="Conversation", height=460, sanitize_html=True, buttons=["copy"], elem_id="chat")
            with gr.Row():
                box = gr.Textbox(placeholder="Ask a question about the articles…", show_label=False,
                                 scale=5, max_lines=4, elem_id="question", autofocus=True)
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
            gr.Examples(EXAMPLES, inputs=box, label="Try")
            scope = gr.Dropdown(choices=[], value=[], multiselect=True, elem_id="scope",
                                label="Answer from these articles only (empty: all articles)")
            with gr.Accordion("Settings", open=False):
                backend = gr.Dropdown(list(BACKENDS), value=settings.backend, label="Answer backend",
                                      info="extractive needs no LLM; the others use RAG_LLM_* settings")
                k = gr.Slider(3, 10, value=settings.k, step=1, label="Passages to read per question")
            clear = gr.Button("New conversation", size="sm")
        with gr.Column(scale=2):
            sources = gr.Radio(choices=[], label="Sources", elem_id="sources")
            viewer = gr.HTML(empty_viewer(), elem_id="passage")
    cite_box = gr.Textbox(elem_id="cite-box", show_label=False, container=False)
    return dict(chat=chat, box=box, send=send, backend=backend, k=k, clear=clear, sources=sources,
                viewer=viewer, cite_box=cite_box, scope=scope)


def _articles_tab() -> dict:
    table = gr.Dataframe(headers=["title", "file", "chunks", "date"], interactive=False, wrap=True)
    upload = gr.File(label="Add articles (.txt, .md, .html)", file_count="multiple",
                     file_types=[".txt", ".md", ".html", ".htm"])
    add = gr.Button("Index these files", variant="primary")
    return dict(table=table, upload=upload, add=add)


def _wire_ask(c: dict, chat: Chat, turns) -> None:
    outs = [c["chat"], turns, c["sources"], c["viewer"], c["box"]]
    ins = [c["box"], c["chat"], turns, c["backend"], c["k"], c["scope"]]
    for trigger in (c["send"].click, c["box"].submit):
        trigger(chat.respond, ins, outs, api_visibility="private").then(None, js=SCROLL_JS)
    c["cite_box"].change(chat.on_cite, [c["cite_box"], turns], [c["viewer"], c["sources"]],
                         api_visibility="private").then(None, js=SCROLL_JS)
    c["sources"].input(chat.on_source, [c["sources"], turns], c["viewer"],
                       api_visibility="private").then(None, js=SCROLL_JS)
    c["clear"].click(lambda: ([], {}, gr.update(choices=[], value=None, label="Sources"), empty_viewer()),
                     None, [c["chat"], turns, c["sources"], c["viewer"]], api_visibility="private")


def build_app(pipeline: Pipeline) -> gr.Blocks:
    chat, articles = Chat(pipeline), Articles(pipeline)
    with gr.Blocks(title="Ask the articles", analytics_enabled=False) as app:
        gr.Markdown("## Ask the articles\nAnswers quote the articles and cite every sentence. "
                    "Click a **[n]** to read that passage in its article. When the articles don't say, the bot says so.")
        turns = gr.State({})
        with gr.Tab("Ask"):
            ask = _ask_tab(pipeline.settings)
        with gr.Tab("Articles"):
            arts = _articles_tab()
        _wire_ask(ask, chat, turns)
        arts["add"].click(articles.add, [arts["upload"]], [arts["table"], arts["upload"]],
                          api_visibility="private").then(articles.scope_choices, ask["scope"], ask["scope"],
                                                         api_visibility="private")
        app.load(articles.table, None, arts["table"], api_visibility="private")
        app.load(articles.scope_choices, ask["scope"], ask["scope"], api_visibility="private")
        gr.api(chat.ask_api, api_name="ask")
    return app


def launch(pipeline: Pipeline, settings: Settings, block: bool = False) -> gr.Blocks:
    """Serve the app where `settings` say; `block=False` returns once it is up (tests)."""
    app = build_app(pipeline)
    app.queue(default_concurrency_limit=4, max_size=64)
    app.launch(server_name=settings.host, server_port=settings.port, auth=settings.auth, share=False, css=CSS,
               head=HEAD_JS, show_error=False, max_file_size=settings.max_upload, quiet=not block,
               prevent_thread_lock=not block)
    return app
