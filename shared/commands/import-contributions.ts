/**
 * The contributions sheet of an import (the template's second sheet, or a CSV of its columns):
 * each row read as people write it (donor by identifier, name, acronym or IATI identifier, case and
 * accents ignored; kind and stage in any of the four languages; the amount as the reader's locale
 * writes it, to a decimal string; stage dates), checked with the rules of the forms and the API
 * (CreateContribution, or the merged contribution for an update), and matched with the plan's
 * contributions: the same donor, kind and description is the same contribution (create, update,
 * unchanged). Contributions the sheet leaves out are listed, never deleted. Called by
 * imports.ts `previewImport`; writes nothing.
 */
import { STAGES } from '../domain/constants.ts';
import type { Translations } from '../domain/translations.ts';
import { toMinor } from '../domain/money.ts';
import { CreateContribution, type Contribution } from '../domain/resources.ts';
import type { Cell, Table } from '../sheets/types.ts';
import { changes } from '../store/history.ts';
import { randomSuffix } from '../store/keys.ts';
import { CONTRIBUTION_FIELDS } from '../store/contributions.ts';
import type { ImportWrite } from '../store/index.ts';
import { parse } from './context.ts';
import { checkMergedContribution } from './contributions.ts';
import { Invalid, type FieldError } from './errors.ts';
import {
  CONTRIBUTION_COLUMNS, nameIndex, normalize, readAmount, readDate, readFlag, readKind, readRef, readStage, readText, shown,
  type ContributionColumn, type MappedHeaders, type Read, type ReadingLocale,
} from './sheet-values.ts';

export interface ContributionRow {
  row: number;
  donor: string;
  description: string;
  action: 'create' | 'update' | 'unchanged';
  contributionId?: string;
  changes?: { field: string; before: unknown; after: unknown }[];
}

export interface ContributionsContext {
  planId: string;
  strategyId: string;
  table: Table;
  headers: MappedHeaders<ContributionColumn>;
  locale: ReadingLocale;
  current: readonly Contribution[];
  donors: readonly { id: string; name: string; iatiRef?: string | undefined; translations?: Translations }[];
  /** Milestone ids by ref: the plan's and those the same file adds. */
  milestoneByRef: ReadonlyMap<number, string>;
  /** Whether the importer may set or clear the internal flag (`internal:mark`); others get a row error for a change of it. */
  mayMarkInternal: boolean;
  /** Records an error of a cell (the caller turns the code into the reader's language). */
  fail: (row: number, column: ContributionColumn, value: Cell | undefined, code: string, params?: Record<string, string | number>) => void;
  errorCount: () => number;
}

/** Which column a rule's field belongs to. */
const COLUMN_OF_FIELD: Record<string, ContributionColumn> = {
  donorId: 'donor', kind: 'kind', description: 'description', amount: 'amount', currency: 'currency', stage: 'stage', milestoneId: 'milestoneRef', agreedRate: 'amount',
};

/** A rule's error as a code the catalog words (sheets.ts `err.*`). */
function codeOf(fe: FieldError): { code: string; params?: Record<string, string | number> } {
  if (fe.code === 'too_big') return { code: 'too_big', params: { limit: fe.limit ?? '' } };
  if (fe.code === 'required' || fe.message.startsWith('is required')) return { code: 'required' };
  if (fe.field === 'currency') return { code: 'bad_currency' };
  if (fe.field === 'amount' && /decimal places|no minor unit/.test(fe.message)) return { code: 'amount_decimals' };
  if (fe.field.startsWith('stageDates.') && fe.message.startsWith('must not be set')) return { code: 'stage_not_reached' };
  if (fe.field.startsWith('stageDates.') && fe.message.startsWith('must not be before')) return { code: 'date_before_stage' };
  return { code: 'invalid', params: { limit: '', detail: fe.message } };
}

/** The same amount: "150000.5" and "150000.50" in USD (integer minor units, no float). */
function sameAmount(a: string | undefined, b: string | undefined, currency: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || !currency) return false;
  try {
    return toMinor(a, currency) === toMinor(b, currency);
  } catch {
    return false;
  }
}

const matchKey = (c: { donorId: string; kind: string; description: string }) => `${c.donorId}\u0000${c.kind}\u0000${normalize(c.description)}`;

