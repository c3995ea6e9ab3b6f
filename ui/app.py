"""The Gradio app's layout and wiring: chat with cited answers, a passage viewer, why-these-
passages, ratings, export, and an Articles tab to read, add, remove and re-index articles.

One layout serves desktop and phone. On a desktop the conversation (with the question box
and its Ask/Stop buttons) sits beside the sources and the passage viewer; below 768 px
(PHONE in CSS and PHONE_JS) the two stack, conversation first, and the sources fold into an
accordion right under the question box that a click on any [n] opens. The reason box after
a thumbs down and the exported files appear only when there is something to show.

Every [n] in an answer is a link `#cite-TURN-N`; a small script (HEAD_JS) catches clicks on
them and writes "TURN-N" into a hidden textbox, whose change event shows that citation
inside its article, highlighted and scrolled into view. `/ask` is the API endpoint for
scripts (`gradio_client.Client(url).predict(q, api_name="/ask")`). Errors become
`gr.Warning`/`gr.Error` messages; article text is escaped (ui.render) and never rendered
as HTML. What each event does lives in chat.py, conversation.py and articles.py; this
module only lays out components and connects them. UI text keeps to characters every
common font has (no emoji: Debian's Chromium shows them as empty boxes). Leaves out user
accounts: Gradio's auth covers the shared-deployment case.
"""
from __future__ import annotations

import gradio as gr

from rag import Pipeline
from rag.settings import BACKENDS

from .articles import Articles
from .chat import Chat
from .conversation import Conversation
from .render import empty_viewer
from .settings import Settings
from .views import trace_html

# Phones and narrow windows: below this width the columns stack (keep PHONE_JS in step).
PHONE = "(max-width: 767px)"

CSS = """
#cite-box, #clip-box {display: none !important;}
.article-view {max-height: 460px; overflow-y: auto; padding: 10px 12px; border: 1px solid var(--border-color-primary);
  border-radius: 8px; line-height: 1.55;}
.article-view.empty, .trace.empty {color: var(--body-text-color-subdued); font-style: italic;}
/* 700, not 600: the theme's 600 face holds a few glyphs only (see HEAD_JS). */
.article-title {font-weight: 700; margin-bottom: 6px;}
/* The passage's title stays at the top of the viewer while its text scrolls under it. */
.article-view .article-title {position: sticky; top: -10px; padding: 4px 0; z-index: 1;
  background: var(--block-background-fill);}
.article-file {font-weight: 400; color: var(--body-text-color-subdued); font-size: 0.9em;}
.article-text {white-space: pre-wrap;}
mark.hl {background: #fff3b0; color: inherit; padding: 1px 0;}
mark.hl .quote {background: #ffd54f; font-weight: 500;}
#chat strong, mark.hl .answer-mark {font-weight: 700;}
.chunk-mark {display: inline-block; font-size: 0.75em; color: #fff; background: #7a8ca3; border-radius: 4px;
  padding: 0 4px; margin: 0 2px;}
.removed li {font-size: 0.9em;} .removed-reason {color: #a33; font-weight: 500; margin-right: 6px;}
.trace table {border-collapse: collapse; font-size: 0.85em; margin-bottom: 8px;}
.trace td, .trace th {border: 1px solid var(--border-color-primary); padding: 2px 5px; vertical-align: top;}
/* The question box takes the row; Ask and Stop keep their own width beside it, at any width. */
#ask-row, #reason-row {flex-wrap: nowrap !important; align-items: stretch;}
#ask-row > button, #reason-row > button {flex: 0 0 auto; align-self: stretch;}
/* A source's label is its first words, then its title and file on a second line; a long list
   scrolls, so the passage below it stays in view beside the conversation. */
#sources label span {white-space: pre-line;}
#sources > div.wrap:last-child {max-height: 220px; overflow-y: auto;}
@media (min-width: 768px) {
  /* Beside the conversation the sources are always open: no fold to click. */
  #side-acc > .label-wrap {display: none;}
  #side-acc > .label-wrap + div {display: block !important;}
  #side-acc {padding: 0; border-width: 0 !important; background: none; box-shadow: none;}
}
@media PHONE {
  #ask-layout {flex-direction: column;}
  #ask-layout > .column {width: 100%; min-width: 100% !important;}
  #chat {height: 62vh !important;}
  .article-view {max-height: 55vh;}
}
""".replace("PHONE", PHONE)

