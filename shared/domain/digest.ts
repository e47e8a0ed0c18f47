/**
 * A Director General's digest: its period, and its content built from the plans the
 * administration takes part in. Pure: the digests job reads, `buildDigest` decides, the mail
 * templates and the API present the stored result.
 *
 * Periods are calendar periods in the administration's time zone: ISO weeks (2026-W49, from
 * Monday), months (2026-12) and quarters (2026-Q4). One digest per administration and period;
 * the first daily run of a period sends it.
 */
// Types only: the schemas (for the API's OpenAPI document) live in digest-schema.ts, so the digests
// job can build a digest without loading zod.
import type * as z from 'zod/mini';
import type * as schema from './digest-schema.ts';
import { addDays, daysBetween, localDate } from './dates.ts';
import { daysOverdue as daysLate, milestoneHealth } from './health.ts';
import type { RecordedRate } from './exchange.ts';
import { budgetsOf, fundingGap, rollUp } from './progress.ts';
import { fromMinor, toMinor } from './money.ts';
import { DEFAULT_REMINDER_SETTINGS, needsAttention, type ReminderSettings } from './reminders.ts';
import { STAGES, type DIGEST_FREQUENCIES, type Language, type Stage } from './constants.ts';
import { resolveText, type Translations } from './translations.ts';
import type { Contribution, Milestone, Plan } from './resources.ts';
import { digestResults, type DigestResultsPlan } from './digest-results.ts';

export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export interface DigestPeriod {
  id: string;
  frequency: DigestFrequency;
  /** First day of the period. */
  start: string;
  /** First day of the next period (when the next digest is due). */
  end: string;
}

/** Days to look back for "done since" when there is no earlier digest. */
const PERIOD_DAYS: Record<DigestFrequency, number> = { weekly: 7, monthly: 31, quarterly: 92 };

const pad = (n: number) => String(n).padStart(2, '0');

function dayOfWeek(date: string): number {
  // 1 = Monday ... 7 = Sunday
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** ISO 8601 week: the Monday it starts on, and its year and number (the year of its Thursday). */
function isoWeek(date: string): { year: number; week: number; monday: string } {
  const monday = addDays(date, 1 - dayOfWeek(date));
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const firstMonday = addDays(jan4, 1 - dayOfWeek(jan4));
  return { year, week: daysBetween(firstMonday, monday) / 7 + 1, monday };
}

/** The period containing `today` (a calendar date in the administration's zone). */
export function digestPeriod(frequency: DigestFrequency, today: string): DigestPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (frequency === 'weekly') {
    const w = isoWeek(today);
    return { id: `${w.year}-W${pad(w.week)}`, frequency, start: w.monday, end: addDays(w.monday, 7) };
  }
  if (frequency === 'monthly') {
    const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
    return { id: `${year}-${pad(month)}`, frequency, start: `${year}-${pad(month)}-01`, end: next };
  }
  const quarter = Math.ceil(month / 3);
  const startMonth = (quarter - 1) * 3 + 1;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(startMonth + 3)}-01`;
  return { id: `${year}-Q${quarter}`, frequency, start: `${year}-${pad(startMonth)}-01`, end: next };
}

export const DIGEST_ID_PATTERN = /^(\d{4})-(?:W(\d{2})|Q([1-4])|(\d{2}))$/;

/** The period a digest id names (2026-W49, 2026-12, 2026-Q4), or null when it names none. */
export function periodFromId(id: string): DigestPeriod | null {
  const m = DIGEST_ID_PATTERN.exec(id);
  if (!m) return null;
  const year = Number(m[1]);
  // Years a calendar date of ours can hold (a week of 9999 would end in year 10000).
  if (year < 1900 || year > 9998) return null;
  if (m[2]) {
    const week = Number(m[2]);
    if (week < 1 || week > 53) return null;
    const jan4 = `${year}-01-04`;
    const monday = addDays(addDays(jan4, 1 - dayOfWeek(jan4)), (week - 1) * 7);
    const period = digestPeriod('weekly', monday);
    return week >= 1 && period.id === id ? period : null;
  }
  if (m[3]) return digestPeriod('quarterly', `${year}-${pad((Number(m[3]) - 1) * 3 + 1)}-01`);
  const month = Number(m[4]);
  return month >= 1 && month <= 12 ? digestPeriod('monthly', `${year}-${pad(month)}-01`) : null;
}

/** The ledger id of one digest mail: one send per (recipient, digest, kind, period). */
export function digestLedgerId(administrationId: string, periodId: string, recipientEmail: string): string {
  return `digest#${recipientEmail.toLowerCase()}#${administrationId}#${periodId}`;
}

