/**
 * Exactly once, under faults: a mailer failing mid-batch, DynamoDB throttling (injected with
 * aws-sdk-client-mock in front of DynamoDB Local), the same event twice, two runs at once, and a
 * crash on either side of the send. After the dust settles every due message went out once,
 * except in the one window the design states: sent but not yet recorded (at-least-once).
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runDigests } from '../../shared/jobs/digests.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { createStore } from '../../shared/store/index.ts';
import { dynamoClients } from '../../local/dynamodb-local.ts';
import { inject } from 'vitest';
import { jobsWorld, MemoryMailer, RUN_AT, type JobsWorld } from './jobs-world.ts';

const LATER = (minutes: number) => new Date(RUN_AT.getTime() + minutes * 60_000);

/** What a clean run would send: the ledger ids, from a twin world (made once). */
let clean: Promise<string[]> | undefined;
function expectedIds(): Promise<string[]> {
  clean ??= jobsWorld().then(async (twin) => {
    await runReminders(twin.deps(RUN_AT));
    return [...twin.mailer.deliveries().keys()].sort();
  });
  return clean;
}

async function everyEntrySentOnce(w: JobsWorld, mailer: MemoryMailer, ids: string[]) {
  const deliveries = mailer.deliveries();
  expect([...deliveries.keys()].sort()).toEqual(ids);
  expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
  const ledger = await w.store.ledger.getMany(ids);
  expect(ids.map((id) => ledger.get(id)?.status)).toEqual(ids.map(() => 'sent'));
}

/** A document client whose calls reach DynamoDB Local, except those `fault` turns into errors (or hangs). */
function faultyDoc(w: JobsWorld, fault: (name: string, input: Record<string, unknown>, call: number) => 'throttle' | 'hang' | undefined) {
  const { client } = dynamoClients(inject('dynamoEndpoint'));
  const real = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const mock = mockClient(doc);
  let call = 0;
  const commands = { QueryCommand, GetCommand, BatchGetCommand, UpdateCommand, PutCommand, DeleteCommand, TransactWriteCommand } as const;
  for (const [name, Command] of Object.entries(commands)) {
    mock.on(Command as never).callsFake(async (input: Record<string, unknown>) => {
      const what = fault(name, input, ++call);
      if (what === 'throttle') throw new ProvisionedThroughputExceededException({ message: 'Throughput exceeds the current capacity', $metadata: {} });
      if (what === 'hang') return new Promise(() => {});
      return real.send(new (Command as unknown as new (i: unknown) => never)(input));
    });
  }
  return { store: createStore(doc, w.tables.tableName, () => RUN_AT), mock };
}

