/**
 * Links in mail: to the web pages and API resources, and the signed links that act without a
 * sign-in (one-click milestone update, one-click report of an indicator's value, reminder opt-out,
 * digest frequency).
 *
 * A signed link carries its claims in the URL, sealed with HMAC-SHA256 under the link-signing
 * secret: `<base64url(claims)>.<base64url(mac)>`. The server keeps no state to check one; the
 * single use of an update link is recorded separately (the send ledger's use markers).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An update link works for this long after the reminder is sent. */
export const UPDATE_LINK_DAYS = 7;

export type LinkClaims =
  /** Update one milestone as one person, once, until `exp` (epoch seconds). `jti` names this link. */
  | { kind: 'update'; milestoneId: string; personId: string; exp: number; jti: string }
  /**
   * Report one value as one person, once, until `exp`: for the indicator, the reporting period and
   * the administration named, nothing else (the period-close reminder's buttons). `jti` names this link.
   */
  | { kind: 'report'; indicatorId: string; periodId: string; administrationId: string; personId: string; exp: number; jti: string }
  /** Stop reminder mail to a person (RFC 8058 one-click). */
  | { kind: 'reminders-off'; personId: string }
  /** A Director General's digest: choose how often it comes (digests cannot be turned off). */
  | { kind: 'digest-frequency'; administrationId: string };

export type LinkProblem = 'invalid' | 'expired';

/** Plain links to the web pages and API resources (no secret needed). */
export interface ResourceLinks {
  readonly publicUrl: string;
  readonly web: {
    milestone(id: string): string;
    plan(id: string): string;
    strategy(id: string): string;
    digest(administrationId: string, digestId: string): string;
    /** An indicator's page, with the form to report a value. */
    indicator(id: string): string;
    /** A submission's page: its history, and the forms to correct, approve or return it. */
    submission(id: string): string;
  };
  readonly api: {
    milestone(id: string): string;
    plan(id: string): string;
    planProgress(id: string): string;
    digest(administrationId: string, digestId: string): string;
  };
}

export interface MailLinks extends ResourceLinks {
  /** A one-click update link, valid UPDATE_LINK_DAYS from `issuedAt`. */
  milestoneUpdate(milestoneId: string, personId: string, issuedAt: Date): string;
  /** A one-click report link for an indicator, a period and an administration, valid UPDATE_LINK_DAYS from `issuedAt`. */
  resultReport(report: { indicatorId: string; periodId: string; administrationId: string }, personId: string, issuedAt: Date): string;
  remindersOff(personId: string): string;
  digestFrequency(administrationId: string): string;
  /** The claims of a token from one of these links, or why it cannot be used. */
  read(token: string, now: Date): LinkClaims | { problem: LinkProblem };
}

/** Where the signed links point (the pages in shared/web/reminder-links.tsx). */
export const LINK_PATHS = {
  update: '/mail/update/',
  report: '/mail/report/',
  remindersOff: '/mail/unsubscribe/',
  digestFrequency: '/mail/digest-frequency/',
} as const;

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function resourceLinks(publicUrl: string): ResourceLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const enc = encodeURIComponent;
  return {
    publicUrl: base,
    web: {
      milestone: (id) => `${base}/milestones/${enc(id)}`,
      plan: (id) => `${base}/plans/${enc(id)}`,
      strategy: (id) => `${base}/strategies/${enc(id)}`,
      // The web app's digest archive (shared/web/pages/digests.tsx) for the administration.
      digest: (a, d) => `${base}/digests?administration=${enc(a)}&digest=${enc(d)}`,
      indicator: (id) => `${base}/indicators/${enc(id)}`,
      submission: (id) => `${base}/submissions/${enc(id)}`,
    },
    api: {
      milestone: (id) => `${base}/api/v1/milestones/${enc(id)}`,
      plan: (id) => `${base}/api/v1/plans/${enc(id)}`,
      planProgress: (id) => `${base}/api/v1/plans/${enc(id)}/progress`,
      digest: (a, d) => `${base}/api/v1/administrations/${enc(a)}/digests/${enc(d)}`,
    },
  };
}