// ------------------------------------------------------------------ content (stored, served, mailed)

/** Each list in a digest shows at most this many milestones and counts the rest. */
export const DIGEST_LIST_LIMIT = 20;

export type DigestMilestone = z.infer<typeof schema.DigestMilestone>;
export type DigestList = z.infer<typeof schema.DigestList>;
export type DigestContent = z.infer<typeof schema.DigestContent>;

export interface DigestPlanInput {
  plan: Plan;
  coordinatorIds: readonly string[];
  participantIds: readonly string[];
  /** `titleLang`: the language the title is in, when the caller resolved it (else taken as the digest's). */
  strategy: { id: string; title: string; titleLang?: Language; reminders: ReminderSettings };
  /** Stored milestones: the resource without its health, plus the owner's time zone (and translations). */
  milestones: readonly (Omit<Milestone, 'health' | 'textLanguages' | 'allTexts'> & { ownerTimeZone: string; translations?: Translations })[];
  contributions: readonly Contribution[];
  /** The plan's results framework (from the same item collection), for the results section. */
  results?: Omit<DigestResultsPlan, 'plan' | 'strategyTitle'>;
}

export interface DigestInput {
  administration: { id: string; name: string; timeZone: string };
  period: DigestPeriod;
  /** When the previous digest was made (ISO instant), or null. */
  since: string | null;
  now: Date;
  plans: readonly DigestPlanInput[];
  donorNames: ReadonlyMap<string, string>;
  administrationNames: ReadonlyMap<string, string>;
  /** Recorded rates into the plans' budget currencies (none needed when all is in budget currency). */
  rates?: readonly RecordedRate[];
  /** The digest's language: milestone titles are given in it when translated, else the original (marked). */
  language?: Language;
}

/** Plans a digest covers: open ones (draft or active) the administration co-coordinates or owns a milestone in. */
export function takesPart(administrationId: string, plan: { status: string }, coordinatorIds: readonly string[], participantIds: readonly string[]): boolean {
  if (!coordinatorIds.includes(administrationId) && !participantIds.includes(administrationId)) return false;
  return plan.status !== 'closed';
}

const limited = (items: DigestMilestone[]): DigestList => ({ items: items.slice(0, DIGEST_LIST_LIMIT), more: Math.max(0, items.length - DIGEST_LIST_LIMIT) });

