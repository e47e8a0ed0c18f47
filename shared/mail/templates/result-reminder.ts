/**
 * The results part of a reminder mail (result-reminders.ts): a card per reporting period closing
 * with what the administration still owes, per value waiting for review, and per value returned with
 * its reason. reminder.ts puts them in the same one mail per person as the milestones.
 */
import type { Language } from '../../domain/common.ts';
import type { OwedIndicator, ResultReminderItem } from '../../domain/result-reminders.ts';
import { formatDate, plural, type Translate } from '../../i18n/index.ts';
import { inLanguage, resolveText } from '../../domain/translations.ts';
import { writtenText } from './format.ts';
import type { ResourceLinks } from '../links.ts';
import { COLORS, button, card, esc, link, small } from './html.ts';

export interface ResultBlockContext {
  t: Translate;
  language: Language;
  links: ResourceLinks;
  /** Names the items refer to by id: administrations, plans, indicators and periods. */
  name(id: string): string;
  /** The recipient's signed one-click report link for a value owed (mail/links.ts); else the indicator's page. */
  reportLink?(report: { indicatorId: string; periodId: string; administrationId: string }): string;
}

export function closesWhen(t: Translate, daysLeft: number): string {
  if (daysLeft === 0) return t('rr.closes.today');
  if (daysLeft === 1) return t('rr.closes.tomorrow');
  return t('rr.closes.in', { days: daysLeft });
}

/** How many of each kind a letter holds, for its subject. */
export function resultCounts(items: readonly ResultReminderItem[]) {
  return {
    report: items.reduce((n, i) => n + (i.kind === 'report' ? i.owed.length : 0), 0),
    review: items.filter((i) => i.kind === 'review').length,
    returned: items.filter((i) => i.kind === 'returned').length,
  };
}

/** The subject of a letter with results items (and `milestones` milestone reminders). */
export function resultSubject(t: Translate, language: Language, items: readonly ResultReminderItem[], milestones: number, name: (id: string) => string): string {
  const [only] = items;
  if (milestones === 0 && items.length === 1 && only) {
    if (only.kind === 'returned') return t('rr.subject.returned', { indicator: name(only.submission.indicatorId) });
    if (only.kind === 'review') return t('rr.subject.review', { indicator: name(only.submission.indicatorId), days: only.slot.daysWaiting });
    const when = closesWhen(t, only.slot.daysLeft);
    return only.owed.length === 1
      ? t('rr.subject.reportOne', { indicator: owedTitle(only.owed[0]!, language).text, period: only.period.label, when })
      : t('rr.subject.report', { count: only.owed.length, period: only.period.label, when });
  }
  const counts = { milestones, ...resultCounts(items) };
  const parts = (Object.entries(counts) as [keyof typeof counts, number][])
    .filter(([, n]) => n > 0)
    .map(([kind, count]) => t(plural(language, count, { one: `rr.part.${kind}.one`, other: `rr.part.${kind}.other` }), { count }));
  return t('rr.subject.mixed', { parts: parts.join(', ') });
}

const figure = (t: Translate, s: { value?: string; answer?: string }) =>
  s.value !== undefined ? t('rr.value', { value: s.value }) : s.answer !== undefined ? t('rr.answer', { answer: s.answer.length > 200 ? `${s.answer.slice(0, 199)}…` : s.answer }) : '';

/** An indicator owed, titled in the recipient's language when held (else the original, `fallback`). */
const owedTitle = (o: OwedIndicator, language: Language) => resolveText(o.indicator.title, o.indicator.translations?.title, [language]);

