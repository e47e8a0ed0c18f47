/**
 * Spreadsheets in and out: the import template, an import's preview (the file as the raw body)
 * and its confirm, and the plan, strategy and donor exports as XLSX or CSV. The spreadsheet
 * module (shared/sheets) is loaded on the first such call, never at the API's cold start.
 */
import * as z from 'zod/mini';
import type { Context } from 'hono';
import {
  NothingToConfirm, PlanChangedSincePreview, badFileMessage, confirmImport, describeChanges, donorExport, planImportTemplate, planExport, previewImport, readImport,
  strategyExport,
} from '../../commands/index.ts';
import { lazy, named } from '../../domain/common.ts';
import { LANGUAGES, type Language } from '../../domain/constants.ts';
import { pickLanguage } from '../../i18n/index.ts';
import { XLSX_TYPE, downloadHeaders, fileBaseName, sourceSheets, type Sheets } from '../../sheets/port.ts';
import { BadFile, LIMITS, type SheetOut } from '../../sheets/types.ts';
import { IdParam, errors, json, principal, v1Route, type AppDeps, type Env } from '../http.ts';
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
const UploadQuery = lazy(() => z.object({
  fileName: z.string().check(z.minLength(1), z.maxLength(200), z.meta({ example: 'buenos-aires-2014.xlsx', description: 'Recorded in each milestone\'s history' })),
  locale: z.optional(z.string().check(z.maxLength(35))).check(z.meta({ example: 'es-PE', description: 'How dates (dd/mm or mm/dd) and amounts are read; default from Accept-Language or the language' })),
  lang: langField(),
}));
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
      description: 'Send the file (XLSX, or CSV with commas or semicolons, UTF-8 or Windows-1252) as the body. XLSX: the milestone sheet and, optionally, the contributions sheet (donor by identifier, name or IATI identifier; kind; description; amount as the locale writes it; currency; stage; stage dates; milestone ref). CSV: one table, milestones or contributions (told apart by their headers). Nothing is written to the plan: the answer says what each row would do and lists every error at once. `id` names the saved preview (GET /plans/{id}/imports/{importId} reads it again); when `confirmable`, confirm it with POST /plans/{id}/imports/{importId}/confirm. Bad files (over 5 MB, over 2,000 rows, password-protected, formulas, not a spreadsheet) get 413 or 422 with one sentence.',
      request: { params: IdParam('id', 'ams-rm-2026'), query: UploadQuery, file: { mediaTypes: [...FILES, 'application/octet-stream'], description: 'The spreadsheet, at most 5 MB' } },
      responses: { 200: json(ImportPreviewSchema, 'The preview'), ...errors(400, 401, 403, 404, 413, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const language = languageOf(c, query.lang);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      try {
        if (bytes.byteLength > LIMITS.bytes) throw new BadFile('too_large');
        const module = await load();
        const tables = module.readSpreadsheet(bytes);
        const preview = await previewImport(deps, principal(c), {
          planId: id, fileName: query.fileName, tables, language, locale: query.locale ?? c.req.header('Accept-Language')?.split(',')[0]?.split(';')[0]?.trim(),
        });
        return c.json(preview, 200);
      } catch (error) {
        if (error instanceof BadFile) throw problems.badFile(badFileMessage(error, language), error.code === 'too_large' ? 413 : 422);
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
