/**
 * A plan's results framework: results, indicators, reporting periods and submissions, in the plan's
 * partition under `R#` (keys.ts), so the plan page's one Query reads them with the milestones and a
 * results-only read is one Query too. Every change is one TransactWriteItems: the item guarded on its
 * version, the plan's revision moved (a plan being deleted and a result being added exclude each
 * other, and the plan must exist), and an append-only history event.
 */
import type { Indicator, ReportingPeriod, Result, Submission } from '../domain/results-schema.ts';
import type { HistoryEvent } from '../domain/resources.ts';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { projection, type Db, type Item, type Key, type WriteOp } from './db.ts';
import { AlreadyExists, Conflict, VersionConflict } from './errors.ts';
import { changes, strip, type Actor, type History } from './history.ts';
import { key, listKey, RESULTS_PREFIX } from './keys.ts';
import { bumpPlan, toPlanRecord, type PlanRecord } from './plan-collection.ts';

export interface ResultsFramework {
  results: Result[];
  indicators: Indicator[];
  periods: ReportingPeriod[];
  submissions: Submission[];
}

const KINDS = {
  result: { key: key.result, sk: 'RES#', fields: ['type', 'title', 'description', 'translations'] },
  indicator: {
    key: key.indicator,
    sk: 'IND#',
    fields: ['resultId', 'title', 'definition', 'translations', 'measure', 'unit', 'ascending', 'aggregation', 'threshold', 'periodFigure', 'baseline', 'baselines', 'targets'],
  },
  period: { key: key.period, sk: 'PER#', fields: ['label', 'start', 'end'] },
  submission: { key: key.submission, sk: 'SUB#', fields: ['value', 'answer', 'note', 'evidence', 'state', 'reason'] },
} as const;
export type ResultsKind = keyof typeof KINDS;
type Stored = { result: Result; indicator: Indicator; period: ReportingPeriod; submission: Submission };
export type ResultsItem<K extends ResultsKind> = Stored[K];

/** A stored item of the framework with its kind (what a delete takes away). */
export type ResultsEntry = { [K in ResultsKind]: { kind: K; item: Stored[K] } }[ResultsKind];

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION = 100;

/**
 * What the strategy matrix (and the period-close reminders: the return `reason`) reads of a
 * framework: no prose, notes or evidence. Titles come with their translations (only the title's:
 * a document path), so both show them in their reader's language.
 */
const MATRIX_FIELDS = [
  'sk', 'id', 'planId', 'strategyId', 'resultId', 'type', 'title', 'measure', 'unit', 'ascending', 'aggregation', 'threshold', 'periodFigure',
  'baseline', 'baselines', 'targets', 'label', 'start', 'end', 'indicatorId', 'periodId', 'administrationId', 'value', 'answer', 'state', 'submittedAt', 'createdAt', 'version',
  'reason', 'translations.title',
];
const MATRIX_PROJECTION = projection(MATRIX_FIELDS, 'm');

/** The framework out of a plan's items (any items of the partition may be given; the others are left). */
export function toFramework(items: readonly Item[]): ResultsFramework {
  const of = <T>(kind: ResultsKind) => items.filter((i) => String(i.sk).startsWith(RESULTS_PREFIX + KINDS[kind].sk)).map((i) => strip<T>(i));
  return {
    results: of<Result>('result').sort((a, b) => a.type.localeCompare(b.type) || a.createdAt.localeCompare(b.createdAt)),
    indicators: of<Indicator>('indicator').sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    periods: of<ReportingPeriod>('period').sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end)),
    submissions: of<Submission>('submission').sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)),
  };
}

/**
 * The index entries of a framework item (sparse): a submission waiting for review is listed for the
 * strategy's co-coordinators (gsi2, oldest first), a returned one for the reason's mail (gsi2, by when
 * it was returned); a reporting period by its last day in the `due` index, for the period-close reminders.
 */
