/**
 * Spreadsheets in and out: the import template, an import's preview (the file as the raw body)
 * and its confirm, and the plan, strategy and donor exports as XLSX or CSV. The spreadsheet
 * module (shared/sheets) is loaded on the first such call, never at the API's cold start.
 */
import * as z from 'zod/mini';
import type { Context } from 'hono';
import {
  NothingToConfirm, PlanChangedSincePreview, UploadsNotUsed, badFileMessage, confirmImport, describeChanges, donorExport, planImportTemplate, planExport, previewImport, readImport,
  startUpload, strategyExport, takeUpload,
} from '../../commands/index.ts';
import { lazy, named } from '../../domain/common.ts';
import { LANGUAGES, type Language } from '../../domain/constants.ts';
import { pickLanguage } from '../../i18n/index.ts';
import { XLSX_TYPE, downloadHeaders, fileBaseName, sourceSheets, type Sheets } from '../../sheets/port.ts';
import { BadFile, LIMITS, badFileStatus, type SheetOut } from '../../sheets/types.ts';
import { UPLOAD_EXPIRES_SECONDS, UPLOAD_MAX_BYTES } from '../../sheets/uploads.ts';
import { IdParam, errors, json, jsonBody, principal, v1Route, type AppDeps, type Env } from '../http.ts';
import { Routes } from '../route.ts';
import { problems } from '../problems.ts';

const tags = ['spreadsheets'];

/** The path of an upload: it takes a spreadsheet of up to 5 MB as its body, not JSON (app.ts). */
export { isUploadPath } from '../http.ts';

const langField = () => z.optional(z.enum(LANGUAGES)).check(z.meta({ description: 'Language of headers and messages (default: the caller\'s, then Accept-Language, then en)' }));
/** An export's query: CSV holds one table, chosen with `sheet` among the export's tables (the first by default). */
const exportQuery = <S extends readonly [string, ...string[]]>(tables: S) => lazy(() => z.object({
  format: z._default(z.enum(['xlsx', 'csv']), 'xlsx'),
  sheet: z.optional(z.enum(tables)).check(z.meta({ description: `CSV holds one table: which (default ${tables[0]}); XLSX holds them all` })),
  lang: langField(),
}));
const ExportQuery = exportQuery(['milestones', 'contributions', 'funding', 'indicators']);
const StrategyExportQuery = exportQuery(['milestones', 'indicators']);
const DonorExportQuery = exportQuery(['contributions', 'milestones', 'indicators']);
const TemplateQuery = lazy(() => z.object({ format: z._default(z.enum(['xlsx', 'csv']), 'xlsx'), lang: langField() }));
const FileName = () => z.string().check(z.minLength(1), z.maxLength(200), z.meta({ example: 'buenos-aires-2014.xlsx', description: 'Recorded in each milestone\'s history' }));
const UploadQuery = lazy(() => z.object({
  fileName: z.optional(FileName()).check(z.meta({ description: 'Recorded in each milestone\'s history; required with a file in the body (with `upload`, the name given to POST .../imports/uploads)' })),
  upload: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))).check(z.meta({
    example: 'uploads/ams-rm-2026/coord-pe/0f1e2d3c4b5a69788796a5b4c3d2e1f0/buenos-aires-2014.xlsx',
    description: 'Where the file was sent to the uploads bucket: the `key` that POST .../imports/uploads answered. The file is read from there (and deleted); the body is not read',
  })),
  locale: z.optional(z.string().check(z.maxLength(35))).check(z.meta({ example: 'es-PE', description: 'How dates (dd/mm or mm/dd) and amounts are read; default from Accept-Language or the language' })),
  lang: langField(),
}));
const UploadRequestSchema = named(lazy(() => z.strictObject({ fileName: FileName() })), 'UploadRequest');
const UploadFormSchema = named(lazy(() => z.object({
  url: z.string().check(z.meta({ description: 'Where to POST the file (multipart/form-data)' })),
  fields: z.record(z.string(), z.string()).check(z.meta({ description: 'Form fields to send as they are, before the file, which goes last as the field `file`' })),
  key: z.string().check(z.meta({ description: 'The uploaded file\'s key: send it as `upload` to POST .../imports' })),
  expiresAt: z.string().check(z.meta({ description: `When the form stops being accepted (${UPLOAD_EXPIRES_SECONDS / 60} minutes after it was made)` })),
  maxBytes: z.number().check(z.meta({ description: 'The largest file S3 takes; the import itself refuses one over 5 MB (413) with one sentence' })),
})), 'UploadForm');
const ImportParams = lazy(() => z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)), importId: z.string().check(z.minLength(1), z.maxLength(64)) }));

