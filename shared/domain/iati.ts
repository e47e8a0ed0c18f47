/**
 * An action plan as an IATI 2.03 activity: what goes in it, decided here (pure), written as XML by
 * the command (commands/iati.ts). The rules IATI's schema does not enforce are kept here too: no
 * transaction dated after today, budget periods of at most 12 months (a longer plan's budget is
 * split), every value with a value-date, codes from the 2.03 codelists.
 */
import { allTexts, resolveText, type FieldTranslations, type Translations } from './translations.ts';
import { addDays, daysBetween } from './dates.ts';
import { fromMinor, toMinor } from './money.ts';
import { STAGES, type Language, type Stage } from './constants.ts';
import type { Contribution, Donor, Milestone, Plan } from './resources.ts';
import type { Indicator, ReportingPeriod, Result, Submission } from './results-schema.ts';
import { rollUpIndicator } from './results.ts';

/** The secretariat as IATI reporting organisation (configured; this default serves local use). */
export interface IatiOrganisation {
  /** IATI organisation identifier (org-id.guide prefix + number). */
  ref: string;
  /** OrganisationType code: 40 multilateral. */
  type: string;
  name: string;
}
export const DEFAULT_REPORTING_ORG: IatiOrganisation = {
  ref: 'XM-DAC-47000-ROCB-AMS',
  type: '40',
  name: 'Regional Office for Capacity Building for the Americas and Caribbean (ROCB AMS)',
};

/** TransactionType codes for the stages a contribution reaches (incoming, as the plan receives it). */
export const TRANSACTION_TYPE: Record<Stage, string> = { pledged: '13', committed: '11', disbursed: '1', spent: '4' };
/** ActivityStatus codes for a plan's status. */
export const ACTIVITY_STATUS: Record<Plan['status'], string> = { draft: '1', active: '2', closed: '4' };

export interface IatiNarrative { lang: string; text: string }
export interface IatiTransaction { type: string; date: string; currency: string; value: string; description: string; provider: { ref?: string; type: string; name: string } }
export interface IatiBudget { start: string; end: string; currency: string; value: string }
/** `titles`: the title in every language held (a milestone's evidence), each its own narrative with xml:lang. */
export interface IatiDocument { url: string; title: string; category: string; titles?: IatiNarrative[] }
/** A target, actual or baseline: for the region, or for one administration (an IATI dimension). */
export interface IatiFigure { value?: string; administration?: string; comment?: string }
export interface IatiIndicator {
  measure: string;
  ascending: boolean;
  aggregated: boolean;
  title: string;
  description?: string;
  /** The title and description in every language held (narrativesOf). */
  titles?: IatiNarrative[];
  descriptions?: IatiNarrative[];
  baselines: (IatiFigure & { year: string; date: string })[];
  periods: { start: string; end: string; targets: IatiFigure[]; actuals: IatiFigure[] }[];
}
export interface IatiResult { type: string; aggregated: boolean; title: string; description?: string; titles?: IatiNarrative[]; descriptions?: IatiNarrative[]; indicators: IatiIndicator[] }
/**
 * A text in every language it is held in, as IATI narratives (issue 14): the one in the activity's
 * language first without xml:lang (the activity's default), each other with its own. Used for
 * names, result and indicator titles and descriptions; the activity's title and description name
 * every language explicitly.
 */
export function narrativesOf(text: string, field: FieldTranslations | undefined, activityLang: string): IatiNarrative[] {
  const all = allTexts(text, field);
  const first = all.find((x) => x.lang === activityLang);
  return [...(first ? [first] : []), ...all.filter((x) => x !== first)].map((x) => ({ lang: x.lang === activityLang ? '' : x.lang, text: x.text }));
}
export interface IatiActivity {
  identifier: string;
  lastUpdated: string;
  lang: string;
  defaultCurrency?: string;
  reportingOrg: IatiOrganisation;
  title: IatiNarrative[];
  description: IatiNarrative[];
  /** `names`: the name in every language held (narrativesOf); else `name`. */
  participating: { role: string; ref?: string; type?: string; name: string; names?: IatiNarrative[] }[];
  status: string;
  dates: { type: string; date: string }[];
  recipientCountries: { code: string; percentage: number }[];
  budgets: IatiBudget[];
  transactions: IatiTransaction[];
  documents: IatiDocument[];
  results: IatiResult[];
}

export interface IatiPlanInput {
  plan: Plan;
  strategy: { id: string; title: string; region: string; translations?: Translations };
  milestones: readonly (Pick<Milestone, 'id' | 'title' | 'ownerAdministrationId' | 'evidence'> & { translations?: Translations })[];
  contributions: readonly Contribution[];
  donors: ReadonlyMap<string, Pick<Donor, 'id' | 'name' | 'organisationType' | 'iatiRef' | 'translations'>>;
  administrations: ReadonlyMap<string, { id: string; name: string; translations?: Translations }>;
  coordinatorIds: readonly string[];
  /** The plan's results framework; only approved values become actuals. */
  framework?: { results: readonly Result[]; indicators: readonly Indicator[]; periods: readonly ReportingPeriod[]; submissions: readonly Submission[] };
  /** Today (YYYY-MM-DD): nothing dated after it is reported as having happened. */
  today: string;
  /** Language of the texts the plan holds (one per text today). */
  lang: string;
  reportingOrg: IatiOrganisation;
  /** The plan page's address (a document-link, category A12). */
  planUrl: string;
}

