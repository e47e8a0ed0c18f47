/**
 * The send ledger: one item per (recipient, milestone or digest, kind, day), written with a
 * condition *before* the mail goes out, so a retried, duplicated or concurrent run cannot send it
 * again. Also keeps the single-use markers of one-click links.
 *
 *   claim     sending, with a lease   only if absent, failed, or its lease ran out (a crashed run)
 *   markSent  sent                    only by the claim's own attempt
 *   release   failed                  only by the claim's own attempt; the next run retries it
 *
 * Items expire through the table's TTL attribute once no run can ask about them any more.
 */
import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db, Item } from './db.ts';
import { strip } from './history.ts';
import { key, randomSuffix } from './keys.ts';

export type LedgerStatus = 'sending' | 'sent' | 'failed';

export interface LedgerEntry {
  id: string;
  kind: string;
  recipient: string;
  status: LedgerStatus;
  /** The claim that owns the entry now. */
  attempt: string;
  attempts: number;
  claimedAt: string;
  /** Epoch ms until which a `sending` claim is respected; after it, another run may take over. */
  leaseUntil?: number;
  sentAt?: string;
  messageId?: string;
  lastError?: string;
}

export interface ClaimRequest {
  kind: string;
  recipient: string;
  /** Wall-clock time of the claim. */
  at: Date;
  leaseMs: number;
  /** When DynamoDB may forget the entry. */
  expiresAt: Date;
}

export type Claim = { claimed: true; attempt: string } | { claimed: false };

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';
const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

export class Ledger {
  constructor(private readonly db: Db) {}

  /** Takes the right to send `id`; `{ claimed: false }` when it is sent, or another run holds it. */
  async claim(id: string, request: ClaimRequest): Promise<Claim> {
    const attempt = randomSuffix(12);
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: key.ledger(id),
          UpdateExpression:
            'SET #status = :sending, attempt = :attempt, leaseUntil = :lease, claimedAt = :at, kind = :kind, recipient = :recipient, ' +
            'entity = :entity, id = :id, expiresAt = :expires ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':attempt': attempt,
            ':lease': request.at.getTime() + request.leaseMs,
            ':now': request.at.getTime(),
            ':at': request.at.toISOString(),
            ':kind': request.kind,
            ':recipient': request.recipient,
            ':entity': 'ledger',
            ':id': id,
            ':expires': epochSeconds(request.expiresAt),
            ':one': 1,
          },
        }),
      );
      return { claimed: true, attempt };
    } catch (error) {
      if (isConditionFailure(error)) return { claimed: false };
      throw error;
    }
  }

  /** Records the send. False when the claim was lost meanwhile (its lease ran out and another run took over). */
  async markSent(id: string, attempt: string, sent: { at: Date; messageId: string }): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: key.ledger(id),
          UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :mid REMOVE leaseUntil, lastError',
          ConditionExpression: 'attempt = :attempt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': sent.at.toISOString(), ':mid': sent.messageId, ':attempt': attempt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Gives the entry back after a failed send, so the next run tries again at once. */
  async release(id: string, attempt: string, reason: string): Promise<void> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: key.ledger(id),
          UpdateExpression: 'SET #status = :failed, lastError = :reason REMOVE leaseUntil',
          ConditionExpression: 'attempt = :attempt AND #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason.slice(0, 500), ':attempt': attempt, ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async get(id: string): Promise<LedgerEntry | undefined> {
    const item = await this.db.get(key.ledger(id));
    return item ? strip<LedgerEntry>(item) : undefined;
  }

  /**
   * Entries by id, eventually consistent (half the read cost): a run uses it only to skip what is
   * already sent; the conditional claim is what actually guards against a second send.
   */
  async getMany(ids: readonly string[]): Promise<Map<string, LedgerEntry>> {
    const found = new Map<string, LedgerEntry>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => key.ledger(id));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 2 ** attempt * 25)));
        const out: BatchGetCommandOutput = await this.db.doc.send(new BatchGetCommand({ RequestItems: { [this.db.tableName]: { Keys: keys, ConsistentRead: false } } }));
        for (const item of out.Responses?.[this.db.tableName] ?? []) found.set(item.id as string, strip<LedgerEntry>(item as Item));
        keys = out.UnprocessedKeys?.[this.db.tableName]?.Keys;
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- single-use markers

  /** Marks `id` used; false when it was used already. */
  async useOnce(id: string, use: { at: Date; by: string; expiresAt: Date }): Promise<boolean> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...key.ledger(id), entity: 'ledger', id, kind: 'link-use', recipient: use.by, status: 'sent', claimedAt: use.at.toISOString(), expiresAt: epochSeconds(use.expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async isUsed(id: string): Promise<boolean> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.tableName, Key: key.ledger(id), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return !!out.Item;
  }

  /** Undoes `useOnce` when the action it guarded did not happen (so the link can be tried again). */
  async unuse(id: string): Promise<void> {
    await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: key.ledger(id) }));
  }
}
