/**
 * The web app's pages: server-rendered, mounted at `/` by shared/web/app.ts (its own function in
 * AWS, hosted beside the API locally). No client script; every page works without JavaScript. Permissions are the
 * API's policy table, asked with the same scopes the API routes use.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../domain/policy.ts';
import { isLanguage, pickLanguage, type Language } from '../i18n/index.ts';
import { RETRY_AFTER_SECONDS } from '../api/problems.ts';
import { isUnavailable } from '../store/client.ts';
import { NotFound } from '../store/errors.ts';
import { messagePage } from './layout.tsx';
import { PageError, render, type Pages, type WebEnv } from './page.tsx';
import { calendarPages } from './pages/calendar.tsx';
import { digestPages } from './pages/digests.tsx';
import { donorPages } from './pages/donor.tsx';
import { homePages } from './pages/home.tsx';
import { milestonePages } from './pages/milestone.tsx';
import { planPages } from './pages/plan.tsx';
import { planningPages } from './pages/planning.tsx';
import { resultsPages } from './pages/results.tsx';
import { defineResultsPages } from './pages/results-define.tsx';
import { setupPages } from './pages/setup.tsx';
import { isWebUploadPath, sheetPages, uploadTooLarge } from './pages/sheets.tsx';
import { signInPages } from './pages/sign-in.tsx';
import { strategyPages } from './pages/strategy.tsx';
import { cookieJar, csrfSecret, csrfToken, renewalOf, safeNext, secondsLeft, subjectOf, type CookieJar } from './session.ts';
import { CSS, CSS_PATH, ICON, ICON_PATH } from './styles.ts';
import { makeView, type View } from './view.ts';
import { LIMITS } from '../sheets/types.ts';

export { secureHeaderOptions } from '../headers.ts';
export type { SignIn } from './session.ts';

const YEAR = 365 * 24 * 3600;
const FORM_LIMIT = 32 * 1024;

/** The page language: the one chosen with the switch, else the person's, else the browser's. */
export function languageOf(c: Context, jar: CookieJar, principal?: Principal): Language {
  const chosen = jar.get(c, 'lang');
  if (isLanguage(chosen)) return chosen;
  return pickLanguage(principal?.language, c.req.header('Accept-Language'));
}

/** The path of the page a form was sent from, if the Referer names one (anything unparsable: none). */
function refererPath(c: Context): string {
  try {
    return new URL(c.req.header('Referer') ?? '/', c.req.url).pathname;
  } catch {
    return '/';
  }
}

