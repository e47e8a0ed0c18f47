/**
 * Calendar feeds (issue 13). The profile page lists a person's feeds and makes, resets and revokes
 * their secret addresses (the commands in commands/calendar-feeds.ts); `/feeds/...` serves a plan's
 * feed as iCalendar to calendar clients, with no session: the token in the address is the key.
 * A client polling an unchanged feed gets 304 for one BatchGetItem (person, feed list, plan): the
 * plan's revision moves in the same transaction as any change to it or its milestones. The
 * iCalendar library is loaded on the first feed a container serves, not at cold start (../icalendar.ts).
 */
import type { Child, FC } from 'hono/jsx';
import type { ICalEventStatus } from 'ical-generator';
import { openPlanFeed, readCalendarFeeds, resetCalendarFeed, revokeCalendarFeed } from '../../commands/index.ts';
import { Forbidden, Invalid } from '../../commands/errors.ts';
import { eventOf, parseFeedKey, type FeedList } from '../../domain/calendar.ts';
import { addDays } from '../../domain/dates.ts';
import { can } from '../../domain/policy.ts';
import { translator, pickLanguage } from '../../i18n/index.ts';
import { web } from '../../i18n/web.ts';
import { NotFound, VersionConflict } from '../../store/index.ts';
import { formBody, requireCsrf, type Values } from '../forms.tsx';
import { Layout, Notice } from '../layout.tsx';
import { forbidden, me, render, type Pages, type WebContext } from '../page.tsx';
import { CSRF_FIELD } from '../session.ts';
import { icalendarFromPackage } from '../icalendar.ts';
import type { View } from '../view.ts';
import { ActionConflict, href } from './planning/common.tsx';

/** A feed's token: 256 bits in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function calendarPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;
  const loadICalendar = deps.icalendar ?? icalendarFromPackage();
  const feedUrl = (personId: string, planId: string, token: string) => `${deps.config.publicUrl}${href('feeds', personId, 'plans', planId, `${token}.ics`)}`;

  /** The profile page: the feeds, a form to follow the plan named in `?plan=`, and what the last action made. */
  async function profilePage(c: WebContext, extra: { made?: { planId: string; url: string }; notice?: Child; status?: 200 | 400 | 409 } = {}) {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const feeds = await readCalendarFeeds(deps, p, p.userId);
    const wanted = c.req.query('plan');
    const planIds = Object.keys(feeds.feeds).map((k) => parseFeedKey(k)?.id).filter((id): id is string => !!id);
    if (wanted && SLUG.test(wanted)) planIds.push(wanted);
    if (extra.made) planIds.push(extra.made.planId);
    const plans = await store.plans.getMany(new Set(planIds));
    const title = (id: string) => plans.get(id)?.plan.title ?? id;
    const offer = wanted && plans.get(wanted) && can(p, 'milestone:read', plans.get(wanted)!.scope) && !feeds.feeds[`plan:${wanted}`] ? wanted : undefined;
    return render(c, (
      <Layout v={v} title={t('nav.profile')} crumbs={[{ href: '/', label: t('nav.home') }, { label: t('nav.profile') }]}>
        <h1>{t('nav.profile')}</h1>
        <p class="lead">{t('nav.signedInAs', { name: p.name ?? p.userId, role: t(`role.${p.role}`) })}</p>
        <h2 id="calendar">{t('calendar.title')}</h2>
        <p>{t('calendar.lead')}</p>
        {c.req.query('done') === 'revoked' ? <Notice kind="ok" role="status"><p>{t('calendar.done.revoked')}</p></Notice> : null}
        {extra.notice}
        {extra.made ? <NewAddress v={v} url={extra.made.url} plan={title(extra.made.planId)} /> : null}
        {offer ? (
          <form class="update" method="post" action="/profile/feeds">
            <h3>{t('calendar.create', { plan: title(offer) })}</h3>
            <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
            <input type="hidden" name="version" value={String(feeds.version)} />
            <input type="hidden" name="plan" value={offer} />
            <button type="submit" class="primary">{t('calendar.createButton')}</button>
          </form>
        ) : null}
        <FeedTable v={v} feeds={feeds} title={title} />
      </Layout>
    ), extra.status ?? 200);
  }

  app.get('/profile', signedIn, (c) => profilePage(c));

  /** Make or reset a plan's feed: the page shows the new address once. */
  app.post('/profile/feeds', signedIn, async (c) => {
    const p = me(c);
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    const planId = body.plan ?? '';
    try {
      const { token } = await resetCalendarFeed(deps, p, { personId: p.userId, feed: { kind: 'plan', id: planId }, expectedVersion: listVersion(body) });
      return profilePage(c, { made: { planId, url: feedUrl(p.userId, planId, token) } });
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

  /** A plan's feed for calendar clients. Anything that does not open it is a plain 404. */
  app.get('/feeds/:person/plans/:plan/:file', async (c) => {
    const [personId, planId, file] = [c.req.param('person'), c.req.param('plan'), c.req.param('file')];
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const none = () => c.text('Not found', 404, { 'Cache-Control': 'no-store' });
    if (!SLUG.test(personId) || !SLUG.test(planId) || !TOKEN.test(token)) return none();
    const feed = await openPlanFeed(deps, { personId, planId, token });
    if (!feed) return none();
    const headers = { ETag: feed.etag, 'Cache-Control': 'private, no-cache', 'Referrer-Policy': 'no-referrer' };
    const asked = c.req.header('If-None-Match') ?? '';
    if (asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === feed.etag)) return c.body(null, 304, headers);
    const [milestones, { default: ical }] = await Promise.all([feed.milestones(), loadICalendar()]);
    const lang = pickLanguage(feed.person.language);
    const t = translator(web, lang);
    const v = { percent: new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }), regions: new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }) };
    const host = new URL(deps.config.publicUrl).hostname;
    const plan = feed.plan.plan;
    const calendar = ical({
      name: t('calendar.name', { plan: plan.title }),
      prodId: { company: 'action-plan-tracker', product: 'calendar-feeds', language: lang.toUpperCase() },
      url: `${deps.config.publicUrl}${href('plans', plan.id)}`,
    });
    for (const m of milestones) {
      const e = eventOf(m);
      calendar.createEvent({
        id: `${e.uid}@${host}`,
        allDay: true,
        start: new Date(`${e.date}T00:00:00Z`),
        end: new Date(`${addDays(e.date, 1)}T00:00:00Z`),
        sequence: e.sequence,
        stamp: new Date(e.stamp),
        summary: m.ref ? t('calendar.summary', { ref: m.ref, title: m.title }) : m.title,
        description: t('calendar.description', {
          plan: plan.title,
          status: t(`status.${m.status}`),
          progress: v.percent.format((m.status === 'done' ? 100 : m.progress) / 100),
          owner: v.regions.of(m.ownerAdministrationId) ?? m.ownerAdministrationId,
        }),
        url: `${deps.config.publicUrl}${href('milestones', m.id)}`,
        status: (e.cancelled ? 'CANCELLED' : 'CONFIRMED') as ICalEventStatus,
      });
    }
    return c.body(calendar.toString(), 200, { ...headers, 'Content-Type': 'text/calendar; charset=utf-8' });
  });
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