export function previewContributions(ctx: ContributionsContext): { rows: ContributionRow[]; writes: ImportWrite[]; missing: { id: string; donor: string; description: string }[] } {
  const { headers, locale, fail } = ctx;
  // A name given in several languages (a map of language to name) is found in each of them.
  const namesOf = (name: unknown): string[] => (typeof name === 'string' ? [name] : name && typeof name === 'object' ? Object.values(name).filter((n): n is string => typeof n === 'string') : []);
  const donorIndex = nameIndex(ctx.donors.flatMap((d) => [
    ...namesOf(d.name).map((name) => ({ id: d.id, name, translations: d.translations })), ...(d.iatiRef ? [{ id: d.id, name: d.iatiRef }] : []),
  ]), false);
  const donorName = new Map(ctx.donors.map((d) => [d.id, namesOf(d.name)[0] ?? d.id]));
  const cell = (r: Cell[], column: ContributionColumn): Cell | undefined => (headers.at[column] === undefined ? undefined : (r[headers.at[column]!] ?? null));
  const filled = (v: Cell | undefined): v is Exclude<Cell, null> => v !== undefined && v !== null && shown(v).trim() !== '';
  const read = <T>(row: number, column: ContributionColumn, value: Cell | undefined, result: Read<T>): T | undefined => {
    if (result.ok) return result.value;
    fail(row, column, value, result.code, result.params);
    return undefined;
  };

  // Candidates per donor, kind and description, oldest first.
  const candidates = new Map<string, Contribution[]>();
  for (const c of [...ctx.current].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    candidates.set(matchKey(c), [...(candidates.get(matchKey(c)) ?? []), c]);
  }
  const matched = new Set<string>();
  const rows: ContributionRow[] = [];
  const writes: ImportWrite[] = [];
  const data = ctx.table.rows.map((cells, i) => ({ cells, row: i + 1 })).slice(1).filter(({ cells }) => cells.some((c) => c !== null && shown(c).trim() !== ''));

  for (const { cells, row } of data) {
    const before = ctx.errorCount();
    const fields: Record<string, unknown> = {};
    const donorCell = cell(cells, 'donor');
    if (!filled(donorCell)) fail(row, 'donor', donorCell, 'required');
    else {
      const id = donorIndex.get(normalize(readText(donorCell)));
      if (id) fields.donorId = id;
      else fail(row, 'donor', donorCell, 'unknown_donor');
    }
    const kindCell = cell(cells, 'kind');
    if (!filled(kindCell)) fail(row, 'kind', kindCell, 'required');
    else fields.kind = read(row, 'kind', kindCell, readKind(kindCell));
    const descriptionCell = cell(cells, 'description');
    if (descriptionCell !== undefined) fields.description = readText(descriptionCell).trim();
    const amountCell = cell(cells, 'amount');
    if (filled(amountCell)) fields.amount = read(row, 'amount', amountCell, readAmount(amountCell, locale));
    const currencyCell = cell(cells, 'currency');
    if (filled(currencyCell)) fields.currency = readText(currencyCell).trim().toUpperCase();
    const stageCell = cell(cells, 'stage');
    fields.stage = filled(stageCell) ? read(row, 'stage', stageCell, readStage(stageCell)) : 'pledged';
    const stageDates: Record<string, string> = {};
    for (const stage of STAGES) {
      const v = cell(cells, stage);
      if (!filled(v)) continue;
      const date = read(row, stage, v, readDate(v, locale));
      if (date) stageDates[stage] = date;
    }
    fields.stageDates = stageDates;
    const refCell = cell(cells, 'milestoneRef');
    if (filled(refCell)) {
      const ref = read(row, 'milestoneRef', refCell, readRef(refCell));
      if (ref !== undefined) {
        const id = ctx.milestoneByRef.get(ref);
        if (id) fields.milestoneId = id;
        else fail(row, 'milestoneRef', refCell, 'unknown_milestone_ref');
      }
    }
    const internalCell = cell(cells, 'internal');
    const internal = internalCell === undefined ? undefined : read(row, 'internal', internalCell, readFlag(internalCell));
    const donorShown = donorName.get(String(fields.donorId)) ?? (donorCell ? shown(donorCell) : '');
    const description = String(fields.description ?? '');
    const pool = fields.donorId && fields.kind ? (candidates.get(matchKey(fields as never)) ?? []).filter((c) => !matched.has(c.id)) : [];
    // The same contribution: the one whose fields all match, else the oldest of the same donor, kind and description.
    const differs = (c: Contribution) => {
      const out: Record<string, unknown> = {};
      if (description !== c.description) out.description = description;
      if (!sameAmount(fields.amount as string | undefined, c.amount, (fields.currency as string | undefined) ?? c.currency)) out.amount = fields.amount ?? null;
      if ((fields.currency ?? undefined) !== c.currency) out.currency = fields.currency ?? null;
      if (fields.stage !== c.stage) out.stage = fields.stage;
      if (JSON.stringify(Object.entries(stageDates).sort()) !== JSON.stringify(Object.entries(c.stageDates ?? {}).sort())) out.stageDates = stageDates;
      // A file without the milestone ref column leaves the link alone.
      if (headers.at.milestoneRef !== undefined && (fields.milestoneId ?? undefined) !== c.milestoneId) out.milestoneId = fields.milestoneId ?? null;
      // A file without the Internal column leaves the flag alone.
      if (internal !== undefined && internal !== !!c.internal) out.internal = internal;
      return out;
    };
    const existing = pool.find((c) => Object.keys(differs(c)).length === 0) ?? pool[0];
    if (existing) matched.add(existing.id);
    // Setting or clearing the flag is a write of `internal`: only the secretariat and the co-coordinators.
    if (internal !== undefined && internal !== !!existing?.internal) {
      if (ctx.mayMarkInternal) fields.internal = internal;
      else fail(row, 'internal', internalCell, 'not_allowed');
    }
    if (ctx.errorCount() > before) {
      rows.push({ row, donor: donorShown, description, action: existing ? 'update' : 'create', ...(existing ? { contributionId: existing.id } : {}) });
      continue;
    }
    const ruleErrors = (e: unknown) => {
      if (!(e instanceof Invalid)) throw e;
      for (const fe of e.errors) {
        const column = fe.field.startsWith('stageDates.') ? (fe.field.split('.')[1] as ContributionColumn) : (COLUMN_OF_FIELD[fe.field.split('.')[0]!] ?? 'description');
        const { code, params } = codeOf(fe);
        fail(row, column, cell(cells, column), code, params);
      }
    };
    if (existing) {
      const patch = differs(existing);
      if (Object.keys(patch).length === 0) {
        rows.push({ row, donor: donorShown, description, action: 'unchanged', contributionId: existing.id });
        continue;
      }
      const merged: Record<string, unknown> = { ...existing };
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      try {
        checkMergedContribution(merged);
      } catch (e) {
        ruleErrors(e);
        rows.push({ row, donor: donorShown, description, action: 'update', contributionId: existing.id });
        continue;
      }
      const next = { ...merged, version: existing.version + 1 } as Contribution;
      const changed = changes(existing, next, CONTRIBUTION_FIELDS);
      writes.push({ contribution: next, expectedVersion: existing.version, changes: changed });
      rows.push({ row, donor: donorShown, description, action: 'update', contributionId: existing.id, changes: changed });
    } else {
      let body: ReturnType<typeof CreateContribution.parse>;
      try {
        body = parse(CreateContribution, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      } catch (e) {
        ruleErrors(e);
        rows.push({ row, donor: donorShown, description, action: 'create' });
        continue;
      }
      const c = {
        ...body,
        id: `${ctx.planId}.c-${randomSuffix()}`,
        planId: ctx.planId,
        strategyId: ctx.strategyId,
        version: 1,
        createdAt: '',
        updatedAt: '',
      } as Contribution;
      writes.push({ contribution: c, expectedVersion: null, changes: changes(null, c, CONTRIBUTION_FIELDS) });
      rows.push({ row, donor: donorShown, description, action: 'create', contributionId: c.id });
    }
  }
  const missing = ctx.current.filter((c) => !matched.has(c.id)).map((c) => ({ id: c.id, donor: donorName.get(c.donorId) ?? c.donorId, description: c.description }));
  return { rows, writes, missing };
}

/** The table with the contribution columns: the first whose headers name the donor and the kind. */
export function isContributionTable(headers: MappedHeaders<ContributionColumn>): boolean {
  return headers.at.donor !== undefined && headers.at.kind !== undefined;
}

export { CONTRIBUTION_COLUMNS };
