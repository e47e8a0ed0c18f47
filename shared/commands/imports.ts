/**
 * Importing a plan's milestones and contributions from a spreadsheet: preview, then confirm.
 *
 * The preview reads the file's rows (already turned into tables of cells by shared/sheets), checks
 * each with the same rules as the forms and the API (the domain schemas CreateMilestone and
 * PatchMilestone through `parse` and `checkMilestonePatch`, the policy table through `authorize`),
 * and says for every row what will happen: create, update (the milestone with the same ref) or
 * unchanged; every error at once (row, column, value, message in the caller's language); and the
 * plan's milestones the file leaves out (never deleted). Nothing is written to the plan: a preview
 * without errors that changes something is saved as an import record (store/imports.ts).
 *
 * The confirm is refused if the plan changed since the preview (its revision moved), saying what
 * changed. Otherwise it writes the record's chunks in order, each one TransactWriteItems; a retry
 * resumes where a failure stopped, without duplicates. History events say `via: import:<file>`.
 *
 * The contributions sheet (the template's second sheet; for CSV, a file of its own with the
 * contribution columns, as the plan's contributions CSV export is) is read by
 * import-contributions.ts into the same preview and the same record. Every preview is saved, with
 * or without errors, so its page can be read again (`readImport`) until it expires.
 */
import { LANGUAGES, type Language } from '../domain/constants.ts';
import { can } from '../domain/policy.ts';
import { CreateMilestone } from '../domain/resources.ts';
import { format, pickLanguage } from '../i18n/index.ts';
import { sheets as catalogs } from '../i18n/sheets.ts';
import { BadFile, type Cell, type Table } from '../sheets/types.ts';
import { changes } from '../store/history.ts';
import { randomSuffix } from '../store/keys.ts';
import { MILESTONE_FIELDS } from '../store/milestones.ts';
import { countPlanFacts } from '../store/plan-collection.ts';
import type { ImportHeader, ImportWrite, StoredMilestone } from '../store/index.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse } from './context.ts';
import { Conflict, Invalid, NotFound, type FieldError } from './errors.ts';
import { CONTRIBUTION_COLUMNS, isContributionTable, previewContributions, type ContributionRow } from './import-contributions.ts';
import { checkMilestonePatch, milestoneTexts } from './milestones.ts';
import {
  IMPORTED_CONTRIBUTION_COLUMNS, languageOfTexts, MILESTONE_IMPORT_COLUMNS, TEXT_FIELDS, mapHeaders, nameIndex, normalize, readDate, readFlag, readProgress, readRef, readStatus, readText, readingLocale, shown,
  type ContributionColumn, type MappedHeaders, type MilestoneColumn, type Read,
} from './sheet-values.ts';

export interface ImportInput {
  planId: string;
  fileName: string;
  tables: Table[];
  /** The language of messages, and (with `locale`) how dates and amounts are read. */
  language: Language;
  /** The caller's BCP 47 locale (e.g. a browser's en-US), if of the same language. */
  locale?: string | null;
}

export interface ImportRow {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  ref?: number;
  title: string;
  action: 'create' | 'update' | 'unchanged';
  milestoneId?: string;
  changes?: { field: string; before: unknown; after: unknown }[];
}

export interface ImportError {
  /** The sheet the row is on, as the file names it (for a CSV file: its kind of rows, in the reader's language). */
  sheet: string;
  row: number;
  /** The column's header as the file has it. */
  column: string;
  value: string;
  code: string;
  message: string;
}

export interface ImportPreview {
  /** The saved preview: GET .../imports/{id} shows it again; POST .../imports/{id}/confirm imports it when `confirmable`. */
  id: string;
  planId: string;
  fileName: string;
  planRevision: number;
  /** True when there is something to import and no error. */
  confirmable: boolean;
  /** Milestones (all zero when the file has no milestone sheet). */
  summary: { create: number; update: number; unchanged: number };
  rows: ImportRow[];
  errors: ImportError[];
  /** The plan's milestones the file does not list: kept as they are (empty when the file has no milestone sheet). */
  missing: { id: string; ref?: number; title: string }[];
  /** Present when the file has a contributions sheet. */
  contributions?: {
    summary: { create: number; update: number; unchanged: number };
    rows: ContributionRow[];
    /** The plan's contributions the sheet does not list: kept as they are. */
    missing: { id: string; donor: string; description: string }[];
  };
}

