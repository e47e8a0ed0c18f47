/**
 * The reminder mail: every milestone due for one person in one run, with one-click update buttons,
 * and in the same mail what that person has to do about results (result-reminder.ts).
 */
import type { ReminderLetter } from '../../domain/reminders.ts';
import type { ResultReminderItem } from '../../domain/result-reminders.ts';
import { formatDate } from '../../i18n/index.ts';
import { UPDATE_LINK_DAYS, automaticMailHeaders, type MailLinks } from '../links.ts';
import type { MailMessage } from '../port.ts';
import { dueWhen, mailTranslator, percent, writtenText } from './format.ts';
import type { Translate } from '../../i18n/index.ts';
import { resolveText } from '../../domain/translations.ts';
import { COLORS, button, card, esc, layout, link, paragraph, progressBar, small } from './html.ts';
import { resultBlock, resultSubject } from './result-reminder.ts';

export interface ReminderMailInput {
  letter: ReminderLetter;
  links: MailLinks;
  from: string;
  /** When the update links start their 7 days. */
  issuedAt: Date;
  administrationNames: ReadonlyMap<string, string>;
  planTitles: ReadonlyMap<string, string>;
  /** Results items for the same person (periods closing, values to review, values returned). */
  results?: readonly ResultReminderItem[];
  /** Titles of the indicators and labels of the periods the results items name. */
  resultTitles?: ReadonlyMap<string, string>;
}

