/**
 * Calendar feeds (issue 13). The profile page lists a person's feeds and makes, resets and revokes
 * their secret addresses (the commands in commands/calendar-feeds.ts); `/feeds/...` serves a plan's
 * feed, a person's own and an administration's as iCalendar to calendar clients, with no session:
 * the token in the address is the key. A client polling an unchanged feed gets 304 for one
 * BatchGetItem (person, feed list, and the plan or the administration's feed marker), which moves
 * in the same transaction as any change to what the feed shows. The
 * iCalendar library is loaded on the first feed a container serves, not at cold start (../icalendar.ts).
 */
import type { Child, FC } from 'hono/jsx';
import type { ICalEventStatus } from 'ical-generator';
import { openPlanFeed, openSpanningFeed, readCalendarFeeds, resetCalendarFeed, revokeCalendarFeed } from '../../commands/index.ts';
import type { FeedMilestone } from '../../commands/calendar-feeds.ts';
import type { Language } from '../../domain/constants.ts';
import { inLanguage, resolveText } from '../../domain/translations.ts';
import { Forbidden, Invalid } from '../../commands/errors.ts';
import { eventOf, feedKey, parseFeedKey, type FeedList, type FeedTarget, type StoredFeed } from '../../domain/calendar.ts';
import { addDays } from '../../domain/dates.ts';
import { can } from '../../domain/policy.ts';
import { translator, pickLanguage, type Translate } from '../../i18n/index.ts';
import { web } from '../../i18n/web.ts';
import type { Person } from '../../domain/resources.ts';
import { NotFound, VersionConflict } from '../../store/index.ts';
import { formBody, requireCsrf, type Values } from '../forms.tsx';
import { Layout, Notice } from '../layout.tsx';
import { forbidden, me, render, type Pages, type WebContext } from '../page.tsx';
import { CSRF_FIELD } from '../session.ts';
import { icalendarFromPackage, withSummaryLanguages } from '../icalendar.ts';
import type { View } from '../view.ts';
import { ActionConflict, href } from './planning/common.tsx';

