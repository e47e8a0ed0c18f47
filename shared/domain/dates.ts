/** Calendar dates (`YYYY-MM-DD`) and day arithmetic, without the host's time zone leaking in. */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (read from the digits: Date.parse of a string costs several times more, in every list). */
function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : Number.NaN;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date of an instant in an IANA time zone ('2026-12-01T03:00:00Z' is 30 Nov in Lima). */
export function localDate(instant: Date, timeZone: string): string {
  let zone = zones.get(timeZone);
  if (!zone) {
    // en-CA formats as YYYY-MM-DD. Building a formatter costs far more than using one: keep them.
    zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: NaN, date: '' };
    zones.set(timeZone, zone);
  }
  // Today's offsets are whole minutes, so the local date cannot change within a UTC minute: a request
  // that asks for "today" in the same zones again and again formats once a minute.
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute !== zone.minute || instant.getTime() < MODERN_OFFSETS) {
    zone.minute = minute;
    zone.date = zone.format.format(instant);
  }
  return zone.date;
}
const zones = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: string }>();
/** Before 1970 some zones had offsets with seconds (local mean time): no shortcut there. */
const MODERN_OFFSETS = 0;

export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value) && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