/** Which column a rule's field belongs to. */
const COLUMN_OF_FIELD: Record<string, MilestoneColumn> = {
  title: 'title', description: 'description', ownerAdministrationId: 'owner', baselineDueDate: 'baselineDueDate', dueDate: 'dueDate',
  status: 'status', progress: 'progress', note: 'note', evidence: 'evidence', body: 'title',
};

const FILE_NAME = /^[^\\/:*?"<>|\u0000-\u001f]{1,200}$/;

function fileNameOf(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return FILE_NAME.test(base) ? base : 'spreadsheet';
}

/**
 * The tables an import reads: the first whose headers name title, owner and due date (milestones)
 * and the first, another, whose headers name donor and kind (contributions). A file with neither is refused.
 */
function importTables(tables: readonly Table[]) {
  let milestones: { table: Table; headers: MappedHeaders<MilestoneColumn> } | undefined;
  let contributions: { table: Table; headers: MappedHeaders<ContributionColumn> } | undefined;
  for (const table of tables) {
    const headers = mapHeaders(table.rows[0] ?? [], MILESTONE_IMPORT_COLUMNS);
    if (!milestones && headers.at.title !== undefined && headers.at.owner !== undefined && headers.at.dueDate !== undefined) {
      milestones = { table, headers };
      continue;
    }
    const theirs = mapHeaders(table.rows[0] ?? [], IMPORTED_CONTRIBUTION_COLUMNS);
    if (!contributions && isContributionTable(theirs)) contributions = { table, headers: theirs };
  }
  if (!milestones && !contributions) throw new BadFile('no_milestones');
  return { milestones, contributions };
}

const NO_ROWS = { table: { name: '', rows: [] } as Table, headers: { at: {}, label: {} } as MappedHeaders<MilestoneColumn> };

export async function previewImport(deps: CommandDeps, caller: Caller, input: ImportInput): Promise<ImportPreview> {
  const fileName = fileNameOf(input.fileName);
  const t = (key: string, params?: Record<string, string | number>) => format(catalogs[input.language][key] ?? catalogs.en[key]!, params);
  const locale = readingLocale(input.language, input.locale);
  const collection = await deps.store.plans.collection(input.planId);
  const { record } = collection;
  authorize(caller, 'plan:read', record.scope, `plan ${input.planId}`);
  const found = importTables(input.tables);
  if (found.milestones) authorize(caller, 'milestone:update', record.scope, `milestones of plan ${input.planId} (an import changes every field)`);
  if (found.contributions) authorize(caller, 'contribution:update', record.scope, `contributions to plan ${input.planId} (an import changes every field)`);
  const { table, headers } = found.milestones ?? NO_ROWS;
  const sheetName = (t2: Table, kind: 'milestones' | 'contributions') => (t2.name === 'csv' ? t(`sheet.${kind}`) : t2.name);
  const milestoneSheet = sheetName(table, 'milestones');
  const [administrations, donors] = await Promise.all([allAdministrations(deps), found.contributions ? allDonors(deps) : Promise.resolve([])]);
  const owners = nameIndex(administrations, true);
  const zoneOf = new Map(administrations.map((a) => [a.id, a.timeZone]));

  const current = collection.milestones.map((m) => m.milestone);
  const mayMarkInternal = can(caller, 'internal:mark', record.scope);
  const byRef = new Map(current.filter((m) => m.ref !== undefined).map((m) => [m.ref!, m]));
  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  const writes: ImportWrite[] = [];
  const seenRefs = new Map<number, number>();
  const matched = new Set<string>();
  const titles = new Map<string, StoredMilestone[]>();
  for (const m of current) titles.set(normalize(m.title), [...(titles.get(normalize(m.title)) ?? []), m]);
  const byTitle = new Map([...titles].filter(([, list]) => list.length === 1).map(([k, [m]]) => [k, m!]));
  const cell = (r: Cell[], column: MilestoneColumn): Cell | undefined => (headers.at[column] === undefined ? undefined : (r[headers.at[column]!] ?? null));
  const fail = (row: number, column: MilestoneColumn, value: Cell | undefined, code: string, params?: Record<string, string | number>) =>
    errors.push({ sheet: milestoneSheet, row, column: headers.label[column] ?? t(`col.${column}`), value: value === undefined ? '' : shown(value), code, message: t(`err.${code}`, params) });
  const read = <T>(row: number, column: MilestoneColumn, value: Cell | undefined, result: Read<T>): T | undefined => {
    if (result.ok) return result.value;
    fail(row, column, value, result.code, result.params);
    return undefined;
  };

  // Refs first, so that new rows without a ref number after every ref the file and the plan use.
  const data = table.rows.map((r, i) => ({ cells: r, row: i + 1 })).slice(1).filter(({ cells }) => cells.some((c) => c !== null && shown(c).trim() !== ''));
  let nextRef = Math.max(record.lastRef, ...data.map(({ cells }) => { const r = readRef(cell(cells, 'ref') ?? null); return r.ok ? r.value : 0; }));

  for (const { cells, row } of data) {
    const errorsBefore = errors.length;
    const refCell = cell(cells, 'ref');
    let ref: number | undefined;
    if (refCell !== undefined && refCell !== null && shown(refCell).trim() !== '') {
      ref = read(row, 'ref', refCell, readRef(refCell));
      if (ref !== undefined) {
        if (seenRefs.has(ref)) fail(row, 'ref', refCell, 'duplicate_ref');
        seenRefs.set(ref, row);
        if (!byRef.has(ref) && ref <= record.lastRef) fail(row, 'ref', refCell, 'deleted_ref');
      }
    }
    // A row without a ref is the milestone of the same title when exactly one has it (so that
    // importing the same file again changes nothing); otherwise it is a new milestone.
    const titleCell = cell(cells, 'title');
    const sameTitle = ref === undefined && titleCell ? byTitle.get(normalize(readText(titleCell))) : undefined;
    const existing = ref !== undefined ? byRef.get(ref) : sameTitle && !matched.has(sameTitle.id) ? sameTitle : undefined;
    if (existing) matched.add(existing.id);
    if (existing && ref === undefined) ref = existing.ref;
    // What the row says, field by field; a column the file does not have leaves the field alone.
    const fields: Partial<StoredMilestone> = {};
    const text = (column: MilestoneColumn, field: 'title' | 'description' | 'note') => {
      const v = cell(cells, column);
      if (v !== undefined) fields[field] = readText(v).trim();
    };
    text('title', 'title');
    text('description', 'description');
    text('note', 'note');
    const ownerCell = cell(cells, 'owner');
    if (ownerCell !== undefined) {
      if (ownerCell === null) fail(row, 'owner', ownerCell, 'required');
      else {
        const id = owners.get(normalize(readText(ownerCell)));
        if (id) fields.ownerAdministrationId = id;
        else fail(row, 'owner', ownerCell, 'unknown_owner');
      }
    }
    for (const column of ['dueDate', 'baselineDueDate'] as const) {
      const v = cell(cells, column);
      if (v === undefined || v === null) {
        if (column === 'dueDate' && v === null) fail(row, column, v, 'required');
        continue;
      }
      const date = read(row, column, v, readDate(v, locale));
      if (date) fields[column] = date;
    }
    const statusCell = cell(cells, 'status');
    if (statusCell !== undefined && statusCell !== null) {
      const status = read(row, 'status', statusCell, readStatus(statusCell));
      if (status) fields.status = status;
    }
    const progressCell = cell(cells, 'progress');
    if (progressCell !== undefined && progressCell !== null) {
      const progress = read(row, 'progress', progressCell, readProgress(progressCell));
      if (progress !== undefined) fields.progress = progress;
    }
    const evidenceCell = cell(cells, 'evidence');
    if (evidenceCell !== undefined) {
      // One or more links, separated by spaces or line breaks; a link already on file keeps its label.
      const links = readText(evidenceCell).split(/\s+/).filter(Boolean);
      fields.evidence = links.map((url) => existing?.evidence.find((e) => e.url === url) ?? { url });
    }
    const internalCell = cell(cells, 'internal');
    if (internalCell !== undefined) {
      const flag = read(row, 'internal', internalCell, readFlag(internalCell));
      // Setting or clearing the flag is a write of `internal`: only the secretariat and the co-coordinators.
      if (flag !== undefined && flag !== !!existing?.internal) {
        if (mayMarkInternal) fields.internal = flag;
        else fail(row, 'internal', internalCell, 'not_allowed');
      }
    }
    // A new milestone's texts in other languages (an export's columns): the row's texts are in
    // `textLanguage` (else the importer's), the translation columns add the other languages.
    const langCell = cell(cells, 'textLanguage');
    const textLang = langCell !== undefined && langCell !== null ? languageOfTexts(readText(langCell)) : undefined;
    if (langCell !== undefined && langCell !== null && !textLang) fail(row, 'textLanguage', langCell, 'invalid', { detail: 'en, es, fr, pt' });
    const texts: Record<string, Record<string, string>> = {};
    for (const f of TEXT_FIELDS) {
      for (const l of LANGUAGES) {
        const v = cell(cells, `${f}:${l}` as MilestoneColumn);
        if (v !== undefined && v !== null && readText(v).trim() !== '') (texts[f] ??= {})[l] = readText(v).trim();
      }
    }
    const title = fields.title ?? existing?.title ?? '';
    if (errors.length > errorsBefore) {
      rows.push({ row, ...(ref !== undefined ? { ref } : {}), title, action: existing ? 'update' : 'create' });
      continue;
    }

    const ruleErrors = (e: unknown) => {
      if (!(e instanceof Invalid)) throw e;
      for (const fe of e.errors) reportRule(row, fe, cells);
    };
    const reportRule = (r: number, fe: FieldError, cellsOfRow: Cell[]) => {
      // A text's translation ("title.fr") is its own column when the file has it ("Title (fr)").
      const [head, lang] = fe.field.split('.');
      const translated = lang && (LANGUAGES as readonly string[]).includes(lang) && headers.at[`${head}:${lang}` as MilestoneColumn] !== undefined ? (`${head}:${lang}` as MilestoneColumn) : undefined;
      const column = translated ?? COLUMN_OF_FIELD[head!] ?? 'title';
      const value = cell(cellsOfRow, column);
      const code = fe.field.startsWith('evidence') ? 'bad_url' : fe.code === 'too_big' ? 'too_big' : fe.code === 'required' ? 'required' : fe.code === 'done_means_complete' || fe.message.startsWith('must be 100') ? 'done_means_complete' : 'invalid';
      fail(r, column, value, code, { limit: fe.limit ?? '', detail: fe.message });
    };

    if (existing) {
      // Only what differs is a change; the same rules as a PATCH decide whether it is allowed.
      const isText = (k: string) => (TEXT_FIELDS as readonly string[]).includes(k);
      const differing: Record<string, unknown> = {
        ...Object.fromEntries(Object.entries(fields).filter(([k, v]) => !isText(k) && JSON.stringify(v) !== JSON.stringify((existing as Record<string, unknown>)[k] ?? (k === 'evidence' ? [] : undefined)))),
        ...textEdits(existing, fields, (f, l) => cell(cells, `${f}:${l}` as MilestoneColumn)),
      };
      if (Object.keys(differing).length === 0) {
        rows.push({ row, ref, title, action: 'unchanged', milestoneId: existing.id });
        continue;
      }
      let patch: Partial<StoredMilestone>;
      try {
        patch = checkMilestonePatch(existing, differing);
      } catch (e) {
        ruleErrors(e);
        rows.push({ row, ref, title, action: 'update', milestoneId: existing.id });
        continue;
      }
      const next: StoredMilestone = { ...existing, ...patch, version: existing.version + 1 };
      if (patch.ownerAdministrationId) next.ownerTimeZone = zoneOf.get(patch.ownerAdministrationId) ?? existing.ownerTimeZone;
      const changed = changes(existing, next, MILESTONE_FIELDS);
      writes.push({ milestone: next, expectedVersion: existing.version, changes: changed, ...(patch.ownerAdministrationId ? { previousOwner: existing.ownerAdministrationId } : {}) });
      rows.push({ row, ref, title, action: 'update', milestoneId: existing.id, changes: changed });
    } else {
      let body: ReturnType<typeof CreateMilestone.parse>;
      const writer = textLang ?? pickLanguage(caller.language);
      // Each text with its translations as one map of languages, checked by the same rules as the API's.
      const withTexts: Record<string, unknown> = { ...fields };
      for (const f of TEXT_FIELDS) {
        if (!texts[f]) continue;
        withTexts[f] = { ...texts[f], ...(fields[f] ? { [writer]: fields[f] } : {}) };
      }
      try {
        body = parse(CreateMilestone, withTexts);
      } catch (e) {
        ruleErrors(e);
        rows.push({ row, ...(ref !== undefined ? { ref } : {}), title, action: 'create' });
        continue;
      }
      const newRef = ref ?? ++nextRef;
      const m: StoredMilestone = {
        ...body,
        // A spreadsheet's texts are originals, in the language the file says, else the importer's.
        ...(milestoneTexts(undefined, body, writer) as Pick<StoredMilestone, 'title' | 'description' | 'note' | 'translations'>),
        baselineDueDate: body.baselineDueDate ?? body.dueDate,
        progress: body.status === 'done' ? 100 : body.progress,
        id: `${record.plan.id}.m-${randomSuffix()}`,
        planId: record.plan.id,
        strategyId: record.plan.strategyId,
        ref: newRef,
        ownerTimeZone: zoneOf.get(body.ownerAdministrationId)!,
        version: 1,
        updatedBy: caller.userId,
        createdAt: '',
        updatedAt: '',
      };
      writes.push({ milestone: m, expectedVersion: null, changes: changes(null, m, MILESTONE_FIELDS) });
      rows.push({ row, ref: newRef, title, action: 'create', milestoneId: m.id });
    }
  }
  if (writes.some((w) => w.expectedVersion === null)) authorize(caller, 'milestone:create', record.scope, `milestones of plan ${input.planId}`);

  const count = <R extends { action: 'create' | 'update' | 'unchanged' }>(list: readonly R[]) => ({
    create: list.filter((r) => r.action === 'create').length,
    update: list.filter((r) => r.action === 'update').length,
    unchanged: list.filter((r) => r.action === 'unchanged').length,
  });
  const listed = new Set(rows.map((r) => r.milestoneId).filter(Boolean));
  const missing = found.milestones ? current.filter((m) => !listed.has(m.id)).map((m) => ({ id: m.id, ...(m.ref !== undefined ? { ref: m.ref } : {}), title: m.title })) : [];
  const summary = count(rows);

  let contributions: ImportPreview['contributions'];
  if (found.contributions) {
    const { table: sheet, headers: theirHeaders } = found.contributions;
    const contributionSheet = sheetName(sheet, 'contributions');
    // A contribution's milestone ref names a milestone of the plan, or one this file adds.
    const milestoneByRef = new Map<number, string>(current.filter((m) => m.ref !== undefined).map((m) => [m.ref!, m.id]));
    for (const r of rows) if (r.ref !== undefined && r.milestoneId) milestoneByRef.set(r.ref, r.milestoneId);
    const out = previewContributions({
      planId: record.plan.id,
      strategyId: record.plan.strategyId,
      table: sheet,
      headers: theirHeaders,
      locale,
      current: collection.contributions,
      donors,
      milestoneByRef,
      mayMarkInternal,
      fail: (row, column, value, code, params) =>
        errors.push({ sheet: contributionSheet, row, column: theirHeaders.label[column] ?? t(`col.${column}`), value: value === undefined ? '' : shown(value), code, message: t(`err.${code}`, params) }),
      errorCount: () => errors.length,
    });
    for (const w of out.writes) {
      authorize(caller, w.expectedVersion === null ? 'contribution:create' : 'contribution:update', { ...record.scope, donorId: w.contribution!.donorId }, `contributions to plan ${input.planId}`);
    }
    writes.push(...out.writes);
    contributions = { summary: count(out.rows), rows: out.rows, missing: out.missing };
  }

  const confirmable = errors.length === 0 && writes.length > 0;
  const id = `${Date.now().toString(36)}-${randomSuffix(10)}`;
  const preview: ImportPreview = {
    id, planId: record.plan.id, fileName, planRevision: record.rev, confirmable, summary, rows, errors, missing, ...(contributions ? { contributions } : {}),
  };
  // Saved even with errors or nothing to change, so the page can be read again (a reload) until it expires.
  await deps.store.imports.save(
    {
      id,
      planId: record.plan.id,
      userId: caller.userId,
      fileName,
      planRevision: record.rev,
      lastRef: record.lastRef,
      snapshot: current.map((m) => ({ id: m.id, ...(m.ref !== undefined ? { ref: m.ref } : {}), title: m.title.slice(0, 80), version: m.version })),
      contributionSnapshot: collection.contributions.map((c) => ({ id: c.id, donorId: c.donorId, description: c.description.slice(0, 80), version: c.version })),
      summary,
      ...(contributions ? { contributionSummary: contributions.summary } : {}),
      confirmable,
      createdAt: deps.now().toISOString(),
    },
    confirmable ? writes : [],
    preview,
  );
  return preview;
}

async function allDonors(deps: CommandDeps) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.donors.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function allAdministrations(deps: CommandDeps) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.administrations.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** What changed in the plan since a preview: each milestone or contribution changed, added or deleted. */
export interface PlanChange {
  kind: 'milestone' | 'added' | 'deleted' | 'contribution' | 'contributionAdded' | 'contributionDeleted' | 'plan';
  ref?: number;
  title?: string;
  who?: string;
  donor?: string;
}

/** The confirm of an import whose plan changed since the preview: nothing was written. */
export class PlanChangedSincePreview extends Conflict {
  constructor(readonly changes: PlanChange[]) {
    super(`The plan changed since the preview, so nothing was imported: ${describeChanges('en', changes)}. Upload the file again to see a new preview.`);
  }

  /** The sentence in a reader's language. */
  sentence(language: Language): string {
    return format(catalogs[language]['changed.sentence']!, { changes: describeChanges(language, this.changes) });
  }
}

/** The confirm of a preview with errors or nothing to change: there is nothing to import. */
export class NothingToConfirm extends Conflict {
  constructor() {
    // The doors say it in the reader's words (`sentence`); this is the log's and the tests' English.
    super('nothing to import: the preview has errors or changes nothing');
  }

  sentence(language: Language): string {
    return catalogs[language]['page.notConfirmable']!;
  }
}

/** What changed, in a reader's language: "milestone 1 (Committee) was changed by Diego; ...". */
export function describeChanges(language: Language, list: readonly PlanChange[]): string {
  const t = (key: string, params?: Record<string, string | number>) => format(catalogs[language][key]!, params);
  return list
    .map((c) => (c.kind === 'plan' ? t('changed.plan') : t(`changed.${c.kind}`, { ref: c.ref ?? '-', title: c.title ?? '', who: c.who ?? '', donor: c.donor ?? '' })))
    .join('; ');
}

export interface ImportResult {
  id: string;
  planId: string;
  fileName: string;
  summary: ImportHeader['summary'];
  /** Contributions, when the file had a contributions sheet. */
  contributionSummary?: ImportHeader['summary'];
  /** True when this call wrote nothing because an earlier one finished the import. */
  alreadyDone: boolean;
}

/** The import record of its maker, for this plan; anyone else (or another plan) finds nothing. */
function mine<T extends { header: ImportHeader }>(found: T | undefined, caller: Caller, input: { planId: string; importId: string }): T {
  if (!found || found.header.planId !== input.planId || found.header.userId !== caller.userId) throw new NotFound('import', input.importId);
  return found;
}

export async function confirmImport(deps: CommandDeps, caller: Caller, input: { planId: string; importId: string }): Promise<ImportResult> {
  // Someone else's preview is not found: it is theirs to confirm.
  const { header, chunks } = mine(await deps.store.imports.get(input.importId), caller, input);
  const result = {
    id: header.id, planId: header.planId, fileName: header.fileName, summary: header.summary,
    ...(header.contributionSummary ? { contributionSummary: header.contributionSummary } : {}),
  };
  if (header.confirmable === false) throw new NothingToConfirm();
  if (header.chunksDone >= header.chunks) return { ...result, alreadyDone: true };
  let plan = await deps.store.plans.require(header.planId);
  authorize(caller, 'milestone:update', plan.scope, `milestones of plan ${header.planId}`);
  if (header.contributionSummary) authorize(caller, 'contribution:update', plan.scope, `contributions to plan ${header.planId}`);
  if (header.chunksDone === 0 && plan.rev !== header.planRevision) throw new PlanChangedSincePreview(await changesSince(deps, header));
  if (!plan.counts) {
    // A plan stored before its per-administration and per-donor counts were kept: count them first.
    await countPlanFacts(deps.store.db, header.planId);
    plan = await deps.store.plans.require(header.planId);
    if (header.chunksDone === 0) header.planRevision = plan.rev;
  }
  const actor = { ...actorOf(caller), via: `import:${header.fileName}` };
  for (let i = header.chunksDone; i < chunks.length; i++) {
    try {
      plan = await deps.store.imports.applyChunk(header, i, chunks[i]!, plan, actor);
    } catch (error) {
      // The first part refused because the plan moved in the meantime: say what changed.
      if (i === 0 && error instanceof Conflict && !(error instanceof PlanChangedSincePreview)) throw new PlanChangedSincePreview(await changesSince(deps, header));
      throw error;
    }
  }
  return { ...result, alreadyDone: false };
}

async function changesSince(deps: CommandDeps, header: ImportHeader): Promise<PlanChange[]> {
  const { milestones, contributions } = await deps.store.plans.collection(header.planId);
  const now = new Map(milestones.map((m) => [m.milestone.id, m.milestone]));
  const then = new Map(header.snapshot.map((m) => [m.id, m]));
  const out: PlanChange[] = [];
  const people = await deps.store.people.getMany([...new Set([...now.values()].map((m) => m.updatedBy))]);
  for (const m of header.snapshot) {
    const current = now.get(m.id);
    if (!current) out.push({ kind: 'deleted', ref: m.ref, title: m.title });
    else if (current.version !== m.version) out.push({ kind: 'milestone', ref: m.ref, title: current.title, who: people.get(current.updatedBy)?.name ?? current.updatedBy });
  }
  for (const m of now.values()) if (!then.has(m.id)) out.push({ kind: 'added', ref: m.ref, title: m.title });
  if (header.contributionSnapshot) {
    const nowC = new Map(contributions.map((c) => [c.id, c]));
    const thenC = new Set(header.contributionSnapshot.map((c) => c.id));
    const donors = await deps.store.donors.getMany([...new Set([...contributions.map((c) => c.donorId), ...header.contributionSnapshot.map((c) => c.donorId)])]);
    const donor = (id: string) => donors.get(id)?.name ?? id;
    for (const c of header.contributionSnapshot) {
      const current = nowC.get(c.id);
      if (!current) out.push({ kind: 'contributionDeleted', donor: donor(c.donorId), title: c.description });
      else if (current.version !== c.version) out.push({ kind: 'contribution', donor: donor(c.donorId), title: current.description.slice(0, 80) });
    }
    for (const c of contributions) if (!thenC.has(c.id)) out.push({ kind: 'contributionAdded', donor: donor(c.donorId), title: c.description.slice(0, 80) });
  }
  return out.length > 0 ? out : [{ kind: 'plan' }];
}

/** A saved preview read again, with where it stands now. */
export interface ImportView {
  preview: ImportPreview;
  /**
   * open: it can be confirmed (or has nothing to confirm: `preview.confirmable`); stale: the plan
   * changed since, and `changes` says how; imported: confirmed in full; partial: a confirm stopped
   * part-way (sending it again resumes).
   */
  state: 'open' | 'stale' | 'imported' | 'partial';
  changes?: PlanChange[];
  planTitle: string;
}

/** A saved preview, for its maker only (anyone else: not found), and whether the plan moved since. */
export async function readImport(deps: CommandDeps, caller: Caller, input: { planId: string; importId: string }): Promise<ImportView> {
  const { header, preview } = mine(await deps.store.imports.preview(input.importId), caller, input);
  const plan = await deps.store.plans.get(header.planId);
  // The maker who may no longer import into the plan (or a plan deleted since) finds nothing either.
  if (!plan || !can(caller, 'milestone:update', plan.scope) || !preview) throw new NotFound('import', input.importId);
  const saved = preview as ImportPreview;
  const planTitle = plan.plan.title;
  if (header.chunksDone > 0) return { preview: saved, planTitle, state: header.chunksDone >= header.chunks ? 'imported' : 'partial' };
  if (plan.rev !== header.planRevision) return { preview: saved, planTitle, state: 'stale', changes: await changesSince(deps, header) };
  return { preview: saved, planTitle, state: 'open' };
}

/**
 * What a row asks of an existing milestone's texts (issue 14): per field, the languages whose text
 * differs from what the milestone holds (the main column: the original; an export's translation
 * column: that language, an emptied cell removing it: null). Only what differs, so a round trip
 * neither confirms nor marks a translation, and a changed original alone marks the translations it
 * leaves as they were outdated (domain/translations.ts applyTextEdit, as the forms do).
 */
function textEdits(
  existing: StoredMilestone,
  fields: Partial<StoredMilestone>,
  cellAt: (field: (typeof TEXT_FIELDS)[number], lang: Language) => Cell | undefined,
): Record<string, Partial<Record<Language, string | null>>> {
  const out: Record<string, Partial<Record<Language, string | null>>> = {};
  for (const f of TEXT_FIELDS) {
    const held = existing.translations?.[f];
    const originalLang = held?.lang ?? 'en';
    const asked: Partial<Record<Language, string | null>> = {};
    const main = fields[f];
    if (main !== undefined && main !== (existing[f] ?? '')) asked[originalLang] = main;
    for (const l of LANGUAGES) {
      const v = l === originalLang ? undefined : cellAt(f, l);
      if (v === undefined) continue;
      const text = v === null ? '' : readText(v).trim();
      if (text !== (held?.texts[l]?.text ?? '')) asked[l] = text === '' ? null : text;
    }
    if (Object.keys(asked).length > 0) out[f] = asked;
  }
  return out;
}

/** The message of a refused file in a language. */
export function badFileMessage(error: BadFile, language: Language): string {
  const rows = error.params.rows;
  const params = { ...error.params, ...(typeof rows === 'number' ? { rows: new Intl.NumberFormat(language).format(rows) } : {}) };
  return format(catalogs[language][`bad.${error.code}`]!, params);
}

