/** The results rules at their edges: exact decimals, the period figure, the region's figure, the status. */
import { describe, expect, it } from 'vitest';
import { compareDecimals, divideDecimal, meanDecimals, reachedShare, sumDecimals } from '../../shared/domain/decimal.ts';
import { can, type Principal } from '../../shared/domain/policy.ts';
import {
  administrationFigure, administrationTarget, currentPeriod, indicatorStatus, latestByAdministration, latestRegional, regionalFigure, rollUpIndicator, type IndicatorRule,
} from '../../shared/domain/results.ts';
import { CreateIndicator, CreateSubmission, indicatorProblems } from '../../shared/domain/results-schema.ts';

const rule = (r: Partial<IndicatorRule> = {}): IndicatorRule => ({ ascending: true, aggregation: 'sum', periodFigure: 'latest', ...r });
const sub = (value: string, submittedAt: string, state = 'approved') => ({ value, submittedAt, state });

describe('decimal arithmetic', () => {
  it('adds without binary floats: 0.1 + 0.2 is 0.3', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['999999999999.9999', '0.0001'])).toBe('1000000000000');
    expect(sumDecimals([])).toBe('0');
  });

  it('rounds a mean half away from zero to two decimals', () => {
    expect(meanDecimals(['1', '2'])).toBe('1.5');
    expect(meanDecimals(['10', '10', '11'])).toBe('10.33'); // 10.333...
    expect(meanDecimals(['0.005', '0.005'])).toBe('0.01'); // exactly half: away from zero
    expect(meanDecimals(['0.0049', '0.0049'])).toBe('0');
    expect(divideDecimal('-1', 8n, 2)).toBe('-0.13'); // -0.125
  });

  it('compares across scales', () => {
    expect(compareDecimals('12.50', '12.5')).toBe(0);
    expect(compareDecimals('9.9999', '10')).toBe(-1);
  });

  it('measures the share of the way from baseline to target exactly, in either direction', () => {
    expect(reachedShare('75', '0', '100', 3n, 4n)).toBe(true);
    expect(reachedShare('74.9999', '0', '100', 3n, 4n)).toBe(false);
    // Lower is better: from 40 % down to 20 %, 25 % is three quarters of the way.
    expect(reachedShare('25', '40', '20', 3n, 4n)).toBe(true);
    expect(reachedShare('25.1', '40', '20', 3n, 4n)).toBe(false);
  });
});

describe('an administration\'s figure for a period', () => {
  it('is the latest approved value, ignoring those not approved', () => {
    const subs = [sub('5', '2026-03-01T00:00:00Z'), sub('8', '2026-05-01T00:00:00Z'), sub('12', '2026-06-01T00:00:00Z', 'submitted')];
    expect(administrationFigure(rule(), subs)).toBe('8');
  });

  it('is the sum of approved values when the indicator sums the period', () => {
    const subs = [sub('12', '2026-03-01T00:00:00Z'), sub('0.5', '2026-05-01T00:00:00Z'), sub('100', '2026-06-01T00:00:00Z', 'returned')];
    expect(administrationFigure(rule({ periodFigure: 'sum' }), subs)).toBe('12.5');
  });

  it('is missing without an approved value', () => {
    expect(administrationFigure(rule(), [sub('5', '2026-03-01T00:00:00Z', 'reopened')])).toBeUndefined();
  });
});

describe('the region\'s figure', () => {
  it('sums, averages, or counts the administrations meeting the threshold', () => {
    expect(regionalFigure(rule(), ['12', '3', '0'])).toBe('15');
    expect(regionalFigure(rule({ aggregation: 'mean' }), ['30', '45', '20'])).toBe('31.67');
    expect(regionalFigure(rule({ aggregation: 'count_meeting_threshold', threshold: '1' }), ['1', '0', '1', '2'])).toBe('3');
    // Lower is better: at or below the threshold counts.
    expect(regionalFigure(rule({ aggregation: 'count_meeting_threshold', threshold: '30', ascending: false }), ['30', '30.01', '12'])).toBe('2');
  });

  it('is missing when nobody reported or the indicator does not aggregate', () => {
    expect(regionalFigure(rule(), [])).toBeUndefined();
    expect(regionalFigure(rule({ aggregation: 'none' }), ['1'])).toBeUndefined();
  });

  it('counts zero administrations as a figure, not as no data', () => {
    expect(regionalFigure(rule({ aggregation: 'count_meeting_threshold', threshold: '1' }), ['0'])).toBe('0');
  });
});