const FeedTable: FC<{ v: View; feeds: FeedList; title: (planId: string) => string }> = ({ v, feeds, title }) => {
  const { t } = v;
  const entries = Object.entries(feeds.feeds).map(([k, f]) => ({ key: k, target: parseFeedKey(k), feed: f })).filter((e) => e.target);
  if (entries.length === 0) return <p>{t('calendar.none')}</p>;
  return (
    <div class="scroll" role="region" aria-label={t('calendar.caption')} tabindex={0}>
      <table>
        <caption>{t('calendar.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calendar.plan')}</th>
            <th scope="col">{t('calendar.since')}</th>
            <th scope="col" class="controls"><span class="visually-hidden">{t('ms.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ key, target, feed }) => (
            <tr>
              <td class="title"><a href={href('plans', target!.id)}>{title(target!.id)}</a></td>
              <td class="nowrap">{v.instant(feed.createdAt)}</td>
              <td class="controls">
                <div class="actions">
                  <form class="action" method="post" action="/profile/feeds">
                    <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
                    <input type="hidden" name="version" value={String(feeds.version)} />
                    <input type="hidden" name="plan" value={target!.id} />
                    <button type="submit" class="button small secondary" aria-label={t('calendar.resetNamed', { plan: title(target!.id) })}>{t('calendar.reset')}</button>
                  </form>
                  <form class="action" method="post" action="/profile/feeds/revoke">
                    <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
                    <input type="hidden" name="version" value={String(feeds.version)} />
                    <input type="hidden" name="feed" value={key} />
                    <button type="submit" class="button small danger" aria-label={t('calendar.revokeNamed', { plan: title(target!.id) })}>{t('calendar.revoke')}</button>
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
