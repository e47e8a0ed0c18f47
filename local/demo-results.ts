/**
 * The demo results framework of the current Americas plan (../shared/domain.md, "What the region
 * measures"): reporting rounds relative to the day of the first seed, results and indicators with
 * baselines and targets, and values: most approved, some waiting for review, one returned with its
 * reason, some missing, some off track.
 */
import { addDays } from '../shared/domain/dates.ts';
import type { Indicator, ReportingPeriod, Result } from '../shared/domain/results-schema.ts';
import { RESULT_TEXTS, translated } from './demo-translations.ts';

type New<T> = Omit<T, 'version' | 'createdAt' | 'updatedAt' | 'planId' | 'strategyId'>;
export const RESULTS_PLAN = 'ams-rm-current';
const id = (suffix: string) => `${RESULTS_PLAN}.${suffix}`;

export function periods(today: string): New<ReportingPeriod>[] {
  const d = (days: number) => addDays(today, days);
  return [
    { id: id('round-1'), label: 'Round 1', start: d(-180), end: d(-61) },
    // The current round closes at the regional meeting, five days after the seed.
    { id: id('round-2'), label: 'Round 2 (regional meeting)', start: d(-60), end: d(5) },
    { id: id('round-3'), label: 'Round 3', start: d(6), end: d(185) },
    { id: id('round-4'), label: 'Round 4 (final review)', start: d(186), end: d(365) },
  ];
}

export const results: New<Result>[] = translated([
  { id: id('institutions'), type: '2', title: 'Risk management institutionalised in the member administrations', description: 'Committees or units that own risk management, and selection for control that follows risk profiles.' },
  { id: id('capacity'), type: '1', title: 'Officers trained and advisers certified', description: 'Training on the WCO Risk Management Compendium and the certification of Technical and Operational Advisors (after the 2023 Guatemala City pre-certification).' },
  { id: id('exchange'), type: '1', title: 'Risk information exchanged across the region', description: '' },
], RESULT_TEXTS, `${RESULTS_PLAN}.`);

export function indicators(today: string): New<Indicator>[] {
  const [r1, r2, r3, r4] = periods(today).map((p) => p.id) as [string, string, string, string];
  const baselineDate = addDays(today, -200);
  return translated<New<Indicator>>([
    {
      id: id('rm-unit'), resultId: id('institutions'), title: 'Administrations with a national risk-management committee or unit in place',
      definition: 'An administration counts when a committee or unit with a written mandate meets at least quarterly. Report 1 (in place) or 0.',
      measure: '1', ascending: true, aggregation: 'count_meeting_threshold', threshold: '1', periodFigure: 'latest',
      baseline: { value: '4', date: baselineDate }, baselines: {},
      targets: { [r1]: { region: '5' }, [r2]: { region: '7' }, [r3]: { region: '8' }, [r4]: { region: '9' } },
    },
    {
      id: id('selected-share'), resultId: id('institutions'), title: 'Share of import declarations selected for control by risk profiles',
      definition: 'Declarations selected for physical or documentary control by a risk profile, as a percentage of all import declarations in the round. Lower is better once targeting matures.',
      measure: '2', unit: '%', ascending: false, aggregation: 'mean', periodFigure: 'latest',
      baseline: { value: '42', date: baselineDate },
      baselines: { PE: { value: '35', date: baselineDate }, GT: { value: '55', date: baselineDate }, HT: { value: '70', date: baselineDate } },
      targets: { [r1]: { region: '38' }, [r2]: { region: '34', administrations: { GT: '45', HT: '60' } }, [r3]: { region: '30' }, [r4]: { region: '25' } },
    },
    {
      id: id('hit-rate'), resultId: id('institutions'), title: 'Hit rate of risk-based selections',
      definition: 'Selections that found an irregularity, as a percentage of risk-based selections in the round.',
      measure: '2', unit: '%', ascending: true, aggregation: 'mean', periodFigure: 'latest',
      baseline: { value: '8', date: baselineDate }, baselines: {},
      targets: { [r1]: { region: '9' }, [r2]: { region: '11' }, [r3]: { region: '13' }, [r4]: { region: '15' } },
    },
    {
      id: id('trained'), resultId: id('capacity'), title: 'Officers trained on the WCO Risk Management Compendium',
      definition: 'Officers who completed the Compendium course (volumes 1 and 2) in the round; each training event is reported as it ends.',
      measure: '1', unit: 'officers', ascending: true, aggregation: 'sum', periodFigure: 'sum',
      baseline: { value: '0', date: baselineDate }, baselines: {},
      targets: { [r1]: { region: '40', administrations: { GT: '8' } }, [r2]: { region: '60', administrations: { GT: '10' } }, [r3]: { region: '60' }, [r4]: { region: '40' } },
    },
    {
      id: id('certified'), resultId: id('capacity'), title: 'Technical and Operational Advisors certified',
      definition: 'Advisers certified after their field mission and entered on the expert roster (cumulative).',
      measure: '1', unit: 'advisers', ascending: true, aggregation: 'sum', periodFigure: 'latest',
      baseline: { value: '0', date: baselineDate }, baselines: {},
      targets: { [r2]: { region: '6' }, [r3]: { region: '9' }, [r4]: { region: '12' } },
    },
    {
      id: id('profiles-shared'), resultId: id('exchange'), title: 'Risk profiles shared through the regional exchange',
      definition: 'Profiles published to the regional exchange in the round.',
      measure: '1', unit: 'profiles', ascending: true, aggregation: 'sum', periodFigure: 'sum',
      baseline: { value: '0', date: baselineDate }, baselines: {},
      targets: { [r1]: { region: '20' }, [r2]: { region: '30' }, [r3]: { region: '30' }, [r4]: { region: '30' } },
    },
    {
      id: id('exchange-use'), resultId: id('exchange'), title: 'How profiles from the regional exchange are used in national targeting',
      definition: 'In a few sentences: which shared profiles were adopted, adapted or set aside, and why.',
      measure: '5', ascending: true, aggregation: 'none', periodFigure: 'latest', baselines: {}, targets: {},
    },
  ], RESULT_TEXTS, `${RESULTS_PLAN}.`);

}

