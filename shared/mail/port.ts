/**
 * The Mailer port: what the jobs hand over to send one email. Two adapters implement it: SES v2
 * in AWS (ses.ts) and a local outbox folder (outbox.ts).
 */
import type { Language } from '../domain/common.ts';

export interface Address {
  name?: string;
  email: string;
}

export type MailKind = 'reminder' | 'digest';

export interface MailMessage {
  /** Sender address, e.g. `tracker@example.org`. */
  from: string;
  to: Address;
  subject: string;
  /** Plain-text part. */
  text: string;
  /** HTML part: inline CSS, tables for layout, no scripts, no remote images. */
  html: string;
  language: Language;
  kind: MailKind;
  /** Extra header fields, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers: Record<string, string>;
  /** The send-ledger entries this message settles (for tracing; also written into the outbox index). */
  ledgerIds: string[];
}

export interface SentMail {
  /** The provider's id for the message (SES MessageId, or the outbox file's id). */
  messageId: string;
}

export interface Mailer {
  /** Sends one message; rejects when the provider did not accept it. */
  send(message: MailMessage): Promise<SentMail>;
}