function pathOf(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

/** The view a page is rendered with; `now` is the instant printed pages carry as their print date. */
export function viewFor(c: Context, jar: CookieJar, now: Date, principal?: Principal): View {
  const csrf = csrfToken(csrfSecret(c, jar), subjectOf(principal));
  return makeView(languageOf(c, jar, principal), { path: pathOf(c), ...(principal ? { principal } : {}), csrf, now });
}

export function web(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const jar = cookieJar(deps.config.publicUrl);
  const renewal = renewalOf(deps.signIn);

  /**
   * The session's principal. An expired ID token is renewed with the refresh token (no request to
   * the table: the issuer decides); a refresh token revoked at sign-out or deactivation renews nothing.
   * A valid ID token costs one BatchGetItem: whether its session has ended (store/sessions.ts).
   */
  /** Tokens of a sign-in session (all of Cognito's; the development issuer's web sessions) may have ended. */
  const ended = async (p: Principal) => p.sessionId !== undefined && (await deps.store.endedSessions.ended(p));

  async function sessionPrincipal(c: Context): Promise<Principal | undefined> {
    const token = jar.get(c, 'session');
    if (token) {
      const principal = await deps.verifier.verify(token).catch(() => undefined); // expired or foreign: try the refresh token below
      // One BatchGetItem: a session that signed out (these cookies were copied, or replayed) ends at
      // once; a token from before a change of the person's access is renewed below (or refused).
      if (principal && !(await ended(principal))) return principal;
    }
    const refreshToken = jar.get(c, 'refresh');
    if (renewal && refreshToken) {
      const tokens = await renewal.refresh(refreshToken);
      const principal = tokens && (await deps.verifier.verify(tokens.idToken).catch(() => undefined));
      // Renewed into a session that has ended (its refresh token's revocation did not reach the issuer)? Refused too.
      if (tokens && principal && !(await ended(principal))) {
        jar.set(c, 'session', tokens.idToken, secondsLeft(tokens.idToken, deps.now()));
        return principal;
      }
      jar.clear(c, 'refresh');
    }
    if (token) jar.clear(c, 'session');
    return undefined;
  }

  const signedIn: MiddlewareHandler<WebEnv> = async (c, next) => {
    const principal = await sessionPrincipal(c);
    if (!principal) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const nextPath = safeNext(pathOf(c));
        return c.redirect(nextPath === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(nextPath)}`, 303);
      }
      c.set('view', viewFor(c, jar, deps.now()));
      throw new PageError(401);
    }
    c.set('principal', principal);
    c.set('view', viewFor(c, jar, deps.now(), principal));
    await next();
  };

  const anyone: MiddlewareHandler<WebEnv> = async (c, next) => {
    const principal = await sessionPrincipal(c);
    if (principal) c.set('principal', principal);
    c.set('view', viewFor(c, jar, deps.now(), principal));
    await next();
  };

  // The stylesheet and icon: content-hashed URLs, cached for a year.
  const asset = (body: string, type: string) => (c: Context) =>
    c.body(body, 200, { 'Content-Type': type, 'Cache-Control': `public, max-age=${YEAR}, immutable` });
  app.get(CSS_PATH, asset(CSS, 'text/css; charset=utf-8'));
  app.get(ICON_PATH, asset(ICON, 'image/svg+xml'));
  // An old page asking for a previous stylesheet gets the current one, briefly cached.
  app.get('/assets/:name{app\\.[0-9a-f]+\\.css}', (c) => c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' }));
  app.get('/favicon.ico', (c) => c.redirect(ICON_PATH, 301));

  // The language switch: a preference only (no data changes), so a plain link works everywhere.
  app.get('/language/:lang', (c) => {
    const lang = c.req.param('lang');
    if (isLanguage(lang)) jar.set(c, 'lang', lang, YEAR);
    return c.redirect(safeNext(c.req.query('next'), { signInPages: true }), 303);
  });

  // Forms are small: a note of 2000 characters is the largest field.
  const formLimit = bodyLimit({ maxSize: FORM_LIMIT, onError: (c) => c.text('Form too large', 413) });
  // An uploaded spreadsheet: up to 5 MB and the form around it. A file just over 5 MB reaches the
  // upload's page, which refuses it; a larger body is stopped here, with the same page in the reader's language.
  const uploadLimit = bodyLimit({
    maxSize: LIMITS.bytes + 64 * 1024,
    onError: async (c) => {
      // In the person's language when the session says who it is.
      c.set('view', viewFor(c, jar, deps.now(), await sessionPrincipal(c).catch(() => undefined)));
      return uploadTooLarge(c as Context<WebEnv>);
    },
  });
  app.post('*', (c, next) => (isWebUploadPath(c.req.path) ? uploadLimit(c, next) : formLimit(c, next)));

  const pages: Pages = { app, deps, jar, signedIn, anyone };
  for (const register of [signInPages, homePages, setupPages, planningPages, strategyPages, planPages, milestonePages, resultsPages, defineResultsPages, donorPages, digestPages, calendarPages, sheetPages]) register(pages);

  app.onError((error, c) => {
    const view = (c as Context<WebEnv>).get('view') ?? viewFor(c, jar, deps.now());
    const t = view.t;
    if (error instanceof PageError || error instanceof NotFound) {
      const status = error instanceof NotFound ? 404 : error.status;
      if (status === 401) {
        return render(c, messagePage(view, t('error.401.title'), <p>{t('error.401.body')} <a href={`/sign-in?next=${encodeURIComponent(safeNext(refererPath(c)))}`}>{t('signIn.action')}</a></p>), 401);
      }
      return render(c, messagePage(view, t(`error.${status}.title`), <p>{t(`error.${status}.body`)}</p>), status);
    }
    if (isUnavailable(error)) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return render(c, messagePage(view, t('error.503.title'), <p>{t('error.503.body')}</p>), 503);
    }
    console.error(JSON.stringify({ level: 'ERROR', requestId: c.get('requestId'), path: c.req.path, error: String((error as Error).stack ?? error) }));
    return render(c, messagePage(view, t('error.500.title'), <p>{t('error.500.body', { id: c.get('requestId') ?? '-' })}</p>), 500);
  });

  return app;
}

/** The HTML 404 for paths outside /api (shared/web/app.ts's notFound calls this). */
export function webNotFound(c: Context, deps: AppDeps) {
  const view = viewFor(c, cookieJar(deps.config.publicUrl), deps.now());
  return render(c, messagePage(view, view.t('error.404.title'), <p>{view.t('error.404.body')}</p>), 404);
}
