/** Small pieces several pages share: health badges, progress, due dates with slip, milestone tables. */
import { milestoneRights as rightsOver } from '../commands/milestones.ts';
import type { Child, FC } from 'hono/jsx';
import { daysBetween } from '../domain/dates.ts';
import { can, type Principal, type Scope } from '../domain/policy.ts';
import type { MilestoneWithZone } from '../domain/progress.ts';
import type { Health } from '../domain/resources.ts';
import { rank } from './urgency.ts';
import { resolveText, type FieldTranslations, type Translations } from '../domain/translations.ts';
import type { View } from './view.ts';

export const HealthBadge: FC<{ v: View; health: Health }> = ({ v, health }) => (
  <span class={`badge h-${health}`}>{v.t(`health.${health}`)}</span>
);

/** What stays internal (domain/internal.ts), said in words with a lock sign and a tooltip: not colour alone. */
export const InternalBadge: FC<{ v: View }> = ({ v }) => (
  <span class="badge internal" title={v.t('internal.badgeTitle')}><span aria-hidden="true">🔒 </span>{v.t('internal.badge')}</span>
);

export const Progress: FC<{ v: View; value: number }> = ({ v, value }) => (
  <span class="nowrap">
    <progress max={100} value={value} aria-hidden="true"></progress>
    <span class="pct">{v.percent(value)}</span>
  </span>
);

/** The current due date, how late it is, and how far it moved from the baseline. */
export const Due: FC<{ v: View; m: MilestoneWithZone; now: Date }> = ({ v, m, now }) => {
  const { daysLeft } = rank(m, now);
  const slip = daysBetween(m.baselineDueDate, m.dueDate);
  return (
    <>
      <span class="nowrap">{v.date(m.dueDate)}</span>
      {m.health === 'late' ? <span class="small nowrap"> · {v.t('due.daysLate', { days: v.days(-daysLeft) })}</span> : null}
      {slip !== 0 ? (
        <span class="small muted">
          <br />
          {v.t(slip > 0 ? 'due.slipLater' : 'due.slipEarlier', { date: v.date(m.baselineDueDate), days: v.days(Math.abs(slip)) })}
        </span>
      ) : null}
    </>
  );
};

/** What a person may do with a milestone on a page: exactly the API's rules. */
/** What a person may do to a milestone (the command's rule), with the scope it was asked for. */
export function milestoneRights(p: Principal, planScope: Scope, m: { ownerAdministrationId: string }) {
  const scope = { ...planScope, ownerAdministrationId: m.ownerAdministrationId };
  return { ...rightsOver(p, scope), scope };
}

