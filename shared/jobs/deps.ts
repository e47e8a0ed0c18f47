/** What the scheduled jobs are given, and what they report. */
import type { MailLinks } from '../mail/links.ts';
import type { Mailer } from '../mail/port.ts';
import type { Store } from '../store/index.ts';
import type { JobName } from './schedule.ts';

export interface JobLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface JobDeps {
  /** The instant the run acts for: the schedule's time (a retried delivery keeps it), or `--at` locally. */
  now: Date;
  store: Store;
  mailer: Mailer;
  links: MailLinks;
  /** Sender address. */
  from: string;
  /** Wall-clock time, for ledger leases and link expiry (tests move it). Defaults to the real clock. */
  clock?: () => Date;
  log?: JobLog;
  /** How long a claimed ledger entry is respected before another run may take it over (default 15 minutes). */
  leaseMs?: number;
  /** Mails in flight at once (default 4). */
  concurrency?: number;
}

export interface SentMessage {
  to: string;
  subject: string;
  language: string;
  ledgerIds: string[];
  messageId?: string;
  error?: string;
}

export interface JobResult {
  job: JobName;
  at: string;
  /** Ledger entries (recipient, milestone or digest, kind, day) this run found due. */
  due: number;
  /** Of those, entries another run had already sent or was sending: skipped. */
  skipped: number;
  /** Mails accepted by the mailer. */
  sent: number;
  /** Mails that could not be sent (their entries are released; the next run retries them). */
  failed: number;
  /** Mails sent whose ledger entries could not be marked sent: the at-least-once window. */
  unrecorded: number;
  messages: SentMessage[];
  warnings: string[];
}

export const noLog: JobLog = { info: () => {}, warn: () => {}, error: () => {} };

export function emptyResult(job: JobName, now: Date): JobResult {
  return { job, at: now.toISOString(), due: 0, skipped: 0, sent: 0, failed: 0, unrecorded: 0, messages: [], warnings: [] };
}
