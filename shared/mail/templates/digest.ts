/** The Director General's digest, as mailed and as served again by the API (HTML and plain text). */
import type { Language } from '../../domain/common.ts';
import type { Digest, DigestList, DigestMilestone } from '../../domain/digest.ts';
import { STAGES } from '../../domain/constants.ts';
import { formatDate, formatMoney, isLanguage } from '../../i18n/index.ts';
import { automaticMailHeaders, type MailLinks, type ResourceLinks } from '../links.ts';
import type { MailMessage } from '../port.ts';
import { dueWhen, mailTranslator, percent, writtenText } from './format.ts';
import { COLORS, dataTable, esc, heading, layout, link, paragraph, small } from './html.ts';
import { renderDigestResults } from './digest-results.ts';

export interface DigestRenderOptions {
  links: ResourceLinks;
  /** The signed page where the Director General changes the frequency (mail only). */
  frequencyUrl?: string;
}

export function renderDigest(digest: Digest, options: DigestRenderOptions): { html: string; text: string } {
  const language: Language = isLanguage(digest.language) ? digest.language : 'en';
  const t = mailTranslator(language);
  const { content } = digest;
  const { links } = options;
  const admName = (id: string) => content.administrationNames[id] ?? id;
  const planTitle = new Map(content.plans.map((p) => [p.planId, p.title]));
  const date = (d: string) => formatDate(language, d);

  const intro = content.since
    ? t('digest.intro.since', { administration: content.administration.name, date: date(content.since.slice(0, 10)) })
    : t('digest.intro.first', { administration: content.administration.name });

  const html: string[] = [paragraph(esc(t('mail.greeting', { name: digest.recipient.name }))), paragraph(esc(intro))];
  const text: string[] = [t('mail.greeting', { name: digest.recipient.name }), '', intro, ''];
  const section = (title: string) => {
    html.push(heading(title));
    text.push(title.toUpperCase(), '-'.repeat(Math.min(60, title.length)));
  };

  // A plan's or strategy's title with its language and, when not in the digest's, the mark (as milestones' below).
  const writtenHtml = (title: string, lang: Language | undefined, inner: (title: string) => string) => {
    const written = writtenText(t, language, title, lang);
    return written.html(inner(title)) + (written.mark ? ` ${small(esc(written.mark))}` : '');
  };
  const writtenPlain = (title: string, lang: Language | undefined) => {
    const { mark } = writtenText(t, language, title, lang);
    return mark ? `${title} ${mark}` : title;
  };
  // Headline numbers per strategy and plan.
  section(t('digest.section.plans'));
  if (content.plans.length === 0) {
    html.push(paragraph(esc(t('digest.none'))));
    text.push(t('digest.none'));
  } else {
    html.push(
      dataTable(
        [t('digest.col.plan'), t('digest.col.role'), t('digest.col.milestones'), t('digest.col.done'), t('digest.col.late'), t('digest.col.atRisk'), t('digest.col.complete')],
        content.plans.map((p) => [
          `${small(writtenHtml(p.strategyTitle, p.strategyTitleLang, esc))}<br>${writtenHtml(p.title, p.titleLang, (title) => link(links.web.plan(p.planId), title))}`,
          esc(t(`digest.role.${p.role}`)),
          String(p.milestones.total),
          String(p.milestones.done),
          p.milestones.late > 0 ? `<strong style="color:${COLORS.late};">${p.milestones.late}</strong>` : '0',
          String(p.milestones.atRisk),
          esc(percent(language, p.milestones.percentComplete)),
        ]),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
    for (const p of content.plans) {
      text.push(
        `* ${writtenPlain(p.strategyTitle, p.strategyTitleLang)} / ${writtenPlain(p.title, p.titleLang)} (${t(`digest.role.${p.role}`)})`,
        `  ${t('digest.col.milestones')}: ${p.milestones.total} · ${t('digest.col.done')}: ${p.milestones.done} · ${t('digest.col.late')}: ${p.milestones.late} · ${t('digest.col.atRisk')}: ${p.milestones.atRisk} · ${t('digest.col.complete')}: ${percent(language, p.milestones.percentComplete)}`,
        `  ${links.web.plan(p.planId)}`,
      );
    }
  }

  const milestoneList = (list: DigestList, describe: (m: DigestMilestone) => string, intro?: string) => {
    if (intro && list.items.length > 0) {
      html.push(paragraph(esc(intro)));
      text.push(intro);
    }
    if (list.items.length === 0) {
      html.push(paragraph(esc(t('digest.none'))));
      text.push(t('digest.none'), '');
      return;
    }
    const rows = list.items.map((m) => {
      const written = writtenText(t, language, m.title, m.titleLang);
      const linked = written.html(link(links.web.milestone(m.id), m.title)) + (written.mark ? ` ${small(esc(written.mark))}` : '');
      const title = m.owned ? `<strong>${linked}</strong>` : linked;
      return `<li style="margin:0 0 8px 0;">${title}<br>${small(esc(`${planTitle.get(m.planId) ?? m.planId} · ${t('mail.owner', { administration: admName(m.ownerAdministrationId) })}`))}<br>${small(esc(describe(m)), COLORS.ink)}</li>`;
    });
    html.push(`<ul style="margin:0 0 12px 0;padding:0 0 0 20px;">${rows.join('\n')}</ul>`);
    for (const m of list.items) {
      const { mark } = writtenText(t, language, m.title, m.titleLang);
      text.push(`* ${m.title}${mark ? ` ${mark}` : ''}`, `  ${t('mail.owner', { administration: admName(m.ownerAdministrationId) })} · ${describe(m)}`, `  ${links.web.milestone(m.id)}`);
    }
    if (list.more > 0) {
      html.push(paragraph(small(esc(t('digest.more', { count: list.more })))));
      text.push(t('digest.more', { count: list.more }));
    }
    text.push('');
  };
  const statusOf = (m: DigestMilestone) => `${t(`status.${m.status}`)} · ${percent(language, m.progress)}`;

  section(t('digest.section.decision'));
  milestoneList(
    content.needsDecision,
    (m) => `${dueWhen(t, language, -m.daysOverdue)} · ${t('mail.dueOn', { date: date(m.dueDate) })} · ${statusOf(m)}`,
    t('digest.decision.intro', { administration: content.administration.name }),
  );
  section(t('digest.section.late'));
  milestoneList(content.late, (m) => `${dueWhen(t, language, -m.daysOverdue)} · ${t('mail.dueOn', { date: date(m.dueDate) })} · ${statusOf(m)}`);
  section(t('digest.section.upcoming', { date: date(digest.period.end) }));
  milestoneList(content.upcoming, (m) => `${dueWhen(t, language, m.daysLeft)} · ${t('mail.dueOn', { date: date(m.dueDate) })} · ${statusOf(m)}`);
  section(t('digest.section.done'));
  milestoneList(content.done, (m) => t('digest.doneOn', { date: date((m.doneAt ?? m.dueDate).slice(0, 10)) }));

  if (content.results) {
    renderDigestResults(content.results, {
      t, language, links, html, text, section, admName,
      administrationId: content.administration.id, administrationName: content.administration.name,
    });
  }

  // Funding by donor and the gap.
  section(t('digest.section.funding'));
  const money = (amount: string, currency: string) => formatMoney(language, amount, currency);
  if (content.funding.length === 0) {
    html.push(paragraph(esc(t('digest.noFunding'))));
    text.push(t('digest.noFunding'));
  } else {
    html.push(
      dataTable(
        [t('digest.col.donor'), ...STAGES.map((s) => t(`stage.${s}`))],
        content.funding.map((f) => [esc(f.donorName), ...STAGES.map((s) => esc(money(f[s], f.currency)))]),
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    for (const f of content.funding) text.push(`* ${f.donorName}: ${STAGES.map((s) => `${t(`stage.${s}`)} ${money(f[s], f.currency)}`).join(' · ')}`);
  }
  if (content.inKindCount > 0) {
    html.push(paragraph(small(esc(t('digest.inKind', { count: content.inKindCount })))));
    text.push(t('digest.inKind', { count: content.inKindCount }));
  }
  text.push('');
  if (content.gap.length > 0) {
    section(t('digest.section.gap'));
    html.push(
      dataTable(
        [t('digest.col.currency'), t('digest.col.budget'), t('digest.col.secured'), t('stage.pledged'), t('digest.col.gap')],
        content.gap.map((g) => [esc(g.currency), esc(money(g.budget, g.currency)), esc(money(g.secured, g.currency)), esc(money(g.pledged, g.currency)), `<strong>${esc(money(g.gap, g.currency))}</strong>`]),
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    for (const g of content.gap) {
      text.push(`* ${g.currency}: ${t('digest.col.budget')} ${money(g.budget, g.currency)} · ${t('digest.col.secured')} ${money(g.secured, g.currency)} · ${t('stage.pledged')} ${money(g.pledged, g.currency)} · ${t('digest.col.gap')} ${money(g.gap, g.currency)}`);
    }
    // Contributions with no rate into the budget currency: said apart, never counted 1:1 nor dropped.
    for (const g of content.gap) {
      for (const n of g.notConverted ?? []) {
        const line = t('digest.notConverted', { secured: money(n.secured, n.currency), pledged: money(n.pledged, n.currency), count: n.count, currency: g.currency });
        html.push(paragraph(small(esc(line))));
        text.push(line);
      }
    }
    html.push(paragraph(small(esc(t('digest.converted')))));
    text.push(t('digest.converted'));
    text.push('');
  }

  const web = links.web.digest(digest.administrationId, digest.id);
  const api = links.api.digest(digest.administrationId, digest.id);
  html.push(paragraph(`${link(web, t('digest.web'))} · ${link(api, t('digest.api'))}`, 'margin-top:20px;'));
  text.push(`${t('digest.web')}: ${web}`, `${t('digest.api')}: ${api}`, '');

  const why = t('digest.why', { administration: content.administration.name, frequency: t(`frequency.${digest.frequency}`) });
  const footer = [paragraph(esc(why), 'font-size:12px;')];
  text.push('-- ', why);
  if (options.frequencyUrl) {
    footer.push(paragraph(link(options.frequencyUrl, t('digest.changeFrequency')), 'font-size:12px;'));
    text.push(`${t('digest.changeFrequency')}: ${options.frequencyUrl}`);
  }
  text.push('');

  return {
    html: layout({
      language,
      title: digest.subject,
      preheader: intro,
      appName: t('app.name'),
      body: html.join('\n'),
      footer: footer.join('\n'),
    }),
    text: text.join('\n'),
  };
}

/**
 * The digest as mail. Its List-Unsubscribe points at the frequency page: a Director General
 * cannot turn the digest off, and a one-click unsubscribe sets the least frequent schedule.
 */
export function digestMessage(digest: Digest, options: { links: MailLinks; from: string; ledgerId: string }): MailMessage {
  const frequencyUrl = options.links.digestFrequency(digest.administrationId);
  const { html, text } = renderDigest(digest, { links: options.links, frequencyUrl });
  return {
    from: options.from,
    to: digest.recipient,
    subject: digest.subject,
    html,
    text,
    language: isLanguage(digest.language) ? digest.language : 'en',
    kind: 'digest',
    headers: automaticMailHeaders(frequencyUrl),
    ledgerIds: [options.ledgerId],
  };
}