# Clicks on [n] links in the chat select that citation (through the hidden #cite-box).
# askShowHighlight scrolls the passage viewer to its highlight; with reveal (after a click on
# [n]) it also brings the viewer on screen when it is not (on a phone it sits below the chat).
HEAD_JS = """
<style>
/* The page margin on a phone: here, because Gradio scopes css= rules inside its content area. */
@media PHONE { .gradio-container .main.app {padding: 8px 10px !important;} }
/* The theme declares its Source Sans Pro at 400 and 600 (a few glyphs only), so bold words
   fell back to a wider font mid-sentence; Gradio ships the bold face, declared here. */
@font-face {font-family: 'Source Sans Pro'; font-weight: 700; font-style: normal;
  src: url('static/fonts/SourceSansPro/SourceSansPro-Bold.woff2') format('woff2');}
</style>
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
window.askShowHighlight = function (reveal) {
  const show = function () {
    const m = document.getElementById('hl');
    if (!m) return;
    const v = m.closest('.article-view');
    if (v) {
      const vr = v.getBoundingClientRect(), mr = m.getBoundingClientRect();
      v.scrollTop += (mr.top - vr.top) - Math.max(0, (vr.height - mr.height) / 2);
    }
    const p = document.getElementById('passage');
    if (reveal && p) {
      const r = p.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) p.scrollIntoView({block: 'nearest'});
    }
  };
  // Twice: the viewer's new HTML (and on a phone the opened fold) renders a moment later.
  setTimeout(show, 120); setTimeout(show, 450);
};
</script>
""".replace("PHONE", PHONE)
SCROLL_JS = "() => { window.askShowHighlight && window.askShowHighlight(false); }"
REVEAL_JS = "() => { window.askShowHighlight && window.askShowHighlight(true); }"
# On a phone the sources start folded, so the conversation and the question box come first.
PHONE_JS = ("() => { if (window.matchMedia('PHONE').matches) {"
            " const b = document.querySelector('#side-acc > .label-wrap.open'); if (b) b.click(); } }"
            ).replace("PHONE", PHONE)
FOCUS_JS = "() => { const b = document.querySelector('#question textarea'); if (b) b.focus(); }"
COPY_JS = "(t) => { if (t) navigator.clipboard.writeText(t); }"
STORAGE_KEY = "ask-the-articles-conversation"


def examples(pipeline: Pipeline) -> list[str]:
    """Examples that fit whatever articles are indexed: the collection, summaries, a topic
    the most articles share (their most frequent name)."""
    from collections import Counter
    store, out = pipeline.store, ["Which articles do you have?", "Summarize all the articles", "What can you do?"]
    names: Counter = Counter()
    for a in store.current_articles()[:50]:
        text = store.article_text(a.id) or ""
        seen = {text[s:e] for x in store.sentences(a.sha) for s, e, label in x.entities if label in ("GPE", "ORG")}
        names.update(seen)
    if names:
        out.insert(2, f"What does each article say about {names.most_common(1)[0][0]}?")
    return out


def _ask_tab(pipeline: Pipeline) -> dict:
    settings = pipeline.settings
    # Two columns that stack on a phone (CSS): the conversation first, then the sources; the
    # examples, scope and buttons follow below both, so on a phone nothing comes between the
    # question box and the sources.
    with gr.Row(elem_id="ask-layout"):
        with gr.Column(scale=3, min_width=320, elem_id="conversation-col"):
            # No built-in copy button: it copies the escaped Markdown; "Copy answer" below copies
            # the text with its [n] markers and the sources they stand for.
            # No label: it floated over the first lines of a long reply.
            chat = gr.Chatbot(label="Conversation", show_label=False, height=460, sanitize_html=True, buttons=[],
                              elem_id="chat", feedback_options=("Like", "Dislike"))
            with gr.Row(elem_id="ask-row"):
                # A short placeholder: a longer one wraps on a phone and makes the box grow.
                box = gr.Textbox(placeholder="Ask a question about the articles", show_label=False, container=False,
                                 scale=1, min_width=120, lines=1, max_lines=6, elem_id="question", autofocus=True)
                send = gr.Button("Ask", variant="primary", scale=0, min_width=64, elem_id="ask-btn")
                stop = gr.Button("Stop", variant="stop", scale=0, min_width=64, elem_id="stop-btn")
            with gr.Row(visible=False, elem_id="reason-row") as reason_row:
                reason = gr.Textbox(placeholder="What was wrong with this answer? (optional)", show_label=False,
                                    container=False, scale=1, min_width=120, lines=1, elem_id="reason")
                reason_btn = gr.Button("Send reason", size="md", scale=0, min_width=64, elem_id="reason-btn")
        with gr.Column(scale=2, min_width=320, elem_id="sources-col"):
            with gr.Accordion("Sources and passage", open=True, elem_id="side-acc") as side:
                sources = gr.Radio(choices=[], label="Sources", elem_id="sources")
                viewer = gr.HTML(empty_viewer(), elem_id="passage")
            with gr.Accordion("Why these passages", open=False, elem_id="trace-acc"):
                trace = gr.HTML(trace_html(None), elem_id="trace")
    gr.Examples(examples(pipeline), inputs=box, label="Try", elem_id="examples")
    scope = gr.Dropdown(choices=[], value=[], multiselect=True, elem_id="scope",
                        label="Answer from these articles only (empty: all articles)")
    with gr.Row():   # narrow enough to share one row on a phone
        copy_btn = gr.Button("Copy answer", size="sm", min_width=96, elem_id="copy-btn")
        export_btn = gr.Button("Export conversation", size="sm", min_width=96, elem_id="export-btn")
        clear = gr.Button("New conversation", size="sm", min_width=96, elem_id="new-btn")
    files = gr.File(label="Exported conversation (Markdown, JSON)", file_count="multiple", interactive=False, visible=False,
                    elem_id="export-files")
    with gr.Accordion("Settings", open=False, elem_id="settings-acc"):
        backend = gr.Dropdown(list(BACKENDS), value=settings.backend, label="Answer backend",
                              info="extractive needs no LLM; the others use RAG_LLM_* settings")
        k = gr.Slider(3, 10, value=settings.k, step=1, label="Passages to read per question")
    cite_box = gr.Textbox(elem_id="cite-box", show_label=False, container=False)
    clip = gr.Textbox(elem_id="clip-box", show_label=False, container=False)
    return dict(chat=chat, box=box, send=send, stop=stop, backend=backend, k=k, clear=clear, sources=sources,
                viewer=viewer, side=side, cite_box=cite_box, scope=scope, trace=trace, reason=reason,
                reason_btn=reason_btn, reason_row=reason_row, export_btn=export_btn, files=files,
                copy_btn=copy_btn, clip=clip)


