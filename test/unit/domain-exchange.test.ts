/** Conversion into a plan's budget currency: exact, rounded half to even per contribution, rate chosen by date. */
import { describe, expect, it } from 'vitest';
import { convertAmount, convertMinor, divideHalfEven, rateInForce, rateProblem, toBudgetCurrency, type RecordedRate } from '../../shared/domain/exchange.ts';
import { fundingGap } from '../../shared/domain/progress.ts';
import type { Contribution } from '../../shared/domain/resources.ts';

const rate = (from: string, to: string, value: string, date: string): RecordedRate => ({ id: `${from}-${to}-${date}`.toLowerCase(), from, to, rate: value, date, source: 'test' });
const contribution = (over: Partial<Contribution>): Contribution => ({
  id: 'p.c', planId: 'p', strategyId: 's', donorId: 'jica', kind: 'financial', description: 'x', amount: '100', currency: 'JPY',
  stage: 'pledged', stageDates: { pledged: '2026-03-01' }, version: 1, createdAt: '', updatedAt: '', ...over,
});

describe('exact conversion', () => {
  it('rounds half to even at the target currency\'s smallest unit', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n); // 2.5 -> 2
    expect(divideHalfEven(7n, 2n)).toBe(4n); // 3.5 -> 4
    expect(divideHalfEven(11n, 4n)).toBe(3n); // 2.75 -> 3
    expect(divideHalfEven(9n, 4n)).toBe(2n); // 2.25 -> 2
    // JPY 1 at 0.005 USD = 0.005 USD: half a cent, rounds to the even 0.00; JPY 3 -> 0.015 -> 0.02.
    expect(convertAmount('1', 'JPY', '0.005', 'USD')).toBe('0.00');
    expect(convertAmount('3', 'JPY', '0.005', 'USD')).toBe('0.02');
  });

  it('handles currencies without a minor unit both ways (JPY 0 decimals, USD 2, BHD 3)', () => {
    expect(convertAmount('4500000', 'JPY', '0.0067', 'USD')).toBe('30150.00');
    expect(convertAmount('1500.50', 'USD', '149.875', 'JPY')).toBe('224887'); // 224887.4375
    expect(convertAmount('10.00', 'USD', '0.376', 'BHD')).toBe('3.760');
  });

  it('stays exact where a binary float would not (0.1 x 3 style sums)', () => {
    expect(convertMinor(10n, 'USD', '0.1', 'EUR')).toBe(1n);
    expect(convertAmount('999999999999999.99', 'USD', '1.000000000001', 'EUR')).toBe('1000000000000999.99');
  });

  it('refuses rates that are not positive plain decimals', () => {
    for (const bad of ['0', '0.000', '-1', '1e3', '1,5', '.5', '', '1.0000000000001']) expect(rateProblem(bad), bad).not.toBeNull();
    for (const good of ['1', '0.0067', '150.25', '0.000000000001']) expect(rateProblem(good), good).toBeNull();
  });
});

