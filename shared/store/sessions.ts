/**
 * Signed-out sessions. A session's ID tokens are stateless JWTs, valid until they expire
 * (SESSION_SECONDS.idToken) even after the refresh token is revoked. So sign-out also records the
 * session as ended, and every request that carries a session's token asks, with one strongly
 * consistent GetItem of a key-only item, whether it has ended: a copied cookie stops working at
 * once. The session id is the token's `origin_jti` (Cognito keeps it across refreshes; the
 * development issuer does the same). Items expire through the table's TTL once no ID token of the
 * session can still be valid.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { key } from './keys.ts';

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

export class EndedSessions {
  /** Ended sessions this container has seen: ended is final, so they are never asked about twice. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Records a session as ended until `validUntil` (the latest expiry any of its ID tokens can have). */
  async end(sessionId: string, validUntil: Date): Promise<void> {
    const hash = hashOf(sessionId);
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...key.endedSession(hash), entity: 'ended-session', endedAt: this.now().toISOString(), expiresAt: Math.ceil(validUntil.getTime() / 1000) + 60 },
      }),
    );
    this.seen.add(hash);
  }

  async ended(sessionId: string): Promise<boolean> {
    const hash = hashOf(sessionId);
    if (this.seen.has(hash)) return true;
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: key.endedSession(hash), ConsistentRead: true, ProjectionExpression: 'pk' }),
    );
    if (!out.Item) return false;
    if (this.seen.size > 10_000) this.seen.clear();
    this.seen.add(hash);
    return true;
  }
}