/** The last day of a budget period starting on `start`: one year on, less a day, or the plan's end. */
function periodEnd(start: string, end: string): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const nextYear = `${y + 1}-${String(m).padStart(2, '0')}-${String(m === 2 && d === 29 ? 28 : d).padStart(2, '0')}`;
  const last = addDays(nextYear, -1);
  return last < end ? last : end;
}

/**
 * A budget over the plan's period, in periods of at most 12 months, its value shared by days
 * (exact, in minor units; the last period takes what rounding leaves).
 */
export function budgetPeriods(period: { start: string; end: string }, budget: { amount: string; currency: string }): IatiBudget[] {
  const periods: { start: string; end: string }[] = [];
  for (let start = period.start; start <= period.end; ) {
    const end = periodEnd(start, period.end);
    periods.push({ start, end });
    start = addDays(end, 1);
  }
  const total = toMinor(budget.amount, budget.currency);
  const days = BigInt(daysBetween(period.start, period.end) + 1);
  let given = 0n;
  return periods.map((p, i) => {
    const share = i === periods.length - 1 ? total - given : (total * BigInt(daysBetween(p.start, p.end) + 1)) / days;
    given += share;
    return { ...p, currency: budget.currency, value: fromMinor(share, budget.currency) };
  });
}

/** Whole percentages that add up to exactly 100 (the first ones take the remainder). */
export function evenPercentages(count: number): number[] {
  if (count === 0) return [];
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => base + (i < 100 - base * count ? 1 : 0));
}

/** The plan as an IATI activity; `onlyDonorId` keeps a donor reader to its own contributions. */
export function iatiActivity(input: IatiPlanInput, onlyDonorId?: string): IatiActivity {
  const { plan, strategy, today, lang } = input;
  const contributions = input.contributions.filter((c) => !onlyDonorId || c.donorId === onlyDonorId);
  const funders = [...new Set(contributions.map((c) => c.donorId))].sort();
  const implementers = [...new Set([...input.coordinatorIds, ...input.milestones.map((m) => m.ownerAdministrationId)])].sort();

  const dates = [{ type: '1', date: plan.period.start }, { type: '3', date: plan.period.end }];
  if (plan.period.start <= today && plan.status !== 'draft') dates.push({ type: '2', date: plan.period.start });
  if (plan.status === 'closed' && plan.period.end <= today) dates.push({ type: '4', date: plan.period.end });
  dates.sort((a, b) => a.type.localeCompare(b.type));

  const transactions: IatiTransaction[] = [];
  for (const c of contributions) {
    if (c.kind !== 'financial' || !c.amount || !c.currency) continue;
    const donor = input.donors.get(c.donorId);
    const reached = STAGES.slice(0, STAGES.indexOf(c.stage) + 1);
    for (const stage of reached) {
      const date = c.stageDates[stage];
      // Never report as done what is dated after today.
      if (!date || date > today) continue;
      transactions.push({
        type: TRANSACTION_TYPE[stage],
        date,
        currency: c.currency,
        value: c.amount,
        description: c.description,
        provider: { ...(donor?.iatiRef ? { ref: donor.iatiRef } : {}), type: donor?.organisationType ?? '90', name: donor?.name ?? c.donorId },
      });
    }
  }
  transactions.sort((a, b) => a.date.localeCompare(b.date) || Number(a.type) - Number(b.type));

  const documents: IatiDocument[] = [{ url: input.planUrl, title: plan.title, category: 'A12' }];
  for (const m of input.milestones) {
    const titles = allTexts(m.title, m.translations?.title);
    for (const e of m.evidence) {
      const titled = (text: string) => (e.label ? `${text}: ${e.label}` : text);
      documents.push({
        url: e.url, title: titled(m.title), category: 'A08',
        // Every language the milestone's title is held in (issue 14), the original first.
        ...(titles.length > 1 ? { titles: titles.map((x) => ({ lang: x.lang, text: titled(x.text) })) } : {}),
      });
    }
  }

  return {
    identifier: `${input.reportingOrg.ref}-${plan.id}`,
    lastUpdated: plan.updatedAt,
    lang,
    ...(plan.budget ? { defaultCurrency: plan.budget.currency } : {}),
    reportingOrg: input.reportingOrg,
    // Every language the plan's title is held in, the original first (issue 14).
    title: allTexts(plan.title, plan.translations?.title).map((x) => ({ lang: x.lang, text: x.text })),
    description: descriptionsOf(plan, strategy, lang),
    participating: [
      ...funders.map((id) => {
        const d = input.donors.get(id);
        return { role: '1', ...(d?.iatiRef ? { ref: d.iatiRef } : {}), type: d?.organisationType ?? '90', name: d?.name ?? id, ...namesOf(d, lang) };
      }),
      { role: '2', ref: input.reportingOrg.ref, type: input.reportingOrg.type, name: input.reportingOrg.name },
      ...implementers.map((id) => ({ role: '4', type: '10', name: input.administrations.get(id)?.name ?? id, ...namesOf(input.administrations.get(id), lang) })),
    ],
    status: ACTIVITY_STATUS[plan.status],
    dates,
    recipientCountries: implementers.map((code, i) => ({ code, percentage: evenPercentages(implementers.length)[i]! })),
    budgets: plan.budget ? budgetPeriods(plan.period, plan.budget) : [],
    transactions,
    documents,
    results: input.framework ? iatiResults(input.framework, today, lang) : [],
  };
}