export const MilestoneTable: FC<{
  v: View;
  milestones: MilestoneWithZone[];
  now: Date;
  caption: string;
  /** Per milestone: may this person update it (shows an Update link). */
  mayUpdate?: (m: MilestoneWithZone) => boolean;
  numbered?: boolean;
  /** The number a row shows (default: its position) and the column's heading (default: #). */
  numberOf?: (m: MilestoneWithZone, i: number) => Child;
  numberHeading?: Child;
  /** More controls per row, after the Update link (e.g. move up and down). */
  actions?: (m: MilestoneWithZone, i: number) => Child;
  /** An id per row, for links to it. */
  rowId?: (m: MilestoneWithZone) => string | undefined;
}> = ({ v, milestones, now, caption, mayUpdate, numbered = true, numberOf = (_m, i) => i + 1, numberHeading = '#', actions, rowId }) => {
  const { t } = v;
  const anyAction = !!actions || (mayUpdate ? milestones.some(mayUpdate) : false);
  return (
    <div class="scroll" role="region" aria-label={caption} tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {numbered ? <th scope="col" class="num">{numberHeading}</th> : null}
            <th scope="col">{t('ms.title')}</th>
            <th scope="col">{t('ms.owner')}</th>
            <th scope="col">{t('ms.due')}</th>
            <th scope="col">{t('ms.status')}</th>
            <th scope="col">{t('ms.progress')}</th>
            <th scope="col">{t('ms.health')}</th>
            {anyAction ? <th scope="col" class="controls"><span class="visually-hidden">{t('ms.actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {milestones.map((m, i) => (
            <tr id={rowId?.(m)} class={m.health === 'late' ? 'late' : undefined}>
              {numbered ? <td class="num">{numberOf(m, i)}</td> : null}
              <td class="title"><Written v={v} text={m.title} field={m.translations?.title} href={`/milestones/${encodeURIComponent(m.id)}`} />{m.internal ? <>{' '}<InternalBadge v={v} /></> : null}</td>
              <td>{v.country(m.ownerAdministrationId)}</td>
              <td><Due v={v} m={m} now={now} /></td>
              <td>{t(`status.${m.status}`)}</td>
              <td><Progress v={v} value={m.status === 'done' ? 100 : m.progress} /></td>
              <td><HealthBadge v={v} health={m.health} /></td>
              {anyAction ? (
                <td class="controls">
                  {mayUpdate?.(m) ? (
                    <a class="button small" href={`/milestones/${encodeURIComponent(m.id)}#update`} aria-label={t('ms.updateNamed', { title: textIn(v, m, 'title') })}>
                      {t('ms.update')}
                    </a>
                  ) : null}
                  {actions?.(m, i)}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** Counts of milestones per health, as text. */
export const HealthCounts: FC<{ v: View; byHealth: Record<Health, number> }> = ({ v, byHealth }) => (
  <ul class="counts" aria-label={v.t('plan.healthCounts')}>
    {(['late', 'at_risk', 'on_track', 'done'] as const).map((h) => (
      <li><span class={`badge h-${h}`}>{v.t(`health.${h}`)}: {v.number(byHealth[h])}</span></li>
    ))}
  </ul>
);

/** A text people wrote as plain text in the reader's language (their translation, else the original): for titles, labels, breadcrumbs. */
/**
 * A text people wrote, in the reader's language when it is held, else the original (issue 14):
 * with its own `lang` when that is not the page's (screen readers, hyphenation), and a fallback
 * said in words after it (not by colour alone), outside the link so the link's name is the text.
 * `editor`: the reader may edit the text, so a translation to review is said to be one.
 */
export const Written: FC<{ v: View; text: string; field: FieldTranslations | undefined; href?: string; editor?: boolean }> = ({ v, text, field, href, editor = false }) => {
  const r = resolveText(text, field, [v.lang]);
  const lang = r.lang !== v.lang ? r.lang : undefined;
  const shown = href ? <a href={href} lang={lang}>{r.text}</a> : <span lang={lang}>{r.text}</span>;
  // A translation made before the original last changed: said to those who may edit it, not to readers.
  if (r.outdated && editor) return <>{shown} <span class="outdated">({v.t('content.outdated')})</span></>;
  if (!r.fallback || r.text === '') return shown;
  const language = new Intl.DisplayNames([v.lang], { type: 'language' }).of(r.lang) ?? r.lang;
  return <>{shown} <span class="untranslated">({v.t('content.untranslated', { language })})</span></>;
};

/** An item's text as its reader reads it, with its translations (strategy, plan, result, indicator, donor...). */
type WithTexts = { readonly translations?: Translations };

/** `item[field]` in the reader's language, marked when it is the original instead (see Written; `editor` as there). */
export const Localized: FC<{ v: View; item: WithTexts; field: string; href?: string; editor?: boolean }> = ({ v, item, field, href, editor }) => (
  <Written v={v} text={String((item as Record<string, unknown>)[field] ?? '')} field={item.translations?.[field]} href={href} editor={editor} />
);

/** The text alone, where no markup fits (a page's title, a breadcrumb, an aria-label, a chart's name). */
export const textIn = (v: View, item: WithTexts, field: string): string =>
  resolveText(String((item as Record<string, unknown>)[field] ?? ''), item.translations?.[field], [v.lang]).text;