export function reminderMessage(input: ReminderMailInput): MailMessage {
  const { letter, links } = input;
  const { language, person } = letter;
  const t = mailTranslator(language);
  const items = letter.items;
  const results = input.results ?? [];
  const first = items[0];
  if (!first && results.length === 0) throw new Error('a reminder needs at least one milestone or result');
  const ownerName = (id: string) => input.administrationNames.get(id) ?? id;
  const name = (id: string) => input.administrationNames.get(id) ?? input.resultTitles?.get(id) ?? input.planTitles.get(id) ?? id;

  // Each milestone's title in the recipient's language when translated, else the original (marked).
  const titleOf = (m: (typeof items)[number]['milestone']) => resolveText(m.title, m.translations?.title, [language]);
  const subject =
    results.length > 0
      ? resultSubject(t, language, results, items.length, name)
      : items.length === 1
        ? t('reminder.subject.one', { title: titleOf(first!.milestone).text, when: dueWhen(t, language, first!.slot.daysLeft) })
        : t('reminder.subject.many', { count: items.length });
  const unsubscribe = links.remindersOff(person.id);

  const blocks = items.map((item) => {
    const m = item.milestone;
    const title = titleOf(m);
    const written = writtenText(t, language, title.text, title.fallback ? title.lang : undefined);
    const when = dueWhen(t, language, item.slot.daysLeft);
    const context = `${item.strategy.title} · ${input.planTitles.get(m.planId) ?? m.planId}`;
    const status = t('mail.statusLine', { status: t(`status.${m.status}`), progress: percent(language, m.progress) });
    const notes = [
      item.reason === 'co-coordinator' ? t('reminder.escalated', { strategy: item.strategy.title, days: item.strategy.reminders.graceDays }) : null,
      item.reason === 'nobody-to-remind' ? t('reminder.nobodyToRemind', { administration: ownerName(m.ownerAdministrationId) }) : null,
      item.reason === 'nobody-to-escalate-to' ? t('reminder.nobodyToEscalate', { strategy: item.strategy.title, days: item.strategy.reminders.graceDays }) : null,
      item.needsAttention ? t('reminder.attention') : null,
    ].filter((n): n is string => n !== null);
    const update = links.milestoneUpdate(m.id, person.id, input.issuedAt);
    const edge = item.slot.daysLeft < 0 ? COLORS.late : item.slot.daysLeft <= 1 ? COLORS.soon : COLORS.link;
    const html = card(
      [
        `<strong style="font-size:15px;">${written.html(link(links.web.milestone(m.id), title.text))}</strong>${written.mark ? ` ${small(esc(written.mark))}` : ''}<br>`,
        small(esc(context)) + '<br>',
        `<strong style="color:${edge};">${esc(when)}</strong> · ${esc(t('mail.dueOn', { date: formatDate(language, m.dueDate) }))}<br>`,
        small(`${esc(t('mail.owner', { administration: ownerName(m.ownerAdministrationId) }))} · ${esc(status)}`),
        progressBar(m.progress),
        ...notes.map((n) => `<p style="margin:8px 0 0 0;color:${COLORS.late};font-size:13px;">${esc(n)}</p>`),
        button(update, t('reminder.update')),
      ].join('\n'),
      edge,
    );
    const text = [
      `* ${title.text}${written.mark ? ` ${written.mark}` : ''}`,
      `  ${context}`,
      `  ${when} · ${t('mail.dueOn', { date: formatDate(language, m.dueDate) })}`,
      `  ${t('mail.owner', { administration: ownerName(m.ownerAdministrationId) })} · ${status}`,
      ...notes.map((n) => `  ! ${n}`),
      `  ${t('reminder.update')}: ${update}`,
      `  ${t('reminder.open')}: ${links.web.milestone(m.id)}`,
    ].join('\n');
    return { html, text };
  });
  const reportLink = (report: { indicatorId: string; periodId: string; administrationId: string }) => links.resultReport(report, person.id, input.issuedAt);
  blocks.push(...results.map((item) => resultBlock(item, { t, language, links, name, reportLink })));

  const today = formatDate(language, letter.today);
  const why = whyYouReceiveThis(t, letter, results);
  const hint = [
    items.length > 0 ? t('reminder.updateHint', { days: UPDATE_LINK_DAYS }) : null,
    results.some((r) => r.kind === 'report') ? t('rr.hintReport', { days: UPDATE_LINK_DAYS }) : null,
    results.some((r) => r.kind !== 'report') ? t('rr.hint') : null,
  ].filter((h) => h !== null).join(' ');
  const intro = results.length > 0 ? t('rr.intro', { date: today }) : t('reminder.intro', { date: today });
  const html = layout({
    language,
    title: subject,
    preheader: [...items.map((i) => titleOf(i.milestone).text), ...results.map((r) => (r.kind === 'report' ? r.period.label : name(r.submission.indicatorId)))].join(' · '),
    appName: t('app.name'),
    body: [
      paragraph(esc(t('mail.greeting', { name: person.name }))),
      paragraph(esc(intro)),
      ...blocks.map((b) => b.html),
      paragraph(small(esc(hint))),
    ].join('\n'),
    footer: [paragraph(esc(why), 'font-size:12px;'), paragraph(link(unsubscribe, t('reminder.unsubscribe')), 'font-size:12px;')].join('\n'),
  });
  const text = [
    t('mail.greeting', { name: person.name }),
    '',
    intro,
    '',
    blocks.map((b) => b.text).join('\n\n'),
    '',
    hint,
    '',
    '-- ',
    why,
    `${t('reminder.unsubscribe')}: ${unsubscribe}`,
    '',
  ].join('\n');

  return {
    from: input.from,
    to: { name: person.name, email: person.email },
    subject,
    text,
    html,
    language,
    kind: 'reminder',
    headers: automaticMailHeaders(unsubscribe),
    ledgerIds: [...items.map((i) => i.ledgerId), ...results.map((r) => r.ledgerId)],
  };
}

/**
 * The footer's "why you receive this", from what the letter holds rather than the recipient's role:
 * a value returned to whoever submitted it (the secretariat or a co-coordinator as much as a focal
 * point), what the administration owns, what its co-coordination reviews, and what reached the
 * secretariat because nobody else could be told. One sentence per reason the letter has.
 */
export function whyYouReceiveThis(t: Translate, letter: ReminderLetter, results: readonly ResultReminderItem[]): string {
  const administration = letter.administration.name;
  const reasons = [
    ...letter.items.map((i) => i.reason),
    ...results.map((r) => (r.kind === 'returned' ? 'returned' : r.reason)),
  ];
  const sentences = new Set<string>();
  for (const reason of reasons) {
    if (reason === 'returned') sentences.add(t('rr.whyReturned'));
    else if (reason === 'owner') sentences.add(t('reminder.why', { administration }));
    else if (reason === 'co-coordinator') sentences.add(t('rr.whyCoordinator', { administration }));
    else sentences.add(t('reminder.whySecretariat'));
  }
  return [...sentences].join(' ');
}
