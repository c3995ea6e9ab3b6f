"""The API reference page served at `/docs`, written from the app's OpenAPI schema as one
self-contained HTML page (Swagger UI would load from a CDN, which air-gapped machines lack):
each endpoint with its body's fields, examples and responses, and how to call it from the
OpenAI Python client and curl. Leaves out the schema itself (FastAPI builds it from ui.bodies).
"""
from __future__ import annotations

import html
import json


def _schema(s: dict, spec: dict, depth: int = 0) -> str:
    """A JSON schema as a nested list of fields (refs resolved, two levels deep)."""
    if "$ref" in s:
        s = spec["components"]["schemas"][s["$ref"].split("/")[-1]]
    if s.get("type") == "array" and depth < 3:
        return "list of " + _schema(s.get("items", {}), spec, depth)
    if "anyOf" in s:
        return " or ".join(_schema(x, spec, depth) for x in s["anyOf"])
    props = s.get("properties")
    if not props or depth >= 2:
        return html.escape(s.get("type", s.get("title", "object")) + (f" ({', '.join(map(str, s['enum']))})"
                                                                       if "enum" in s else ""))
    req = set(s.get("required", []))
    rows = "".join(f"<li><code>{html.escape(k)}</code>{'' if k in req else '?'}: {_schema(v, spec, depth + 1)}"
                   + (f" — {html.escape(v['description'])}" if v.get("description") else "") + "</li>"
                   for k, v in props.items())
    return f"object<ul>{rows}</ul>"


def docs_html(spec: dict, auth: bool) -> str:
    """The API reference from its OpenAPI schema, self-contained (Swagger UI loads from a CDN)."""
    e = html.escape
    parts = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            schema = body.get("schema")
            examples = ""
            if schema and "$ref" in schema:
                ex = spec["components"]["schemas"][schema["$ref"].split("/")[-1]].get("examples", [])
                examples = "".join(f"<pre>{e(json.dumps(x, indent=1))}</pre>" for x in ex)
            responses = "".join(f"<li><b>{e(code)}</b> {e(r.get('description', ''))}</li>"
                                for code, r in op.get("responses", {}).items())
            parts.append(f"<section><h2><span class='m'>{e(method.upper())}</span> <code>{e(path)}</code></h2>"
                         f"<p>{e(op.get('description') or op.get('summary', ''))}</p>"
                         + (f"<h3>Body</h3>{_schema(schema, spec)}{examples}" if schema else "")
                         + f"<h3>Responses</h3><ul>{responses}</ul></section>")
    key = "the RAG_UI_AUTH password" if auth else "anything"
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{e(spec['info']['title'])}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;line-height:1.45}}
code,pre{{background:#f4f4f4;border-radius:4px;padding:1px 4px}} pre{{padding:8px;overflow-x:auto}}
section{{border-top:1px solid #ddd;margin-top:1.5em}} .m{{background:#2b6cb0;color:#fff;border-radius:4px;
padding:1px 6px;font-size:.8em}} h2{{font-size:1.15em}} h3{{font-size:1em;margin-bottom:.2em}}</style></head><body>
<h1>{e(spec['info']['title'])}</h1><p>{e(spec['info'].get('description', ''))} The machine-readable schema:
<a href="/openapi.json">/openapi.json</a>.</p>
<h3>From the OpenAI Python client</h3>
<pre>from openai import OpenAI
client = OpenAI(base_url="http://HOST:PORT/v1", api_key="{e(key)}")
r = client.chat.completions.create(model="extractive", messages=[{{"role": "user", "content": "When did Russia invade Georgia?"}}])
r.choices[0].message.content, r.model_extra["citations"]</pre>
<h3>With curl</h3>
<pre>curl -s http://HOST:PORT/v1/answer -H 'content-type: application/json' -d '{{"question": "When did Russia invade Georgia?"}}'</pre>
<p>When every answer slot is busy and the queue is full, requests get <b>503</b> with <code>Retry-After</code>
(seconds) at once: wait that long and send again.</p>
{''.join(parts)}</body></html>"""
