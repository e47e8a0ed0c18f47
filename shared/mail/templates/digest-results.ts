/**
 * The digest's results section (domain/digest-results.ts), HTML and plain text: a table of the
 * indicators with the region's figure and the administration's own line, each with its status in
 * words (readable without colour), then what is off track, then the values approved since the
 * previous digest.
 */
import type { Language } from '../../domain/common.ts';
import { offTrack, type DigestResults } from '../../domain/digest-results.ts';
import { formatDate, type Translate } from '../../i18n/index.ts';
import type { ResourceLinks } from '../links.ts';
import { COLORS, dataTable, esc, link, paragraph, small } from './html.ts';

interface Context {
  t: Translate;
  language: Language;
  links: ResourceLinks;
  administrationId: string;
  administrationName: string;
  admName(id: string): string;
  /** Adds a section heading to both parts. */
  section(title: string): void;
  html: string[];
  text: string[];
}

type Line = { figure?: string; target?: string; status: string | null; label: string; answer?: string };

export function renderDigestResults(results: DigestResults, ctx: Context): void {
  const { t, html, text, links } = ctx;
  const status = (s: string | null) => (s ? t(`dr.status.${s}`) : '');
  const describe = (line: Line | undefined, unit?: string) => {
    if (!line) return t('dr.noData');
    const figure = line.figure !== undefined
      ? (line.target !== undefined ? t('dr.figure', { figure: line.figure, target: line.target }) : line.figure) + (unit ? ` ${unit}` : '')
      : line.answer !== undefined ? (line.answer.length > 80 ? `${line.answer.slice(0, 79)}…` : line.answer) : t('dr.noData');
    return [figure, status(line.status), t('dr.period', { period: line.label })].filter(Boolean).join(' · ');
  };
  const cell = (line: Line | undefined, unit?: string) => {
    const words = esc(describe(line, unit));
    return line?.status === 'off_track' ? `<strong style="color:${COLORS.late};">${words}</strong>` : words;
  };

  ctx.section(t('dr.section'));
  const intro = t('dr.intro', { administration: ctx.administrationName });
  html.push(paragraph(esc(intro)));
  text.push(intro);
  html.push(
    dataTable(
      [t('dr.col.indicator'), t('dr.col.region'), t('dr.col.own', { administration: ctx.administrationName })],
      results.indicators.map((i) => [`${small(esc(i.planTitle))}<br>${link(links.web.indicator(i.indicatorId), i.title)}`, cell(i.region, i.unit), cell(i.own, i.unit)]),
      ['left', 'left', 'left'],
    ),
  );
  for (const i of results.indicators) {
    text.push(`* ${i.title}`, `  ${t('dr.col.region')}: ${describe(i.region, i.unit)}`, `  ${ctx.administrationName}: ${describe(i.own, i.unit)}`, `  ${links.web.indicator(i.indicatorId)}`);
  }
  text.push('');

  ctx.section(t('dr.offTrack'));
  const off = offTrack(results);
  if (off.length === 0) {
    html.push(paragraph(esc(t('digest.none'))));
    text.push(t('digest.none'), '');
  } else {
    const lead = t('dr.offTrack.intro', { administration: ctx.administrationName });
    html.push(paragraph(esc(lead)));
    text.push(lead);
    const who = (i: (typeof off)[number]) =>
      [i.region?.status === 'off_track' ? t('dr.col.region') : null, i.own?.status === 'off_track' ? ctx.administrationName : null].filter(Boolean).join(', ');
    html.push(`<ul style="margin:0 0 12px 0;padding:0 0 0 20px;">${off.map((i) => `<li style="margin:0 0 6px 0;">${link(links.web.indicator(i.indicatorId), i.title)} ${small(esc(`(${who(i)})`))}</li>`).join('\n')}</ul>`);
    for (const i of off) text.push(`* ${i.title} (${who(i)})`);
    text.push('');
  }

  ctx.section(t('dr.moved'));
  if (results.moved.items.length === 0) {
    html.push(paragraph(esc(t('digest.none'))));
    text.push(t('digest.none'), '');
    return;
  }
  const value = (m: DigestResults['moved']['items'][number]) => m.value ?? (m.answer && m.answer.length > 80 ? `${m.answer.slice(0, 79)}…` : m.answer) ?? '';
  const line = (m: DigestResults['moved']['items'][number]) =>
    `${t('dr.movedLine', { administration: ctx.admName(m.administrationId), period: m.periodLabel, value: value(m) })} · ${formatDate(ctx.language, m.approvedAt.slice(0, 10))}`;
  html.push(`<ul style="margin:0 0 12px 0;padding:0 0 0 20px;">${results.moved.items.map((m) => {
    const title = m.administrationId === ctx.administrationId ? `<strong>${link(links.web.indicator(m.indicatorId), m.title)}</strong>` : link(links.web.indicator(m.indicatorId), m.title);
    return `<li style="margin:0 0 8px 0;">${title}<br>${small(esc(line(m)), COLORS.ink)}</li>`;
  }).join('\n')}</ul>`);
  for (const m of results.moved.items) text.push(`* ${m.title}`, `  ${line(m)}`);
  if (results.moved.more > 0) {
    html.push(paragraph(small(esc(t('digest.more', { count: results.moved.more })))));
    text.push(t('digest.more', { count: results.moved.more }));
  }
  text.push('');
}
