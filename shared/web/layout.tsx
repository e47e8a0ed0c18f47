/** The page frame: skip link, header with navigation and sign-out, language switch, footer. */
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { can } from '../domain/policy.ts';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import { CSRF_FIELD } from './session.ts';
import { CSS_PATH, ICON_PATH } from './styles.ts';
import type { View } from './view.ts';

/** Each language named in itself, so a reader finds theirs whatever the page language is. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español', fr: 'Français', pt: 'Português' };

export type Section = 'home' | 'strategies' | 'setup' | 'donor' | 'digests' | 'none';

export interface Crumb {
  href?: string;
  label: string;
}

export const Layout: FC<PropsWithChildren<{ v: View; title: string; section?: Section; crumbs?: Crumb[] }>> = ({ v, title, section = 'none', crumbs, children }) => {
  const { t, principal: p } = v;
  const donorHref = p?.role === 'donor' && p.donorId ? `/donors/${encodeURIComponent(p.donorId)}` : undefined;
  const digests = p && p.administrationId && can(p, 'digest:read', { ownerAdministrationId: p.administrationId });
  // Printed, every sheet carries the page's title and the print date in its margins: @page margin
  // boxes read these attributes through attr() (the stylesheet is static and the CSP allows no inline style).
  return (
    <html lang={v.lang} data-print-title={title} data-print-date={v.renderedAt ? t('print.printed', { when: v.instant(v.renderedAt) }) : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href={CSS_PATH} />
        <link rel="icon" href={ICON_PATH} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">{t('nav.skip')}</a>
        <header class="top">
          <div class="wrap">
            <a class="brand" href="/">{t('app.name')}</a>
            {p ? (
              <nav class="main" aria-label={t('nav.label')}>
                <ul>
                  <li><a href="/" aria-current={section === 'home' ? 'page' : undefined}>{t('nav.home')}</a></li>
                  <li><a href="/strategies" aria-current={section === 'strategies' ? 'page' : undefined}>{t('nav.strategies')}</a></li>
                  {p.role === 'admin' ? <li><a href="/setup" aria-current={section === 'setup' ? 'page' : undefined}>{t('nav.setup')}</a></li> : null}
                  {donorHref ? <li><a href={donorHref} aria-current={section === 'donor' ? 'page' : undefined}>{t('nav.contributions')}</a></li> : null}
                  {digests ? <li><a href="/digests" aria-current={section === 'digests' ? 'page' : undefined}>{t('nav.digests')}</a></li> : null}
                </ul>
              </nav>
            ) : null}
            {p ? (
              <form class="signout" method="post" action="/sign-out">
                <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
                <button type="submit">{t('nav.signOut')}</button>
              </form>
            ) : null}
          </div>
        </header>
        <div class="bar2">
          <div class="wrap">
            <span class="small">{p ? <>{t('nav.signedInAs', { name: p.name ?? p.userId, role: t(`role.${p.role}`) })} · <a href="/profile">{t('nav.profile')}</a></> : '\u00a0'}</span>
            <LanguageSwitch v={v} />
          </div>
        </div>
        <main id="main" class="wrap">
          {crumbs && crumbs.length > 0 ? <Crumbs v={v} crumbs={crumbs} /> : null}
          {children}
        </main>
        <footer>
          <div class="wrap">{t('footer.text')}</div>
        </footer>
      </body>
    </html>
  );
};

const LanguageSwitch: FC<{ v: View }> = ({ v }) => (
  <nav class="langs" aria-label={v.t('nav.language')}>
    <ul>
      {LANGUAGES.map((l) => (
        <li>
          <a href={`/language/${l}?next=${encodeURIComponent(v.path)}`} lang={l} hreflang={l} aria-current={l === v.lang ? 'true' : undefined}>
            {LANGUAGE_NAMES[l]}
          </a>
        </li>
      ))}
    </ul>
  </nav>
);

const Crumbs: FC<{ v: View; crumbs: Crumb[] }> = ({ v, crumbs }) => (
  <nav aria-label={v.t('nav.breadcrumbs')}>
    <ol class="crumbs">
      {crumbs.map((c) => (c.href ? <li><a href={c.href}>{c.label}</a></li> : <li aria-current="page">{c.label}</li>))}
    </ol>
  </nav>
);

export const Notice: FC<PropsWithChildren<{ kind?: 'ok' | 'warn' | 'error' | 'info'; title?: string; role?: 'status' | 'alert' }>> = ({ kind = 'info', title, role, children }) => (
  <div class={`notice ${kind}`} role={role}>
    {title ? <h2>{title}</h2> : null}
    {children}
  </div>
);

/** A plain page for errors and empty results. */
export function messagePage(v: View, title: string, body: Child) {
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      {body}
      <p><a href="/">{v.t('nav.backHome')}</a></p>
    </Layout>
  );
}
