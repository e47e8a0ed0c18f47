/**
 * A plain, server-rendered reference of the OpenAPI document at /api/docs (no CDN, no script):
 * each operation with its parameters, its request body (every field with its type, whether it is
 * required and the rules the API checks, read from the same schema that validates requests) and
 * its responses; the schemas the bodies refer to follow at the end.
 */
import { html, raw } from 'hono/html';

/** The parts of JSON Schema (2020-12, as the document uses) the page shows. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
}

interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: JsonSchema }>;
}

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  requestBody?: RequestBody;
  parameters?: { name: string; in: string; required?: boolean }[];
  responses?: Record<string, { description?: string }>;
};

export type Doc = {
  info: { title: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
const code = (v: unknown) => `<code>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</code>`;
const REF = '#/components/schemas/';
const refName = (ref: string) => (ref.startsWith(REF) ? ref.slice(REF.length) : ref);
const anchor = (name: string) => `schema-${name}`;

/** What a value is, in words: a type, a format, the allowed values, or a link to a named schema. */
function typeOf(s: JsonSchema): string {
  if (s.$ref) return `<a href="#${anchor(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return `one of ${s.enum.map(code).join(', ')}`;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const named = types.map((t) => (t === 'array' ? `array of ${s.items ? typeOf(s.items) : 'any'}` : t === 'object' && s.properties ? 'object (below)' : t));
  return `${named.join(' or ') || 'any'}${s.format ? ` (${esc(s.format)})` : ''}`;
}

/** The checks the API makes on a value, in words. */
function rulesOf(s: JsonSchema): string {
  // A value of several forms (a text or its map of languages): the rules of the forms that have any.
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return [...variants.map(rulesOf).filter(Boolean), ...(s.default !== undefined ? [`default ${code(s.default)}`] : [])].join('; ');
  const rules: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) rules.push(`${min} to ${max}${unit}`);
    else if (min !== undefined) rules.push(`at least ${min}${unit}`);
    else if (max !== undefined) rules.push(`at most ${max}${unit}`);
  };
  range(s.minLength, s.maxLength, ' characters');
  range(s.minimum, s.maximum, '');
  range(s.minItems, s.maxItems, ' items');
  if (s.pattern) rules.push(`matches ${code(s.pattern)}`);
  if (s.default !== undefined) rules.push(`default ${code(s.default)}`);
  return rules.join('; ');
}

/** A table of an object schema's fields; unknown fields are refused when the schema says so. */
function fieldsTable(s: JsonSchema, caption: string): string {
  const required = new Set(s.required ?? []);
  const rows = Object.entries(s.properties ?? {}).map(([name, field]) => {
    const notes = [field.description ? esc(field.description) : '', field.example !== undefined ? `e.g. ${code(field.example)}` : ''].filter(Boolean).join(' ');
    return `<tr><th scope="row"><code>${esc(name)}</code></th><td>${typeOf(field)}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${rulesOf(field)}</td><td>${notes}</td></tr>`;
  });
  const closed = s.additionalProperties === false ? '<p class="note">Other fields are refused.</p>' : '';
  return `<table><caption>${caption}</caption><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Rules</th><th scope="col">Notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>${closed}`;
}

/** The schema a body or field stands for: a named one is looked up, others are as given. */
function resolve(s: JsonSchema, schemas: Record<string, JsonSchema>): { name?: string; schema: JsonSchema } {
  if (!s.$ref) return { schema: s };
  const name = refName(s.$ref);
  return { name, schema: schemas[name] ?? {} };
}

/** Names of the schemas reachable from `s` (what the request bodies refer to). */
function collectRefs(s: JsonSchema | undefined, schemas: Record<string, JsonSchema>, into: Set<string>): void {
  if (!s) return;
  if (s.$ref) {
    const name = refName(s.$ref);
    if (into.has(name)) return;
    into.add(name);
    collectRefs(schemas[name], schemas, into);
    return;
  }
  for (const child of [...Object.values(s.properties ?? {}), ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.items ? [s.items] : [])]) collectRefs(child, schemas, into);
}

function requestBodyOf(body: RequestBody, schemas: Record<string, JsonSchema>): string {
  return Object.entries(body.content ?? {}).map(([type, media]) => {
    const { name, schema } = resolve(media.schema ?? {}, schemas);
    const head = `Request body (<code>${esc(type)}</code>${body.required ? ', required' : ''})${name ? `: <a href="#${anchor(name)}">${esc(name)}</a>` : ''}`;
    return `<div class="body">${schema.description ? `<p>${esc(schema.description)}</p>` : ''}${schema.properties ? fieldsTable(schema, head) : `<p>${head}: ${typeOf(schema)}</p>`}</div>`;
  }).join('');
}

export function docsPage(doc: Doc) {
  const schemas = doc.components?.schemas ?? {};
  const referenced = new Set<string>();
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `${esc(p.name)} <small>(${esc(p.in)}${p.required ? ', required' : ''})</small>`).join(', ');
      const responses = Object.entries(op.responses ?? {}).map(([status, r]) => `<li><code>${status}</code> ${esc(r.description ?? '')}</li>`).join('');
      for (const media of Object.values(op.requestBody?.content ?? {})) collectRefs(media.schema, schemas, referenced);
      return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<p>Parameters: ${params}</p>` : ''}${op.requestBody ? requestBodyOf(op.requestBody, schemas) : ''}<ul>${responses}</ul></section>`;
    }),
  );
  const definitions = [...referenced].sort().map((name) => {
    const s = schemas[name] ?? {};
    const body = s.properties ? fieldsTable(s, esc(name)) : `<p>${typeOf(s)}${rulesOf(s) ? `; ${rulesOf(s)}` : ''}</p>`;
    return `<section id="${anchor(name)}"><h3>${esc(name)}</h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}${body}</section>`;
  });
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${doc.info.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}code{background:#f2f2f2;padding:0 .2em}
.m{display:inline-block;min-width:4.5em;font-size:.8em;padding:.1em .4em;border-radius:3px;color:#fff;background:#555}.get{background:#1d5e9e}.post{background:#276b32}.patch{background:#8a5a00}.delete{background:#a12020}.put{background:#5b3a8a}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.3rem 0;font-size:1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.2rem 0}th,td{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}thead th{background:#f6f6f6}.note{font-size:.85rem;color:#444;margin:.2rem 0}</style></head>
<body><h1>${doc.info.title}</h1><p>${doc.info.description ?? ''}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Every <code>/api/v1</code> call needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${raw(rows.join('\n'))}
${definitions.length ? raw(`<h2>Schemas used in request bodies</h2>\n${definitions.join('\n')}`) : ''}</body></html>`;
}
