/**
 * The OpenAPI 3.1 document, made from the route definitions (route.ts) and their zod schemas with
 * zod's own JSON Schema generator, through description.ts: on the first request for it locally,
 * when the function is bundled for Lambda, so the generator costs nothing at cold start.
 *
 * Schemas registered with an `id` (`named(...)`, `pageOf`, the problem) become
 * `components.schemas` entries, referenced with `$ref`. Request parts are described as the API
 * accepts them (io: input: defaulted fields optional), responses as it returns them (io: output).
 */
import * as z from 'zod/mini';
import type { RouteConfig, Schema } from './route.ts';

type JsonSchema = Record<string, unknown>;

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
  license?: { name: string; identifier?: string };
  /** What each tag groups, for the reader of the reference. */
  tags?: Record<string, string>;
}

/**
 * A stable, readable operationId from the method and path: GET /api/v1/plans/{id}/milestones ->
 * getPlanMilestones, PUT /api/v1/people/{id}/role -> putPersonRole (a segment followed by its id
 * reads singular).
 */
export function operationIdOf(method: string, path: string): string {
  const parts = path.replace(/^\/api\/v\d+/, '').split('/').filter(Boolean);
  const words: string[] = [];
  parts.forEach((part, i) => {
    if (part.startsWith('{')) return;
    const one = parts[i + 1]?.startsWith('{') ? singular(part) : part;
    words.push(...one.split(/[-_]/));
  });
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singular(word: string): string {
  if (word === 'people') return 'person';
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

const REF_PREFIX = '#/components/schemas/';

/** Every schema of one io, converted in one pass so shared named schemas are emitted once. */
function convert(schemas: Schema[], io: 'input' | 'output') {
  const wrapper = z.object(Object.fromEntries(schemas.map((s, i) => [`s${i}`, s as z.ZodMiniType])));
  const result = z.toJSONSchema(wrapper, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  const text = JSON.stringify(result).replaceAll('"#/$defs/', `"${REF_PREFIX}`);
  const out = JSON.parse(text) as { properties: Record<string, JsonSchema>; $defs?: Record<string, JsonSchema> };
  const bySchema = new Map<Schema, JsonSchema>(schemas.map((s, i) => [s, out.properties[`s${i}`]!]));
  return { bySchema, defs: out.$defs ?? {} };
}

function shapeOf(schema: Schema): Record<string, Schema> {
  // Route schemas are mostly lazy (built on first use, common.ts): look through to the object.
  const internals = (schema as unknown as { _zod: { def: { type: string }; innerType?: Schema } })._zod;
  const object = internals.def.type === 'lazy' ? internals.innerType! : schema;
  const shape = (object as unknown as { _zod: { def: { shape?: Record<string, Schema> } } })._zod.def.shape;
  if (!shape) throw new Error('request params, query and headers must be object schemas');
  return shape;
}

export function openApiDocument(routes: RouteConfig[], info: DocumentInfo, servers: { url: string }[] = []) {
  const inputs: Schema[] = [];
  const outputs: Schema[] = [];
  for (const r of routes) {
    for (const part of [r.request?.params, r.request?.query, r.request?.headers]) {
      if (part) inputs.push(...Object.values(shapeOf(part)));
    }
    const body = r.request?.body?.content['application/json']?.schema;
    if (body) inputs.push(body);
    for (const res of Object.values(r.responses)) {
      for (const media of Object.values(res.content ?? {})) outputs.push(media.schema);
    }
  }
  const input = convert([...new Set(inputs)], 'input');
  const output = convert([...new Set(outputs)], 'output');

  const parameters = (schema: Schema | undefined, where: 'path' | 'query' | 'header') =>
    Object.entries(schema ? shapeOf(schema) : {}).map(([name, field]) => {
      const { description, example, ...rest } = input.bySchema.get(field)!;
      // optin: 'optional' or 'defaulted' when the field may be left out.
      const optional = Boolean((field as unknown as { _zod: { optin?: string } })._zod.optin);
      return {
        name,
        in: where,
        // If-Match is optional to the parser only so that its absence answers 428, not 400: it is required.
        required: where === 'path' || !optional || (where === 'header' && name.toLowerCase() === 'if-match'),
        ...(description ? { description } : {}),
        ...(example !== undefined ? { example } : {}),
        schema: rest,
      };
    });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const body = r.request?.body;
    const bodySchema = body?.content['application/json']?.schema;
    const params = [
      ...parameters(r.request?.params, 'path'),
      ...parameters(r.request?.query, 'query'),
      ...parameters(r.request?.headers, 'header'),
    ];
    const responses = Object.fromEntries(
      Object.entries(r.responses).map(([code, res]) => [
        code,
        {
          description: res.description,
          // A header we always send is a required one (ETag on every versioned resource).
          ...(res.headers ? { headers: Object.fromEntries(Object.entries(res.headers).map(([name, h]) => [name, { required: true, ...h }])) } : {}),
          // JSON, a file, or either (chosen with Accept: the donor's report as JSON or XLSX).
          ...(res.content || res.files
            ? {
                content: {
                  ...Object.fromEntries(Object.entries(res.content ?? {}).map(([type, m]) => [type, { schema: output.bySchema.get(m.schema) }])),
                  ...Object.fromEntries((res.files ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
                },
              }
            : {}),
        },
      ]),
    );
    (paths[r.path] ??= {})[r.method] = {
      operationId: operationIdOf(r.method, r.path),
      ...(r.tags ? { tags: r.tags } : {}),
      ...(r.summary ? { summary: r.summary } : {}),
      ...(r.description ? { description: r.description } : {}),
      ...(r.security ? { security: r.security } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(bodySchema
        ? { requestBody: { required: body?.required ?? false, content: { 'application/json': { schema: input.bySchema.get(bodySchema) } } } }
        : r.request?.file
          ? {
              requestBody: {
                required: true,
                description: r.request.file.description,
                content: Object.fromEntries(r.request.file.mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
              },
            }
          : {}),
      responses,
    };
  }

  const { tags: tagDescriptions = {}, ...documentInfo } = info;
  const tags = [...new Set(routes.flatMap((r) => r.tags ?? []))].sort().map((name) => ({ name, ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}) }));
  return {
    openapi: '3.1.0' as const,
    info: documentInfo,
    servers,
    tags,
    paths,
    components: {
      // A schema in both a request and a response is described as requests send it.
      schemas: { ...output.defs, ...input.defs },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token (deployed) or a development token (`npm run --silent token -- <person-id>`, locally)',
        },
      },
    },
  };
}
