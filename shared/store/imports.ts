/**
 * Spreadsheet imports: the preview's record and the confirm's writes.
 *
 * A preview is saved as an import record, all under the record's own partition and expiring after
 * a week (TTL): a header item (who, which file, the plan's revision and a snapshot of its
 * milestones' and contributions' versions when the preview was made), the preview as the reader
 * saw it (`#PREVIEW#n`, gzipped JSON, so a reload of the page shows it again without the file), and
 * one item per chunk of writes. Each chunk holds at most 49 rows (milestones and contributions), so
 * that a chunk is one TransactWriteItems of at most 100 actions: each row's item (guarded on the
 * version the preview read, or on not existing yet) and its history event, plus the plan (its
 * counter, revision and per-administration and per-donor counts), plus the header's `chunksDone`
 * moved from i to i+1. A confirm applies the chunks in order from `chunksDone`; a retry after a
 * failure resumes at the first chunk not written, and a chunk written twice is impossible (the
 * header's condition). The first chunk is also guarded on the plan's revision at the preview.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Contribution, HistoryEvent } from '../domain/resources.ts';
import type { Contributions } from './contributions.ts';
import type { Db, Item, WriteOp } from './db.ts';
import { Conflict } from './errors.ts';
import type { Actor, History } from './history.ts';
import { markFeeds } from './feed-marks.ts';
import { key } from './keys.ts';
import type { Milestones } from './milestones.ts';
import { touchPlan, type FactChange, type PlanRecord, type StoredMilestone } from './plan-collection.ts';

/**
 * Rows per chunk: 40 x (milestone or contribution + history event) + the plan + the header = 82 actions, which
 * leaves 18 of a transaction's 100 for the calendar feed markers (feed-marks.ts) of the owners
 * (at most OWNERS_PER_CHUNK, new and former) and the plan's co-coordinators.
 */
export const ROWS_PER_CHUNK = 40;
const OWNERS_PER_CHUNK = 12;
const TRANSACTION_ACTIONS = 100;
/** A chunk item stays well under DynamoDB's 400 KB per item. */
const CHUNK_BYTES = 300_000;
const WEEK_SECONDS = 7 * 24 * 3600;

/** One row's write: a milestone or a contribution, as it will be stored (timestamps and author set when written). */
export type ImportWrite =
  | { milestone: StoredMilestone; contribution?: undefined; expectedVersion: number | null; changes: HistoryEvent['changes']; previousOwner?: string }
  | { contribution: Contribution; milestone?: undefined; expectedVersion: number | null; changes: HistoryEvent['changes'] };

export interface ImportCounts {
  create: number;
  update: number;
  unchanged: number;
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
  /** The plan's contributions when the preview was made (absent on records made before contributions were imported). */
  contributionSnapshot?: { id: string; donorId: string; description: string; version: number }[];
  summary: ImportCounts;
  contributionSummary?: ImportCounts;
  /** False when the preview has errors or nothing to change: nothing to confirm. */
  confirmable?: boolean;
  chunks: number;
  chunksDone: number;
  createdAt: string;
}

const importKey = (id: string) => `IMPORT#${id}`;
const chunkSk = (i: number) => `CHUNK#${String(i).padStart(4, '0')}`;
const previewSk = (i: number) => `#PREVIEW#${String(i).padStart(4, '0')}`;
/** A piece of the gzipped preview: 300 KB, under DynamoDB's 400 KB per item. */
const PREVIEW_PIECE = 300_000;