const Change = () => z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const Counts = () => z.object({ create: z.number(), update: z.number(), unchanged: z.number() });
const ImportPreviewShape = () => z.object({
  id: z.string().check(z.meta({ description: 'The saved preview (kept a week): read it again with GET .../imports/{id}; when `confirmable`, import it with POST .../imports/{id}/confirm' })),
  planId: z.string(),
  fileName: z.string(),
  planRevision: z.number(),
  confirmable: z.boolean().check(z.meta({ description: 'true when there is something to import and no error' })),
  summary: Counts().check(z.meta({ description: 'Milestones (all 0 when the file has no milestone sheet)' })),
  rows: z.array(z.object({
    row: z.number().check(z.meta({ description: 'As the spreadsheet numbers it (headers are row 1)' })),
    ref: z.optional(z.number()),
    title: z.string(),
    action: z.enum(['create', 'update', 'unchanged']),
    milestoneId: z.optional(z.string()),
    changes: z.optional(z.array(Change())),
  })),
  errors: z.array(z.object({ sheet: z.string(), row: z.number(), column: z.string(), value: z.string(), code: z.string(), message: z.string() })),
  missing: z.array(z.object({ id: z.string(), ref: z.optional(z.number()), title: z.string() })).check(z.meta({ description: 'Milestones of the plan the file leaves out: kept, never deleted' })),
  contributions: z.optional(z.object({
    summary: Counts(),
    rows: z.array(z.object({
      row: z.number(), donor: z.string(), description: z.string(), action: z.enum(['create', 'update', 'unchanged']),
      contributionId: z.optional(z.string()), changes: z.optional(z.array(Change())),
    })),
    missing: z.array(z.object({ id: z.string(), donor: z.string(), description: z.string() })).check(z.meta({ description: 'Contributions of the plan the sheet leaves out: kept, never deleted' })),
  })).check(z.meta({ description: 'Present when the file has a contributions sheet (XLSX: the second sheet; CSV: a file with the contribution columns)' })),
});
const ImportPreviewSchema = named(lazy(ImportPreviewShape), 'ImportPreview');
const ImportViewSchema = named(lazy(() => z.object({
  preview: ImportPreviewShape(),
  state: z.enum(['open', 'stale', 'imported', 'partial']).check(z.meta({ description: 'open: as previewed; stale: the plan changed since (see `changed`), the confirm would be refused; imported; partial: a confirm stopped part-way, confirm again to finish' })),
  changed: z.optional(z.string()).check(z.meta({ description: 'When stale: what changed since the preview, in the caller\'s language' })),
})), 'ImportView');
const ImportResultSchema = named(lazy(() => z.object({
  id: z.string(), planId: z.string(), fileName: z.string(),
  summary: Counts(),
  contributionSummary: z.optional(Counts()),
  alreadyDone: z.boolean().check(z.meta({ description: 'true when an earlier confirm had finished the import: nothing written this time' })),
})), 'ImportResult');

const FILES = [XLSX_TYPE, 'text/csv'];

function languageOf(c: Context<Env>, asked?: Language): Language {
  return asked ?? pickLanguage(principal(c).language, c.req.header('Accept-Language'));
}