/** A feed's token: 256 bits in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const CODE = /^[A-Z]{2}$/;

export function calendarPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;
  const loadICalendar = deps.icalendar ?? icalendarFromPackage();
  /** A feed's address; a person feed's names the person's administration (its change marker is read with the person). */
  const feedUrl = (personId: string, target: FeedTarget, token: string, administrationId?: string) => `${deps.config.publicUrl}${
    target.kind === 'plan' ? href('feeds', personId, 'plans', target.id, `${token}.ics`)
      : target.kind === 'administration' ? href('feeds', personId, 'administrations', target.id, `${token}.ics`)
        : href('feeds', personId, 'milestones', administrationId ?? '-', `${token}.ics`)}`;

  /**
   * The profile page: the feeds, forms to follow one's own milestones, the plan named in `?plan=` or
   * the administration named in `?administration=` (a Director General: their own), and what the
   * last action made.
   */
  async function profilePage(c: WebContext, extra: { made?: { target: FeedTarget; url: string }; notice?: Child; status?: 200 | 400 | 409 } = {}) {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const feeds = await readCalendarFeeds(deps, p, p.userId);
    const wanted = c.req.query('plan');
    const targets = Object.keys(feeds.feeds).map(parseFeedKey).filter((x): x is FeedTarget => !!x);
    const planIds = targets.filter((x) => x.kind === 'plan').map((x) => x.id);
    if (wanted && SLUG.test(wanted)) planIds.push(wanted);
    if (extra.made?.target.kind === 'plan') planIds.push(extra.made.target.id);
    const plans = await store.plans.getMany(new Set(planIds));
    const label = (x: FeedTarget) => x.kind === 'plan' ? plans.get(x.id)?.plan.title ?? x.id : x.kind === 'person' ? t('calendar.own') : t('calendar.administration', { administration: v.country(x.id) });
    const has = (x: FeedTarget) => !!feeds.feeds[feedKey(x)];
    // What the person came for first (a plan, an administration), then their own milestones.
    const offers: FeedTarget[] = [];
    if (wanted && plans.get(wanted) && can(p, 'milestone:read', plans.get(wanted)!.scope)) offers.push({ kind: 'plan', id: wanted });
    const administrations = new Set([c.req.query('administration'), p.role === 'director_general' ? p.administrationId : undefined]);
    for (const id of administrations) {
      if (id && CODE.test(id) && can(p, 'calendar-feed:follow-administration', { ownerAdministrationId: id })) offers.push({ kind: 'administration', id });
    }
    if (p.administrationId && can(p, 'calendar-feed:follow-own', { personId: p.userId })) offers.push({ kind: 'person', id: p.userId });
    return render(c, (
      <Layout v={v} title={t('nav.profile')} crumbs={[{ href: '/', label: t('nav.home') }, { label: t('nav.profile') }]}>
        <h1>{t('nav.profile')}</h1>
        <p class="lead">{t('nav.signedInAs', { name: p.name ?? p.userId, role: t(`role.${p.role}`) })}</p>
        <h2 id="calendar">{t('calendar.title')}</h2>
        <p>{t('calendar.lead')}</p>
        {c.req.query('done') === 'revoked' ? <Notice kind="ok" role="status"><p>{t('calendar.done.revoked')}</p></Notice> : null}
        {extra.notice}
        {extra.made ? <NewAddress v={v} url={extra.made.url} plan={label(extra.made.target)} /> : null}
        {offers.filter((x) => !has(x)).map((x) => (
          <form class="update" method="post" action="/profile/feeds">
            <h3>{t('calendar.create', { plan: label(x) })}</h3>
            <FeedFields v={v} version={feeds.version} target={x} />
            <button type="submit" class="primary">{t('calendar.createButton')}</button>
          </form>
        ))}
        <FeedTable v={v} feeds={feeds} label={label} />
      </Layout>
    ), extra.status ?? 200);
  }

  app.get('/profile', signedIn, (c) => profilePage(c));

  /** Make or reset a feed: the page shows the new address once. */
  app.post('/profile/feeds', signedIn, async (c) => {
    const p = me(c);
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    const target: FeedTarget = body.administration !== undefined ? { kind: 'administration', id: body.administration }
      : body.person !== undefined ? { kind: 'person', id: body.person }
        : { kind: 'plan', id: body.plan ?? '' };
    try {
      const { token, administrationId } = await resetCalendarFeed(deps, p, { personId: p.userId, feed: target, expectedVersion: listVersion(body) });
      return profilePage(c, { made: { target, url: feedUrl(p.userId, target, token, administrationId) } });
    } catch (error) {
      return refused(c, error);
    }
  });

  app.post('/profile/feeds/revoke', signedIn, async (c) => {
    const p = me(c);
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    try {
      await revokeCalendarFeed(deps, p, { personId: p.userId, feed: body.feed ?? '', expectedVersion: listVersion(body) });
    } catch (error) {
      return refused(c, error);
    }
    return c.redirect('/profile?done=revoked#calendar', 303);
  });

  function refused(c: WebContext, error: unknown) {
    const v = c.get('view');
    if (error instanceof VersionConflict) return profilePage(c, { notice: <ActionConflict v={v} />, status: 409 });
    if (error instanceof NotFound) return profilePage(c, { notice: <ActionConflict v={v} message={v.t('calendar.notFound')} />, status: 409 });
    if (error instanceof Invalid) return profilePage(c, { notice: <ActionConflict v={v} message={v.t('error.404.body')} />, status: 400 });
    if (error instanceof Forbidden) throw forbidden();
    throw error;
  }

  const none = (c: WebContext) => c.text('Not found', 404, { 'Cache-Control': 'no-store' });
  const tokenOf = (file: string) => (file.endsWith('.ics') ? file.slice(0, -4) : '');
  const headersOf = (etag: string) => ({ ETag: etag, 'Cache-Control': 'private, no-cache', 'Referrer-Policy': 'no-referrer' });
  const unchanged = (c: WebContext, etag: string) => (c.req.header('If-None-Match') ?? '').split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);

  /**
   * The iCalendar text of a feed's milestones, in its person's language: titles in that language
   * when held, else the original, its SUMMARY saying which language it is in (RFC 5545 LANGUAGE).
   */
  async function calendarOf(person: Person, name: (t: Translate) => string, url: string, milestones: readonly FeedMilestone[]) {
    const { default: ical } = await loadICalendar();
    const lang = pickLanguage(person.language);
    const t = translator(web, lang);
    const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
    const regions = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    const host = new URL(deps.config.publicUrl).hostname;
    const calendar = ical({
      name: name(t),
      prodId: { company: 'action-plan-tracker', product: 'calendar-feeds', language: lang.toUpperCase() },
      url: `${deps.config.publicUrl}${url}`,
    });
    const otherLanguages = new Map<string, Language>();
    for (const { milestone: m, plan } of milestones) {
      const e = eventOf(m);
      const id = `${e.uid}@${host}`;
      const title = resolveText(m.title, m.translations?.title, [lang]);
      if (title.lang !== lang) otherLanguages.set(id, title.lang);
      calendar.createEvent({
        id,
        allDay: true,
        start: new Date(`${e.date}T00:00:00Z`),
        end: new Date(`${addDays(e.date, 1)}T00:00:00Z`),
        sequence: e.sequence,
        stamp: new Date(e.stamp),
        summary: m.ref ? t('calendar.summary', { ref: m.ref, title: title.text }) : title.text,
        description: t('calendar.description', {
          plan: inLanguage(plan, [lang]).title,
          status: t(`status.${m.status}`),
          progress: percent.format((m.status === 'done' ? 100 : m.progress) / 100),
          owner: regions.of(m.ownerAdministrationId) ?? m.ownerAdministrationId,
        }),
        url: `${deps.config.publicUrl}${href('milestones', m.id)}`,
        status: (e.cancelled ? 'CANCELLED' : 'CONFIRMED') as ICalEventStatus,
      });
    }
    return withSummaryLanguages(calendar.toString(), otherLanguages);
  }

  const ics = (c: WebContext, text: string, etag: string) => c.body(text, 200, { ...headersOf(etag), 'Content-Type': 'text/calendar; charset=utf-8' });

  /** A plan's feed for calendar clients. Anything that does not open it is a plain 404. */
  app.get('/feeds/:person/plans/:plan/:file', async (c) => {
    const [personId, planId, token] = [c.req.param('person'), c.req.param('plan'), tokenOf(c.req.param('file'))];
    if (!SLUG.test(personId) || !SLUG.test(planId) || !TOKEN.test(token)) return none(c);
    const feed = await openPlanFeed(deps, { personId, planId, token });
    if (!feed) return none(c);
    if (unchanged(c, feed.etag)) return c.body(null, 304, headersOf(feed.etag));
    const plan = feed.plan.plan;
    const milestones = (await feed.milestones()).map((milestone) => ({ milestone, plan }));
    const title = inLanguage(plan, [pickLanguage(feed.person.language)]).title;
    return ics(c, await calendarOf(feed.person, (t) => t('calendar.name', { plan: title }), href('plans', plan.id), milestones), feed.etag);
  });

  /** A person's own feed (the address names their administration) and an administration's. */
  const spanning = (kind: 'person' | 'administration') => async (c: WebContext) => {
    const [personId, administrationId, token] = [c.req.param('person') ?? '', c.req.param('administration') ?? '', tokenOf(c.req.param('file') ?? '')];
    if (!SLUG.test(personId) || !CODE.test(administrationId) || !TOKEN.test(token)) return none(c);
    const target: FeedTarget = kind === 'person' ? { kind, id: personId } : { kind, id: administrationId };
    const feed = await openSpanningFeed(deps, { personId, target, token, administrationId });
    if (!feed) return none(c);
    if (unchanged(c, feed.etag)) return c.body(null, 304, headersOf(feed.etag));
    const name = (t: Translate) => t('calendar.name', { plan: kind === 'person' ? feed.person.name : new Intl.DisplayNames([pickLanguage(feed.person.language)], { type: 'region', fallback: 'code' }).of(administrationId) ?? administrationId });
    return ics(c, await calendarOf(feed.person, name, '/', await feed.milestones()), feed.etag);
  };
  app.get('/feeds/:person/milestones/:administration/:file', spanning('person'));
  app.get('/feeds/:person/administrations/:administration/:file', spanning('administration'));
}