export function mailLinks(options: { publicUrl: string; secret: string }): MailLinks {
  if (options.secret.length < 32) throw new Error('The link-signing secret must be at least 32 characters long.');
  const resources = resourceLinks(options.publicUrl);
  const base = resources.publicUrl;
  const key = Buffer.from(options.secret, 'utf8');
  const mac = (body: string) => createHmac('sha256', key).update(`v1.${body}`).digest();

  function seal(claims: LinkClaims): string {
    // Short field names keep the URLs short.
    const compact =
      claims.kind === 'update'
        ? { k: 'u', m: claims.milestoneId, p: claims.personId, e: claims.exp, j: claims.jti }
        : claims.kind === 'report'
          ? { k: 'v', i: claims.indicatorId, q: claims.periodId, a: claims.administrationId, p: claims.personId, e: claims.exp, j: claims.jti }
        : claims.kind === 'reminders-off'
          ? { k: 'r', p: claims.personId }
          : { k: 'd', a: claims.administrationId };
    const body = b64(JSON.stringify(compact));
    return `${body}.${b64(mac(body))}`;
  }

  function read(token: string, now: Date): LinkClaims | { problem: LinkProblem } {
    const m = /^([A-Za-z0-9_-]{4,1500})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return { problem: 'invalid' };
    const [, body, signature] = m as unknown as [string, string, string];
    const given = Buffer.from(signature, 'base64url');
    const expected = mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: 'invalid' };
    let c: Record<string, unknown>;
    try {
      c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return { problem: 'invalid' };
    }
    const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length < 300 ? v : undefined);
    if (c.k === 'u' && str(c.m) && str(c.p) && str(c.j) && typeof c.e === 'number') {
      if (now.getTime() / 1000 > c.e) return { problem: 'expired' };
      return { kind: 'update', milestoneId: c.m as string, personId: c.p as string, exp: c.e, jti: c.j as string };
    }
    if (c.k === 'v' && str(c.i) && str(c.q) && str(c.a) && str(c.p) && str(c.j) && typeof c.e === 'number') {
      if (now.getTime() / 1000 > c.e) return { problem: 'expired' };
      return { kind: 'report', indicatorId: c.i as string, periodId: c.q as string, administrationId: c.a as string, personId: c.p as string, exp: c.e, jti: c.j as string };
    }
    if (c.k === 'r' && str(c.p)) return { kind: 'reminders-off', personId: c.p as string };
    if (c.k === 'd' && str(c.a)) return { kind: 'digest-frequency', administrationId: c.a as string };
    return { problem: 'invalid' };
  }

  // A one-click link works UPDATE_LINK_DAYS from when it is sent, and is named so its single use can be recorded.
  const expiry = (issuedAt: Date) => ({ exp: Math.floor(issuedAt.getTime() / 1000) + UPDATE_LINK_DAYS * 86_400, jti: randomBytes(9).toString('base64url') });

  return {
    ...resources,
    milestoneUpdate: (milestoneId, personId, issuedAt) => `${base}${LINK_PATHS.update}${seal({ kind: 'update', milestoneId, personId, ...expiry(issuedAt) })}`,
    resultReport: (report, personId, issuedAt) => `${base}${LINK_PATHS.report}${seal({ kind: 'report', ...report, personId, ...expiry(issuedAt) })}`,
    remindersOff: (personId) => `${base}${LINK_PATHS.remindersOff}${seal({ kind: 'reminders-off', personId })}`,
    digestFrequency: (administrationId) => `${base}${LINK_PATHS.digestFrequency}${seal({ kind: 'digest-frequency', administrationId })}`,
    read,
  };
}

/** RFC 8058 header fields for a message whose one-click unsubscribe URL is `url`. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * The headers every mail of ours carries: it is sent by a program (RFC 3834, so auto-responders do
 * not answer it) and can be stopped or thinned in one click (RFC 8058).
 */
export function automaticMailHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'Auto-Submitted': 'auto-generated', ...listUnsubscribeHeaders(unsubscribeUrl) };
}
