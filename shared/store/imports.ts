/**
 * Spreadsheet imports: the preview's record and the confirm's writes.
 *
 * A preview is saved as an import record: a header item (who, which file, the plan's revision and
 * a snapshot of its milestones' versions when the preview was made) and one item per chunk of
 * writes, all under the record's own partition, expiring after a week (TTL). Each chunk holds at
 * most 49 rows, so that a chunk is one TransactWriteItems of at most 100 actions: each row's
 * milestone (guarded on the version the preview read, or on not existing yet) and its history
 * event, plus the plan's counter and revision, plus the header's `chunksDone` moved from i to i+1.
 * A confirm applies the chunks in order from `chunksDone`; a retry after a failure resumes at the
 * first chunk not written, and a chunk written twice is impossible (the header's condition).
 */
import type { HistoryEvent } from '../domain/resources.ts';
import type { Db, Item, WriteOp } from './db.ts';
import { Conflict, NotFound } from './errors.ts';
import type { Actor, History } from './history.ts';
import { markFeeds } from './feed-marks.ts';
import { key } from './keys.ts';
import type { Milestones } from './milestones.ts';
import type { StoredMilestone } from './plan-collection.ts';

/**
 * Rows per chunk: 40 x (milestone + history event) + the plan + the header = 82 actions, which
 * leaves 18 of a transaction's 100 for the calendar feed markers (feed-marks.ts) of the owners
 * (at most OWNERS_PER_CHUNK, new and former) and the plan's co-coordinators.
 */
export const ROWS_PER_CHUNK = 40;
const OWNERS_PER_CHUNK = 12;
const TRANSACTION_ACTIONS = 100;
/** A chunk item stays well under DynamoDB's 400 KB per item. */
const CHUNK_BYTES = 300_000;
const WEEK_SECONDS = 7 * 24 * 3600;

export interface ImportWrite {
  /** The milestone as it will be stored (timestamps and author set when written). */
  milestone: StoredMilestone;
  /** The version the preview read; null for a new milestone. */
  expectedVersion: number | null;
  changes: HistoryEvent['changes'];
}

export interface ImportHeader {
  id: string;
  planId: string;
  userId: string;
  fileName: string;
  /** The plan's revision when the preview was made: the confirm is refused if it moved. */
  planRevision: number;
  /** The plan's milestone counter when the preview was made. */
  lastRef: number;
  snapshot: { id: string; ref?: number; title: string; version: number }[];
  summary: { create: number; update: number; unchanged: number };
  chunks: number;
  chunksDone: number;
  createdAt: string;
}

const importKey = (id: string) => `IMPORT#${id}`;
const chunkSk = (i: number) => `CHUNK#${String(i).padStart(4, '0')}`;

/** The administrations a write concerns as owner: the new one and, when it moves, the former one. */
function ownersOf(w: ImportWrite): string[] {
  const before = w.changes.find((c) => c.field === 'ownerAdministrationId')?.before;
  return typeof before === 'string' ? [w.milestone.ownerAdministrationId, before] : [w.milestone.ownerAdministrationId];
}