def _articles_tab() -> dict:
    table = gr.Dataframe(headers=["title", "file", "words", "chunks", "tokens", "date", "indexed"],
                         interactive=False, wrap=True, elem_id="articles-table")
    with gr.Row():
        picker = gr.Dropdown(choices=[], label="Article", elem_id="article-picker", scale=4)
        show_removed = gr.Checkbox(label="Show what the cleaner removed", value=False, elem_id="show-removed")
    with gr.Row():
        remove = gr.Button("Remove this article", variant="stop", size="sm", elem_id="remove-btn")
        reindex = gr.Button("Re-index this article", size="sm", elem_id="reindex-btn")
        reindex_all = gr.Button("Re-index all", size="sm", elem_id="reindex-all-btn")
    reader = gr.HTML("<div class='article-view empty'>Choose an article to read it as indexed.</div>",
                     elem_id="article-reader")
    upload = gr.File(label="Add articles (.txt, .md, .html)", file_count="multiple",
                     file_types=[".txt", ".md", ".html", ".htm"])
    add = gr.Button("Index these files", variant="primary")
    return dict(table=table, picker=picker, show_removed=show_removed, remove=remove, reindex=reindex,
                reindex_all=reindex_all, reader=reader, upload=upload, add=add)


def _wire_ask(c: dict, chat: Chat, conv: Conversation, turns, saved, last_rating) -> None:
    outs = [c["chat"], turns, c["sources"], c["viewer"], c["box"]]
    ins = [c["box"], c["chat"], turns, c["backend"], c["k"], c["scope"]]
    asks = []
    for trigger in (c["send"].click, c["box"].submit):
        ev = trigger(chat.respond, ins, outs, api_visibility="private")
        asks.append(ev)
        ev.then(chat.latest_trace, turns, c["trace"], api_visibility="private") \
          .then(conv.save, [c["chat"], turns], saved, api_visibility="private") \
          .then(None, js=SCROLL_JS).then(None, js=FOCUS_JS)
    c["stop"].click(None, None, None, cancels=asks, api_visibility="private").then(None, js=FOCUS_JS)
    c["cite_box"].change(chat.on_cite, [c["cite_box"], turns], [c["viewer"], c["sources"], c["trace"], c["side"]],
                         api_visibility="private").then(None, js=REVEAL_JS)
    c["sources"].input(chat.on_source, [c["sources"], turns], c["viewer"],
                       api_visibility="private").then(None, js=SCROLL_JS)
    def fresh():
        return ([], {}, gr.update(choices=[], value=None, label="Sources"), empty_viewer(), trace_html(None),
                {"chat": [], "turns": {}}, gr.update(value=None, visible=False), gr.update(visible=False))
    cleared = [c["chat"], turns, c["sources"], c["viewer"], c["trace"], saved, c["files"], c["reason_row"]]
    # The chat's own bin icon clears like "New conversation": otherwise the answers of the
    # cleared turns would stay behind and be taken for the new ones.
    for trigger in (c["clear"].click, c["chat"].clear):
        trigger(fresh, None, cleared, api_visibility="private").then(None, js=FOCUS_JS)
    c["chat"].like(conv.rate, turns, [last_rating, c["reason_row"]], api_visibility="private")
    for trigger in (c["reason_btn"].click, c["reason"].submit):
        trigger(conv.add_reason, [last_rating, c["reason"]], [c["reason"], c["reason_row"]], api_visibility="private")
    c["export_btn"].click(conv.export_files, [c["chat"], turns], c["files"], api_visibility="private")
    c["copy_btn"].click(conv.copy_text, turns, c["clip"], api_visibility="private") \
        .then(None, c["clip"], None, js=COPY_JS)


