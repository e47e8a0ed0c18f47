/**
 * The API reference at /api/docs shows what each operation takes: its request body, every field with
 * its type, whether it is required and the rules the API checks, straight from the OpenAPI document
 * (which the request schemas make), and the schemas those bodies refer to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtDescription } from '../../shared/api/description.ts';
import { docsPage, type Doc, type JsonSchema } from '../../shared/api/docs.ts';

let doc: Doc;
let page: string;

beforeAll(async () => {
  doc = (await builtDescription()) as Doc;
  page = String(await docsPage(doc));
}, 60_000);

/** The section of the page for one operation. */
function sectionOf(method: string, path: string): string {
  const start = page.indexOf(`<span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code>`);
  expect(start, `${method} ${path} on the page`).toBeGreaterThan(-1);
  const end = page.indexOf('<section', start);
  return page.slice(start, end === -1 ? undefined : end);
}

const schemaOf = (body: { content?: Record<string, { schema?: JsonSchema }> }): { name: string; schema: JsonSchema } => {
  const ref = body.content!['application/json']!.schema!.$ref!;
  const name = ref.replace('#/components/schemas/', '');
  return { name, schema: doc.components!.schemas![name]! };
};

describe('/api/docs', () => {
  it('shows the request body of every operation that takes one, with each of its fields and whether it is required', () => {
    const all = Object.entries(doc.paths!).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.requestBody).map(([method, op]) => ({ path, method, op })));
    // A file upload (a spreadsheet) shows each media type it takes.
    const files = all.filter(({ op }) => !op.requestBody!.content?.['application/json']);
    for (const { path, method, op } of files) {
      for (const type of Object.keys(op.requestBody!.content ?? {})) expect(sectionOf(method, path), `${method} ${path}`).toContain(`Request body (<code>${type}</code>`);
    }
    const withBodies = all.filter(({ op }) => op.requestBody!.content?.['application/json']);
    expect(withBodies.length).toBeGreaterThanOrEqual(17);
    for (const { path, method, op } of withBodies) {
      const section = sectionOf(method, path);
      const { name, schema } = schemaOf(op.requestBody!);
      expect(section, `${method} ${path}`).toContain(`Request body (<code>application/json</code>, required): <a href="#schema-${name}">${name}</a>`);
      const fields = Object.keys(schema.properties ?? {});
      expect(fields.length, name).toBeGreaterThan(0);
      for (const field of fields) {
        const required = (schema.required ?? []).includes(field) ? 'yes' : 'no';
        expect(section, `${method} ${path} field ${field}`).toMatch(new RegExp(`<th scope="row"><code>${field}</code></th><td>[^]*?</td><td>${required}</td>`));
      }
    }
  });

  it('says the rules a field must meet, as the API checks them', () => {
    const patch = sectionOf('patch', '/api/v1/milestones/{id}');
    expect(patch).toMatch(/<code>progress<\/code><\/th><td>integer<\/td><td>no<\/td><td>0 to 100<\/td>/);
    // A text people write: a plain string or a map of languages (issue 14), with the plain string's rules.
    expect(patch).toMatch(/<code>title<\/code><\/th><td>string or <a href="#schema-TitleByLanguage">TitleByLanguage<\/a><\/td><td>no<\/td><td>1 to 300 characters<\/td>/);
    expect(patch).toMatch(/<code>status<\/code><\/th><td>one of <code>planned<\/code>, <code>in_progress<\/code>/);
    expect(patch).toMatch(/<code>dueDate<\/code><\/th><td>string \(date\)<\/td>[^]*e\.g\. <code>2026-12-01<\/code>/);
    expect(patch).toMatch(/<code>evidence<\/code><\/th><td>array of <a href="#schema-Evidence">Evidence<\/a><\/td><td>no<\/td><td>at most 20 items<\/td>/);
    expect(patch).toContain('Other fields are refused.');
    const contribution = sectionOf('post', '/api/v1/plans/{id}/contributions');
    expect(contribution).toMatch(/<code>stage<\/code><\/th>[^]*?default <code>pledged<\/code>/);
  });

  it('describes each schema a request body refers to, so every link on the page leads somewhere', () => {
    const links = [...page.matchAll(/href="#(schema-[A-Za-z]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(17);
    for (const id of new Set(links)) expect(page, id).toContain(`<section id="${id}">`);
    expect(page).toMatch(/<section id="schema-Evidence"><h3>Evidence<\/h3>[^]*?<caption>Evidence<\/caption>/);
  });

  it('escapes what it shows (a pattern is text, not markup)', () => {
    expect(page).not.toMatch(/<td>matches <code>[^<]*<[a-z]/);
    expect(String(docsPage({ info: { title: 'T' }, paths: { '/x': { post: { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { '<b>': { type: 'string', description: '<i>x</i>' } } } } } } } } } }))).toContain('<code>&lt;b&gt;</code>');
  });
});
