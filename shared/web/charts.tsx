/**
 * Charts as inline SVG, drawn on the server with presentation attributes only (the CSP allows no
 * inline style). Each chart has a title and description, and the page shows the same figures in a
 * table next to it: the chart is never the only way to read them.
 */
import type { FC } from 'hono/jsx';
import { addDays, daysBetween, localDate } from '../domain/dates.ts';
import { fromMinor, toMinor } from '../domain/money.ts';
import type { MilestoneWithZone } from '../domain/progress.ts';
import type { Health, Stage } from '../domain/resources.ts';
import { resolveText, type Translations } from '../domain/translations.ts';
import type { View } from './view.ts';

export const HEALTH_COLOURS: Record<Health, string> = { late: '#c0262d', at_risk: '#b35c00', on_track: '#2b7a3d', done: '#6b7580' };
const BASELINE = '#4d5661';
const TODAY = '#0b3d6e';

// ------------------------------------------------------------------ timeline

const W = 960;
/** Room for the row number and a shortened title. */
const LEFT = 300;
const TITLE_CHARS = 44;
const RIGHT = 24;
const TOP = 40;
const ROW = 26;

/** Month steps to choose from so the axis shows at most eight labels. */
const STEPS = [1, 2, 3, 6, 12, 24, 60, 120];

export function axisTicks(start: string, end: string): string[] {
  const months = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  const first = months(start) + 1; // first whole month inside the range
  const last = months(end);
  const step = STEPS.find((s) => Math.floor((last - first) / s) + 1 <= 8) ?? 120;
  const ticks: string[] = [];
  for (let m = Math.ceil(first / step) * step; m <= last; m += step) {
    ticks.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`);
  }
  return ticks;
}

export const Timeline: FC<{
  v: View;
  milestones: MilestoneWithZone[];
  period: { start: string; end: string };
  now: Date;
  /** The number each row shows (default: its position), e.g. the milestone's number in its plan. */
  numberOf?: (m: MilestoneWithZone, i: number) => string;
}> = ({ v, milestones, period, now, numberOf = (_m, i) => String(i + 1) }) => {
  const { t } = v;
  const today = localDate(now, 'UTC');
  const dates = [period.start, period.end, ...milestones.flatMap((m) => [m.baselineDueDate, m.dueDate])].sort();
  let d0 = dates[0]!;
  let d1 = dates[dates.length - 1]!;
  // Today is drawn when it falls within the plan's span (give or take a month), not for long-closed plans.
  const showToday = daysBetween(addDays(d0, -31), today) >= 0 && daysBetween(today, addDays(d1, 31)) >= 0;
  if (showToday) {
    if (today < d0) d0 = today;
    if (today > d1) d1 = today;
  }
  const pad = Math.max(7, Math.round(daysBetween(d0, d1) * 0.03));
  d0 = addDays(d0, -pad);
  d1 = addDays(d1, pad);
  const span = Math.max(1, daysBetween(d0, d1));
  const x = (d: string) => LEFT + (daysBetween(d0, d) / span) * (W - LEFT - RIGHT);
  const height = TOP + milestones.length * ROW + 12;
  const rowsBottom = TOP + milestones.length * ROW;
  const slipped = milestones.filter((m) => m.dueDate !== m.baselineDueDate).length;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${height}`} width={W} height={height} role="img" aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">
      <title id="timeline-title">{t('chart.timelineTitle')}</title>
      <desc id="timeline-desc">
        {t('chart.timelineDesc', { count: milestones.length, slipped, start: v.date(period.start), end: v.date(period.end) })}
      </desc>
      {milestones.map((_, i) => (i % 2 === 0 ? <rect x={0} y={TOP + i * ROW} width={W} height={ROW} fill="#f4f6f8" /> : null))}
      {axisTicks(d0, d1).map((tick) => (
        <g>
          <line x1={x(tick)} x2={x(tick)} y1={TOP - 8} y2={rowsBottom} stroke="#c9d1d9" stroke-width={1} />
          <text x={x(tick) + 3} y={TOP - 12} font-size={12} fill="#4d5661">{v.month(tick)}</text>
        </g>
      ))}
      <line x1={x(period.start)} x2={x(period.end)} y1={TOP - 3} y2={TOP - 3} stroke="#0b3d6e" stroke-width={3} />
      {milestones.map((m, i) => {
        const y = TOP + i * ROW + ROW / 2;
        // The title in the reader's language where held (issue 14), else the original, in its language.
        const title = resolveText(m.title, (m as { translations?: Translations }).translations?.title, [v.lang]);
        const xb = x(m.baselineDueDate);
        const xc = x(m.dueDate);
        return (
          <g>
            <text x={8} y={y + 4} font-size={12} fill="#1b1f24">
              <tspan font-weight="700">{numberOf(m, i)}</tspan> <tspan lang={title.lang !== v.lang ? title.lang : undefined}>{shorten(title.text, TITLE_CHARS)}</tspan>
            </text>
            {xb !== xc ? <line x1={xb} x2={xc} y1={y} y2={y} stroke={BASELINE} stroke-width={2} stroke-dasharray="4 3" /> : null}
            {xb !== xc ? <circle cx={xb} cy={y} r={5} fill="#fff" stroke={BASELINE} stroke-width={2} /> : null}
            <circle cx={xc} cy={y} r={7} fill={HEALTH_COLOURS[m.health]} stroke="#fff" stroke-width={1.5}>
              <title>{`${numberOf(m, i)}. ${title.text}: ${v.date(m.dueDate)} (${t(`health.${m.health}`)})`}</title>
            </circle>
          </g>
        );
      })}
      {showToday ? (
        <g>
          {/* The label sits above the month labels (which end at TOP - 12), so that it never covers one. */}
          <line x1={x(today)} x2={x(today)} y1={2} y2={rowsBottom + 6} stroke={TODAY} stroke-width={2} />
          <text x={x(today) + 4} y={2} dominant-baseline="hanging" font-size={12} font-weight="700" fill={TODAY}>{t('chart.today')}</text>
        </g>
      ) : null}
    </svg>
  );
};

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export const TimelineLegend: FC<{ v: View }> = ({ v }) => (
  <ul class="legend">
    {(['late', 'at_risk', 'on_track', 'done'] as const).map((h) => (
      <li>
        <svg width="14" height="14" aria-hidden="true"><circle cx={7} cy={7} r={6} fill={HEALTH_COLOURS[h]} /></svg>
        {v.t('chart.legendCurrent', { health: v.t(`health.${h}`) })}
      </li>
    ))}
    <li>
      <svg width="34" height="14" aria-hidden="true">
        <circle cx={6} cy={7} r={4.5} fill="#fff" stroke={BASELINE} stroke-width={2} />
        <line x1={11} x2={33} y1={7} y2={7} stroke={BASELINE} stroke-width={2} stroke-dasharray="4 3" />
      </svg>
      {v.t('chart.legendBaseline')}
    </li>
    <li>
      <svg width="10" height="14" aria-hidden="true"><line x1={5} x2={5} y1={0} y2={14} stroke={TODAY} stroke-width={2} /></svg>
      {v.t('chart.today')}
    </li>
  </ul>
);

