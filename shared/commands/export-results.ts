/**
 * The results framework in the spreadsheet exports (plan, strategy and donor): one row per
 * indicator and reporting period, with the result (and its IATI type), the indicator (measure,
 * unit, whether higher is better, how the region's figure is made), the region's baseline, the
 * period's regional target, the regional figure from approved values and its status, and one
 * column per administration with its approved figure for the period (its latest approved value, or
 * their sum where the indicator sums a period's values; a qualitative indicator's latest answer).
 *
 * Only approved values count (the roll-up rule of domain/results.ts, as the plan and strategy pages
 * use it), and only plans whose results the reader may read (policy `result:read`: a donor the
 * plans it funds). Results carry nothing internal: no note, evidence or reviewer goes in the sheet.
 * Figures are number cells (a percentage as a percent cell); a regional figure counting the
 * administrations that reach a threshold is a count, as are its target and baseline.
 */
import type { Language } from '../domain/constants.ts';
import { can, type Scope } from '../domain/policy.ts';
import { rollUpIndicator } from '../domain/results.ts';
import type { Indicator } from '../domain/results-schema.ts';
import { format } from '../i18n/index.ts';
import { sheets as catalogs } from '../i18n/sheets.ts';
import type { ColumnKind, FigureCell, SheetOut } from '../sheets/types.ts';
import type { ResultsFramework } from '../store/index.ts';
import type { Caller } from './context.ts';

type Row = SheetOut['rows'][number];

/** A plan's framework as the export reads it (the plan's item collection already holds it). */
export interface PlanResults {
  planId: string;
  planTitle: string;
  scope: Scope;
  framework: ResultsFramework;
}

export interface IndicatorSheetInput {
  plans: readonly PlanResults[];
  /** Administration names by id (the column headers). */
  administrationNames: ReadonlyMap<string, string>;
  language: Language;
  /** Today's calendar date (UTC): whether a period has closed, for the status. */
  today: string;
  /** A first column naming the plan (strategy and donor exports). */
  withPlan: boolean;
}

const HEADERS = [
  'result', 'resultType', 'indicator', 'measure', 'unit', 'higherIsBetter', 'aggregation', 'threshold', 'baseline', 'baselineDate',
  'period', 'periodStart', 'periodEnd', 'target', 'figure', 'status', 'reported',
] as const;
const KIND: Partial<Record<(typeof HEADERS)[number], ColumnKind>> = { baselineDate: 'date', periodStart: 'date', periodEnd: 'date', reported: 'integer' };
const WIDTH: Partial<Record<(typeof HEADERS)[number], number>> = { result: 40, indicator: 50, measure: 14, unit: 12, higherIsBetter: 12, aggregation: 24, status: 14 };

/** Whose results the reader may see: the plans it may read the results of. */
export const readableResults = (caller: Caller, plans: readonly PlanResults[]) => plans.filter((p) => can(caller, 'result:read', p.scope));

/** The indicators sheet: `key` 'indicators', the rows of every plan given, in plan, result and indicator order. */
export function indicatorSheet(input: IndicatorSheetInput): SheetOut {
  const t = (key: string, params?: Record<string, string | number>) => format(catalogs[input.language][key] ?? catalogs.en[key]!, params);
  const approved = input.plans.map((p) => p.framework.submissions.filter((s) => s.state === 'approved'));
  // A column per administration with an approved value anywhere in the sheet, by name.
  const administrationIds = [...new Set(approved.flat().map((s) => s.administrationId))]
    .sort((a, b) => (input.administrationNames.get(a) ?? a).localeCompare(input.administrationNames.get(b) ?? b, input.language));

  // An administration's column is headed by its name; two that go by the same name at home (Argentina's and the
  // Dominican Republic's "Dirección General de Aduanas (DGA)") are told apart by their country code.
  const nameOf = (id: string) => input.administrationNames.get(id) ?? id;
  const sameName = (id: string) => administrationIds.some((other) => other !== id && nameOf(other) === nameOf(id));
  const headerOf = (id: string) => (sameName(id) ? `${nameOf(id)} – ${id}` : nameOf(id));

  const rows: Row[] = [];
  input.plans.forEach((p, i) => {
    const { results, indicators, periods } = p.framework;
    const resultOrder = new Map(results.map((r, n) => [r.id, n]));
    const ordered = [...indicators].sort((a, b) => (resultOrder.get(a.resultId) ?? results.length) - (resultOrder.get(b.resultId) ?? results.length));
    for (const indicator of ordered) {
      const result = results.find((r) => r.id === indicator.resultId);
      const own = (v: string | undefined): FigureCell | null => (v === undefined ? null : { figure: v, ...(indicator.measure === '2' ? { percent: true } : {}) });
      // The region's figure, target and baseline are counts when the region counts administrations.
      const regional = indicator.aggregation === 'count_meeting_threshold' ? (v: string | undefined): FigureCell | null => (v === undefined ? null : { figure: v }) : own;
      const lead: Row = [
        ...(input.withPlan ? [p.planTitle] : []),
        result?.title ?? null, result ? t(`ind.type.${result.type}`) : null,
        indicator.title, t(`ind.measure.${indicator.measure}`), indicator.unit ?? null,
        indicator.measure === '5' ? null : t(indicator.ascending ? 'ind.yes' : 'ind.no'),
        t(`ind.aggregation.${indicator.aggregation}`), own(indicator.threshold),
        regional(indicator.baseline?.value), indicator.baseline?.date ?? null,
      ];
      const rollUp = rollUpIndicator(indicator as Indicator, periods, approved[i]!, input.today);
      if (rollUp.length === 0) rows.push([...lead, null, null, null, null, null, null, null, ...administrationIds.map(() => null)]);
      rollUp.forEach((period, n) => {
        const shown = periods[n]!;
        rows.push([
          ...lead,
          period.label, shown.start, shown.end, regional(period.target), regional(period.figure),
          period.status ? t(`ind.status.${period.status}`) : null, period.reported,
          ...administrationIds.map((id) => {
            const a = period.byAdministration[id];
            return a?.figure !== undefined ? own(a.figure) : a?.answer ?? null;
          }),
        ]);
      });
    }
  });

  return {
    key: 'indicators',
    name: t('sheet.indicators'),
    columns: [
      ...(input.withPlan ? [{ header: t('ind.col.plan'), kind: 'text' as const }] : []),
      ...HEADERS.map((h) => ({ header: t(`ind.col.${h}`), kind: KIND[h] ?? ('text' as const), ...(WIDTH[h] ? { width: WIDTH[h] } : {}) })),
      ...administrationIds.map((id) => ({ header: headerOf(id), kind: 'text' as const, width: 16 })),
    ],
    rows,
  };
}
