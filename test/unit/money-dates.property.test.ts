/**
 * Properties of the money and date rules (fast-check): amounts round-trip between decimal strings
 * and integer minor units and add up exactly (no float anywhere: sums far beyond 2^53 stay exact);
 * calendar-date arithmetic is consistent (add and count days, slip between baseline and due date);
 * the current reminder for a milestone is the right one for any offsets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES } from '../../shared/domain/codes.ts';
import { DUE_SOON_DAYS, DUE_SOON_MIN_PROGRESS, NOT_STARTED_DAYS, STALE_DAYS, milestoneHealth, type HealthInput } from '../../shared/domain/health.ts';
import { addDays, daysBetween, isCalendarDate, localDate } from '../../shared/domain/dates.ts';
import { amountProblem, fromMinor, minorDigits, sumAmounts, toMinor } from '../../shared/domain/money.ts';
import { DEFAULT_REMINDER_SETTINGS, reminderSlot, type ReminderSettings } from '../../shared/domain/reminders.ts';

const currency = fc.constantFrom(...[...CURRENCY_CODES].filter((c) => ['USD', 'EUR', 'JPY', 'BHD', 'PEN', 'CLF', 'GTQ', 'KWD', 'XOF'].includes(c)));
/** Minor units an amount of up to 15 whole digits can hold. */
const minor = (digits: number) => fc.bigInt({ min: 0n, max: 10n ** BigInt(15 + digits) - 1n });
/** A valid amount in a currency, as a client writes it (fewer decimals than the currency's allowed too). */
const amountIn = (code: string) =>
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: minorDigits(code) }), fc.nat()).map(([whole, places, f]) => {
    const fraction = places === 0 ? '' : `.${String(f % 10 ** places).padStart(places, '0')}`;
    return `${whole}${fraction}`;
  });

describe('money, in integer minor units', () => {
  it('formats minor units as an amount the rules accept, and reads it back exactly', () => {
    fc.assert(fc.property(currency.chain((c) => fc.tuple(fc.constant(c), minor(minorDigits(c)))), ([c, units]) => {
      const text = fromMinor(units, c);
      expect(amountProblem(text, c)).toBeNull();
      expect(toMinor(text, c)).toBe(units);
    }));
  });

  it('reads any valid amount and formats it back to the same value (trailing zeros added, nothing lost)', () => {
    fc.assert(fc.property(currency.chain((c) => fc.tuple(fc.constant(c), amountIn(c))), ([c, amount]) => {
      expect(amountProblem(amount, c)).toBeNull();
      const back = fromMinor(toMinor(amount, c), c);
      const [whole, fraction = ''] = amount.split('.');
      expect(back).toBe(minorDigits(c) === 0 ? whole : `${whole}.${fraction.padEnd(minorDigits(c), '0')}`);
    }));
  });

  it('adds exactly, whatever the order and grouping, beyond what a float can hold', () => {
    fc.assert(fc.property(currency.chain((c) => fc.tuple(fc.constant(c), fc.array(amountIn(c), { maxLength: 30 }))), ([c, amounts]) => {
      const total = sumAmounts(amounts, c);
      expect(toMinor(total, c)).toBe(amounts.reduce((t, a) => t + toMinor(a, c), 0n));
      expect(sumAmounts([...amounts].reverse(), c)).toBe(total);
      const half = Math.floor(amounts.length / 2);
      expect(sumAmounts([sumAmounts(amounts.slice(0, half), c), sumAmounts(amounts.slice(half), c)], c)).toBe(total);
    }));
    // 2^53 + 1 cents: a float would say ...992, not ...993.
    expect(sumAmounts(['90071992547409.92', '0.01'], 'USD')).toBe('90071992547409.93');
  });

  it('refuses more decimals than the currency has, and anything with a sign, exponent or grouping', () => {
    fc.assert(fc.property(currency.chain((c) => fc.tuple(fc.constant(c), amountIn(c), fc.integer({ min: 1, max: 9 }))), ([c, amount, extra]) => {
      const digits = minorDigits(c);
      const fraction = (amount.split('.')[1] ?? '').padEnd(digits, '0') + String(extra);
      expect(amountProblem(`${amount.split('.')[0]}.${fraction}`, c)).not.toBeNull();
      for (const bad of [`-${amount}`, `+${amount}`, `${amount}e2`, ` ${amount}`, `${amount.split('.')[0]},000`]) expect(amountProblem(bad, c), bad).not.toBeNull();
    }));
  });
});

const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const days = fc.integer({ min: -4000, max: 4000 });