describe('exactly once under faults', () => {
  it('a mailer failing mid-batch: the failed mail is released and the next run sends only it', async () => {
    const ids = await expectedIds();
    const w = await jobsWorld();
    w.mailer.failWhen = (_m, call) => call === 3;
    const first = await runReminders(w.deps(RUN_AT));
    expect(first.failed).toBe(1);
    expect(first.sent).toBe(first.messages.length - 1);
    const failed = first.messages.find((m) => m.error)!;
    expect((await w.store.ledger.get(failed.ledgerIds[0]!))?.status).toBe('failed');

    const retry = await runReminders(w.deps(RUN_AT)); // the scheduler's retry of the same event
    expect(retry).toMatchObject({ sent: 1, failed: 0 });
    expect(w.mailer.sent.at(-1)!.ledgerIds).toEqual(failed.ledgerIds);
    await everyEntrySentOnce(w, w.mailer, ids);
  });

  it('DynamoDB throttling on reads, claims and marks: retried, and nothing is sent twice', async () => {
    const ids = await expectedIds();
    const w = await jobsWorld();
    // Every third request is throttled, whatever it is.
    const { store, mock } = faultyDoc(w, (_name, _input, call) => (call % 3 === 0 ? 'throttle' : undefined));
    const result = await runReminders({ ...w.deps(RUN_AT), store });
    expect(mock.calls().length).toBeGreaterThan(20);
    expect(result).toMatchObject({ failed: 0, unrecorded: 0 });
    await everyEntrySentOnce(w, w.mailer, ids);
    expect(await runReminders(w.deps(RUN_AT))).toMatchObject({ sent: 0 });
  });

  it('the same event delivered twice at once, and two runs at once from separate containers', async () => {
    const ids = await expectedIds();
    const w = await jobsWorld();
    w.mailer.delayMs = 20; // widen the race
    const other = createStore(dynamoClients(inject('dynamoEndpoint')).doc, w.tables.tableName, () => RUN_AT);
    const [a, b, c] = await Promise.all([
      runReminders(w.deps(RUN_AT)),
      runReminders(w.deps(RUN_AT)),
      runReminders({ ...w.deps(RUN_AT), store: other }),
    ]);
    expect(a.failed + b.failed + c.failed).toBe(0);
    await everyEntrySentOnce(w, w.mailer, ids);
    // ...and each person gets one mail with all their reminders, not pieces in several (issue 10, item 13).
    const recipients = w.mailer.sent.map((m) => m.to.email);
    expect(recipients.length).toBe(new Set(recipients).size);
    expect(a.sent + b.sent + c.sent).toBe(recipients.length);
  });

  it('two runs at once that win different reminders of one person still send that person one mail', async () => {
    const ids = await expectedIds();
    const w = await jobsWorld();
    // Two containers whose claims interleave: on each entry one of them waits until the other has
    // claimed it (or 300 ms), so without a lease per recipient each would win part of every person's
    // reminders and send them a mail of their own.
    const claimedBy = new Map<string, Promise<void>>();
    const signal = new Map<string, () => void>();
    const claimedNow = (key: string) => {
      if (!claimedBy.has(key)) claimedBy.set(key, new Promise<void>((r) => signal.set(key, r)));
      return claimedBy.get(key)!;
    };
    const store = (slowOn: 0 | 1) => {
      const s = createStore(dynamoClients(inject('dynamoEndpoint')).doc, w.tables.tableName, () => RUN_AT);
      const claim = s.ledger.claim.bind(s.ledger);
      s.ledger.claim = async (id, request) => {
        const parity = Number(/\.m(\d+)#/.exec(id)?.[1] ?? 0) % 2; // the milestone's number
        if (!id.startsWith('letter#') && parity === slowOn) {
          await Promise.race([claimedNow(`${id}@${1 - slowOn}`), new Promise((r) => setTimeout(r, 300))]);
        }
        const result = await claim(id, request);
        void claimedNow(`${id}@${slowOn}`);
        signal.get(`${id}@${slowOn}`)?.();
        return result;
      };
      return s;
    };
    const [a, b] = await Promise.all([runReminders({ ...w.deps(RUN_AT), store: store(0) }), runReminders({ ...w.deps(RUN_AT), store: store(1) })]);
    expect(a.failed + b.failed).toBe(0);
    await everyEntrySentOnce(w, w.mailer, ids);
    const recipients = w.mailer.sent.map((m) => m.to.email);
    expect(recipients.length).toBe(new Set(recipients).size);
  });

  it('digests too: two runs at once keep one digest per administration and mail each once', async () => {
    const w = await jobsWorld();
    w.mailer.delayMs = 10;
    const [a, b] = await Promise.all([runDigests(w.deps(RUN_AT)), runDigests(w.deps(RUN_AT))]);
    expect(a.sent + b.sent).toBe(9);
    expect([...w.mailer.deliveries().values()].every((n) => n === 1)).toBe(true);
    expect((await w.store.digests.list('PE', { limit: 10 })).items).toHaveLength(1);
    expect(await runDigests(w.deps(RUN_AT))).toMatchObject({ sent: 0, skipped: 9 });
  });

  it('a crash after the ledger write and before the send: recovered once the lease runs out, without a duplicate', async () => {
    const ids = await expectedIds();
    const w = await jobsWorld();
    // The first run dies inside the mailer: its claims stay "sending" and nothing goes out.
    const crashed = new MemoryMailer();
    crashed.send = () => new Promise(() => {});
    void runReminders({ ...w.deps(RUN_AT), mailer: crashed });
    await new Promise((r) => setTimeout(r, 1000));

    // A minute later another run leaves the claimed entries alone (the lease is on) and sends the rest.
    const during = await runReminders(w.deps(RUN_AT, { clock: () => LATER(1) }));
    expect(during.skipped).toBeGreaterThan(0);
    // After the lease (15 minutes), the next run takes the abandoned claims over and sends them.
    const after = await runReminders(w.deps(RUN_AT, { clock: () => LATER(20) }));
    expect(after.sent).toBeGreaterThan(0);
    await everyEntrySentOnce(w, w.mailer, ids);
  });

  it('a crash after the send and before the ledger records it: the next run after the lease sends again (at-least-once in that window)', async () => {
    const ids = await expectedIds();
    const w = await jobsWorld();
    // The first run's process dies while marking its entries sent.
    const { store } = faultyDoc(w, (name, input) =>
      name === 'UpdateCommand' && (input.ExpressionAttributeValues as Record<string, unknown>)[':sent'] === 'sent' ? 'hang' : undefined,
    );
    void runReminders({ ...w.deps(RUN_AT), store });
    await new Promise((r) => setTimeout(r, 1500));
    const sentByCrashed = new Set(w.mailer.sent.flatMap((m) => m.ledgerIds));
    expect(sentByCrashed.size).toBeGreaterThan(0);

    const after = await runReminders(w.deps(RUN_AT, { clock: () => LATER(20) }));
    expect(after.failed).toBe(0);
    const deliveries = w.mailer.deliveries();
    expect([...deliveries.keys()].sort()).toEqual(ids);
    for (const id of ids) expect(deliveries.get(id), id).toBe(sentByCrashed.has(id) ? 2 : 1);
  });
});
