/**
 * Exactly-once delivery through the send ledger. For each letter (one mail to one recipient,
 * covering one or more ledger entries):
 *
 *   1. skip entries the ledger already shows sent, or claimed by a run whose lease is still on
 *   1b. take the recipient's letter lease (one conditional write): two runs at the same time would
 *      otherwise split one person's entries between two mails; the run that does not get it leaves
 *      the recipient to the one that did (which sends all of them), and the lease is given back
 *      when the letter is done (or runs out, for a crashed run)
 *   2. claim each remaining entry with a conditional write (only one run can win it)
 *   3. compose the mail from the claimed entries only, and send it
 *   4. mark the entries sent; if the send failed, release them (the next run retries)
 *
 * What a crash does, step by step:
 *   - before 2, or between 2 and 3 (claimed, not sent): the entries stay `sending` until their
 *     lease ends; the first run after that claims them again and sends. Nothing is lost and nothing
 *     is sent twice.
 *   - between 3 and 4 (sent, not yet marked): the next run after the lease cannot tell this from
 *     the case above and sends again. In that window delivery is AT-LEAST-ONCE: a mail provider
 *     gives no way to ask "did you already take this one?", and we prefer a rare duplicate (the
 *     window is one DynamoDB write, which is retried through throttling) to a Director General or
 *     focal point silently missing a mail.
 */
import type { MailMessage } from '../mail/port.ts';
import type { LedgerEntry } from '../store/ledger.ts';
import { noLog, type JobDeps, type JobResult } from './deps.ts';
import { mapLimit, retrying } from './retry.ts';

export interface LetterEntry<T> {
  /** Ledger id: (recipient, milestone or digest, kind, day). */
  id: string;
  kind: string;
  item: T;
}

export interface Letter<T> {
  /** Who it is for (logs and the ledger). */
  recipient: string;
  entries: LetterEntry<T>[];
  /** The mail for the entries this run claimed (a subset when another run holds some). */
  compose(items: T[]): MailMessage;
}

export const DEFAULT_LEASE_MS = 15 * 60_000;
/** Ledger entries outlive every run that could ask about them (a digest period is at most 92 days). */
const RETAIN_DAYS = 120;

function isSettled(entry: LedgerEntry | undefined, now: number): boolean {
  if (!entry) return false;
  if (entry.status === 'sent') return true;
  return entry.status === 'sending' && (entry.leaseUntil ?? 0) >= now;
}

export async function deliver<T>(letters: readonly Letter<T>[], deps: JobDeps, result: JobResult): Promise<void> {
  const { store, mailer } = deps;
  const log = deps.log ?? noLog;
  const clock = deps.clock ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;

  const ids = letters.flatMap((l) => l.entries.map((e) => e.id));
  result.due += ids.length;
  if (ids.length === 0) return;
  const known = await retrying(() => store.ledger.getMany(ids));

  await mapLimit(letters, deps.concurrency ?? 4, async (letter) => {
    const wall = clock();
    const open = letter.entries.filter((e) => !isSettled(known.get(e.id), wall.getTime()));
    result.skipped += letter.entries.length - open.length;
    if (open.length === 0) return;

    const expiresAt = new Date(Math.max(wall.getTime(), deps.now.getTime()) + RETAIN_DAYS * 86_400_000);
    // One writer per recipient at a time, so concurrent runs converge on one mail per person.
    const lockId = `letter#${letter.recipient}`;
    let lock: { attempt: string } | undefined;
    try {
      const claim = await retrying(() => store.ledger.claim(lockId, { kind: 'letter', recipient: letter.recipient, at: wall, leaseMs, expiresAt: new Date(wall.getTime() + 86_400_000) }));
      if (!claim.claimed) {
        result.skipped += open.length;
        return;
      }
      lock = { attempt: claim.attempt };
    } catch (error) {
      log.warn('could not take the letter lease', { recipient: letter.recipient, error: String(error) });
      result.failed++;
      result.warnings.push(`${letter.recipient}: the letter could not be started; the next run retries it`);
      return;
    }
    try {
      await write(letter, open, expiresAt, wall);
    } finally {
      await retrying(() => store.ledger.release(lockId, lock!.attempt, 'done')).catch(() => undefined);
    }
  });

  async function write(letter: Letter<T>, open: LetterEntry<T>[], expiresAt: Date, wall: Date) {
    const claims = await Promise.all(
      open.map(async (entry) => {
        try {
          const claim = await retrying(() => store.ledger.claim(entry.id, { kind: entry.kind, recipient: letter.recipient, at: wall, leaseMs, expiresAt }));
          return claim.claimed ? { entry, attempt: claim.attempt } : 'taken';
        } catch (error) {
          // Unknown whether the claim landed: if it did, its lease runs out and a later run sends.
          log.warn('could not claim a ledger entry', { id: entry.id, error: String(error) });
          return 'error';
        }
      }),
    );
    const claimed = claims.filter((c): c is { entry: LetterEntry<T>; attempt: string } => typeof c === 'object');
    result.skipped += claims.filter((c) => c === 'taken').length;
    if (claims.includes('error')) {
      result.failed++;
      result.warnings.push(`${letter.recipient}: some ledger entries could not be claimed; the next run retries them`);
    }
    if (claimed.length === 0) return;

    const release = (reason: string) =>
      Promise.all(claimed.map((c) => retrying(() => store.ledger.release(c.entry.id, c.attempt, reason)).catch(() => undefined)));

    let message: MailMessage;
    try {
      message = letter.compose(claimed.map((c) => c.entry.item));
    } catch (error) {
      await release(`compose: ${String(error)}`);
      result.failed++;
      result.messages.push({ to: letter.recipient, subject: '', language: '', ledgerIds: claimed.map((c) => c.entry.id), error: String(error) });
      log.error('could not compose a mail', { recipient: letter.recipient, error: String(error) });
      return;
    }

    let messageId: string;
    try {
      messageId = (await mailer.send(message)).messageId;
    } catch (error) {
      await release(String((error as Error).message ?? error));
      result.failed++;
      result.messages.push({ to: message.to.email, subject: message.subject, language: message.language, ledgerIds: message.ledgerIds, error: String(error) });
      log.warn('mail not sent; released for the next run', { to: message.to.email, error: String(error) });
      return;
    }

    result.sent++;
    result.messages.push({ to: message.to.email, subject: message.subject, language: message.language, ledgerIds: message.ledgerIds, messageId });
    const sentAt = clock();
    const marked = await Promise.all(
      claimed.map((c) =>
        retrying(() => store.ledger.markSent(c.entry.id, c.attempt, { at: sentAt, messageId })).catch((error) => {
          log.error('mail sent but the ledger could not record it: a later run may send it again', { id: c.entry.id, messageId, error: String(error) });
          return false;
        }),
      ),
    );
    if (marked.includes(false)) result.unrecorded++;
  }
}
