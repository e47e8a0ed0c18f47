/** A plain, server-rendered reference of the OpenAPI document at /api/docs (no CDN, no script). */
import { html, raw } from 'hono/html';

type Doc = { info: { title: string; description?: string }; paths?: Record<string, Record<string, { summary?: string; description?: string; tags?: string[]; requestBody?: unknown; parameters?: { name: string; in: string }[]; responses?: Record<string, { description?: string }> }>> };

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function docsPage(doc: Doc) {
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `${esc(p.name)} <small>(${esc(p.in)})</small>`).join(', ');
      const responses = Object.entries(op.responses ?? {}).map(([code, r]) => `<li><code>${code}</code> ${esc(r.description ?? '')}</li>`).join('');
      return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<p>Parameters: ${params}</p>` : ''}<ul>${responses}</ul></section>`;
    }),
  );
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${doc.info.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}code{background:#f2f2f2;padding:0 .2em}
.m{display:inline-block;min-width:4.5em;font-size:.8em;padding:.1em .4em;border-radius:3px;color:#fff;background:#555}.get{background:#1d5e9e}.post{background:#276b32}.patch{background:#8a5a00}.delete{background:#a12020}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.3rem 0;font-size:1rem}</style></head>
<body><h1>${doc.info.title}</h1><p>${doc.info.description ?? ''}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Every <code>/api/v1</code> call needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${raw(rows.join('\n'))}</body></html>`;
}
