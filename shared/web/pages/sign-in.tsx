/**
 * Signing in and out. Locally, a development page lists the people on file (only when the host
 * gives the app `signIn.dev`, which local/start.ts does and the Lambda never can). Deployed,
 * Cognito managed login with the authorization code and PKCE (see ../cognito.ts).
 */
import { SESSION_SECONDS } from '../../domain/constants.ts';
import { formBody } from '../forms.tsx';
import type { Context } from 'hono';
import { recordSignIn } from '../../commands/index.ts';
import { Slug } from '../../domain/common.ts';
import type { Principal } from '../../domain/policy.ts';
import type { Person } from '../../domain/resources.ts';
import { isLanguage, pickLanguage } from '../../i18n/index.ts';
import {
  CALLBACK_PATH, SIGNED_OUT_PATH, TRANSACTION_SECONDS, authorizeUrl, decodeTransaction, encodeTransaction, exchangeCode,
  logoutUrl, newTransaction,
} from '../cognito.ts';
import { Layout, Notice, messagePage } from '../layout.tsx';
import { PageError, render, type Pages, type WebContext } from '../page.tsx';
import { ANONYMOUS, CSRF_FIELD, REFRESH_COOKIE_SECONDS, checkCsrf, newSecret, renewalOf, safeNext, secondsLeft } from '../session.ts';
import type { View } from '../view.ts';

const ROLE_ORDER: Person['role'][] = ['coordinator', 'focal_point', 'donor', 'director_general', 'admin'];

export function signInPages({ app, deps, jar, anyone }: Pages) {
  const { dev, cognito } = deps.signIn ?? {};
  const renewal = renewalOf(deps.signIn);
  const publicUrl = deps.config.publicUrl.replace(/\/+$/, '');

  /**
   * Opens the session: the token cookie, a fresh CSRF secret, and the person's language; the sign-in
   * is recorded for the secretariat. A deactivated person gets no session (false).
   */
  async function open(c: Context, token: string, principal: Principal, refreshToken?: string): Promise<boolean> {
    const person = await deps.store.people.get(principal.userId);
    if (person?.active === false) return false;
    jar.set(c, 'session', token, secondsLeft(token, deps.now()));
    if (refreshToken) jar.set(c, 'refresh', refreshToken, REFRESH_COOKIE_SECONDS);
    jar.set(c, 'csrf', newSecret());
    jar.set(c, 'lang', await personLanguage(principal, person, c), 365 * 24 * 3600);
    // Recorded for the set-up list; a failure to record it does not stop the person signing in.
    await recordSignIn(deps, principal.userId).catch((e) => console.warn(JSON.stringify({ level: 'WARN', message: 'sign-in not recorded', error: String(e) })));
    return true;
  }

  /** The person's language: from the token, else their record, else their administration's. */
  async function personLanguage(p: Principal, person: Person | undefined, c: Context) {
    if (isLanguage(p.language)) return p.language;
    if (isLanguage(person?.language)) return person.language;
    const administration = p.administrationId ? await deps.store.administrations.get(p.administrationId) : undefined;
    return pickLanguage(administration?.language, c.req.header('Accept-Language'));
  }

  app.get('/sign-in', anyone, async (c) => {
    const v = c.get('view');
    const next = safeNext(c.req.query('next'));
    if (c.get('principal')) return c.redirect(next, 303);
    // Deactivated people are not offered (and cannot sign in below).
    const people = dev ? (await allPeople(deps.store.people)).filter((p) => p.active !== false) : [];
    return render(c, <SignInPage v={v} next={next} people={people} cognito={!!cognito} failed={c.req.query('failed') !== undefined} />);
  });

  if (dev) {
    app.post('/sign-in/dev', anyone, async (c) => {
      const form = await formBody(c);
      if (!checkCsrf(c, jar, publicUrl, ANONYMOUS, form[CSRF_FIELD])) throw new PageError(400);
      const id = typeof form.person === 'string' && Slug.safeParse(form.person).success ? form.person : undefined;
      const tokens = id ? await dev.signIn(id) : undefined;
      if (!tokens) throw new PageError(400);
      const principal = await deps.verifier.verify(tokens.idToken);
      if (!(await open(c, tokens.idToken, principal, tokens.refreshToken))) return deactivatedPage(c);
      return c.redirect(safeNext(form.next), 303);
    });
  }

  if (cognito) {
    const redirectUri = `${publicUrl}${CALLBACK_PATH}`;
    app.get('/sign-in/cognito', anyone, (c) => {
      const transaction = newTransaction(safeNext(c.req.query('next')));
      jar.set(c, 'oauth', encodeTransaction(transaction), TRANSACTION_SECONDS);
      return c.redirect(authorizeUrl(cognito, redirectUri, transaction, c.get('view').lang), 302);
    });

    app.get(CALLBACK_PATH, anyone, async (c) => {
      const transaction = decodeTransaction(jar.get(c, 'oauth'));
      jar.clear(c, 'oauth');
      const { code, state, error } = c.req.query();
      // The state must be the one this browser started with: a callback from anywhere else is refused.
      if (error || !transaction || !code || !state || state !== transaction.state) return c.redirect('/sign-in?failed', 303);
      try {
        const tokens = await exchangeCode(cognito, code, redirectUri, transaction.verifier);
        const principal = await deps.verifier.verify(tokens.idToken);
        if (!(await open(c, tokens.idToken, principal, tokens.refreshToken))) return deactivatedPage(c);
      } catch (e) {
        console.warn(JSON.stringify({ level: 'WARN', message: 'sign-in failed', error: String(e) }));
        return c.redirect('/sign-in?failed', 303);
      }
      return c.redirect(transaction.next, 303);
    });
  }

  /** A deactivated person's sign-in is refused, saying so (no session is opened). */
  function deactivatedPage(c: Context) {
    const v = (c as WebContext).get('view');
    return render(c, messagePage(v, v.t('signIn.deactivatedTitle'), <p>{v.t('signIn.deactivatedBody')}</p>), 403);
  }

  app.post('/sign-out', anyone, async (c) => {
    const form = await formBody(c);
    const principal = c.get('principal');
    if (principal && !checkCsrf(c, jar, publicUrl, principal.userId, form[CSRF_FIELD])) throw new PageError(400);
    const refreshToken = jar.get(c, 'refresh');
    for (const name of ['session', 'refresh', 'csrf', 'oauth'] as const) jar.clear(c, name);
    // Ends the session on the issuer's side too: its cookies, replayed, renew nothing.
    if (refreshToken) await renewal?.revoke(refreshToken);
    // And on ours: its ID tokens, still valid for minutes, stop at once (store/sessions.ts).
    if (principal?.sessionId) {
      await deps.store.endedSessions.end(principal.sessionId, new Date(deps.now().getTime() + SESSION_SECONDS.idToken * 1000));
    }
    if (cognito) {
      return c.redirect(logoutUrl(cognito, `${publicUrl}${SIGNED_OUT_PATH}`), 303);
    }
    return c.redirect(SIGNED_OUT_PATH, 303);
  });

  app.get(SIGNED_OUT_PATH, anyone, (c) => {
    const v = c.get('view');
    return render(c, (
      <Layout v={v} title={v.t('signedOut.title')}>
        <h1>{v.t('signedOut.title')}</h1>
        <p>{v.t('signedOut.body')}</p>
        <p><a class="button" href="/sign-in">{v.t('signIn.again')}</a></p>
      </Layout>
    ));
  });
}

