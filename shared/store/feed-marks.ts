/**
 * Change markers of the calendar feeds that span plans (a person's own, an administration's): one
 * small item per administration, `ADM#<code>` / `FEEDREV`, whose `rev` moves in the same transaction
 * as every change to a milestone the administration owns or co-coordinates (old and new owner when
 * the owner changes), to a plan title it shows, and to its co-coordinator terms. A calendar client
 * polling an unchanged feed is answered from it without reading any milestone. Unconditional
 * (`ADD` makes the item on first use), so it never refuses a write.
 */
import type { Db, WriteOp } from './db.ts';
import { key } from './keys.ts';

export const FEED_MARK_SK = 'FEEDREV';
export const feedMarkKey = (administrationId: string) => ({ pk: key.administration(administrationId).pk, sk: FEED_MARK_SK });

/** The updates that move the markers of these administrations (each once: a transaction names an item once). */
export function markFeeds(db: Db, administrationIds: Iterable<string | undefined>): WriteOp[] {
  return [...new Set([...administrationIds].filter((id): id is string => !!id))].sort().map((id) =>
    db.update({ Key: feedMarkKey(id), UpdateExpression: 'ADD rev :one', ExpressionAttributeValues: { ':one': 1 } }));
}
