/** The donor's report's pure rules: its period (quick choices, the default, what is refused) and which events fall in it. */
import { describe, expect, it } from 'vitest';
import { buildDonorReport, defaultPeriod, inPeriod, periodProblems, quickPeriod } from '../../shared/domain/donor-report.ts';

describe('the report\'s period', () => {
  it('offers the last full quarter, half-year and year, and this year so far', () => {
    expect(quickPeriod('last-quarter', '2026-05-15')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quickPeriod('last-quarter', '2026-01-01')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(quickPeriod('last-half', '2026-05-15')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(quickPeriod('last-half', '2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(quickPeriod('last-year', '2026-05-15')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(quickPeriod('year-to-date', '2026-05-15')).toEqual({ from: '2026-01-01', to: '2026-05-15' });
    expect(defaultPeriod('2024-03-31')).toEqual({ from: '2023-10-01', to: '2023-12-31' });
  });

  it('refuses dates that are not calendar dates, an end before the start and more than ten years, naming the field', () => {
    expect(periodProblems('2026-02-01', '2026-02-28')).toEqual([]);
    expect(periodProblems('2026-02-01', '2026-02-01')).toEqual([]);
    expect(periodProblems('2026-02-30', undefined).map((p) => [p.field, p.code])).toEqual([['from', 'invalid_date']]);
    expect(periodProblems(undefined, '31/03/2026').map((p) => [p.field, p.code])).toEqual([['to', 'invalid_date']]);
    expect(periodProblems('2026-03-01', '2026-02-28').map((p) => [p.field, p.code])).toEqual([['to', 'before_from']]);
    expect(periodProblems('2010-01-01', '2026-01-01').map((p) => [p.field, p.code])).toEqual([['to', 'period_too_long']]);
  });

  it('holds an event on its first and last day (in UTC) and not the day after', () => {
    const period = { from: '2026-02-01', to: '2026-02-28' };
    expect(inPeriod(period, '2026-02-01')).toBe(true);
    expect(inPeriod(period, '2026-02-01T00:00:00.000Z')).toBe(true);
    expect(inPeriod(period, '2026-02-28T23:59:59.999Z')).toBe(true);
    expect(inPeriod(period, '2026-03-01T00:00:00.000Z')).toBe(false);
    expect(inPeriod(period, '2026-01-31T23:59:59.999Z')).toBe(false);
  });
});

describe('the report', () => {
  const milestone = { id: 'p.m1', title: 'Risk profiles shared', ownerAdministrationId: 'HT', baselineDueDate: '2026-01-10', dueDate: '2026-02-09', status: 'done' as const, progress: 100, health: 'done' as const };
  const report = buildDonorReport({
    donor: { id: 'jica', name: 'JICA' },
    period: { from: '2026-02-01', to: '2026-02-28' },
    contributions: [
      { id: 'p.c1', planId: 'p', kind: 'financial', description: 'Training', amount: '1000', currency: 'JPY', stage: 'committed', stageDates: { pledged: '2026-01-15', committed: '2026-02-28' } },
      { id: 'p.c2', planId: 'p', kind: 'financial', description: 'Study visit', amount: '10', currency: 'EUR', stage: 'pledged', stageDates: { pledged: '2026-03-01' }, agreedRate: { rate: '1.085', currency: 'USD' } },
    ],
    plans: [{ id: 'p', title: 'Plan', budget: { amount: '5000.00', currency: 'USD' }, milestones: [milestone] }],
    rates: [{ id: 'jpy-usd-2026-02-01', from: 'JPY', to: 'USD', rate: '0.0067', date: '2026-02-01', source: 'Agreement' }],
    events: [
      { milestoneId: 'p.m1', at: '2026-02-28T23:59:59.999Z', before: 'in_progress', after: 'done' },
      { milestoneId: 'p.m1', at: '2026-03-01T00:00:00.000Z', before: 'done', after: 'in_progress' },
      { milestoneId: 'other.m9', at: '2026-02-10T10:00:00.000Z', before: 'planned', after: 'done' },
    ],
    today: '2026-03-05',
  });

  it('converts each contribution exactly at its agreed rate or the rate in force on its stage date, and totals by stage in the budget currency', () => {
    const [c1, c2] = report.plans[0]!.contributions;
    expect(c1!.inBudget).toEqual({ amount: '6.70', currency: 'USD', rate: { basis: 'recorded', from: 'JPY', to: 'USD', rate: '0.0067', date: '2026-02-01', source: 'Agreement', rateId: 'jpy-usd-2026-02-01' } });
    expect(c2!.inBudget).toEqual({ amount: '10.85', currency: 'USD', rate: { basis: 'agreed', from: 'EUR', to: 'USD', rate: '1.085' } });
    expect(report.plans[0]!.totals).toEqual({ currency: 'USD', byStage: { pledged: '10.85', committed: '6.70', disbursed: '0.00', spent: '0.00' }, notConverted: [] });
  });

  it('lists what changed in the period, oldest first: stages by their dates, the funded milestones\' status changes', () => {
    expect(report.changes).toEqual([
      { day: '2026-02-28', planId: 'p', kind: 'stage', contributionId: 'p.c1', title: 'Training', stage: 'committed', amount: '1000', currency: 'JPY' },
      { day: '2026-02-28', planId: 'p', kind: 'status', milestoneId: 'p.m1', title: 'Risk profiles shared', before: 'in_progress', after: 'done' },
    ]);
    expect(report.plans[0]!.milestones[0]!.slipDays).toBe(30);
  });
});

describe('the report\'s words', () => {
  it('are in en, es, fr and pt with the same keys and placeholders', async () => {
    const { checkCatalogs } = await import('../../shared/i18n/index.ts');
    const { donorReport: donorReportWords } = await import('../../shared/i18n/donor-report.ts');
    expect(checkCatalogs(donorReportWords)).toEqual([]);
    expect(donorReportWords.es['report.quick.last-quarter']).toBe('Último trimestre');
  });
});
