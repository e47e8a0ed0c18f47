/** Append-only history events: who changed what, when, before and after. */
import type { HistoryEvent } from '../domain/resources.ts';
import type { Role } from '../domain/resources.ts';
import { randomSuffix, key } from './keys.ts';
import type { Db, Item, Page, PageRequest, WriteOp } from './db.ts';
import { Conflict } from './errors.ts';

export interface Actor {
  userId: string;
  role: Role;
  /** How the change arrived when not through a signed-in session (e.g. 'reminder-link'). */
  via?: string;
}

const KEY_FIELDS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'duePk', 'dueSk', 'expiresAt', 'entity']);

/** A stored item without its key attributes and the internal fields named. */
export function strip<T>(item: Item, internal: readonly string[] = []): T {
  // On every item of every list (a profile of the milestone list found Object.entries here costing
  // more than the rest of the route): one pass, no [key, value] pairs made.
  const out: Item = {};
  for (const k in item) {
    if (!KEY_FIELDS.has(k) && (internal.length === 0 || !internal.includes(k))) out[k] = item[k];
  }
  return out as T;
}

export function changes(before: Item | null, after: Item | null, fields: readonly string[]) {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const field of fields) {
    const b = before?.[field];
    const a = after?.[field];
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field, before: b ?? null, after: a ?? null });
  }
  return out;
}

export class History {
  constructor(private readonly db: Db) {}

  event(
    subject: string,
    action: HistoryEvent['action'],
    version: number,
    changeList: HistoryEvent['changes'],
    actor: Actor,
    at: Date,
    sealed?: HistoryEvent['sealed'],
  ): WriteOp {
    const id = `${at.getTime().toString(36)}-${randomSuffix(6)}`;
    const event: HistoryEvent = {
      id,
      at: at.toISOString(),
      actor: actor.userId,
      actorRole: actor.role,
      action,
      subject,
      version,
      changes: changeList,
      ...(actor.via ? { via: actor.via } : {}),
      ...(sealed && sealed.length > 0 ? { sealed } : {}),
    };
    // Ordered by the subject's version, which every change moves on by one: two events in the same
    // millisecond still sort in the order they happened, and a version is never recorded twice.
    const op = this.db.append({ pk: key.history(subject), sk: `v${String(version).padStart(10, '0')}`, entity: 'history', ...event });
    // A history outlives what it tells of: a new item under the id of a deleted one would rewrite it.
    const [kind, ...named] = subject.split('/');
    if (action === 'created') op.onConditionFailed = () => new Conflict(`the id ${named.join('/')} was used by a ${kind} that was deleted (its history is kept): choose another id`, 'idUsedBefore', { id: named.join('/') });
    return op;
  }

  /** Newest first. */
  async list(subject: string, page: PageRequest): Promise<Page<HistoryEvent>> {
    const pk = key.history(subject);
    const out = await this.db.queryPage(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false },
      page,
      { name: 'pk', value: pk },
    );
    return { items: out.items.map((i) => strip<HistoryEvent>(i)), nextCursor: out.nextCursor };
  }

  /**
   * A subject's events whose time lies between two instants (both included), oldest first: one Query
   * (per 1 MB), the time compared by DynamoDB, so only those events travel.
   */
  async between(subject: string, from: string, to: string): Promise<HistoryEvent[]> {
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#at BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':pk': key.history(subject), ':from': from, ':to': to },
    });
    return items.map((i) => strip<HistoryEvent>(i));
  }
}