function indexEntries(kind: ResultsKind, item: Item): Item {
  if (kind === 'period') {
    const period = item as unknown as ReportingPeriod;
    return { duePk: listKey.periodsByEnd, dueSk: `${period.end}#${period.id}` };
  }
  if (kind !== 'submission') return {};
  const s = item as unknown as Submission;
  if (s.state === 'submitted') return { gsi2pk: listKey.awaitingReview(s.strategyId), gsi2sk: `${s.submittedAt}#${s.id}` };
  if (s.state === 'returned') return { gsi2pk: listKey.returned(s.strategyId), gsi2sk: `${s.reviewedAt ?? s.updatedAt}#${s.id}` };
  return {};
}

export class Results {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly now: () => Date,
  ) {}

  /** The plan's whole framework, one Query (per 1 MB), read consistently. */
  async framework(planId: string, options: { forMatrix?: boolean } = {}): Promise<ResultsFramework> {
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': key.plan(planId).pk, ':r': RESULTS_PREFIX },
      ...(options.forMatrix ? MATRIX_PROJECTION : { ConsistentRead: true }),
    });
    return toFramework(items);
  }

  /**
   * The plan and the named items of its framework, in one BatchGetItem: what a command needs to
   * authorize and check a change (e.g. a submission's indicator and period).
   */
  async withPlan<K extends ResultsKind>(planId: string, wanted: { kind: K; id: string }[]): Promise<{ plan?: PlanRecord; items: (Stored[K] | undefined)[] }> {
    const keys: Key[] = [key.plan(planId), ...wanted.map((w) => KINDS[w.kind].key(planId, w.id))];
    const found = await this.db.batchGet(keys);
    const bySk = new Map(found.map((i) => [String(i.sk), i]));
    const planItem = bySk.get(key.plan(planId).sk);
    return {
      plan: planItem ? toPlanRecord(planItem) : undefined,
      items: keys.slice(1).map((k) => {
        const item = bySk.get(k.sk);
        return item ? strip<Stored[K]>(item) : undefined;
      }),
    };
  }

  /**
   * Puts a new item (`expectedVersion` null) or the next version of one, with the plan's revision
   * moved and the history event, in one TransactWriteItems.
   */
  async write<K extends ResultsKind>(
    kind: K,
    item: Omit<Stored[K], 'version' | 'createdAt' | 'updatedAt'> & { planId: string },
    before: Stored[K] | null,
    actor: Actor,
    action: HistoryEvent['action'] = before ? 'updated' : 'created',
  ): Promise<Stored[K]> {
    const at = this.now().toISOString();
    const version = before ? before.version + 1 : 1;
    const next = { ...item, version, createdAt: before?.createdAt ?? at, updatedAt: at } as unknown as Stored[K];
    const changed = changes(before as Item | null, next as unknown as Item, KINDS[kind].fields);
    if (before && changed.length === 0 && action === 'updated') return before;
    const extra = indexEntries(kind, next as unknown as Item);
    await this.db.transact([
      this.db.guardedPut(
        { ...KINDS[kind].key(item.planId, (item as { id: string }).id), entity: kind, ...extra, ...next },
        before ? before.version : null,
        () => (before ? new VersionConflict(kind, (item as { id: string }).id) : new AlreadyExists(kind, (item as { id: string }).id)),
      ),
      bumpPlan(this.db, item.planId),
      this.history.event(`${kind}/${(item as { id: string }).id}`, action, version, changed, actor, new Date(at)),
    ]);
    return next;
  }

  /**
   * Loads items into a fresh plan's framework with their history events, unconditionally, 25 per
   * BatchWriteItem: for the demo seed (a hundred values in a few requests instead of a hundred
   * transactions), never for a person's change. Each entry is an item as `write` stores it and the
   * events that led to it (action, actor, time).
   */
  async load(entries: { kind: ResultsKind; item: Item & { id: string; planId: string; version: number }; events: { action: HistoryEvent['action']; actor: Actor; at: Date; changes: HistoryEvent['changes'] }[] }[]): Promise<void> {
    const puts: Item[] = [];
    for (const { kind, item, events } of entries) {
      puts.push({ ...KINDS[kind].key(item.planId, item.id), entity: kind, ...item, ...indexEntries(kind, item) });
      events.forEach((e, i) => puts.push(this.history.event(`${kind}/${item.id}`, e.action, i + 1, e.changes, e.actor, e.at).op.Put!.Item as Item));
    }
    for (let i = 0; i < puts.length; i += 25) {
      let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = { [this.db.tableName]: puts.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) {
        const out = await this.db.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  }

  /**
   * The deletes of framework items, each guarded on the version read, with their history events:
   * for removing a result, an indicator or a period with what hangs on it, and for a plan's delete.
   */
  removals(items: readonly ResultsEntry[], actor: Actor, at: Date): WriteOp[] {
    return items.flatMap(({ kind, item }) => [
      this.db.guardedDelete(KINDS[kind].key(item.planId, item.id), item.version, () => new VersionConflict(kind, item.id)),
      this.history.event(`${kind}/${item.id}`, 'deleted', item.version + 1, changes(item as unknown as Item, null, KINDS[kind].fields), actor, at),
    ]);
  }

  /**
   * Deletes framework items of one plan (and rewrites indicators whose targets named a deleted
   * period) in one TransactWriteItems, guarded on the plan's revision `rev` read before the framework:
   * whatever was added to the plan since (a value submitted meanwhile) cancels it, so nothing is left
   * pointing at a deleted item. More than a transaction holds is refused, before anything is written.
   */
  async remove(planId: string, rev: number, deleted: readonly ResultsEntry[], rewritten: readonly { before: Indicator; after: Indicator }[], actor: Actor): Promise<void> {
    const at = this.now();
    const ops = [
      ...this.removals(deleted, actor, at),
      ...rewritten.flatMap(({ before, after }) => {
        const next = { ...after, version: before.version + 1, updatedAt: at.toISOString() };
        return [
          this.db.guardedPut({ ...key.indicator(planId, before.id), entity: 'indicator', ...next }, before.version, () => new VersionConflict('indicator', before.id)),
          this.history.event(`indicator/${before.id}`, 'updated', next.version, changes(before as unknown as Item, next as unknown as Item, KINDS.indicator.fields), actor, at),
        ];
      }),
      this.db.update(
        {
          Key: key.plan(planId),
          UpdateExpression: 'ADD rev :one',
          ConditionExpression: 'rev = :rev',
          ExpressionAttributeValues: { ':one': 1, ':rev': rev },
        },
        () => new Conflict('the plan\'s results changed while this was being deleted: look at them again', 'changedWhileDeleting'),
      ),
    ];
    if (ops.length > MAX_TRANSACTION) throw new Conflict(`${deleted.length + rewritten.length} items would change at once, more than one change can hold: delete the values or indicators first`, 'tooManyChanges', { count: deleted.length + rewritten.length });
    await this.db.transact(ops);
  }

  /**
   * Submissions waiting for review in a strategy, oldest first: one Query of the index, growing with
   * what waits. `submittedBefore` (an ISO instant) keeps only those waiting since before it.
   */
  async awaitingReview(strategyId: string, options: { submittedBefore?: string } = {}): Promise<Submission[]> {
    const items = await this.db.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: options.submittedBefore ? 'gsi2pk = :p AND gsi2sk < :before' : 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': listKey.awaitingReview(strategyId), ...(options.submittedBefore ? { ':before': options.submittedBefore } : {}) },
    });
    return items.map((i) => strip<Submission>(i));
  }

  /** Submissions of a strategy returned since `since` (an ISO instant) and not corrected yet: one Query of the index. */
  async returnedSince(strategyId: string, since: string): Promise<Submission[]> {
    const items = await this.db.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk >= :since',
      ExpressionAttributeValues: { ':p': listKey.returned(strategyId), ':since': since },
    });
    return items.map((i) => strip<Submission>(i));
  }

  /** Reporting periods of every plan whose last day falls from `from` to `to` (calendar dates): one Query of the `due` index. */
  async periodsEndingBetween(from: string, to: string): Promise<ReportingPeriod[]> {
    const items = await this.db.queryAll({
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :p AND dueSk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': listKey.periodsByEnd, ':from': from, ':to': `${to}#\uffff` },
    });
    return items.map((i) => strip<ReportingPeriod>(i));
  }
}
