import { describe, expect, it } from 'vitest';
import { CreateContribution, CreateMilestone } from '../../shared/domain/resources.ts';
import { Money } from '../../shared/domain/common.ts';
import { addDays, daysBetween, isCalendarDate, isTimeZone, localDate } from '../../shared/domain/dates.ts';
import { amountProblem, fromMinor, minorDigits, sumAmounts, toMinor } from '../../shared/domain/money.ts';

describe('money', () => {
  it('knows each currency\'s minor unit', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
  });

  it('adds exactly, in minor units', () => {
    expect(sumAmounts(['0.10', '0.20'], 'USD')).toBe('0.30');
    expect(sumAmounts(['999999999999999.99', '0.01'], 'USD')).toBe('1000000000000000.00');
    expect(sumAmounts(['4500000', '8000000'], 'JPY')).toBe('12500000');
    expect(toMinor('12.5', 'USD')).toBe(1250n);
    expect(fromMinor(-5n, 'USD')).toBe('-0.05');
  });

  it('refuses signs, exponents, grouping and extra decimals', () => {
    for (const bad of ['-1', '+1', '1e3', '1,000', '01', '.5', '1.', ' 1', 'NaN', '']) {
      expect(amountProblem(bad, 'USD'), bad).not.toBeNull();
    }
    expect(amountProblem('1.001', 'USD')).toContain('at most 2');
    expect(amountProblem('1.5', 'JPY')).toContain('no minor unit');
    expect(amountProblem('0', 'USD')).toBeNull();
    expect(amountProblem('1500.5', 'USD')).toBeNull();
  });

  it('validates amount and currency together', () => {
    expect(Money.safeParse({ amount: '10.00', currency: 'USD' }).success).toBe(true);
    expect(Money.safeParse({ amount: '10', currency: 'usd' }).success).toBe(false);
    expect(Money.safeParse({ amount: 10, currency: 'USD' }).success).toBe(false);
  });
});

describe('calendar dates and time zones', () => {
  it('accepts only real dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate('2026-01-01T00:00:00Z')).toBe(false);
  });

  it('counts days across months, years and DST changes', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-29', '2026-03-28')).toBe(-1);
    expect(addDays('2026-11-22', 14)).toBe('2026-12-06');
  });

  it('reads the local date of an instant', () => {
    const instant = new Date('2026-12-01T23:30:00Z');
    expect(localDate(instant, 'America/Lima')).toBe('2026-12-01');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-12-02');
  });

  it('turns the local date exactly at local midnight, however often it is asked', () => {
    expect(localDate(new Date('2026-12-02T04:59:59.999Z'), 'America/Lima')).toBe('2026-12-01');
    expect(localDate(new Date('2026-12-02T05:00:00.000Z'), 'America/Lima')).toBe('2026-12-02');
    expect(localDate(new Date('2026-12-02T04:59:30.000Z'), 'America/Lima')).toBe('2026-12-01');
    expect(localDate(new Date('2026-12-02T05:00:59.000Z'), 'America/Lima')).toBe('2026-12-02');
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('-05:00')).toBe(false);
  });
});

describe('schemas', () => {
  it('default a new milestone sensibly and refuse unknown fields', () => {
    const m = CreateMilestone.parse({ title: 'T', ownerAdministrationId: 'PE', dueDate: '2027-01-01' });
    expect(m).toMatchObject({ status: 'planned', progress: 0, evidence: [], description: '' });
    expect(CreateMilestone.safeParse({ title: 'T', ownerAdministrationId: 'PE', dueDate: '2027-01-01', health: 'late' }).success).toBe(false);
  });

  it('allow an in-kind contribution without an amount but not a financial one', () => {
    const base = { donorId: 'jica', description: 'Experts', stageDates: { pledged: '2026-01-01' } };
    expect(CreateContribution.safeParse({ ...base, kind: 'in_kind' }).success).toBe(true);
    expect(CreateContribution.safeParse({ ...base, kind: 'financial' }).success).toBe(false);
    expect(CreateContribution.safeParse({ ...base, kind: 'in_kind', amount: '100' }).success).toBe(false);
  });
});
