/**
 * The donor's report (issue 13): what a donor's contributions did in a period (domain/donor-report.ts).
 * The report leaves the tracker like a donor export: nothing internal goes in it, whoever reads it
 * (domain/internal.ts, as a publication), and only this donor's contributions. Titles and the other
 * texts people wrote come in the reader's languages where a translation is held.
 *
 * Requests: the donor (GetItem) and its contributions (one Query per 100) at once; then each plan
 * funded (one Query per plan, its results framework included) and the rates into the budget
 * currencies that need them (one Query per currency) at once; then the history of the funded
 * milestones that changed since the period began (one Query each; a milestone last updated before
 * `from` has no event in the period and is not read).
 */
import { everyPage } from '../store/index.ts';
import type { Language } from '../domain/constants.ts';
import { buildDonorReport, defaultPeriod, periodProblems, type DonorReport, type MilestoneEvent, type ReportChange, type ReportPlanInput } from '../domain/donor-report.ts';
import type { RateUsed } from '../domain/exchange.ts';
import { STAGES } from '../domain/constants.ts';
import { translator, type Translate } from '../i18n/index.ts';
import { donorReport as donorReportWords } from '../i18n/donor-report.ts';
import type { ColumnKind, SheetOut } from '../sheets/types.ts';
import { PUBLICATION, historyFor, recordsFor } from '../domain/internal.ts';
import type { MilestoneStatus } from '../domain/constants.ts';
import { resolveText, type Translations } from '../domain/translations.ts';
import { inPlanOrder, presentMilestone } from '../store/index.ts';
import { authorize, type Caller, type CommandDeps } from './context.ts';
import { Invalid, NotFound } from './errors.ts';

export type { DonorReport } from '../domain/donor-report.ts';

/** A text in the reader's languages, where a translation is held (else as written). */
function textIn(item: { translations?: Translations | undefined }, field: string, original: string, languages: readonly Language[]): string {
  return resolveText(original, item.translations?.[field], languages).text;
}

