/**
 * Mail in the local stack: the outbox folder (`.local/outbox/`, git-ignored) that stands in for
 * SES, a link-signing secret kept in `.local/`, the `/outbox` pages (local only: they are mounted
 * by `npm start`, never by the deployed app), the scheduler when `--schedule` is given, and a
 * small file telling `npm run job` where the running stack's DynamoDB Local listens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { mailLinks, type MailLinks } from '../shared/mail/links.ts';
import { outboxMailer, readOutbox, readOutboxMessage } from '../shared/mail/outbox.ts';
import type { Mailer } from '../shared/mail/port.ts';
import { esc } from '../shared/mail/templates/html.ts';
import type { Store } from '../shared/store/index.ts';
import { LOCAL_DIR } from './dev-keys.ts';
import { scheduleOption, startScheduler } from './scheduler.ts';

export const OUTBOX_DIR = join(LOCAL_DIR, 'outbox');
export const LOCAL_MAIL_FROM = 'tracker@example.org';
const SECRET_FILE = join(LOCAL_DIR, 'link-secret.txt');
const STACK_FILE = join(LOCAL_DIR, 'stack.json');

/** The local link-signing secret: made once, kept so links in the outbox stay valid across restarts. */
export function localLinkSecret(): string {
  if (existsSync(SECRET_FILE)) return readFileSync(SECRET_FILE, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(LOCAL_DIR, { recursive: true });
  writeFileSync(SECRET_FILE, secret, { mode: 0o600 });
  return secret;
}

export interface LocalMail {
  mailer: Mailer;
  links: MailLinks;
  from: string;
}

export function localMail(publicUrl: string, dir = OUTBOX_DIR): LocalMail {
  return { mailer: outboxMailer(dir), links: mailLinks({ publicUrl, secret: localLinkSecret() }), from: LOCAL_MAIL_FROM };
}

// ------------------------------------------------------------------ where the running stack is

export interface StackInfo {
  pid: number;
  endpoint: string;
  tableName: string;
  publicUrl: string;
}

/** The running `npm start`, if there is one (its file, and its process still alive). */
export function runningStack(): StackInfo | undefined {
  if (!existsSync(STACK_FILE)) return undefined;
  try {
    const info = JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ the /outbox pages

const PAGE_CSS = `body{font:15px/1.45 system-ui,Arial,sans-serif;margin:0;color:#1f2933}header{background:#12355b;color:#fff;padding:10px 20px}
main{padding:16px 20px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d9dde3;vertical-align:top}
th{color:#52606d;font-size:13px}a{color:#1d5fa8}pre{white-space:pre-wrap;background:#f3f4f6;padding:12px;border:1px solid #d9dde3}
iframe{width:100%;height:70vh;border:1px solid #d9dde3}.muted{color:#52606d;font-size:13px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}dt{font-weight:bold}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${PAGE_CSS}</style></head>
<body><header><strong>Local outbox</strong> · mail the jobs sent while running locally (not delivered anywhere)</header><main>${body}</main></body></html>`;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'none'; frame-ancestors 'none'";
/** A mail's HTML part, shown in a sandboxed frame: its links open in the whole window. */
const MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export function outboxRoutes(dir = OUTBOX_DIR): Hono {
  const app = new Hono();
  app.get('/outbox', async (c) => {
    const entries = await readOutbox(dir);
    const rows = entries
      .map(
        (e) => `<tr><td>${esc(e.at.replace('T', ' ').slice(0, 19))}</td><td>${esc(e.kind)}</td><td>${esc(e.language)}</td><td>${esc(e.to)}</td>
<td><a href="/outbox/${esc(e.id)}">${esc(e.subject)}</a></td><td>${e.ledgerIds.length}</td></tr>`,
      )
      .join('\n');
    const body = entries.length
      ? `<p>${entries.length} message(s), newest first. Folder: <code>${esc(dir)}</code> (an <code>.eml</code> per message and <code>index.jsonl</code>).</p>
<table><tr><th>Sent (UTC)</th><th>Kind</th><th>Lang</th><th>To</th><th>Subject</th><th>Ledger entries</th></tr>${rows}</table>`
      : '<p>No mail yet. Run <code>npm run job -- reminders --at 2026-12-01T12:00:00Z</code> or <code>npm run job -- digests</code>, or start with <code>npm start -- --schedule</code>.</p>';
    return c.html(page('Outbox', `<h1>Outbox</h1>${body}`), 200, { 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store' });
  });

  app.get('/outbox/:id{[0-9A-Za-z-]+}', async (c) => {
    const found = await readOutboxMessage(dir, c.req.param('id'));
    if (!found) return c.html(page('Not found', '<p>No such message. <a href="/outbox">Back to the outbox</a></p>'), 404, { 'Content-Security-Policy': PAGE_CSP });
    const h = found.parsed.headers;
    const fields = ['from', 'to', 'subject', 'date', 'content-language', 'list-unsubscribe', 'list-unsubscribe-post']
      .filter((f) => h[f])
      .map((f) => `<dt>${esc(f)}</dt><dd>${esc(h[f]!)}</dd>`)
      .join('');
    const body = `<p><a href="/outbox">← Outbox</a> · <a href="/outbox/${esc(found.entry.id)}/eml">raw .eml</a></p>
<h1>${esc(found.entry.subject)}</h1><dl>${fields}<dt>ledger</dt><dd>${found.entry.ledgerIds.map(esc).join('<br>')}</dd></dl>
<h2>HTML part</h2><iframe sandbox="allow-top-navigation-by-user-activation" src="/outbox/${esc(found.entry.id)}/html" title="HTML part"></iframe>
<h2>Plain-text part</h2><pre>${esc(found.parsed.text)}</pre>`;
    return c.html(page(found.entry.subject, body), 200, { 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store' });
  });

  app.get('/outbox/:id{[0-9A-Za-z-]+}/html', async (c) => {
    const found = await readOutboxMessage(dir, c.req.param('id'));
    if (!found) return c.text('Not found', 404);
    const html = found.parsed.html.replace(/<head>/i, '<head><base target="_top">');
    return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': MAIL_CSP, 'X-Frame-Options': 'SAMEORIGIN' });
  });

  app.get('/outbox/:id{[0-9A-Za-z-]+}/eml', async (c) => {
    const found = await readOutboxMessage(dir, c.req.param('id'));
    if (!found) return c.text('Not found', 404);
    return c.body(found.eml, 200, { 'Content-Type': 'message/rfc822', 'Content-Disposition': `inline; filename="${found.entry.id}.eml"` });
  });
  return app;
}

// ------------------------------------------------------------------ what npm start calls

/**
 * Sets up mail for `npm start`: signed links for the app, the /outbox pages and, with
 * `--schedule`, the scheduler; announces the stack to `npm run job`. `stop` undoes it all.
 */
export function localMailStack(opts: { store: Store; publicUrl: string; endpoint: string; tableName: string; argv?: string[] }) {
  const mail = localMail(opts.publicUrl);
  mkdirSync(LOCAL_DIR, { recursive: true });
  const info: StackInfo = { pid: process.pid, endpoint: opts.endpoint, tableName: opts.tableName, publicUrl: opts.publicUrl };
  writeFileSync(STACK_FILE, JSON.stringify(info));
  const schedule = scheduleOption(opts.argv ?? process.argv.slice(2));
  let stopScheduler: (() => Promise<void>) | undefined;
  return {
    links: mail.links,
    schedule,
    mount(root: Hono) {
      root.route('/', outboxRoutes());
      if (schedule) stopScheduler = startScheduler({ ...mail, store: opts.store }, schedule);
    },
    async stop() {
      await stopScheduler?.();
      if (runningStack()?.pid === process.pid) rmSync(STACK_FILE, { force: true });
    },
  };
}
