/** A Director General's digest archive (and their co-coordinators', as the policy allows). */
import { can } from '../../domain/policy.ts';
import { digestArchive } from '../digests.ts';
import { Layout, Notice } from '../layout.tsx';
import { forbidden, me, render, type Pages } from '../page.tsx';

export function digestPages({ app, deps, signedIn }: Pages) {
  app.get('/digests', signedIn, async (c) => {
    const p = me(c);
    const v = c.get('view');
    const administrationId = c.req.query('administration') ?? p.administrationId;
    if (!administrationId || !can(p, 'digest:read', { ownerAdministrationId: administrationId })) throw forbidden();
    const archive = digestArchive(deps.store);
    const page = archive ? await archive.ofAdministration(administrationId, { limit: 25 }) : undefined;
    const items = page?.items ?? [];
    return render(c, (
      <Layout v={v} title={v.t('digests.title')} section="digests" crumbs={[{ href: '/', label: v.t('nav.home') }, { label: v.t('digests.title') }]}>
        <h1>{v.t('digests.title')}</h1>
        <p class="lead">{v.t('digests.lead', { country: v.country(administrationId) })}</p>
        {items.length === 0 ? (
          <Notice title={v.t('digests.emptyTitle')}>
            <p>{v.t(archive ? 'digests.none' : 'digests.notYet')}</p>
            <p><a href="/">{v.t('digests.meanwhile')}</a></p>
          </Notice>
        ) : (
          <ul>
            {items.map((d) => (
              <li>
                {v.t('digests.entry', { date: v.date((d.sentAt ?? d.createdAt ?? '').slice(0, 10) || '1970-01-01') })}
                {d.subject ? ` · ${d.subject}` : ''}
                {d.periodStart && d.periodEnd ? <span class="muted small"> ({v.date(d.periodStart.slice(0, 10))} – {v.date(d.periodEnd.slice(0, 10))})</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Layout>
    ));
  });
}
