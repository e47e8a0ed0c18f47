/**
 * An indicator's chart as inline SVG: the baseline (dashed line), each period's target (hollow
 * diamond) and the region's figure (filled circle, joined by a line), each labelled with its number,
 * so it reads without colour. Presentation attributes only (the CSP allows no inline style); the
 * page shows the same figures in a table beside it.
 */
import type { FC } from 'hono/jsx';
import type { PeriodRollUp } from '../domain/results.ts';
import type { View } from './view.ts';

const W = 420;
const H = 170;
const LEFT = 12;
const RIGHT = 12;
const TOP = 22;
const BOTTOM = 34;
const FIGURE = '#0b3d6e';
const TARGET = '#7a4b00';
const BASELINE = '#4d5661';

/** A figure as the reader writes numbers ("38.5" -> "38,5" in Spanish). */
export function figureText(v: View, figure: string, unit?: string): string {
  const [whole = '0', fraction = ''] = figure.split('.');
  const n = v.number(Number(whole));
  const decimal = new Intl.NumberFormat(v.lang).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  const text = fraction ? `${n}${decimal}${fraction}` : n;
  return unit === '%' ? `${text} %` : text;
}

export const IndicatorChart: FC<{ v: View; title: string; unit?: string; baseline?: string; periods: PeriodRollUp[] }> = ({ v, title, unit, baseline, periods }) => {
  const { t } = v;
  const numbers = [baseline, ...periods.flatMap((p) => [p.target, p.figure])].filter((x): x is string => x !== undefined).map(Number);
  const top = Math.max(1, ...numbers) * 1.15;
  const y = (value: string) => TOP + (H - TOP - BOTTOM) * (1 - Number(value) / top);
  const step = (W - LEFT - RIGHT) / Math.max(1, periods.length);
  const x = (i: number) => LEFT + step * (i + 0.5);
  const points = periods.map((p, i) => (p.figure !== undefined ? [x(i), y(p.figure)] as const : null));
  const line = points.filter((pt): pt is readonly [number, number] => pt !== null).map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const id = `c${Math.abs([...title].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7))}`;
  return (
    <svg class="chart indicator" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} width={W} height={H}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{t('results.chartDesc')}</desc>
      <line x1={LEFT} x2={W - RIGHT} y1={H - BOTTOM} y2={H - BOTTOM} stroke="#8a939c" stroke-width="1" />
      {baseline !== undefined ? (
        <g>
          <line x1={LEFT} x2={W - RIGHT} y1={y(baseline)} y2={y(baseline)} stroke={BASELINE} stroke-width="1.5" stroke-dasharray="6 4" />
          <text x={W - RIGHT} y={y(baseline) - 4} font-size="11" text-anchor="end" fill={BASELINE}>{t('results.baselineShort', { value: figureText(v, baseline, unit) })}</text>
        </g>
      ) : null}
      {line.includes(' ') ? <polyline points={line} fill="none" stroke={FIGURE} stroke-width="2" /> : null}
      {periods.map((p, i) => (
        <g>
          {p.target !== undefined ? (
            <g>
              <path d={`M ${x(i)} ${y(p.target) - 7} l 7 7 l -7 7 l -7 -7 z`} fill="#fff" stroke={TARGET} stroke-width="2" />
              <text x={x(i) + 10} y={y(p.target) + 4} font-size="11" fill={TARGET}>{figureText(v, p.target, unit)}</text>
            </g>
          ) : null}
          {p.figure !== undefined ? (
            <g>
              <circle cx={x(i)} cy={y(p.figure)} r="5" fill={FIGURE} />
              <text x={x(i) - 9} y={y(p.figure) + 4} font-size="11" font-weight="bold" text-anchor="end" fill={FIGURE}>{figureText(v, p.figure, unit)}</text>
            </g>
          ) : null}
          <text x={x(i)} y={H - BOTTOM + 16} font-size="11" text-anchor="middle" fill="#333">{p.label.length > 18 ? `${p.label.slice(0, 17)}…` : p.label}</text>
        </g>
      ))}
    </svg>
  );
};

/** What the chart's shapes mean, in words. */
export const IndicatorLegend: FC<{ v: View }> = ({ v }) => (
  <p class="legend small">
    <span><svg width="16" height="12" aria-hidden="true"><line x1="0" x2="16" y1="6" y2="6" stroke={BASELINE} stroke-width="1.5" stroke-dasharray="4 3" /></svg> {v.t('results.legendBaseline')}</span>{' '}
    <span><svg width="16" height="16" aria-hidden="true"><path d="M 8 1 l 7 7 l -7 7 l -7 -7 z" fill="#fff" stroke={TARGET} stroke-width="2" /></svg> {v.t('results.legendTarget')}</span>{' '}
    <span><svg width="16" height="12" aria-hidden="true"><circle cx="8" cy="6" r="5" fill={FIGURE} /></svg> {v.t('results.legendFigure')}</span>
  </p>
);
