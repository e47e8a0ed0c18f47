/**
 * What a spreadsheet export holds, as tables with headers in the reader's language: a plan
 * (milestones, contributions, funding summary), a strategy (all its plans' milestones in one
 * sheet), a donor (its own contributions and the milestones they fund), and the import template.
 * Only what the reader may see, asked of the policy table per object. The doors write the tables
 * as XLSX or CSV with the spreadsheet module (shared/sheets), loaded on first use.
 *
 * The funding summary is the plan page's (domain/progress.ts `rollUp`, over all the plan's
 * contributions, per currency, unconverted), as the code computes it today.
 */
import { STAGES, type Language } from '../domain/constants.ts';
import { daysBetween } from '../domain/dates.ts';
import { PUBLICATION, recordsFor, seesInternal } from '../domain/internal.ts';
import { can, planScopeFilter, type Scope } from '../domain/policy.ts';
import { budgetsOf, rollUp } from '../domain/progress.ts';
import type { Contribution } from '../domain/resources.ts';
import { format } from '../i18n/index.ts';
import { sheets as catalogs } from '../i18n/sheets.ts';
import type { ColumnKind, SheetOut } from '../sheets/types.ts';
import { inPlanOrder, presentMilestone, type PlanRecord, type StoredMilestone } from '../store/index.ts';
import type { CommandDeps, Caller } from './context.ts';
import { authorize } from './context.ts';
import { NotFound } from './errors.ts';
import { CONTRIBUTION_COLUMNS, MILESTONE_COLUMNS, TEXT_FIELDS, TRANSLATION_COLUMNS, headerOf } from './sheet-values.ts';
import { indicatorSheet, readableResults, type PlanResults } from './export-results.ts';
import { localDate } from '../domain/dates.ts';
import { allTexts, inLanguage } from '../domain/translations.ts';

type Row = SheetOut['rows'][number];
const words = (language: Language) => (key: string, params?: Record<string, string | number>) => format(catalogs[language][key] ?? catalogs.en[key]!, params);

const KIND: Record<string, ColumnKind> = {
  ref: 'integer', baselineDueDate: 'date', dueDate: 'date', slipDays: 'integer', progress: 'percent', updatedAt: 'date',
  amount: 'money', pledged: 'date', committed: 'date', disbursed: 'date', spent: 'date', milestoneRef: 'integer',
  fundingPledged: 'money', fundingCommitted: 'money', fundingDisbursed: 'money', fundingSpent: 'money', fundingTotal: 'money',
  budget: 'money', secured: 'money', gap: 'money',
};
const columns = (language: Language, keys: readonly string[]) => keys.map((k) => ({ header: headerOf(language, k), kind: KIND[k] ?? ('text' as const) }));

/**
 * The milestones' texts in other languages (issue 14), for a plan export that an import reads back
 * whole: which language the title, description and note columns are in (each milestone's title's
 * original), and a column per field and language some milestone holds. None when nothing is translated.
 * Beside the usual columns rather than on a sheet of their own, so a row stays one milestone
 * (filtering, sorting and editing a row keep its languages together) and the file reads as before.
 */
function translationColumns(milestones: readonly StoredMilestone[]): { keys: string[]; cells: (m: StoredMilestone) => Row } {
  if (!milestones.some((m) => m.translations)) return { keys: [], cells: () => [] };
  const rowLang = (m: StoredMilestone) => m.translations?.title?.lang ?? 'en';
  // A field's texts as the row gives them: the row's language in the main column, every other held language in its own.
  const held = (m: StoredMilestone, f: (typeof TEXT_FIELDS)[number]) =>
    new Map(m[f] ? allTexts(m[f], m.translations?.[f]).filter((x) => x.lang !== rowLang(m)).map((x) => [x.lang, x.text]) : []);
  const keys = TRANSLATION_COLUMNS.filter((k) => {
    const [f, l] = k.split(':') as [(typeof TEXT_FIELDS)[number], Language];
    return milestones.some((m) => held(m, f).has(l));
  });
  return {
    keys: ['textLanguage', ...keys],
    cells: (m) => [rowLang(m), ...keys.map((k) => {
      const [f, l] = k.split(':') as [(typeof TEXT_FIELDS)[number], Language];
      return held(m, f).get(l) ?? null;
    })],
  };
}

/** The export's milestone columns: every column the import reads, plus the computed ones. */
const EXPORT_MILESTONE_COLUMNS = ['ref', 'title', 'description', 'owner', 'baselineDueDate', 'dueDate', 'slipDays', 'status', 'progress', 'health', 'updatedAt', 'note', 'evidence'] as const;

