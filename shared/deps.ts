/**
 * What the two apps (API and web) are built from: injected by each host (functions/ in AWS,
 * local/ on a laptop, the tests), so nothing in shared/ reads process.env or creates clients.
 */
import type { Accounts } from './accounts/port.ts';
import type { DevSignIn, IdentityVerifier } from './api/identity.ts';
import type { MailLinks } from './mail/links.ts';
import type { Sheets } from './sheets/port.ts';
import type { Store } from './store/index.ts';
import type { Uploads } from './sheets/uploads.ts';

/** Cognito managed login for the web pages (shared/web/cognito.ts). */
export type { DevSignIn, Tokens } from './api/identity.ts';

export interface CognitoSignIn {
  /** The user pool domain, e.g. https://tracker.auth.eu-west-1.amazoncognito.com (or a custom domain). */
  domain: string;
  clientId: string;
  /** Only for a confidential app client; a public client with PKCE needs none. */
  clientSecret?: string;
  /** Default: openid email profile. */
  scopes?: string[];
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** How people sign in to the pages; the host decides. */
export interface SignIn {
  /** Local only: the development issuer (the sign-in page lists the people on file). */
  dev?: DevSignIn;
  /** Deployed: Cognito managed login (authorization code + PKCE). */
  cognito?: CognitoSignIn;
}

export interface AppConfig {
  /** Origins allowed by CORS (exact match). Empty: no cross-origin access. */
  corsOrigins: string[];
  /** Public base URL of the app, for links in documents and mail. */
  publicUrl: string;
  /** The secretariat as IATI reporting organisation (IATI_REPORTING_ORG_REF and _NAME); a local default otherwise. */
  iatiReportingOrg?: { ref: string; type: string; name: string };
}

export interface AppDeps {
  store: Store;
  /** People's sign-in accounts (Cognito when deployed); the directory alone without it. */
  accounts?: Accounts;
  verifier: IdentityVerifier;
  now: () => Date;
  config: AppConfig;
  /**
   * Signs and reads the links in reminder and digest mail (shared/mail/links.ts); without it those pages
   * answer 404. A function is called on the first request to a link page (so the signing secret is read
   * only when someone follows a link, not on every cold start); a failed load is tried again next time.
   */
  mailLinks?: MailLinks | (() => Promise<MailLinks>);
  /** How people sign in to the web pages (shared/web): Cognito when deployed, the dev issuer locally. */
  signIn?: SignIn;
  /** The iCalendar writer for the calendar feeds, loaded on the first feed (shared/web/icalendar.ts); from node_modules without it. */
  icalendar?: () => Promise<typeof import('ical-generator')>;
  /**
   * The spreadsheet module (shared/sheets), loaded on the first import or export: in AWS its own
   * file beside the bundle (`sheetsBeside`); without it, the source module (locally, in the tests).
   */
  sheets?: () => Promise<Sheets>;
  /**
   * The uploads bucket (in AWS, UPLOADS_BUCKET): spreadsheets go straight to S3 with a presigned
   * POST and the import reads them from there. Without it, files go in the request body.
   */
  uploads?: Uploads;
}