/** An organisation's name in every language it is held in, when more than one. */
const namesOf = (o: { name: string; translations?: Translations } | undefined, lang: string) =>
  (o?.translations?.name ? { names: narrativesOf(o.name, o.translations.name, lang) } : {});

/**
 * The activity's description in each language the plan's description or the strategy's title is
 * held in: the strategy and region, then the plan's description, then (in the activity's language)
 * where the plan comes from. The activity's language first.
 */
function descriptionsOf(plan: Plan, strategy: IatiPlanInput['strategy'], lang: string): IatiNarrative[] {
  const held = [...allTexts(strategy.title, strategy.translations?.title), ...(plan.description ? allTexts(plan.description, plan.translations?.description) : [])].map((x) => x.lang);
  const langs = [...new Set([lang as Language, ...held])];
  return langs.map((l) => ({
    lang: l,
    text: [
      `${resolveText(strategy.title, strategy.translations?.title, [l]).text} (${strategy.region}).`,
      plan.description ? resolveText(plan.description, plan.translations?.description, [l]).text : '',
      l === lang ? plan.origin : '',
    ].filter(Boolean).join(' '),
  }));
}

/**
 * The plan's results as IATI `result` elements (ResultType 1-3, IndicatorMeasure 1, 2, 5): baselines,
 * and per reporting period the targets and the actuals, for the region and per administration (a
 * `dimension` named administration). Actuals come from approved values only (the region's under the
 * indicator's roll-up rule); a qualitative answer is an actual's comment. A result without
 * indicators is left out (IATI asks for at least one).
 */
export function iatiResults(framework: NonNullable<IatiPlanInput['framework']>, today: string, lang = 'en'): IatiResult[] {
  const approved = framework.submissions.filter((s) => s.state === 'approved');
  const perAdministration = (figures: Record<string, string | undefined>) =>
    Object.entries(figures).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([administration, value]) => ({ value: value!, administration }));
  return framework.results.flatMap((result): IatiResult[] => {
    const indicators = framework.indicators.filter((i) => i.resultId === result.id).map((indicator): IatiIndicator => {
      const qualitative = indicator.measure === '5';
      const rollUp = rollUpIndicator(indicator, framework.periods, approved, today);
      const baseline = (b: { value: string; date: string }, administration?: string) => ({ year: b.date.slice(0, 4), date: b.date, value: b.value, ...(administration ? { administration } : {}) });
      return {
        measure: indicator.measure,
        ascending: indicator.ascending,
        aggregated: indicator.aggregation !== 'none',
        title: indicator.title,
        ...(indicator.definition ? { description: indicator.definition } : {}),
        ...(indicator.translations?.title ? { titles: narrativesOf(indicator.title, indicator.translations.title, lang) } : {}),
        ...(indicator.definition && indicator.translations?.definition ? { descriptions: narrativesOf(indicator.definition, indicator.translations.definition, lang) } : {}),
        baselines: [
          ...(indicator.baseline ? [baseline(indicator.baseline)] : []),
          ...Object.entries(indicator.baselines).sort(([a], [b]) => a.localeCompare(b)).map(([a, b]) => baseline(b, a)),
        ],
        periods: framework.periods.map((period, i) => {
          const target = indicator.targets[period.id];
          const figures = rollUp[i]!;
          return {
            start: period.start,
            end: period.end,
            targets: [...(target?.region !== undefined ? [{ value: target.region }] : []), ...perAdministration(target?.administrations ?? {})],
            actuals: qualitative
              ? Object.entries(figures.byAdministration).filter(([, f]) => f.answer !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([administration, f]) => ({ administration, comment: f.answer! }))
              : [
                ...(figures.figure !== undefined ? [{ value: figures.figure }] : []),
                ...perAdministration(Object.fromEntries(Object.entries(figures.byAdministration).map(([a, f]) => [a, f.figure]))),
              ],
          };
        }).filter((p) => p.targets.length > 0 || p.actuals.length > 0),
      };
    });
    if (indicators.length === 0) return [];
    return [{
      type: result.type, aggregated: indicators.some((i) => i.aggregated), title: result.title, ...(result.description ? { description: result.description } : {}),
      ...(result.translations?.title ? { titles: narrativesOf(result.title, result.translations.title, lang) } : {}),
      ...(result.description && result.translations?.description ? { descriptions: narrativesOf(result.description, result.translations.description, lang) } : {}),
      indicators,
    }];
  });
}