describe('the status of a figure against its target', () => {
  const open = { ascending: true, periodClosed: false, baseline: '0', target: '100' };
  it('is no data without a figure, even without a target', () => {
    expect(indicatorStatus({ ...open })).toBe('no_data');
    expect(indicatorStatus({ ascending: true, periodClosed: true })).toBe('no_data');
  });
  it('is null with a figure and no target', () => {
    expect(indicatorStatus({ figure: '3', ascending: true, periodClosed: false })).toBeNull();
  });
  it('is met at the target exactly, higher or lower being better', () => {
    expect(indicatorStatus({ ...open, figure: '100' })).toBe('met');
    expect(indicatorStatus({ ...open, figure: '99.9999' })).toBe('on_track');
    expect(indicatorStatus({ ascending: false, periodClosed: true, target: '20', figure: '20' })).toBe('met');
    expect(indicatorStatus({ ascending: false, periodClosed: true, target: '20', figure: '20.1' })).toBe('off_track');
  });
  it('is on track from three quarters of the way while the period is open, off track below', () => {
    expect(indicatorStatus({ ...open, figure: '75' })).toBe('on_track');
    expect(indicatorStatus({ ...open, figure: '74' })).toBe('off_track');
  });
  it('is off track once the period has closed short of the target', () => {
    expect(indicatorStatus({ ...open, figure: '99', periodClosed: true })).toBe('off_track');
  });
  it('is off track short of the target without a baseline to measure the way from', () => {
    expect(indicatorStatus({ figure: '99', target: '100', ascending: true, periodClosed: false })).toBe('off_track');
  });
  it('is off track when the figure moved away from the target', () => {
    expect(indicatorStatus({ ascending: false, periodClosed: false, baseline: '40', target: '20', figure: '45' })).toBe('off_track');
  });
});

describe('an administration\'s target', () => {
  it('is its own, else the region\'s for a mean, the threshold for a count, none for a sum', () => {
    const t = { region: '30', administrations: { PE: '25' } };
    expect(administrationTarget(rule({ aggregation: 'mean' }), t, 'PE')).toBe('25');
    expect(administrationTarget(rule({ aggregation: 'mean' }), t, 'AR')).toBe('30');
    expect(administrationTarget(rule({ aggregation: 'count_meeting_threshold', threshold: '1' }), t, 'AR')).toBe('1');
    expect(administrationTarget(rule(), t, 'AR')).toBeUndefined();
  });
});

describe('indicator and submission schemas', () => {
  const base = { resultId: 'p.r1', title: 'Administrations with a risk-management unit', measure: '1' };
  it('refuses percentages that add up, above 100, and qualitative targets', () => {
    const pct = CreateIndicator.safeParse({ ...base, measure: '2', baseline: { value: '100.5', date: '2025-12-31' } });
    expect(pct.success).toBe(false);
    const paths = pct.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['aggregation', 'baseline.value']));
    expect(indicatorProblems({ measure: '5', aggregation: 'none', targets: { h1: { region: '1' } } }).map((p) => p.path)).toEqual(['targets']);
    expect(CreateIndicator.safeParse({ ...base, measure: '2', aggregation: 'mean', baseline: { value: '100', date: '2025-12-31' } }).success).toBe(true);
  });
  it('needs a threshold to count administrations, and takes none otherwise', () => {
    expect(indicatorProblems({ aggregation: 'count_meeting_threshold' }).map((p) => p.code)).toEqual(['required']);
    expect(indicatorProblems({ aggregation: 'sum', threshold: '1' }).map((p) => p.code)).toEqual(['threshold_unused']);
  });
  it('takes figures as decimal strings only', () => {
    for (const value of ['1e3', '-1', '01', '1.23456', ' 1', '']) {
      expect(CreateSubmission.safeParse({ indicatorId: 'p.i1', periodId: 'p.h1', administrationId: 'PE', value }).success, value).toBe(false);
    }
    expect(CreateSubmission.safeParse({ indicatorId: 'p.i1', periodId: 'p.h1', administrationId: 'PE', value: 12 }).success).toBe(false);
    expect(CreateSubmission.safeParse({ indicatorId: 'p.i1', periodId: 'p.h1', administrationId: 'PE', value: '0.25' }).success).toBe(true);
  });
});