// ------------------------------------------------------------------ funding

export const STAGE_COLOURS: Record<Stage, string> = { spent: '#0b3d6e', disbursed: '#1f6feb', committed: '#7fb1f2', pledged: 'url(#stripes)' };
const SECURED: Stage[] = ['spent', 'disbursed', 'committed'];

/** One currency's figures, all exact decimal strings (computed in minor units by the caller). */
export interface FundingRow {
  currency: string;
  amounts: Record<Stage, string>;
  total: string;
  /** With a budget in this currency: the budget, what is secured (committed and beyond) and the gap. */
  budget?: { budget: string; secured: string; gap: string };
}

const FW = 960;
const FLEFT = 60;
const FRIGHT = 24;
const BAR = 28;
const FROW = 64;

const Stripes: FC<{ id: string }> = ({ id }) => (
  <defs>
    <pattern id={id} patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
      <rect width="8" height="8" fill="#ffffff" />
      <rect width="3" height="8" fill="#1f6feb" />
    </pattern>
  </defs>
);

/** One stacked bar per currency: spent, disbursed, committed (secured), pledged, then the gap to the budget. */
/**
 * `donor`: one donor's contributions across plans, where no budget applies: the caption keeps what is
 * secured apart from what is only pledged, never adding the two into one total.
 */