export function sheets(deps: AppDeps) {
  const app = new Routes();
  const load = deps.sheets ?? sourceSheets;

  async function send(c: Context<Env>, title: string, tables: SheetOut[], format: 'xlsx' | 'csv', sheet?: string): Promise<Response> {
    const module: Sheets = await load();
    const headers = downloadHeaders(fileBaseName(title), format);
    if (format === 'csv') return c.body(module.writeCsv(tables.find((x) => x.key === sheet) ?? tables[0]!), 200, headers);
    return c.body((await module.writeXlsx(tables)) as Uint8Array<ArrayBuffer>, 200, headers);
  }

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/import-template', tags, summary: 'The import template, headers in the caller\'s language',
      description: 'Milestones (ref, title, description, owner administration, baseline due date, due date, status, progress, note, evidence link) and, in XLSX, a second sheet for contributions. Any of the four languages\' headers is accepted on upload.',
      request: { params: IdParam('id', 'ams-rm-2026'), query: TemplateQuery },
      responses: { 200: { description: 'The template', files: FILES }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const { sheets: tables } = await planImportTemplate(deps, principal(c), { planId: id, language: languageOf(c, query.lang) });
      return send(c, `${tables[0]!.name}-${id}`, tables, query.format);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/imports', tags, summary: 'Preview an import of milestones and contributions from a spreadsheet',
      description: 'Send the file (XLSX, or CSV with commas or semicolons, UTF-8 or Windows-1252) as the body. XLSX: the milestone sheet and, optionally, the contributions sheet (donor by identifier, name or IATI identifier; kind; description; amount as the locale writes it; currency; stage; stage dates; milestone ref). CSV: one table, milestones or contributions (told apart by their headers). Nothing is written to the plan: the answer says what each row would do and lists every error at once. `id` names the saved preview (GET /plans/{id}/imports/{importId} reads it again); when `confirmable`, confirm it with POST /plans/{id}/imports/{importId}/confirm. Bad files (over 5 MB, over 2,000 rows, password-protected, formulas, not a spreadsheet) get 413 or 422 with one sentence. In AWS, send a file over about 4 MB through the uploads bucket instead (POST /plans/{id}/imports/uploads) and name it here with `upload` (no body): an upload that is no longer there gets 404 with one sentence, a key that is not the caller\'s upload to this plan 400.',
      request: { params: IdParam('id', 'ams-rm-2026'), query: UploadQuery, file: { mediaTypes: [...FILES, 'application/octet-stream'], description: 'The spreadsheet, at most 5 MB' } },
      responses: { 200: json(ImportPreviewSchema, 'The preview'), ...errors(400, 401, 403, 404, 413, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const language = languageOf(c, query.lang);
      if (query.upload === undefined && query.fileName === undefined) throw problems.validation([{ field: 'fileName', message: 'is required with a file in the body' }], 'query');
      try {
        const file = query.upload !== undefined
          ? await uploaded(c, id, query.upload)
          : { fileName: query.fileName!, bytes: new Uint8Array(await c.req.arrayBuffer()) };
        if (file.bytes.byteLength > LIMITS.bytes) throw new BadFile('too_large');
        const module = await load();
        const tables = module.readSpreadsheet(file.bytes);
        const preview = await previewImport(deps, principal(c), {
          planId: id, fileName: file.fileName, tables, language, locale: query.locale ?? c.req.header('Accept-Language')?.split(',')[0]?.split(';')[0]?.trim(),
        });
        return c.json(preview, 200);
      } catch (error) {
        if (error instanceof BadFile) throw problems.badFile(badFileMessage(error, language), badFileStatus(error.code));
        throw error;
      }
    },
  );

  /** A file from the uploads bucket; without one here, a 400 naming `upload` (the file goes in the body). */
  async function uploaded(c: Context<Env>, planId: string, key: string) {
    try {
      return await takeUpload(deps, principal(c), { planId, key });
    } catch (error) {
      if (error instanceof UploadsNotUsed) throw problems.validation([{ field: 'upload', message: 'cannot be read here: there is no uploads bucket, send the file as the body' }], 'query');
      throw error;
    }
  }

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/imports/uploads', tags, summary: 'Get a form to send a spreadsheet straight to the uploads bucket (in AWS)',
      description: `In AWS, API Gateway passes the API at most 6 MB and base64-encodes files, so a spreadsheet over about 4 MB cannot go in the body of POST .../imports. Instead: (1) this call answers a presigned form for S3; (2) POST the file to \`url\` as multipart/form-data with every field of \`fields\` and then the file as \`file\` (S3 answers 204; it takes files of 1 byte to ${UPLOAD_MAX_BYTES / 1024 / 1024} MB, within ${UPLOAD_EXPIRES_SECONDS / 60} minutes); (3) POST .../imports?upload=<key> for the same preview as a direct upload (a file over 5 MB gets 413 then, with one sentence). An upload is read once and deleted; what is never read is removed after a day. Only the person who asked for the form may import it. Where there is no uploads bucket (a local run), this answers 404: send the file as the body of POST .../imports.`,
      request: { params: IdParam('id', 'ams-rm-2026'), body: jsonBody(UploadRequestSchema) },
      responses: { 200: json(UploadFormSchema, 'The form for S3'), ...errors(400, 401, 403, 404, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      try {
        return c.json(await startUpload(deps, principal(c), { planId: id, fileName: c.req.valid('json').fileName }), 200);
      } catch (error) {
        if (error instanceof UploadsNotUsed) throw problems.notFound('Uploads go in the request body here (there is no uploads bucket): send the file as the body of POST /api/v1/plans/{id}/imports.');
        throw error;
      }
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/imports/{importId}/confirm', tags, summary: 'Confirm a previewed import',
      description: 'Writes the previewed changes (each row\'s history says it came from the import, with the file name). Refused with 409 if the plan changed since the preview, saying what changed; nothing is written then. Imports of more than 49 changes are written in parts: a confirm that failed half-way resumes where it stopped when sent again, without duplicates; a confirm after the import finished writes nothing.',
      request: { params: ImportParams },
      responses: { 200: json(ImportResultSchema, 'Imported'), ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      const { id, importId } = c.req.valid('param');
      try {
        return c.json(await confirmImport(deps, principal(c), { planId: id, importId }), 200);
      } catch (error) {
        if (error instanceof PlanChangedSincePreview || error instanceof NothingToConfirm) throw problems.conflict(error.sentence(languageOf(c)));
        throw error;
      }
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/imports/{importId}', tags, summary: 'Read a saved import preview again',
      description: 'The preview as it was made (kept a week), for the person who made it (anyone else: 404), and where it stands: still open, stale (the plan changed since: `changed` says how, and a confirm would be refused), imported, or stopped part-way.',
      request: { params: ImportParams },
      responses: { 200: json(ImportViewSchema, 'The preview'), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { id, importId } = c.req.valid('param');
      const view = await readImport(deps, principal(c), { planId: id, importId });
      return c.json({ preview: view.preview, state: view.state, ...(view.changes ? { changed: describeChanges(languageOf(c), view.changes) } : {}) }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/export', tags, summary: 'Export a plan: milestones, contributions, funding summary and indicators',
      description: 'XLSX: four sheets (date cells, amounts as numbers in their currency\'s format, a frozen header row): milestones, contributions, funding, and the results framework (one row per indicator and reporting period: baseline, regional target, regional figure from approved values and its status, each administration\'s approved figure; percentages as percent cells). CSV: one table, chosen with `sheet` (`sheet=indicators` for the results framework; figures as plain decimals, a percentage as its number: 37.5). Headers in the caller\'s language; only what the caller may read.',
      request: { params: IdParam('id', 'ams-rm-2026'), query: ExportQuery },
      responses: { 200: { description: 'The file', files: FILES }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const out = await planExport(deps, principal(c), { planId: c.req.valid('param').id, language: languageOf(c, query.lang) });
      return send(c, out.title, out.sheets, query.format, query.sheet);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/export', tags, summary: 'Export a strategy: all its plans\' milestones in one sheet, their indicators in another',
      description: 'XLSX: two sheets, milestones and indicators (as the plan export\'s, with the plan first). CSV: one table, chosen with `sheet` (default milestones). Only the plans the caller may read.',
      request: { params: IdParam('id', 'ams-rm'), query: StrategyExportQuery },
      responses: { 200: { description: 'The file', files: FILES }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const out = await strategyExport(deps, principal(c), { strategyId: c.req.valid('param').id, language: languageOf(c, query.lang) });
      return send(c, out.title, out.sheets, query.format, query.sheet);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/donors/{id}/export', tags, summary: 'Export a donor\'s contributions and the milestones they fund',
      description: 'XLSX: three sheets (contributions, the milestones they fund, the indicators of the plans they fund). CSV: one table, chosen with `sheet` (default contributions). Nothing internal.',
      request: { params: IdParam('id', 'jica'), query: DonorExportQuery },
      responses: { 200: { description: 'The file', files: FILES }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const out = await donorExport(deps, principal(c), { donorId: c.req.valid('param').id, language: languageOf(c, query.lang) });
      return send(c, out.title, out.sheets, query.format, query.sheet);
    },
  );

  return app;
}