/**
 * The "Internal" column (domain/internal.ts): in the plan and strategy exports of readers who may
 * see internal items (the secretariat, co-coordinators, administrations involved), never in a donor
 * export; it reads back on import, where only those allowed by `internal:mark` may change it.
 */
const internalCell = (item: { internal?: boolean }, language: Language) => (item.internal ? words(language)('internal.yes') : null);

function milestoneRow(m: StoredMilestone, language: Language, now: Date, internalColumn = false): Row {
  const t = words(language);
  const shown = presentMilestone(m, now);
  return [
    m.ref ?? null, m.title, m.description || null, m.ownerAdministrationId, m.baselineDueDate, m.dueDate,
    daysBetween(m.baselineDueDate, m.dueDate), t(`status.${m.status}`), m.progress, t(`health.${shown.health}`),
    m.updatedAt.slice(0, 10), m.note || null, m.evidence.map((e) => e.url).join('\n') || null,
    ...(internalColumn ? [internalCell(m, language)] : []),
  ];
}

function contributionRows(list: readonly Contribution[], language: Language, donorName: (id: string) => string, refOf: (id?: string) => number | null, internalColumn = false): Row[] {
  const t = words(language);
  return list.map((c) => [
    donorName(c.donorId), t(`kind.${c.kind}`), c.description,
    c.amount && c.currency ? { amount: c.amount, currency: c.currency } : null, c.currency ?? null, t(`stage.${c.stage}`),
    ...STAGES.map((s) => c.stageDates[s] ?? null), refOf(c.milestoneId),
    ...(internalColumn ? [internalCell(c, language)] : []),
  ]);
}

/** The columns, with "Internal" last for a reader who may see internal items. */
const withInternal = (keys: readonly string[], internalColumn: boolean) => (internalColumn ? [...keys, 'internal'] : keys);

/** The import template: the milestone columns, and the optional contributions sheet. */
/** The import template of a plan, for someone who may read the plan (else the plan is not found for them). */
export async function planImportTemplate(deps: CommandDeps, caller: Caller, input: { planId: string; language: Language }): Promise<{ planId: string; sheets: SheetOut[] }> {
  const record = await deps.store.plans.get(input.planId);
  if (!record) throw new NotFound('plan', input.planId);
  authorize(caller, 'plan:read', record.scope, `plan ${input.planId}`);
  return { planId: record.plan.id, sheets: importTemplate(input.language) };
}

export function importTemplate(language: Language): SheetOut[] {
  const t = words(language);
  return [
    { key: 'milestones', name: t('sheet.milestones'), columns: columns(language, MILESTONE_COLUMNS), rows: [] },
    { key: 'contributions', name: t('sheet.contributions'), columns: columns(language, CONTRIBUTION_COLUMNS), rows: [] },
  ];
}

/** Administration names for the indicators sheet's columns: one Query of the directory (as the strategy matrix reads them). */
/** Administration names by id, in the reader's language where one is held. */
async function administrationNames(deps: CommandDeps, language: Language): Promise<Map<string, string>> {
  const page = await deps.store.administrations.list({ limit: 100 });
  return new Map(page.items.map((a) => [a.id, inLanguage(a, [language]).name]));
}

/** The indicators sheet of the plans given, as the reader may see them (export-results.ts). */
function resultsSheet(caller: Caller, plans: readonly PlanResults[], names: ReadonlyMap<string, string>, language: Language, now: Date, withPlan: boolean): SheetOut {
  // Titles, definitions and names in the reader's language where they are held (issue 14).
  const localized = readableResults(caller, plans).map((p) => ({
    ...p,
    framework: { ...p.framework, results: p.framework.results.map((r) => inLanguage(r, [language])), indicators: p.framework.indicators.map((i) => inLanguage(i, [language])) },
  }));
  return indicatorSheet({ plans: localized, administrationNames: names, language, today: localDate(now, 'UTC'), withPlan });
}

async function donorNames(deps: CommandDeps, ids: readonly string[], language: Language) {
  const donors = await deps.store.donors.getMany([...new Set(ids)]);
  return (id: string) => { const d = donors.get(id); return d ? inLanguage(d, [language]).name : id; };
}