/** Rows split into chunks of at most ROWS_PER_CHUNK, OWNERS_PER_CHUNK owners and CHUNK_BYTES of JSON. */
export function chunked(writes: readonly ImportWrite[]): ImportWrite[][] {
  const chunks: ImportWrite[][] = [];
  let current: ImportWrite[] = [];
  let bytes = 0;
  let owners = new Set<string>();
  for (const w of writes) {
    const size = Buffer.byteLength(JSON.stringify(w));
    const more = ownersOf(w).filter((o) => !owners.has(o)).length;
    if (current.length === ROWS_PER_CHUNK || (current.length > 0 && (bytes + size > CHUNK_BYTES || owners.size + more > OWNERS_PER_CHUNK))) {
      chunks.push(current);
      current = [];
      bytes = 0;
      owners = new Set();
    }
    current.push(w);
    bytes += size;
    for (const o of ownersOf(w)) owners.add(o);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class Imports {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly milestones: Milestones,
    private readonly now: () => Date,
  ) {}

  /** Saves a preview's record: the header and its chunks, 25 items per BatchWriteItem. */
  async save(header: Omit<ImportHeader, 'chunks' | 'chunksDone'>, writes: readonly ImportWrite[]): Promise<ImportHeader> {
    const chunks = chunked(writes);
    const full: ImportHeader = { ...header, chunks: chunks.length, chunksDone: 0 };
    const expiresAt = Math.floor(this.now().getTime() / 1000) + WEEK_SECONDS;
    const pk = importKey(header.id);
    await this.db.batchPut([
      { pk, sk: '#IMPORT', entity: 'import', expiresAt, ...full, snapshot: JSON.stringify(full.snapshot) },
      ...chunks.map((chunk, i) => ({ pk, sk: chunkSk(i), entity: 'import-chunk', expiresAt, writes: JSON.stringify(chunk) })),
    ]);
    return full;
  }

  /** The record (header and chunks), one Query (more only past 1 MB). */
  async get(id: string): Promise<{ header: ImportHeader; chunks: ImportWrite[][] } | undefined> {
    if (!/^[a-z0-9-]{1,64}$/.test(id)) return undefined;
    const items = await this.db.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': importKey(id) }, ConsistentRead: true });
    const head = items.find((i) => i.sk === '#IMPORT');
    if (!head) return undefined;
    const header = { ...(head as unknown as ImportHeader), snapshot: JSON.parse(String(head.snapshot)) as ImportHeader['snapshot'] };
    for (const k of ['pk', 'sk', 'entity', 'expiresAt']) delete (header as unknown as Item)[k];
    const chunks = items
      .filter((i) => String(i.sk).startsWith('CHUNK#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .map((i) => JSON.parse(String(i.writes)) as ImportWrite[]);
    return { header, chunks };
  }

  /**
   * Writes chunk `index` in one TransactWriteItems: its milestones (each guarded), their history
   * events, the plan's counter (guarded on the value this chunk follows) and revision, and the
   * header moved from `index` to `index + 1` chunks done. Any failed condition writes nothing.
   */
  async applyChunk(header: ImportHeader, index: number, writes: readonly ImportWrite[], refsBefore: number, actor: Actor, coordinatorIds: readonly string[] = []): Promise<void> {
    const at = this.now();
    const stamp = at.toISOString();
    const ops: WriteOp[] = [];
    const owners = new Set<string>();
    const marked = new Set<string>();
    let refsAfter = refsBefore;
    for (const w of writes) {
      const m: StoredMilestone = { ...w.milestone, updatedAt: stamp, updatedBy: actor.userId, ...(w.expectedVersion === null ? { createdAt: stamp } : {}) };
      owners.add(m.ownerAdministrationId);
      for (const o of ownersOf(w)) marked.add(o);
      if (w.expectedVersion === null) refsAfter = Math.max(refsAfter, m.ref ?? 0);
      ops.push(this.db.guardedPut(this.milestones.item(m), w.expectedVersion, () => new Conflict(`milestone ${m.ref ?? m.id} changed or was added since the preview`)));
      ops.push(this.history.event(`milestone/${m.id}`, w.expectedVersion === null ? 'created' : 'updated', m.version, w.changes, actor, at));
    }
    const refsMove = refsAfter !== refsBefore;
    ops.push(this.db.update(
      {
        Key: key.plan(header.planId),
        UpdateExpression: `ADD rev :one, participantIds :owners${refsMove ? ' SET milestoneRefs = :after' : ''}`,
        ConditionExpression: !refsMove ? 'attribute_exists(pk)' : refsBefore === 0 ? 'attribute_exists(pk) AND attribute_not_exists(milestoneRefs)' : 'milestoneRefs = :before',
        ExpressionAttributeValues: {
          ':one': 1,
          ':owners': owners,
          ...(refsMove ? { ':after': refsAfter } : {}),
          ...(refsMove && refsBefore !== 0 ? { ':before': refsBefore } : {}),
        },
      },
      () => (refsMove ? new Conflict('milestones were added to the plan since the preview') : new NotFound('plan', header.planId)),
    ));
    ops.push(this.db.update(
      {
        Key: { pk: importKey(header.id), sk: '#IMPORT' },
        UpdateExpression: 'SET chunksDone = :next',
        ConditionExpression: 'chunksDone = :index',
        ExpressionAttributeValues: { ':next': index + 1, ':index': index },
      },
      () => new Conflict('this part of the import was already written'),
    ));
    // The calendar feeds of the owners (new and former) and the co-coordinators move too; a plan with
    // more co-coordinators than the room left has the rest moved just after.
    const marks = markFeeds(this.db, [...marked, ...coordinatorIds]);
    const room = TRANSACTION_ACTIONS - ops.length;
    await this.db.transact([...ops, ...marks.slice(0, room)]);
    if (marks.length > room) await this.db.transact(marks.slice(room));
  }
}