/** One card (HTML) and its plain-text twin. */
export function resultBlock(item: ResultReminderItem, ctx: ResultBlockContext): { html: string; text: string } {
  const { t, language, links, name } = ctx;
  const date = (d: string) => formatDate(language, d);

  if (item.kind === 'report') {
    const when = closesWhen(t, item.slot.daysLeft);
    const context = `${item.strategy.title} · ${inLanguage(item.plan, [language]).title}`;
    const edge = item.slot.daysLeft <= 3 ? COLORS.soon : COLORS.link;
    const note = item.reason === 'nobody-to-remind' ? t('rr.report.nobody', { administration: name(item.administrationId) }) : null;
    // Each indicator's title in the recipient's language; the original, marked with its language, where none is held.
    const titled = (o: OwedIndicator) => {
      const title = owedTitle(o, language);
      return { title, written: writtenText(t, language, title.text, title.fallback ? title.lang : undefined) };
    };
    const owedLine = (o: OwedIndicator) => {
      const { title, written } = titled(o);
      const shown = written.mark ? `${title.text} ${written.mark}` : title.text;
      return o.state === 'to_correct' && o.reason ? `${shown} (${t('rr.report.toCorrect', { reason: o.reason })})` : shown;
    };
    // Each value owed: the indicator's page, and the one-click form for this period and administration.
    const report = (o: (typeof item.owed)[number]) =>
      ctx.reportLink?.({ indicatorId: o.indicator.id, periodId: item.period.id, administrationId: item.administrationId }) ?? links.web.indicator(o.indicator.id);
    const html = card(
      [
        `<strong style="font-size:15px;">${esc(item.period.label)}</strong><br>`,
        small(esc(context)) + '<br>',
        `<strong style="color:${edge};">${esc(when)}</strong> · ${esc(t('rr.lastDay', { date: date(item.period.end) }))}<br>`,
        `<p style="margin:8px 0 4px 0;">${esc(t('rr.report.owed', { administration: name(item.administrationId) }))}</p>`,
        `<ul style="margin:0;padding:0 0 0 20px;">${item.owed
          .map((o) => ({ o, ...titled(o) }))
          .map(({ o, title, written }) => [
            `<li style="margin:0 0 6px 0;">${written.html(link(links.web.indicator(o.indicator.id), title.text))}${written.mark ? ` ${small(esc(written.mark))}` : ''}`,
            item.owed.length > 1 ? ` · <strong>${link(report(o), t('rr.report.button'))}</strong>` : '',
            // A returned value's reason in plain text beside its link, not inside it (a long underlined link reads badly).
            o.state === 'to_correct' && o.reason ? `<br><span style="display:inline-block;margin:4px 0 0 0;padding:4px 8px;background-color:#fdecea;color:${COLORS.ink};font-size:13px;">${esc(t('rr.report.toCorrect', { reason: o.reason }))}</span>` : '',
            '</li>',
          ].join(''))
          .join('')}</ul>`,
        note ? `<p style="margin:8px 0 0 0;color:${COLORS.late};font-size:13px;">${esc(note)}</p>` : '',
        item.owed.length === 1 ? button(report(item.owed[0]!), t('rr.report.button')) : '',
      ].join('\n'),
      edge,
    );
    const text = [
      `* ${item.period.label}`,
      `  ${context}`,
      `  ${when} · ${t('rr.lastDay', { date: date(item.period.end) })}`,
      `  ${t('rr.report.owed', { administration: name(item.administrationId) })}`,
      ...item.owed.map((o) => `  - ${owedLine(o)}\n    ${t('rr.report.button')}: ${report(o)}`),
      ...(note ? [`  ! ${note}`] : []),
    ].join('\n');
    return { html, text };
  }

  const s = item.submission;
  const title = name(s.indicatorId);
  const open = links.web.submission(s.id);
  if (item.kind === 'review') {
    const line = t('rr.review.line', { administration: name(s.administrationId), period: name(s.periodId), date: date(s.submittedAt.slice(0, 10)), days: item.slot.daysWaiting });
    const note = item.reason === 'nobody-to-review' ? t('rr.review.nobody', { strategy: item.strategy.title }) : null;
    const html = card(
      [
        `<strong style="font-size:15px;">${link(open, title)}</strong><br>`,
        small(esc(`${item.strategy.title} · ${name(s.planId)}`)) + '<br>',
        esc(line) + '<br>',
        small(esc(figure(t, s)), COLORS.ink),
        note ? `<p style="margin:8px 0 0 0;color:${COLORS.late};font-size:13px;">${esc(note)}</p>` : '',
        button(open, t('rr.review.button')),
      ].join('\n'),
      COLORS.soon,
    );
    const text = [`* ${title}`, `  ${item.strategy.title} · ${name(s.planId)}`, `  ${line}`, `  ${figure(t, s)}`, ...(note ? [`  ! ${note}`] : []), `  ${t('rr.review.button')}: ${open}`].join('\n');
    return { html, text };
  }

  const line = t('rr.returned.line', { administration: name(s.administrationId), period: name(s.periodId), date: date((s.reviewedAt ?? s.submittedAt).slice(0, 10)) });
  const reason = t('rr.returned.reason', { reason: s.reason ?? '' });
  const html = card(
    [
      `<strong style="font-size:15px;">${link(open, title)}</strong><br>`,
      small(esc(name(s.planId))) + '<br>',
      esc(line) + '<br>',
      small(esc(figure(t, s)), COLORS.ink),
      `<p style="margin:8px 0 0 0;padding:8px 10px;background-color:#fdecea;color:${COLORS.ink};font-size:14px;"><strong>${esc(reason)}</strong></p>`,
      button(open, t('rr.returned.button')),
    ].join('\n'),
    COLORS.late,
  );
  const text = [`* ${title}`, `  ${name(s.planId)}`, `  ${line}`, `  ${figure(t, s)}`, `  ! ${reason}`, `  ${t('rr.returned.button')}: ${open}`].join('\n');
  return { html, text };
}
