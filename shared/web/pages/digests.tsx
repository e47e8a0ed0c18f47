/**
 * The digest archive of an administration (its Director General's, and whoever else the policy's
 * `digest:read` allows) and one digest: what needs a decision, what is late, what is coming, what
 * was done, the plans and the funding. Digest mail links here: /digests?administration=PE&digest=2026-12.
 * The digests job keeps the digests (store.digests); until the first run the archive says so.
 */
import type { Language } from '../../domain/constants.ts';
import { languageName } from '../translations-field.tsx';
import type { FC } from 'hono/jsx';
import { addDays } from '../../domain/dates.ts';
import type { Digest, DigestList, DigestSummary } from '../../domain/digest.ts';
import { can } from '../../domain/policy.ts';
import { STAGES } from '../../domain/resources.ts';
import { Progress } from '../components.tsx';
import { Layout, Notice } from '../layout.tsx';
import { forbidden, me, notFound, render, type Pages } from '../page.tsx';
import type { View } from '../view.ts';

const LISTED = 25;

export function digestPages({ app, deps, signedIn }: Pages) {
  app.get('/digests', signedIn, async (c) => {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const administrationId = c.req.query('administration') ?? p.administrationId;
    // As GET /administrations/{id}/digests.
    if (!administrationId || !can(p, 'digest:read', { ownerAdministrationId: administrationId })) throw forbidden();
    const archive = deps.store.digests;
    const digestId = c.req.query('digest');
    const listHref = `/digests?administration=${encodeURIComponent(administrationId)}`;

    if (digestId) {
      const digest = await archive.get(administrationId, digestId);
      if (!digest) throw notFound();
      const title = t('digest.title', { name: digest.content.administration.name, period: periodText(v, digest.period) });
      return render(c, (
        <Layout v={v} title={title} section="digests" crumbs={[{ href: '/', label: t('nav.home') }, { href: listHref, label: t('digests.title') }, { label: periodText(v, digest.period) }]}>
          <DigestView v={v} digest={digest} title={title} />
        </Layout>
      ));
    }

    const { items } = await archive.list(administrationId, { limit: LISTED });
    return render(c, (
      <Layout v={v} title={t('digests.title')} section="digests" crumbs={[{ href: '/', label: t('nav.home') }, { label: t('digests.title') }]}>
        <h1>{t('digests.title')}</h1>
        <p class="lead">{t('digests.lead', { country: v.country(administrationId) })}</p>
        {items.length === 0 ? (
          <Notice title={t('digests.emptyTitle')}>
            <p>{t('digests.none')}</p>
            <p><a href="/">{t('digests.meanwhile')}</a></p>
          </Notice>
        ) : (
          <ul class="tasks">
            {items.map((d) => <DigestEntry v={v} d={d} href={`${listHref}&digest=${encodeURIComponent(d.id)}`} />)}
          </ul>
        )}
      </Layout>
    ));
  });
}

export function periodText(v: View, period: { start: string; end: string }): string {
  return `${v.date(period.start)} – ${v.date(addDays(period.end, -1))}`;
}

/** One line of the archive (also the "latest digest" on a Director General's home). */
export const DigestEntry: FC<{ v: View; d: DigestSummary; href: string }> = ({ v, d, href }) => (
  <li>
    <div class="what">
      <a href={href}>{v.t('digests.entry', { period: periodText(v, d.period) })}</a>
      <span class="meta">{d.subject}</span>
      <span class="meta">
        {v.t('digests.counts', {
          decision: v.number(d.counts.needsDecision),
          late: v.number(d.counts.late),
          upcoming: v.number(d.counts.upcoming),
          done: v.number(d.counts.done),
        })}
      </span>
    </div>
    <span class="small muted">{v.t('digests.generated', { when: v.instant(d.generatedAt) })}</span>
  </li>
);

/**
 * A title as the digest holds it (a milestone's, a plan's, a strategy's): in the digest's language,
 * or the original (its language given), marked as not yet translated when the reader does not read
 * that language either; with its own `lang` when that is not the page's. A link when `href` is given.
 */
const DigestTitle: FC<{ v: View; href?: string; title: string; lang: string; fallback: boolean }> = ({ v, href, title, lang, fallback }) => (
  <>
    {href ? <a href={href} lang={lang !== v.lang ? lang : undefined}>{title}</a> : <span lang={lang !== v.lang ? lang : undefined}>{title}</span>}
    {fallback ? <> <span class="untranslated">({v.t('content.untranslated', { language: languageName(v, lang as Language) })})</span></> : null}
  </>
);