/** The feed list's version the form was based on: 0 before the first feed. */
function listVersion(body: Values): number {
  const raw = body.version ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw new Invalid([{ field: 'version', message: 'must be a whole number', code: 'invalid_format' }]);
  return Number(raw);
}

const NewAddress: FC<{ v: View; url: string; plan: string }> = ({ v, url, plan }) => (
  <Notice kind="ok" role="status" title={v.t('calendar.newTitle')}>
    <p>{v.t('calendar.newBody')}</p>
    <div class="field">
      <label for="feed-url">{v.t('calendar.newLabel', { plan })}</label>
      <input type="text" id="feed-url" readonly value={url} />
    </div>
    <p><a href={url.replace(/^https?:/, 'webcal:')}>{v.t('calendar.subscribe')}</a></p>
  </Notice>
);

/** The hidden fields that name a feed in the make, reset and revoke forms. */
const FeedFields: FC<{ v: View; version: number; target: FeedTarget }> = ({ v, version, target }) => (
  <>
    <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
    <input type="hidden" name="version" value={String(version)} />
    <input type="hidden" name={target.kind} value={target.id} />
  </>
);

const FeedTable: FC<{ v: View; feeds: FeedList; label: (target: FeedTarget) => string }> = ({ v, feeds, label }) => {
  const { t } = v;
  const entries = Object.entries(feeds.feeds).map(([k, f]) => ({ key: k, target: parseFeedKey(k), feed: f })).filter((e): e is { key: string; target: FeedTarget; feed: StoredFeed } => !!e.target);
  if (entries.length === 0) return <p>{t('calendar.none')}</p>;
  return (
    <div class="scroll" role="region" aria-label={t('calendar.caption')} tabindex={0}>
      <table>
        <caption>{t('calendar.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calendar.feed')}</th>
            <th scope="col">{t('calendar.since')}</th>
            <th scope="col" class="controls"><span class="visually-hidden">{t('ms.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ key, target, feed }) => (
            <tr>
              <td class="title">{target.kind === 'plan' ? <a href={href('plans', target.id)}>{label(target)}</a> : label(target)}</td>
              <td class="nowrap">{v.instant(feed.createdAt)}</td>
              <td class="controls">
                <div class="actions">
                  <form class="action" method="post" action="/profile/feeds">
                    <FeedFields v={v} version={feeds.version} target={target} />
                    <button type="submit" class="button small secondary" aria-label={t('calendar.resetNamed', { plan: label(target) })}>{t('calendar.reset')}</button>
                  </form>
                  <form class="action" method="post" action="/profile/feeds/revoke">
                    <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
                    <input type="hidden" name="version" value={String(feeds.version)} />
                    <input type="hidden" name="feed" value={key} />
                    <button type="submit" class="button small danger" aria-label={t('calendar.revokeNamed', { plan: label(target) })}>{t('calendar.revoke')}</button>
                  </form>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
