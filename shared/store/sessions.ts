/**
 * Signed-out sessions. A session's ID tokens are stateless JWTs, valid until they expire
 * (SESSION_SECONDS.idToken) even after the refresh token is revoked. So sign-out also records the
 * session as ended, and every request that carries a session's token asks, with one strongly
 * consistent GetItem of a key-only item, whether it has ended: a copied cookie stops working at
 * once. The session id is the token's `origin_jti` (Cognito keeps it across refreshes; the
 * development issuer does the same). Items expire through the table's TTL once no ID token of the
 * session can still be valid.
 *
 * A change of a person's access (deactivation, a new role, administration or donor) ends all their
 * sessions' current tokens the same way: a marker on the person says which tokens are too old (issued
 * before it), read in the same request (one BatchGetItem of both keys). A browser then renews its
 * token (a deactivated person's refresh is revoked; a changed role renews into the new role).
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../domain/policy.ts';
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

  /** Ends the current tokens of every session of a person: those issued up to now (to the second). */
  async endAllOf(personId: string, validFor: number): Promise<void> {
    const at = this.now().getTime();
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...key.endedSessionsOf(personId), entity: 'ended-sessions', endedBefore: Math.floor(at / 1000), expiresAt: Math.ceil(at / 1000) + validFor + 60 },
      }),
    );
  }

  /** Whether the token behind this principal may no longer be used (one BatchGetItem; none without a session). */
  async ended(principal: Pick<Principal, 'sessionId' | 'userId' | 'issuedAt'>): Promise<boolean> {
    if (!principal.sessionId) return false;
    const hash = hashOf(principal.sessionId);
    if (this.seen.has(hash)) return true;
    const session = key.endedSession(hash);
    const person = key.endedSessionsOf(principal.userId);
    const out = await this.db.doc.send(
      new BatchGetCommand({ RequestItems: { [this.db.tableName]: { Keys: [session, person], ConsistentRead: true, ProjectionExpression: 'pk, endedBefore' } } }),
    );
    // Two small keys: DynamoDB leaves nothing unprocessed short of throttling, which the SDK's retries meet first.
    const items = out.Responses?.[this.db.tableName] ?? [];
    if (items.some((item) => item.pk === session.pk)) {
      if (this.seen.size > 10_000) this.seen.clear();
      this.seen.add(hash);
      return true;
    }
    const marker = items.find((item) => item.pk === person.pk);
    // Tokens carry their issue time in whole seconds: one issued in the second of the change is
    // refused too (a browser renewing in that same second signs in again).
    return !!marker && (principal.issuedAt === undefined || principal.issuedAt <= Number(marker.endedBefore));
  }
}