export async function readDonorReport(
  deps: CommandDeps,
  caller: Caller,
  input: { donorId: string; from?: string | undefined; to?: string | undefined; languages: readonly Language[] },
): Promise<DonorReport> {
  authorize(caller, 'donor-report:read', { donorId: input.donorId }, `the report of donor ${input.donorId}`);
  const problems = periodProblems(input.from, input.to);
  if (problems.length > 0) throw new Invalid(problems);
  const now = deps.now();
  const today = now.toISOString().slice(0, 10);
  const fallback = defaultPeriod(today);
  const period = { from: input.from ?? (input.to && input.to < fallback.from ? input.to : fallback.from), to: input.to ?? (input.from && input.from > fallback.to ? today : fallback.to) };
  if (period.to < period.from) throw new Invalid([{ field: 'to', code: 'before_from', message: 'must not be before from' }]);
  const { store } = deps;
  const [donor, listed] = await Promise.all([
    store.donors.get(input.donorId),
    everyPage((page) => store.contributions.ofDonor(input.donorId, page)),
  ]);
  if (!donor) throw new NotFound('donor', input.donorId);
  // The donor's own, never internal (whoever reads: the report is the donor's).
  const own = listed.filter((c) => c.donorId === input.donorId && !c.internal);
  const planIds = [...new Set(own.map((c) => c.planId))];
  const collections = (await Promise.all(planIds.map((id) => store.plans.collection(id).catch(() => undefined)))).filter((c) => c !== undefined);
  const rates = await store.exchangeRates.forPlans(collections.map((col) => ({ plan: col.record.plan, contributions: own.filter((c) => c.planId === col.record.plan.id) })));

  const plans: ReportPlanInput[] = [];
  const history: Promise<MilestoneEvent[]>[] = [];
  const hiddenTargets = new Set<string>();
  for (const col of collections) {
    const { record } = col;
    // As a publication sees the plan: no internal milestone, note, link or contribution.
    const seen = recordsFor(PUBLICATION, record.scope, col);
    const mine = own.filter((c) => c.planId === record.plan.id && seen.contributions.some((x) => x.id === c.id));
    if (mine.length === 0) continue;
    const wholePlan = mine.some((c) => !c.milestoneId);
    const named = new Set(mine.map((c) => c.milestoneId));
    const ordered = inPlanOrder(seen.milestones.map((m) => m.milestone), record.plan.milestoneOrder);
    const funded = ordered.filter((m) => wholePlan || named.has(m.id));
    // A contribution that names a milestone the publication may not see does not name it (its id would tell of it).
    const shown = new Set(ordered.map((m) => m.id));
    for (const c of mine) if (c.milestoneId && !shown.has(c.milestoneId)) hiddenTargets.add(c.id);
    for (const m of funded) {
      // Nothing moved in the period when the milestone was last changed before it began, or made after it ended.
      if (m.updatedAt.slice(0, 10) < period.from || m.createdAt.slice(0, 10) > period.to) continue;
      history.push(
        store.history.between(`milestone/${m.id}`, `${period.from}T00:00:00.000Z`, `${period.to}T23:59:59.999Z`).then((events) =>
          (historyFor(PUBLICATION, record.scope, m, events) ?? []).flatMap((e) => {
            const change = e.changes.find((x) => x.field === 'status');
            return change && change.after ? [{ milestoneId: m.id, at: e.at, before: (change.before as MilestoneStatus | null) ?? null, after: change.after as MilestoneStatus }] : [];
          })),
      );
    }
    const title = (item: { translations?: Translations | undefined }, original: string) => textIn(item, 'title', original, input.languages);
    const { results } = col;
    plans.push({
      id: record.plan.id,
      title: title(record.plan as { translations?: Translations }, record.plan.title),
      ...(record.plan.budget ? { budget: record.plan.budget } : {}),
      milestones: funded.map((m) => {
        const shown = presentMilestone(m, now);
        return {
          id: m.id, ...(m.ref !== undefined ? { ref: m.ref } : {}), title: title(m, m.title), ownerAdministrationId: m.ownerAdministrationId,
          baselineDueDate: m.baselineDueDate, dueDate: m.dueDate, status: m.status, progress: m.progress, health: shown.health,
        };
      }),
      results: {
        results: results.results.map((r) => ({ id: r.id, title: title(r as { translations?: Translations }, r.title) })),
        indicators: results.indicators.map((i) => ({ ...i, title: title(i as { translations?: Translations }, i.title) })),
        periods: results.periods,
        submissions: results.submissions,
      },
    });
  }
  const events = (await Promise.all(history)).flat();
  return buildDonorReport({
    donor: { id: donor.id, name: textIn(donor as { translations?: Translations }, 'name', donor.name, input.languages) },
    period,
    contributions: own.map((c) => {
      const { milestoneId, ...rest } = c;
      return { ...rest, ...(milestoneId && !hiddenTargets.has(c.id) ? { milestoneId } : {}), description: textIn(c as { translations?: Translations }, 'description', c.description, input.languages) };
    }),
    plans,
    rates,
    events,
    today,
  });
}

// ---------------------------------------------------------------- as a spreadsheet

type Row = SheetOut['rows'][number];

/** A rate as the report states it, in the reader's language. */
export function rateText(t: Translate, rate: RateUsed, date: (d: string) => string = (d) => d): string {
  return rate.basis === 'agreed'
    ? t('report.rate.agreed', { from: rate.from, rate: rate.rate, to: rate.to })
    : t('report.rate.recorded', { from: rate.from, rate: rate.rate, to: rate.to, date: date(rate.date!), source: rate.source ?? '' });
}

/** A change as one sentence in the reader's language. */
export function changeText(t: Translate, c: ReportChange, money: (amount: string, currency: string) => string): string {
  switch (c.kind) {
    case 'stage':
      return c.amount && c.currency
        ? t('report.change.stageAmount', { title: c.title, stage: t(`stage.${c.stage}`), amount: money(c.amount, c.currency) })
        : t('report.change.stage', { title: c.title, stage: t(`stage.${c.stage}`) });
    case 'status':
      if (c.after === 'done') return t('report.change.done', { title: c.title });
      return c.before ? t('report.change.status', { title: c.title, before: t(`status.${c.before}`), after: t(`status.${c.after}`) }) : t('report.change.statusNew', { title: c.title, after: t(`status.${c.after}`) });
    case 'values':
      return t('report.change.values', {
        title: c.title, period: c.period,
        values: c.values.map((x) => (x.value !== undefined ? `${x.administrationId} ${x.value}` : x.administrationId)).join(', '),
      });
  }
}