export function buildDigest(input: DigestInput): DigestContent {
  const { administration, now } = input;
  const today = localDate(now, administration.timeZone);
  const since = input.since ?? new Date(now.getTime() - PERIOD_DAYS[input.period.frequency] * 86_400_000).toISOString();
  const plans = input.plans
    .filter((p) => takesPart(administration.id, p.plan, p.coordinatorIds, p.participantIds))
    .sort((a, b) => a.strategy.title.localeCompare(b.strategy.title) || a.plan.title.localeCompare(b.plan.title));

  const done: DigestMilestone[] = [];
  const late: DigestMilestone[] = [];
  const upcoming: DigestMilestone[] = [];
  const decision: DigestMilestone[] = [];
  const funding = new Map<string, Record<Stage, bigint> & { donorId: string; currency: string }>();
  let inKindCount = 0;

  const lines = plans.map((p) => {
    const withHealth = p.milestones.map((m) => ({ ...m, health: milestoneHealth(m, now, m.ownerTimeZone) }));
    const roll = rollUp(withHealth, [], [], now);
    const settings = p.strategy.reminders ?? DEFAULT_REMINDER_SETTINGS;

    for (const m of withHealth) {
      const owned = m.ownerAdministrationId === administration.id;
      const overdue = daysLate(m.dueDate, now, m.ownerTimeZone);
      const title = resolveText(m.title, m.translations?.title, input.language ? [input.language] : []);
      const line: DigestMilestone = {
        id: m.id, planId: m.planId, strategyId: m.strategyId, title: title.text,
        ...(input.language && title.lang !== input.language ? { titleLang: title.lang } : {}),
        ownerAdministrationId: m.ownerAdministrationId,
        dueDate: m.dueDate, status: m.status, progress: m.progress, owned,
        daysOverdue: overdue, daysLeft: daysBetween(localDate(now, m.ownerTimeZone), m.dueDate),
      };
      if (m.status === 'cancelled') continue;
      if (m.status === 'done') {
        if (m.updatedAt >= since) done.push({ ...line, doneAt: m.updatedAt });
        continue;
      }
      if (m.health === 'late') {
        if (owned && needsAttention(overdue, settings)) decision.push(line);
        else late.push(line);
      } else if (m.dueDate < input.period.end) {
        upcoming.push(line);
      }
    }

    for (const c of p.contributions) {
      if (c.kind === 'in_kind') {
        inKindCount++;
        continue;
      }
      if (!c.amount || !c.currency) continue;
      const k = `${c.donorId}|${c.currency}`;
      const row = funding.get(k) ?? { donorId: c.donorId, currency: c.currency, pledged: 0n, committed: 0n, disbursed: 0n, spent: 0n };
      row[c.stage] += toMinor(c.amount, c.currency);
      funding.set(k, row);
    }

    // The plan's and strategy's titles as the milestones' are: in the digest's language, else the original, marked.
    const planTitle = resolveText(p.plan.title, (p.plan as { translations?: Translations }).translations?.title, input.language ? [input.language] : []);
    return {
      strategyId: p.strategy.id,
      strategyTitle: p.strategy.title,
      ...(input.language && p.strategy.titleLang && p.strategy.titleLang !== input.language ? { strategyTitleLang: p.strategy.titleLang } : {}),
      planId: p.plan.id,
      title: planTitle.text,
      ...(input.language && planTitle.lang !== input.language ? { titleLang: planTitle.lang } : {}),
      status: p.plan.status,
      role: p.coordinatorIds.includes(administration.id) ? ('co-coordinator' as const) : ('participant' as const),
      milestones: {
        total: roll.milestones.total - roll.milestones.byStatus.cancelled,
        done: roll.milestones.byStatus.done,
        late: roll.milestones.byHealth.late,
        atRisk: roll.milestones.byHealth.at_risk,
        percentComplete: roll.milestones.percentComplete,
      },
    };
  });

  const ownedFirst = (a: DigestMilestone, b: DigestMilestone) => Number(b.owned) - Number(a.owned);
  done.sort((a, b) => ownedFirst(a, b) || (b.doneAt ?? '').localeCompare(a.doneAt ?? '') || a.id.localeCompare(b.id));
  late.sort((a, b) => ownedFirst(a, b) || b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));
  decision.sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));
  upcoming.sort((a, b) => ownedFirst(a, b) || a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));

  const lists = { done: limited(done), late: limited(late), upcoming: limited(upcoming), needsDecision: limited(decision) };
  const results = digestResults({
    administrationId: administration.id,
    plans: plans.flatMap((p) => (p.results ? [{ plan: p.plan, strategyTitle: p.strategy.title, ...p.results }] : [])),
    since,
    now,
    today,
  });
  const mentioned = new Set([administration.id, ...Object.values(lists).flatMap((l) => l.items.map((m) => m.ownerAdministrationId))]);
  return {
    administration: { id: administration.id, name: administration.name },
    today,
    since: input.since,
    plans: lines,
    ...lists,
    funding: [...funding.values()]
      .map((r) => ({
        donorId: r.donorId,
        donorName: input.donorNames.get(r.donorId) ?? r.donorId,
        currency: r.currency,
        ...(Object.fromEntries(STAGES.map((s) => [s, fromMinor(r[s], r.currency)])) as Record<Stage, string>),
      }))
      .sort((a, b) => a.donorName.localeCompare(b.donorName) || a.currency.localeCompare(b.currency)),
    inKindCount,
    // Each plan's contributions converted into its budget currency (rounded per contribution), then summed per currency.
    gap: fundingGap(plans.flatMap((p) => p.contributions), budgetsOf(plans.map((p) => p.plan)), input.rates ?? []).gap.map(({ byStage: _, ...g }) => g),
    administrationNames: Object.fromEntries([...mentioned, ...(results?.moved.items.map((m) => m.administrationId) ?? [])].sort().map((id) => [id, input.administrationNames.get(id) ?? (id === administration.id ? administration.name : id)])),
    ...(results ? { results } : {}),
  };
}

// ------------------------------------------------------------------ the stored digest

export type Digest = z.infer<typeof schema.Digest>;
export type DigestSummary = z.infer<typeof schema.DigestSummary>;

export function summarise(d: Digest): DigestSummary {
  const { content, ...rest } = d;
  const count = (l: DigestList) => l.items.length + l.more;
  return {
    ...rest,
    counts: { done: count(content.done), late: count(content.late), upcoming: count(content.upcoming), needsDecision: count(content.needsDecision) },
  };
}
