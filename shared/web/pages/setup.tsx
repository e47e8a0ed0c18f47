/**
 * The secretariat's set-up pages: what still needs set-up, and the directory it keeps (member
 * administrations, donors, people), each list with its forms (shared/web/pages/setup/).
 */
import type { FC } from 'hono/jsx';
import { Layout, Notice } from '../layout.tsx';
import { Localized } from '../components.tsx';
import { render, type Pages } from '../page.tsx';
import type { View } from '../view.ts';
import { administrationPages } from './setup/administrations.tsx';
import { allowed, setupCrumbs } from './setup/common.tsx';
import { donorPages } from './setup/donors.tsx';
import { exchangeRatePages } from './setup/exchange-rates.tsx';
import { readDirectory, setupNeeds, type SetupNeed } from './setup/needs.ts';
import { peoplePages } from './setup/people.tsx';

export function setupPages(pages: Pages) {
  const { app, deps, signedIn } = pages;

  app.get('/setup', signedIn, async (c) => {
    allowed(c, 'person:list');
    const v = c.get('view');
    const directory = await readDirectory(deps.store);
    const needs = setupNeeds(directory);
    return render(c, (
      <Layout v={v} title={v.t('nav.setup')} section="setup" crumbs={setupCrumbs(v)}>
        <h1>{v.t('nav.setup')}</h1>
        <p class="lead">{v.t('setup.lead')}</p>
        <ul class="cards">
          <li class="card"><h2><a href="/setup/administrations">{v.t('setup.adm.title')}</a></h2><p class="muted small">{v.t('setup.adm.count', { count: v.number(directory.administrations.length) })}</p></li>
          <li class="card"><h2><a href="/setup/donors">{v.t('setup.donor.title')}</a></h2><p class="muted small">{v.t('setup.donor.short')}</p></li>
          <li class="card"><h2><a href="/setup/exchange-rates">{v.t('fx.title')}</a></h2><p class="muted small">{v.t('fx.short')}</p></li>
          <li class="card"><h2><a href="/setup/people">{v.t('setup.people.title')}</a></h2><p class="muted small">{v.t('setup.people.countActive', { count: v.number(directory.people.filter((p) => p.active !== false).length) })}</p></li>
        </ul>
        <h2 id="needs">{v.t('setup.needs.title')}</h2>
        <NeedsList v={v} needs={needs} />
      </Layout>
    ));
  });

  administrationPages(pages);
  donorPages(pages);
  exchangeRatePages(pages);
  peoplePages(pages);
}

/** The secretariat's home: how many things need set-up, with the way there. */
export const SetupSummary: FC<{ v: View; count: number }> = ({ v, count }) => (
  <Notice kind="warn">
    <p><strong>{v.t(count === 1 ? 'setup.summary.one' : 'setup.summary.other', { count: v.number(count) })}</strong> <a href="/setup#needs">{v.t('setup.summary.link')}</a></p>
  </Notice>
);

const GROUPS: SetupNeed['kind'][] = ['noDigestRecipient', 'noReminderRecipient', 'noCoordinator', 'neverSignedIn'];

const NeedsList: FC<{ v: View; needs: SetupNeed[] }> = ({ v, needs }) => {
  const { t } = v;
  if (needs.length === 0) return <p>{t('setup.needs.none')}</p>;
  return (
    <>
      <p>{t(needs.length === 1 ? 'setup.summary.one' : 'setup.summary.other', { count: v.number(needs.length) })}</p>
      {GROUPS.map((kind) => {
        const items = needs.filter((n) => n.kind === kind);
        if (items.length === 0) return null;
        return (
          <section aria-labelledby={`need-${kind}`}>
            <h3 id={`need-${kind}`}>{t(`setup.needs.${kind}.title`, { count: v.number(items.length) })}</h3>
            <p class="muted small">{t(`setup.needs.${kind}.why`)}</p>
            <ul class="needs">{items.map((n) => <li><Need v={v} need={n} /></li>)}</ul>
          </section>
        );
      })}
    </>
  );
};

const Need: FC<{ v: View; need: SetupNeed }> = ({ v, need: n }) => {
  const { t } = v;
  switch (n.kind) {
    case 'noDigestRecipient':
      return <><Localized v={v} item={n.administration} field="name" href={`/setup/administrations/${n.administration.id}`} /> · <a href={`/setup/administrations/${n.administration.id}#f-directorGeneral.name`}>{t('setup.needs.addDg')}</a></>;
    case 'noReminderRecipient':
      return <><Localized v={v} item={n.administration} field="name" href={`/setup/administrations/${n.administration.id}`} /> · <a href={`/setup/people/new?role=focal_point&administration=${n.administration.id}`}>{t('setup.needs.inviteFocal')}</a></>;
    case 'noCoordinator':
      return (
        <>
          {n.administration ? <Localized v={v} item={n.administration} field="name" href={`/setup/administrations/${n.administrationId}`} /> : v.country(n.administrationId)}
          {' · '}{t('setup.needs.coordinates', { strategies: n.strategies.map((s) => s.title).join('; ') })}
          {' · '}<a href={`/setup/people?administration=${n.administrationId}`}>{t('setup.needs.choosePerson')}</a>
          {' · '}<a href={`/setup/people/new?role=coordinator&administration=${n.administrationId}`}>{t('setup.needs.inviteCoordinator')}</a>
        </>
      );
    case 'neverSignedIn':
      return <><a href={`/setup/people/${n.person.id}`}>{n.person.name}</a> · {t('setup.status.invited', { date: v.date(n.person.invitedAt!.slice(0, 10)) })}</>;
  }
};