const column = (t: Translate, key: string, kind: ColumnKind = 'text', width?: number) => ({ header: t(`col.${key}`), kind, ...(width ? { width } : {}) });

/**
 * The report as four sheets (contributions, milestones, indicators, changes), headers in the
 * reader's language; the spreadsheet module writes dates as date cells and amounts as numbers in
 * their currency's format, text inert (no formula runs).
 */
export function donorReportSheets(report: DonorReport, language: Language): SheetOut[] {
  const t = translator(donorReportWords, language);
  const plan = new Map(report.plans.map((p) => [p.id, p.title]));
  const contributions: Row[] = report.plans.flatMap((p) => p.contributions.map((c): Row => [
    p.title, c.description, t(`kind.${c.kind}`), t(`stage.${c.stage}`),
    c.amount && c.currency ? { amount: c.amount, currency: c.currency } : null, c.currency ?? null,
    c.inBudget && 'amount' in c.inBudget ? { amount: c.inBudget.amount, currency: c.inBudget.currency } : c.inBudget ? t('report.notConverted') : null,
    c.inBudget?.currency ?? null,
    c.inBudget && 'rate' in c.inBudget && c.inBudget.rate ? rateText(t, c.inBudget.rate) : null,
    ...STAGES.map((s) => c.stageDates[s] ?? null),
  ]));
  const milestones: Row[] = report.plans.flatMap((p) => p.milestones.map((m): Row => [
    p.title, m.ref ?? null, m.title, m.ownerAdministrationId, m.baselineDueDate, m.dueDate, m.slipDays, t(`status.${m.status}`), m.progress, t(`health.${m.health}`),
  ]));
  const indicators: Row[] = report.plans.flatMap((p) => p.indicators.map((i): Row => [
    p.title, i.result, i.title, i.period, i.start, i.end, i.target ?? null, i.figure ?? null, t(`istatus.${i.status ?? 'none'}`),
  ]));
  const changes: Row[] = report.changes.map((c): Row => [c.day, plan.get(c.planId) ?? c.planId, changeText(t, c, (amount, currency) => `${amount} ${currency}`)]);
  return [
    {
      name: t('sheet.contributions'),
      columns: [
        column(t, 'plan'), column(t, 'contribution'), column(t, 'kind', 'text', 14), column(t, 'stage', 'text', 14), column(t, 'amount', 'money', 18), column(t, 'currency', 'text', 10),
        column(t, 'inBudget', 'money', 18), column(t, 'budgetCurrency', 'text', 10), column(t, 'rate', 'text', 40), ...STAGES.map((s) => column(t, s, 'date')),
      ],
      rows: contributions,
    },
    {
      name: t('sheet.milestones'),
      columns: [
        column(t, 'plan'), column(t, 'ref', 'integer', 8), column(t, 'milestone'), column(t, 'owner', 'text', 12), column(t, 'baselineDueDate', 'date'), column(t, 'dueDate', 'date'),
        column(t, 'slipDays', 'integer'), column(t, 'status', 'text', 14), column(t, 'progress', 'percent', 10), column(t, 'health', 'text', 14),
      ],
      rows: milestones,
    },
    {
      name: t('sheet.indicators'),
      columns: [
        column(t, 'plan'), column(t, 'result'), column(t, 'indicator'), column(t, 'period', 'text', 20), column(t, 'from', 'date'), column(t, 'to', 'date'),
        column(t, 'target', 'text', 12), column(t, 'figure', 'text', 12), column(t, 'indicatorStatus', 'text', 16),
      ],
      rows: indicators,
    },
    { name: t('sheet.changes'), columns: [column(t, 'date', 'date'), column(t, 'plan'), column(t, 'change', 'text', 80)], rows: changes },
  ];
}