describe('results in the policy table', () => {
  const focalPe: Principal = { userId: 'focal-pe', role: 'focal_point', administrationId: 'PE' };
  const coordAr: Principal = { userId: 'coord-ar', role: 'coordinator', administrationId: 'AR' };
  const jica: Principal = { userId: 'donor-jica', role: 'donor', donorId: 'jica' };
  const dgGt: Principal = { userId: 'dg-gt', role: 'director_general', administrationId: 'GT' };
  const plan = { coordinatorIds: ['PE', 'AR'], donorIds: ['jica'], participantIds: ['GT'] };
  it('lets a focal point submit only for its own administration', () => {
    expect(can(focalPe, 'result:submit', { ...plan, ownerAdministrationId: 'PE' })).toBe(true);
    expect(can(focalPe, 'result:submit', { ...plan, ownerAdministrationId: 'GT' })).toBe(false);
    expect(can(focalPe, 'result:review', plan)).toBe(false);
  });
  it('lets the co-coordinators review, only the secretariat reopen', () => {
    expect(can(coordAr, 'result:review', plan)).toBe(true);
    expect(can(coordAr, 'result:review', { ...plan, coordinatorIds: ['PE'] })).toBe(false);
    expect(can(coordAr, 'result:reopen', plan)).toBe(false);
    expect(can({ userId: 'admin', role: 'admin' }, 'result:reopen', plan)).toBe(true);
  });
  it('lets a donor read the indicators of plans it funds, a Director General those of plans it takes part in', () => {
    expect(can(jica, 'result:read', plan)).toBe(true);
    expect(can(jica, 'result:read', { ...plan, donorIds: ['usaid'] })).toBe(false);
    expect(can(dgGt, 'result:read', plan)).toBe(true);
    expect(can(dgGt, 'result:read', { ...plan, participantIds: [] })).toBe(false);
    expect(can(jica, 'result:submit', { ...plan, ownerAdministrationId: 'PE' })).toBe(false);
  });
});

describe('an indicator rolled up period by period', () => {
  const indicator = {
    id: 'p.certified', measure: '1', ...rule({ periodFigure: 'sum' }),
    baseline: { value: '0', date: '2025-12-31' }, baselines: {},
    targets: { 'p.h1': { region: '12', administrations: { GT: '3' } }, 'p.h2': { region: '24' } },
  };
  const periods = [
    { id: 'p.h1', label: '2026 H1', start: '2026-01-01', end: '2026-06-30' },
    { id: 'p.h2', label: '2026 H2', start: '2026-07-01', end: '2026-12-31' },
  ];
  const s = (administrationId: string, periodId: string, value: string, state = 'approved', submittedAt = '2026-06-01T00:00:00Z') =>
    ({ indicatorId: 'p.certified', periodId, administrationId, value, state, submittedAt });
  const subs = [s('GT', 'p.h1', '2'), s('GT', 'p.h1', '2', 'approved', '2026-06-20T00:00:00Z'), s('PE', 'p.h1', '5'), s('AR', 'p.h1', '9', 'submitted'), s('PE', 'p.h2', '10')];

  it('gives each administration its figure and status, and the region its figure against the target', () => {
    const [h1, h2] = rollUpIndicator(indicator, periods, subs, '2026-11-22');
    expect(h1).toMatchObject({ closed: true, target: '12', figure: '9', status: 'off_track', reported: 2 });
    expect(h1!.byAdministration.GT).toEqual({ figure: '4', target: '3', status: 'met' });
    expect(h1!.byAdministration.AR).toBeUndefined(); // waiting for review: not counted
    expect(h2).toMatchObject({ closed: false, figure: '10', status: 'off_track' }); // 10 of 24 from 0 is under three quarters
    expect(latestByAdministration([h1!, h2!])).toMatchObject({ GT: { periodId: 'p.h1', figure: '4' }, PE: { periodId: 'p.h2', figure: '10' } });
    expect(latestRegional([h1!, h2!], '2026-11-22')!.periodId).toBe('p.h2');
  });

  it('says no data for a period nobody has an approved value in', () => {
    const [h1] = rollUpIndicator(indicator, periods, [s('AR', 'p.h1', '9', 'returned')], '2026-11-22');
    expect(h1).toMatchObject({ status: 'no_data', reported: 0 });
    expect(h1!.figure).toBeUndefined();
  });

  it('takes the period containing today as the current one, else the last closed', () => {
    expect(currentPeriod(periods, '2026-07-01')!.id).toBe('p.h2');
    expect(currentPeriod(periods, '2027-02-01')!.id).toBe('p.h2');
    expect(currentPeriod(periods, '2025-02-01')).toBeUndefined();
  });
});