describe('the rate in force', () => {
  const rates = [rate('JPY', 'USD', '0.0070', '2026-01-01'), rate('JPY', 'USD', '0.0067', '2026-03-01'), rate('USD', 'JPY', '150', '2026-02-01')];
  it('is the latest recorded on or before the day, in the recorded direction only', () => {
    expect(rateInForce(rates, 'JPY', 'USD', '2026-02-28')?.rate).toBe('0.0070');
    expect(rateInForce(rates, 'JPY', 'USD', '2026-03-01')?.rate).toBe('0.0067');
    expect(rateInForce(rates, 'JPY', 'USD', '2025-12-31')).toBeUndefined();
    expect(rateInForce(rates, 'ARS', 'USD', '2026-03-01')).toBeUndefined();
  });

  it('is looked up at the date of the stage the contribution has reached', () => {
    const disbursed = contribution({ stage: 'disbursed', stageDates: { pledged: '2026-01-15', committed: '2026-02-01', disbursed: '2026-03-05' } });
    expect(toBudgetCurrency(disbursed, 'USD', rates)).toMatchObject({ converted: true, amount: '0.67', rate: { basis: 'recorded', rate: '0.0067', date: '2026-03-01' } });
    const pledged = contribution({ stageDates: { pledged: '2026-01-15' } });
    expect(toBudgetCurrency(pledged, 'USD', rates)).toMatchObject({ converted: true, amount: '0.70', rate: { basis: 'recorded', date: '2026-01-01' } });
  });

  it('gives way to the contribution\'s own agreed rate into the budget currency', () => {
    const agreed = contribution({ agreedRate: { rate: '0.0065', currency: 'USD' } });
    expect(toBudgetCurrency(agreed, 'USD', rates)).toMatchObject({ converted: true, amount: '0.65', rate: { basis: 'agreed', rate: '0.0065' } });
    // An agreed rate into another currency (the budget moved) is not used: the recorded one is.
    const stale = contribution({ agreedRate: { rate: '0.006', currency: 'EUR' } });
    expect(toBudgetCurrency(stale, 'USD', rates)).toMatchObject({ converted: true, rate: { basis: 'recorded' } });
  });

  it('leaves a contribution with no rate unconverted', () => {
    expect(toBudgetCurrency(contribution({ currency: 'ARS', amount: '100.00' }), 'USD', rates)).toEqual({ converted: false, reason: 'no_rate', currency: 'USD', onDate: '2026-03-01' });
  });
});

describe('the gap across currencies', () => {
  it('converts per contribution, rounds each, then sums; what has no rate is apart and not counted', () => {
    // Three JPY 1 pledges at 0.005: each 0.005 rounds to 0.00 (half to even), so the sum is 0.00, not 0.02.
    const ones = [1, 2, 3].map((i) => contribution({ id: `p.${i}`, amount: '1' }));
    const ars = contribution({ id: 'p.ars', currency: 'ARS', amount: '2000000.00', stage: 'committed', stageDates: { pledged: '2026-01-01', committed: '2026-02-01' } });
    const usd = contribution({ id: 'p.usd', currency: 'USD', amount: '40000.00', stage: 'spent', stageDates: { pledged: '2026-01-01', committed: '2026-01-02', disbursed: '2026-01-03', spent: '2026-01-04' } });
    const { gap, ratesUsed } = fundingGap([...ones, ars, usd], [{ planId: 'p', budget: { amount: '250000.00', currency: 'USD' } }], [rate('JPY', 'USD', '0.005', '2026-01-01')]);
    expect(gap).toEqual([{
      currency: 'USD', budget: '250000.00', secured: '40000.00', pledged: '0.00', gap: '210000.00',
      byStage: { pledged: '0.00', committed: '0.00', disbursed: '0.00', spent: '40000.00' },
      notConverted: [{ currency: 'ARS', secured: '2000000.00', pledged: '0.00', count: 1 }],
    }]);
    expect(ratesUsed).toEqual([{ basis: 'recorded', from: 'JPY', to: 'USD', rate: '0.005', date: '2026-01-01', source: 'test', rateId: 'jpy-usd-2026-01-01', contributions: 3 }]);
  });

  it('converts each plan\'s contributions into that plan\'s own budget currency', () => {
    const inUsdPlan = contribution({ planId: 'a', amount: '1000', currency: 'JPY' });
    const inEurPlan = contribution({ planId: 'b', amount: '1000', currency: 'JPY', agreedRate: { rate: '0.0061', currency: 'EUR' } });
    const { gap } = fundingGap([inUsdPlan, inEurPlan], [
      { planId: 'a', budget: { amount: '100.00', currency: 'USD' } },
      { planId: 'b', budget: { amount: '100.00', currency: 'EUR' } },
    ], [rate('JPY', 'USD', '0.0067', '2026-01-01')]);
    expect(gap.map((g) => [g.currency, g.pledged, g.gap])).toEqual([['EUR', '6.10', '100.00'], ['USD', '6.70', '100.00']]);
  });

  it('never lets the gap go below zero', () => {
    const big = contribution({ currency: 'USD', amount: '300.00', stage: 'committed', stageDates: { pledged: '2026-01-01', committed: '2026-01-02' } });
    expect(fundingGap([big], [{ planId: 'p', budget: { amount: '100.00', currency: 'USD' } }], []).gap[0]!.gap).toBe('0.00');
  });
});