/** A plan: milestones, the contributions the reader may see, and the funding summary. */
export async function planExport(deps: CommandDeps, caller: Caller, input: { planId: string; language: Language }): Promise<{ title: string; sheets: SheetOut[] }> {
  const collection = await deps.store.plans.collection(input.planId);
  const { record } = collection;
  authorize(caller, 'plan:read', record.scope, `plan ${input.planId}`);
  // What stays internal to others is neither listed nor summed (domain/internal.ts).
  const { milestones, contributions } = recordsFor(caller, record.scope, collection);
  const t = words(input.language);
  const now = deps.now();
  const internal = seesInternal(caller, record.scope);
  const ordered = inPlanOrder(milestones.map((m) => m.milestone), record.plan.milestoneOrder);
  const visibleMilestones = ordered.filter((m) => can(caller, 'milestone:read', { ...record.scope, ownerAdministrationId: m.ownerAdministrationId }));
  const visible = contributions.filter((c) => can(caller, 'contribution:read', { ...record.scope, donorId: c.donorId }));
  const refs = new Map(ordered.map((m) => [m.id, m.ref ?? null]));
  const languages = translationColumns(visibleMilestones);
  // The gap in the budget's currency, each contribution converted as the plan page converts it.
  const [donorName, rates, names] = await Promise.all([
    donorNames(deps, visible.map((c) => c.donorId), input.language),
    deps.store.exchangeRates.forPlans([{ plan: record.plan, contributions }]),
    administrationNames(deps, input.language),
  ]);
  const progress = rollUp([], contributions, budgetsOf([record.plan]), now, rates);
  const currencies = [...new Set([...progress.funding.map((f) => f.currency), ...progress.gap.map((g) => g.currency)])].sort();
  const money = (amount: string | undefined, currency: string) => (amount === undefined ? null : { amount, currency });
  const funding: Row[] = currencies.map((currency) => {
    const line = progress.funding.find((f) => f.currency === currency);
    const gap = progress.gap.find((g) => g.currency === currency);
    return [
      currency, money(line?.pledged ?? '0', currency), money(line?.committed ?? '0', currency), money(line?.disbursed ?? '0', currency),
      money(line?.spent ?? '0', currency), money(line?.total ?? '0', currency), money(gap?.budget, currency), money(gap?.secured, currency), money(gap?.gap, currency),
    ];
  });
  return {
    title: record.plan.title,
    sheets: [
      {
        key: 'milestones',
        name: t('sheet.milestones'),
        columns: columns(input.language, [...withInternal(EXPORT_MILESTONE_COLUMNS, internal), ...languages.keys]),
        rows: visibleMilestones.map((m) => [...milestoneRow(m, input.language, now, internal), ...languages.cells(m)]),
      },
      {
        key: 'contributions',
        name: t('sheet.contributions'),
        columns: columns(input.language, withInternal(CONTRIBUTION_COLUMNS, internal)),
        rows: contributionRows(visible, input.language, donorName, (id) => (id ? refs.get(id) ?? null : null), internal),
      },
      {
        key: 'funding',
        name: t('sheet.funding'),
        columns: columns(input.language, ['fundingCurrency', 'fundingPledged', 'fundingCommitted', 'fundingDisbursed', 'fundingSpent', 'fundingTotal', 'budget', 'secured', 'gap']),
        rows: funding,
      },
      // The results framework shares the plan's partition: the collection's Query has read it already.
      resultsSheet(caller, [{ planId: record.plan.id, planTitle: inLanguage(record.plan, [input.language]).title, scope: record.scope, framework: collection.results }], names, input.language, now, false),
    ],
  };
}

async function allPlansOf(deps: CommandDeps, caller: Caller, strategyId: string): Promise<PlanRecord[]> {
  const out: PlanRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.plans.ofStrategy(strategyId, { limit: 100, ...(cursor ? { cursor } : {}) }, planScopeFilter(caller));
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out.filter((p) => can(caller, 'plan:read', p.scope));
}

const planResults = (language: Language) => (col: { record: PlanRecord; results: PlanResults['framework'] }): PlanResults =>
  ({ planId: col.record.plan.id, planTitle: inLanguage(col.record.plan, [language]).title, scope: col.record.scope, framework: col.results });