/** The administrations a write concerns as owner: the new one and, when it moves, the former one. */
function ownersOf(w: ImportWrite): string[] {
  if (!w.milestone) return [];
  const before = w.previousOwner ?? w.changes.find((c) => c.field === 'ownerAdministrationId')?.before;
  return typeof before === 'string' && before !== w.milestone.ownerAdministrationId ? [w.milestone.ownerAdministrationId, before] : [w.milestone.ownerAdministrationId];
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

function toHeader(head: Item): ImportHeader {
  const header = { ...(head as unknown as ImportHeader), snapshot: JSON.parse(String(head.snapshot)) as ImportHeader['snapshot'] };
  if (typeof head.contributionSnapshot === 'string') header.contributionSnapshot = JSON.parse(head.contributionSnapshot) as ImportHeader['contributionSnapshot'];
  for (const k of ['pk', 'sk', 'entity', 'expiresAt']) delete (header as unknown as Item)[k];
  return header;
}

function previewOf(items: readonly Item[]): unknown {
  const pieces = items.filter((i) => String(i.sk).startsWith('#PREVIEW#')).sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  if (pieces.length === 0) return undefined;
  return JSON.parse(gunzipSync(Buffer.concat(pieces.map((p) => Buffer.from(p.data as Uint8Array)))).toString('utf8'));
}

export class Imports {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly milestones: Milestones,
    private readonly contributions: Contributions,
    private readonly now: () => Date,
  ) {}

  /**
   * Saves a preview's record: the header, the preview as shown (for a reload) and the chunks,
   * 25 items per BatchWriteItem (one request up to 23 chunks, that is about 1,100 rows).
   */
  async save(header: Omit<ImportHeader, 'chunks' | 'chunksDone'>, writes: readonly ImportWrite[], preview: unknown): Promise<ImportHeader> {
    const chunks = chunked(writes);
    const full: ImportHeader = { ...header, chunks: chunks.length, chunksDone: 0 };
    const expiresAt = Math.floor(this.now().getTime() / 1000) + WEEK_SECONDS;
    const pk = importKey(header.id);
    const zipped = gzipSync(JSON.stringify(preview));
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < zipped.length; at += PREVIEW_PIECE) pieces.push(new Uint8Array(zipped.subarray(at, at + PREVIEW_PIECE)));
    await this.db.batchPut([
      {
        pk, sk: '#IMPORT', entity: 'import', expiresAt, ...full,
        snapshot: JSON.stringify(full.snapshot),
        ...(full.contributionSnapshot ? { contributionSnapshot: JSON.stringify(full.contributionSnapshot) } : {}),
      },
      ...pieces.map((data, i) => ({ pk, sk: previewSk(i), entity: 'import-preview', expiresAt, data })),
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
    const chunks = items
      .filter((i) => String(i.sk).startsWith('CHUNK#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .map((i) => JSON.parse(String(i.writes)) as ImportWrite[]);
    return { header: toHeader(head), chunks };
  }

  /** The header and the preview as it was shown, without the chunks: one Query of the items whose key starts with '#'. */
  async preview(id: string): Promise<{ header: ImportHeader; preview: unknown } | undefined> {
    if (!/^[a-z0-9-]{1,64}$/.test(id)) return undefined;
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :head)',
      ExpressionAttributeValues: { ':pk': importKey(id), ':head': '#' },
      ConsistentRead: true,
    });
    const head = items.find((i) => i.sk === '#IMPORT');
    if (!head) return undefined;
    return { header: toHeader(head), preview: previewOf(items) };
  }

  /**
   * Writes chunk `index` in one TransactWriteItems: its milestones and contributions (each
   * guarded), their history events, the plan (its milestone counter guarded on the value this
   * chunk follows, its revision, and the administrations' and donors' counts the rows move), and
   * the header moved from `index` to `index + 1` chunks done. Any failed condition writes nothing.
   * `plan` is the plan as read before this chunk; the plan after it is returned for the next one.
   */
  async applyChunk(header: ImportHeader, index: number, writes: readonly ImportWrite[], plan: PlanRecord, actor: Actor): Promise<PlanRecord> {
    const at = this.now();
    const stamp = at.toISOString();
    const ops: WriteOp[] = [];
    const facts = new Map<string, FactChange>();
    const move = (fact: FactChange['fact'], id: string, delta: number) => {
      const k = `${fact}:${id}`;
      const f = facts.get(k) ?? { fact, id, delta: 0 };
      f.delta += delta;
      facts.set(k, f);
    };
    const marked = new Set<string>();
    const refsBefore = plan.lastRef;
    let refsAfter = refsBefore;
    for (const w of writes) {
      const created = w.expectedVersion === null;
      if (w.milestone) {
        const m: StoredMilestone = { ...w.milestone, updatedAt: stamp, updatedBy: actor.userId, ...(created ? { createdAt: stamp } : {}) };
        for (const o of ownersOf(w)) marked.add(o);
        if (created) {
          refsAfter = Math.max(refsAfter, m.ref ?? 0);
          move('participant', m.ownerAdministrationId, 1);
        } else if (w.previousOwner && w.previousOwner !== m.ownerAdministrationId) {
          move('participant', m.ownerAdministrationId, 1);
          move('participant', w.previousOwner, -1);
        }
        ops.push(this.db.guardedPut(this.milestones.item(m), w.expectedVersion, () => new Conflict(`milestone ${m.ref ?? m.id} changed or was added since the preview`)));
        ops.push(this.history.event(`milestone/${m.id}`, created ? 'created' : 'updated', m.version, w.changes, actor, at));
      } else {
        const c: Contribution = { ...w.contribution, updatedAt: stamp, ...(created ? { createdAt: stamp } : {}) };
        if (created) move('donor', c.donorId, 1);
        ops.push(this.db.guardedPut(this.contributions.item(c), w.expectedVersion, () => new Conflict(`a contribution of ${c.donorId} changed or was added since the preview`)));
        ops.push(this.history.event(`contribution/${c.id}`, created ? 'created' : 'updated', c.version, w.changes, actor, at));
      }
    }
    const refsMove = refsAfter !== refsBefore;
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    if (refsMove) {
      conditions.push(refsBefore === 0 ? 'attribute_not_exists(milestoneRefs)' : 'milestoneRefs = :refsBefore');
      values[':refsAfter'] = refsAfter;
      if (refsBefore !== 0) values[':refsBefore'] = refsBefore;
    }
    // The first chunk: nothing in the plan may have changed since the preview.
    if (index === 0) {
      conditions.push(header.planRevision === 0 ? 'attribute_not_exists(rev)' : 'rev = :previewRev');
      if (header.planRevision !== 0) values[':previewRev'] = header.planRevision;
    }
    const changed = [...facts.values()].filter((f) => f.delta !== 0);
    ops.push(touchPlan(this.db, plan, changed, {
      set: refsMove ? 'milestoneRefs = :refsAfter' : '',
      condition: conditions.join(' AND '),
      values,
      onConditionFailed: () => new Conflict('the plan changed since the preview'),
    }));
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
    const marks = markFeeds(this.db, [...marked, ...(plan.scope.coordinatorIds ?? [])]);
    const room = TRANSACTION_ACTIONS - ops.length;
    await this.db.transact([...ops, ...marks.slice(0, room)]);
    if (marks.length > room) await this.db.transact(marks.slice(room));
    const counts = plan.counts && {
      participant: { ...plan.counts.participant },
      donor: { ...plan.counts.donor },
    };
    if (counts) {
      for (const f of changed) {
        const next = (counts[f.fact][f.id] ?? 0) + f.delta;
        if (next > 0) counts[f.fact][f.id] = next;
        else delete counts[f.fact][f.id];
      }
    }
    return { ...plan, rev: plan.rev + 1, lastRef: refsAfter, ...(counts ? { counts } : {}) };
  }
}