export interface DemoSubmission {
  indicator: string;
  round: 1 | 2;
  administrationId: string;
  value?: string;
  answer?: string;
  note?: string;
  state: 'approved' | 'submitted' | 'returned';
  reason?: string;
  /** Days before the seed it was submitted. */
  daysAgo: number;
}

/** Who reports for an administration in the demo (the secretariat for those without a focal point). */
export const reporterOf = (administrationId: string) =>
  ({ PE: 'coord-pe', AR: 'coord-ar', GT: 'focal-gt', CR: 'focal-cr', MX: 'focal-mx', BR: 'focal-br', HT: 'focal-ht', JM: 'focal-jm' } as Record<string, string>)[administrationId] ?? 'admin';

const round1 = (indicator: string, values: Record<string, string>, daysAgo = 65): DemoSubmission[] =>
  Object.entries(values).map(([administrationId, value]) => ({ indicator, round: 1, administrationId, value, state: 'approved', daysAgo }));

export const submissions: DemoSubmission[] = [
  // Round 1: closed, approved, with gaps (Haiti and the Dominican Republic did not report every indicator).
  ...round1('rm-unit', { PE: '1', AR: '1', BR: '1', MX: '1', CR: '1', GT: '0', JM: '0', HT: '0', DO: '0' }),
  ...round1('selected-share', { PE: '33', AR: '38', BR: '24', MX: '41', CR: '40', GT: '54', JM: '46' }),
  ...round1('hit-rate', { PE: '11.5', AR: '9.8', BR: '14.2', MX: '7.9', CR: '8.4', GT: '6.1', JM: '7.5' }),
  ...round1('trained', { PE: '9', AR: '7', BR: '6', GT: '5', CR: '4', MX: '3' }, 70),
  ...round1('trained', { GT: '2', JM: '3' }, 62),
  ...round1('profiles-shared', { PE: '6', AR: '5', BR: '4', MX: '2' }),
  // Round 2: closing in five days.
  { indicator: 'rm-unit', round: 2, administrationId: 'GT', value: '1', note: 'Risk-management committee created by resolution; first meeting held.', state: 'approved', daysAgo: 20 },
  { indicator: 'rm-unit', round: 2, administrationId: 'MX', value: '1', state: 'approved', daysAgo: 18 },
  { indicator: 'rm-unit', round: 2, administrationId: 'PE', value: '1', state: 'approved', daysAgo: 25 },
  { indicator: 'rm-unit', round: 2, administrationId: 'AR', value: '1', state: 'approved', daysAgo: 25 },
  { indicator: 'selected-share', round: 2, administrationId: 'PE', value: '31', state: 'approved', daysAgo: 12 },
  { indicator: 'selected-share', round: 2, administrationId: 'BR', value: '22', state: 'approved', daysAgo: 15 },
  { indicator: 'selected-share', round: 2, administrationId: 'GT', value: '52', note: 'Share for August to October, from the customs IT system.', state: 'returned',
    reason: 'The figure covers three months only: please report the whole round, from the start of August.', daysAgo: 9 },
  { indicator: 'selected-share', round: 2, administrationId: 'MX', value: '39', state: 'submitted', daysAgo: 6 },
  { indicator: 'hit-rate', round: 2, administrationId: 'PE', value: '12.4', state: 'approved', daysAgo: 12 },
  { indicator: 'hit-rate', round: 2, administrationId: 'BR', value: '15', state: 'approved', daysAgo: 15 },
  { indicator: 'hit-rate', round: 2, administrationId: 'AR', value: '9.1', state: 'submitted', daysAgo: 4 },
  { indicator: 'trained', round: 2, administrationId: 'GT', value: '4', note: 'Targeting centre staff, national course with Japan Customs experts.', state: 'approved', daysAgo: 30 },
  { indicator: 'trained', round: 2, administrationId: 'PE', value: '12', state: 'approved', daysAgo: 28 },
  { indicator: 'trained', round: 2, administrationId: 'CR', value: '6', state: 'submitted', daysAgo: 3 },
  { indicator: 'certified', round: 2, administrationId: 'GT', value: '2', state: 'approved', daysAgo: 21 },
  { indicator: 'certified', round: 2, administrationId: 'PE', value: '1', state: 'approved', daysAgo: 21 },
  { indicator: 'profiles-shared', round: 2, administrationId: 'PE', value: '4', state: 'approved', daysAgo: 14 },
  { indicator: 'profiles-shared', round: 2, administrationId: 'AR', value: '3', state: 'submitted', daysAgo: 8 },
  { indicator: 'exchange-use', round: 2, administrationId: 'AR', answer: 'Two passenger profiles from Peru adopted at Ezeiza; one container profile set aside (different trade pattern).', state: 'approved', daysAgo: 16 },
];