async function allPeople(people: { list(page: { limit: number; cursor?: string }): Promise<{ items: Person[]; nextCursor: string | null }> }) {
  const out: Person[] = [];
  let cursor: string | undefined;
  do {
    const page = await people.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < 500);
  return out;
}

function SignInPage({ v, next, people, cognito, failed }: { v: View; next: string; people: Person[]; cognito: boolean; failed: boolean }) {
  const { t } = v;
  const groups = ROLE_ORDER.map((role) => ({ role, people: people.filter((p) => p.role === role) })).filter((g) => g.people.length > 0);
  return (
    <Layout v={v} title={t('signIn.title')}>
      <h1>{t('signIn.title')}</h1>
      <p class="lead">{t('signIn.lead')}</p>
      {failed ? <Notice kind="error" role="alert" title={t('signIn.failedTitle')}><p>{t('signIn.failedBody')}</p></Notice> : null}
      {cognito ? (
        <p><a class="button" href={`/sign-in/cognito?next=${encodeURIComponent(next)}`}>{t('signIn.action')}</a></p>
      ) : null}
      {people.length > 0 ? (
        <>
          <Notice kind="warn" title={t('signIn.devTitle')}><p>{t('signIn.devBody')}</p></Notice>
          <form method="post" action="/sign-in/dev">
            <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
            <input type="hidden" name="next" value={next} />
            {groups.map((g) => (
              <section aria-labelledby={`role-${g.role}`}>
                <h2 id={`role-${g.role}`}>{t(`role.${g.role}.plural`)}</h2>
                <ul class="people">
                  {g.people.map((p) => (
                    <li>
                      <button type="submit" name="person" value={p.id}>
                        <span class="name">{p.name}</span>
                        <span class="role">
                          {p.id} · {t(`role.${p.role}`)}
                          {p.administrationId ? ` · ${v.country(p.administrationId)}` : ''}
                          {p.donorId ? ` · ${p.donorId}` : ''}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </form>
        </>
      ) : null}
      {!cognito && people.length === 0 ? <Notice kind="warn"><p>{t('signIn.unavailable')}</p></Notice> : null}
    </Layout>
  );
}