export const FundingBars: FC<{ v: View; rows: FundingRow[]; title: string; donor?: boolean }> = ({ v, rows, title, donor }) => {
  const { t } = v;
  const height = rows.length * FROW + 8;
  const summary = rows
    .map((r) => `${r.currency}: ${[...SECURED, 'pledged' as const].map((s) => `${t(`stage.${s}`)} ${v.money(r.amounts[s], r.currency)}`).join(', ')}${r.budget ? `; ${t('funding.budget')} ${v.money(r.budget.budget, r.currency)}, ${t('funding.gap')} ${v.money(r.budget.gap, r.currency)}` : ''}`)
    .join('. ');
  return (
    <svg class="chart" viewBox={`0 0 ${FW} ${height}`} width={FW} height={height} role="img" aria-labelledby="funding-title funding-desc" xmlns="http://www.w3.org/2000/svg">
      <title id="funding-title">{title}</title>
      <desc id="funding-desc">{summary}</desc>
      <Stripes id="stripes" />
      {rows.map((r, i) => {
        const minor = (s: string) => Number(toMinor(s, r.currency));
        const parts = (['spent', 'disbursed', 'committed', 'pledged'] as const).map((s) => ({ stage: s, value: minor(r.amounts[s]) }));
        const total = parts.reduce((n, p) => n + p.value, 0);
        // Numbers here only place shapes; every figure shown is an exact decimal string.
        const budget = r.budget ? minor(r.budget.budget) : 0;
        const scale = Math.max(total, budget, 1);
        const width = (n: number) => (n / scale) * (FW - FLEFT - FRIGHT);
        const y = 8 + i * FROW;
        let at = FLEFT;
        const secured = parts.filter((p) => p.stage !== 'pledged').reduce((n, p) => n + p.value, 0);
        const open = budget - secured - parts[3]!.value;
        return (
          <g>
            <text x={FLEFT - 10} y={y + BAR / 2 + 5} font-size={14} font-weight="700" text-anchor="end" fill="#1b1f24">{r.currency}</text>
            <rect x={FLEFT} y={y} width={FW - FLEFT - FRIGHT} height={BAR} fill="#fff" stroke="#c9d1d9" />
            {parts.map((p) => {
              const w = width(p.value);
              const seg = w > 0 ? <rect x={at} y={y} width={w} height={BAR} fill={STAGE_COLOURS[p.stage]} stroke="#fff" stroke-width={1} /> : null;
              at += w;
              return seg;
            })}
            {budget > 0 && open > 0 ? (
              <rect x={at + 1} y={y + 1} width={Math.max(0, width(open) - 2)} height={BAR - 2} fill="#fde8e8" stroke="#a4161a" stroke-width={2} stroke-dasharray="6 4" />
            ) : null}
            {budget > 0 ? <line x1={FLEFT + width(budget)} x2={FLEFT + width(budget)} y1={y - 4} y2={y + BAR + 4} stroke="#1b1f24" stroke-width={2} /> : null}
            <text x={FLEFT} y={y + BAR + 20} font-size={13} fill="#1b1f24">
              {r.budget
                ? t('funding.barCaption', { budget: v.money(r.budget.budget, r.currency), secured: v.money(r.budget.secured, r.currency), gap: v.money(r.budget.gap, r.currency) })
                : donor
                  ? t('funding.barCaptionDonor', { secured: v.money(securedOf(r), r.currency), pledged: v.money(r.amounts.pledged, r.currency) })
                  : t('funding.barCaptionNoBudget', { total: v.money(r.total, r.currency) })}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

/** Committed, disbursed and spent, exactly (minor units). */
function securedOf(r: FundingRow): string {
  return fromMinor(SECURED.reduce((n, s) => n + toMinor(r.amounts[s], r.currency), 0n), r.currency);
}

export const FundingLegend: FC<{ v: View; gap: boolean }> = ({ v, gap }) => (
  <ul class="legend">
    {(['spent', 'disbursed', 'committed', 'pledged'] as const).map((s) => (
      <li>
        <svg width="18" height="14" aria-hidden="true">
          {s === 'pledged' ? <Stripes id="stripes-legend" /> : null}
          <rect width="18" height="14" fill={s === 'pledged' ? 'url(#stripes-legend)' : STAGE_COLOURS[s]} stroke="#4d5661" stroke-width={1} />
        </svg>
        {v.t(`stage.${s}`)}
      </li>
    ))}
    {gap ? (
      <li>
        <svg width="18" height="14" aria-hidden="true"><rect x={1} y={1} width="16" height="12" fill="#fde8e8" stroke="#a4161a" stroke-width={2} stroke-dasharray="4 2" /></svg>
        {v.t('funding.gapLegend')}
      </li>
    ) : null}
  </ul>
);