def _wire_articles(a: dict, ask: dict, articles: Articles) -> None:
    both = [a["table"], a["picker"]]
    a["add"].click(articles.add, [a["upload"]], [a["table"], a["upload"]], api_visibility="private") \
        .then(articles.refresh, a["picker"], both, api_visibility="private") \
        .then(articles.scope_choices, ask["scope"], ask["scope"], api_visibility="private")
    a["table"].select(articles.pick_row, None, a["picker"], api_visibility="private")
    for trigger in (a["picker"].change, a["show_removed"].change):
        trigger(articles.show, [a["picker"], a["show_removed"]], a["reader"], api_visibility="private")
    a["remove"].click(articles.remove, a["picker"], both, api_visibility="private") \
        .then(articles.scope_choices, ask["scope"], ask["scope"], api_visibility="private")
    a["reindex"].click(lambda aid, p=gr.Progress(): articles.reindex(aid, False, p), a["picker"], both,
                       api_visibility="private").then(articles.show, [a["picker"], a["show_removed"]], a["reader"],
                                                      api_visibility="private")
    a["reindex_all"].click(lambda aid, p=gr.Progress(): articles.reindex(aid, True, p), a["picker"], both,
                           api_visibility="private")


def build_app(pipeline: Pipeline) -> gr.Blocks:
    chat, articles, conv = Chat(pipeline), Articles(pipeline), Conversation(pipeline)
    with gr.Blocks(title="Ask the articles", analytics_enabled=False) as app:
        gr.Markdown("## Ask the articles\nAnswers quote the articles, cite every sentence and put the words "
                    "that answer in bold. Click a **[n]** to read that passage in its article. When the articles "
                    "don't say, the bot says so. Enter sends a question; Shift+Enter starts a new line.",
                    elem_id="intro")
        turns = gr.State({})
        last_rating = gr.State(None)
        saved = gr.BrowserState({"chat": [], "turns": {}}, storage_key=STORAGE_KEY)
        with gr.Tab("Ask"):
            ask = _ask_tab(pipeline)
        with gr.Tab("Articles"):
            arts = _articles_tab()
        _wire_ask(ask, chat, conv, turns, saved, last_rating)
        _wire_articles(arts, ask, articles)
        app.load(conv.restore, saved, [ask["chat"], turns], api_visibility="private") \
            .then(chat.latest_trace, turns, ask["trace"], api_visibility="private")
        app.load(articles.refresh, None, [arts["table"], arts["picker"]], api_visibility="private")
        app.load(articles.scope_choices, ask["scope"], ask["scope"], api_visibility="private")
        app.load(None, js=PHONE_JS)
        gr.api(chat.ask_api, api_name="ask")
        gr.api(conv.export_api, api_name="export")
        gr.api(articles.add_api, api_name="add_article")
        gr.api(articles.remove_api, api_name="remove_article")
    return app


def configure_queue(app: gr.Blocks, settings: Settings) -> gr.Blocks:
    """Gradio's queue from the server's limits (ui.settings): as many of its events at once
    as the answer pool has slots, as many waiting as the pool's queue (Gradio counts only the
    waiting ones, so at least one), beyond which Gradio answers 503. Queue positions go out
    every second rather than to every waiting client each time an answer starts, which is
    quadratic in the queue: with 256 gradio_client clients waiting it starved the server."""
    return app.queue(default_concurrency_limit=settings.pool, max_size=max(1, settings.queue),
                     status_update_rate=1)


def launch(pipeline: Pipeline, settings: Settings, block: bool = False):
    """Serve the chat and the HTTP API where `settings` say (ui.serve); `block=False` returns
    the running server once it is up (tests), to `.close()`."""
    from .serve import Server
    server = Server.create(pipeline, settings)
    if block:
        server.run()
        return server
    return server.start()