describe('calendar dates', () => {
  it('adding days gives a real date, and counting the days between gives them back', () => {
    fc.assert(fc.property(date, days, (d, n) => {
      const later = addDays(d, n);
      expect(isCalendarDate(later)).toBe(true);
      expect(daysBetween(d, later)).toBe(n);
      expect(addDays(later, -n)).toBe(d);
    }));
  });

  it('slip (due date minus baseline) is whole days, antisymmetric, and adds up across reschedulings', () => {
    fc.assert(fc.property(date, date, date, (baseline, first, second) => {
      const slip = daysBetween(baseline, second);
      expect(Number.isInteger(slip)).toBe(true);
      expect(daysBetween(second, baseline)).toBe(-slip || 0);
      expect(addDays(baseline, slip)).toBe(second);
      expect(daysBetween(baseline, first) + daysBetween(first, second)).toBe(slip);
    }));
  });

  it('takes the local date of an instant within a day of the UTC date, in any zone', () => {
    const zone = fc.constantFrom('America/Lima', 'America/Guatemala', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC', 'Asia/Kathmandu', 'America/St_Johns');
    fc.assert(fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }), zone, (instant, tz) => {
      const local = localDate(instant, tz);
      expect(isCalendarDate(local)).toBe(true);
      expect(Math.abs(daysBetween(instant.toISOString().slice(0, 10), local))).toBeLessThanOrEqual(1);
    }));
  });
});

describe('reminder offsets', () => {
  const offsets = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 });
  const settings = offsets.map((offsetsDays): ReminderSettings => ({ ...DEFAULT_REMINDER_SETTINGS, offsetsDays }));

  it('before the due date: the latest offset reached, on its day; none before the furthest offset', () => {
    fc.assert(fc.property(date, fc.integer({ min: 1, max: 90 }), settings, (due, left, s) => {
      const slot = reminderSlot(due, addDays(due, -left), s);
      const reached = s.offsetsDays.filter((o) => o >= left);
      if (reached.length === 0) {
        expect(slot).toBeNull();
        return;
      }
      const offset = Math.min(...reached);
      expect(slot).toEqual({ kind: 'before', day: addDays(due, -offset), daysLeft: left, daysOverdue: 0 });
      // The reminder's day is never after today, and never after the due date.
      expect(daysBetween(slot!.day, addDays(due, -left))).toBeGreaterThanOrEqual(0);
    }));
  });

  it('on and after the due date: due, then weekly, each on a day at most 6 days back', () => {
    fc.assert(fc.property(date, fc.integer({ min: 0, max: 400 }), settings, (due, late, s) => {
      const today = addDays(due, late);
      const slot = reminderSlot(due, today, s)!;
      expect(slot.daysOverdue).toBe(late);
      expect(slot.daysLeft).toBe(-late || 0);
      expect(slot.kind).toBe(late < 7 ? 'due' : 'overdue');
      const back = daysBetween(slot.day, today);
      expect(back).toBeGreaterThanOrEqual(0);
      expect(back).toBeLessThan(7);
      expect(daysBetween(due, slot.day) % 7).toBe(0);
    }));
  });

  it('the same day always gives the same reminder (a rerun sends nothing new)', () => {
    fc.assert(fc.property(date, days, settings, (due, offset, s) => {
      const today = addDays(due, offset);
      expect(reminderSlot(due, today, s)).toEqual(reminderSlot(due, today, s));
      const slot = reminderSlot(due, today, s);
      // Every day from the slot's day to today shares that slot (one send per slot, whichever day the run is).
      if (slot && slot.kind !== 'before') {
        for (let d = slot.day; d <= today; d = addDays(d, 1)) expect(reminderSlot(due, d, s)?.day).toBe(slot.day);
      }
    }));
  });
});

describe('milestone health', () => {
  /** The rule as written before the shortcut that skips the time zone for recent updates. */
  function reference(m: HealthInput, now: Date, tz: string) {
    if (m.status === 'done' || m.status === 'cancelled') return 'done';
    const today = localDate(now, tz);
    const left = daysBetween(today, m.dueDate);
    if (left < 0) return 'late';
    if (m.status === 'blocked') return 'at_risk';
    if (left <= DUE_SOON_DAYS && m.progress < DUE_SOON_MIN_PROGRESS) return 'at_risk';
    if (left <= NOT_STARTED_DAYS && m.status === 'planned') return 'at_risk';
    return daysBetween(localDate(new Date(m.updatedAt), tz), today) > STALE_DAYS ? 'at_risk' : 'on_track';
  }

  it('is the same with or without asking the time zone about recent updates, around every boundary', () => {
    const zone = fc.constantFrom('America/Lima', 'America/Santiago', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Lisbon', 'America/St_Johns');
    const now = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true });
    // Updates from 40 days before to a day after, to the minute, so the 30-day edge is crossed often.
    const ago = fc.integer({ min: -24 * 60, max: 40 * 24 * 60 });
    fc.assert(fc.property(now, ago, zone, fc.constantFrom('planned', 'in_progress', 'blocked'), fc.integer({ min: 0, max: 100 }), fc.integer({ min: -5, max: 60 }), (n, minutes, tz, status, progress, dueIn) => {
      const m: HealthInput = { status, progress, dueDate: addDays(localDate(n, tz), dueIn), updatedAt: new Date(n.getTime() - minutes * 60_000).toISOString() };
      expect(milestoneHealth(m, n, tz)).toBe(reference(m, n, tz));
    }), { numRuns: 500 });
  });
});