/** A strategy: every milestone of every plan the reader may see, in one sheet (the plan first). */
export async function strategyExport(deps: CommandDeps, caller: Caller, input: { strategyId: string; language: Language }): Promise<{ title: string; sheets: SheetOut[] }> {
  const strategy = await deps.store.strategies.get(input.strategyId);
  if (!strategy) throw new NotFound('strategy', input.strategyId);
  authorize(caller, 'strategy:read', {}, `strategy ${input.strategyId}`);
  const now = deps.now();
  const [plans, names] = await Promise.all([allPlansOf(deps, caller, input.strategyId), administrationNames(deps, input.language)]);
  const collections = await Promise.all(plans.map((p) => deps.store.plans.collection(p.plan.id)));
  const rows: Row[] = [];
  // The column when the reader may see internal items in any of the plans (a plan it may not: its cells stay empty).
  const internal = collections.some((col) => seesInternal(caller, col.record.scope));
  for (const { record, milestones } of collections.map((col) => ({ record: col.record, ...recordsFor(caller, col.record.scope, col) }))) {
    for (const m of inPlanOrder(milestones.map((x) => x.milestone), record.plan.milestoneOrder)) {
      if (can(caller, 'milestone:read', { ...record.scope, ownerAdministrationId: m.ownerAdministrationId })) rows.push([inLanguage(record.plan, [input.language]).title, ...milestoneRow(m, input.language, now, internal)]);
    }
  }
  return {
    title: strategy.title,
    sheets: [
      { key: 'milestones', name: words(input.language)('sheet.milestones'), columns: columns(input.language, withInternal(['plan', ...EXPORT_MILESTONE_COLUMNS], internal)), rows },
      resultsSheet(caller, collections.map(planResults(input.language)), names, input.language, now, true),
    ],
  };
}

/** A donor: its own contributions, and the milestones they fund (the one named, or the plan's when none is). */
export async function donorExport(deps: CommandDeps, caller: Caller, input: { donorId: string; language: Language }): Promise<{ title: string; sheets: SheetOut[] }> {
  authorize(caller, 'donor-contributions:list', { donorId: input.donorId } satisfies Scope, `contributions of donor ${input.donorId}`);
  const donor = await deps.store.donors.get(input.donorId);
  if (!donor) throw new NotFound('donor', input.donorId);
  const contributions: Contribution[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.contributions.ofDonor(input.donorId, { limit: 100, ...(cursor ? { cursor } : {}) });
    contributions.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const now = deps.now();
  // A donor's export leaves the tracker: nothing internal goes in it, whoever makes it (domain/internal.ts).
  contributions.splice(0, contributions.length, ...contributions.filter((c) => !c.internal));
  const planIds = [...new Set(contributions.map((c) => c.planId))];
  const [read, names] = await Promise.all([Promise.all(planIds.map((id) => deps.store.plans.collection(id))), administrationNames(deps, input.language)]);
  const collections = read.map((col) => ({ ...col, ...recordsFor(PUBLICATION, col.record.scope, col) }));
  const t = words(input.language);
  const milestoneRows: Row[] = [];
  const refs = new Map<string, number | null>();
  for (const { record, milestones } of collections) {
    const funded = contributions.filter((c) => c.planId === record.plan.id);
    const named = new Set(funded.map((c) => c.milestoneId).filter(Boolean));
    const wholePlan = funded.some((c) => !c.milestoneId);
    for (const m of inPlanOrder(milestones.map((x) => x.milestone), record.plan.milestoneOrder)) {
      refs.set(m.id, m.ref ?? null);
      if ((wholePlan || named.has(m.id)) && can(caller, 'milestone:read', { ...record.scope, ownerAdministrationId: m.ownerAdministrationId })) {
        milestoneRows.push([inLanguage(record.plan, [input.language]).title, ...milestoneRow(m, input.language, now)]);
      }
    }
  }
  const planTitle = new Map(collections.map((c) => [c.record.plan.id, inLanguage(c.record.plan, [input.language]).title]));
  return {
    title: inLanguage(donor, [input.language]).name,
    sheets: [
      {
        key: 'contributions',
        name: t('sheet.contributions'),
        columns: columns(input.language, ['plan', ...CONTRIBUTION_COLUMNS]),
        rows: contributionRows(contributions, input.language, () => inLanguage(donor, [input.language]).name, (id) => (id ? refs.get(id) ?? null : null)).map((row, i) => [planTitle.get(contributions[i]!.planId) ?? contributions[i]!.planId, ...row]),
      },
      { key: 'milestones', name: t('sheet.milestones'), columns: columns(input.language, ['plan', ...EXPORT_MILESTONE_COLUMNS]), rows: milestoneRows },
      // The plans it funds: their results carry nothing internal (export-results.ts).
      resultsSheet(caller, collections.map(planResults(input.language)), names, input.language, now, true),
    ],
  };
}