const DigestView: FC<{ v: View; digest: Digest; title: string }> = ({ v, digest, title }) => {
  const { t } = v;
  const c = digest.content;
  const lists: [string, DigestList, 'late' | 'soon' | 'later'][] = [
    ['digest.needsDecision', c.needsDecision, 'late'],
    ['digest.late', c.late, 'late'],
    ['digest.upcoming', c.upcoming, 'soon'],
    ['digest.done', c.done, 'later'],
  ];
  return (
    <>
      <h1>{title}</h1>
      <p class="muted">{t('digest.meta', { when: v.instant(digest.generatedAt), who: digest.recipient.name })}</p>
      {lists.map(([key, list, tone], i) => (
        <section aria-labelledby={`digest-list-${i}`}>
          <h2 id={`digest-list-${i}`}>{t(key, { count: v.number(list.items.length + list.more) })}</h2>
          {list.items.length === 0 ? <p class="muted">{t('digest.nothing')}</p> : (
            <ul class="tasks">
              {list.items.map((m) => (
                <li class={tone}>
                  <div class="what">
                    <DigestTitle v={v} href={`/milestones/${encodeURIComponent(m.id)}`} title={m.title} lang={m.titleLang ?? digest.language} fallback={m.titleLang !== undefined && m.titleLang !== v.lang} />
                    <span class="meta">{c.administrationNames[m.ownerAdministrationId] ?? v.country(m.ownerAdministrationId)}</span>
                    <span class="meta">
                      <strong>
                        {m.status === 'done' || m.status === 'cancelled'
                          ? t('due.was', { date: v.date(m.dueDate) })
                          : m.daysOverdue > 0
                            ? t('due.lateSince', { date: v.date(m.dueDate), days: v.days(m.daysOverdue) })
                            : t('due.inDays', { date: v.date(m.dueDate), days: v.days(Math.max(0, m.daysLeft)) })}
                      </strong>
                      {' · '}{t(`status.${m.status}`)}{' · '}<Progress v={v} value={m.progress} />
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {list.more > 0 ? <p class="muted">{t('digest.more', { count: v.number(list.more) })}</p> : null}
        </section>
      ))}

      <h2>{t('digest.plans')}</h2>
      {c.plans.length === 0 ? <p class="muted">{t('digest.nothing')}</p> : (
        <div class="scroll" role="region" aria-label={t('digest.plans')} tabindex={0}>
          <table>
            <caption>{t('digest.plansCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('digest.plan')}</th>
                <th scope="col">{t('digest.role')}</th>
                <th scope="col">{t('plan.complete')}</th>
                <th scope="col" class="num">{t('health.late')}</th>
                <th scope="col" class="num">{t('health.at_risk')}</th>
                <th scope="col" class="num">{t('digest.doneOfTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {c.plans.map((pl) => (
                <tr>
                  <td>
                    <DigestTitle v={v} href={`/plans/${encodeURIComponent(pl.planId)}`} title={pl.title} lang={pl.titleLang ?? digest.language} fallback={pl.titleLang !== undefined && pl.titleLang !== v.lang} /><br />
                    <span class="small muted"><DigestTitle v={v} title={pl.strategyTitle} lang={pl.strategyTitleLang ?? digest.language} fallback={pl.strategyTitleLang !== undefined && pl.strategyTitleLang !== v.lang} /></span>
                  </td>
                  <td>{t(pl.role === 'co-coordinator' ? 'digest.roleCoordinator' : 'digest.roleParticipant')}</td>
                  <td><Progress v={v} value={Math.round(pl.milestones.percentComplete)} /></td>
                  <td class="num">{v.number(pl.milestones.late)}</td>
                  <td class="num">{v.number(pl.milestones.atRisk)}</td>
                  <td class="num">{v.number(pl.milestones.done)} / {v.number(pl.milestones.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('plan.funding')}</h2>
      {c.funding.length === 0 && c.gap.length === 0 ? <p class="muted">{t('funding.none')}</p> : (
        <div class="scroll" role="region" aria-label={t('funding.byDonor')} tabindex={0}>
          <table class="money">
            <caption>{t('funding.byDonor')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('funding.donor')}</th>
                {STAGES.map((s) => <th scope="col" class="num">{t(`stage.${s}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {c.funding.map((f) => (
                <tr>
                  <th scope="row">{f.donorName}</th>
                  {STAGES.map((s) => <td class="num">{v.money(f[s], f.currency)}</td>)}
                </tr>
              ))}
              {c.gap.map((g) => (
                <tr>
                  <th scope="row">{t('funding.gapRow', { currency: g.currency })}</th>
                  <td class="gapnote" colspan={STAGES.length}>
                    {t('funding.gapDetail', { budget: v.money(g.budget, g.currency), secured: v.money(g.secured, g.currency) })}: <strong>{v.money(g.gap, g.currency)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.inKindCount > 0 ? <p class="muted">{t('digest.inKind', { count: v.number(c.inKindCount) })}</p> : null}
    </>
  );
};
