/**
 * For the job tests: a fresh table on DynamoDB Local with the demo world seeded on a pinned day,
 * an in-memory mailer that records (and can fail), and the deps a run needs.
 */
import { createApp } from '../../shared/app.ts';
import { devVerifier, generateDevKeys, signDevToken } from '../../shared/api/identity.ts';
import type { JobDeps } from '../../shared/jobs/deps.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import type { Mailer, MailMessage } from '../../shared/mail/port.ts';
import { createStore, type Store } from '../../shared/store/index.ts';
import { seedDemo } from '../../local/seed.ts';
import { testTables, type TestTables } from '../support/dynamo.ts';

/** The demo data's "today": its current plan has milestones due 1, 7 and 14 days later and 3, 20 and 40 days before. */
export const SEEDED_AT = new Date('2026-11-22T10:00:00Z');
/** A run nine days later: a realistic mix of upcoming, due, overdue and escalated reminders. */
export const RUN_AT = new Date('2026-12-01T12:00:00Z');

export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  calls = 0;
  /** Return true to make a send fail (after `calls` is counted). */
  failWhen: (message: MailMessage, call: number) => boolean = () => false;
  delayMs = 0;

  async send(message: MailMessage) {
    const call = ++this.calls;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWhen(message, call)) throw new Error(`mailer unavailable (call ${call})`);
    this.sent.push(message);
    return { messageId: `mem-${this.sent.length}` };
  }

  /** How many times each ledger entry went out. */
  deliveries(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.sent) for (const id of m.ledgerIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }

  to(personEmail: string): MailMessage[] {
    return this.sent.filter((m) => m.to.email === personEmail);
  }
}

export const SECRET = 'integration-test-link-secret-0123456789';
export const PUBLIC_URL = 'https://tracker.example.org';

export interface JobsWorld {
  tables: TestTables;
  store: Store;
  mailer: MemoryMailer;
  links: ReturnType<typeof mailLinks>;
  /** Moves the store's clock (the time stamped on changes). */
  setTime(at: Date): void;
  deps(now: Date, extra?: Partial<JobDeps>): JobDeps;
}

export async function jobsWorld(options: { seed?: boolean } = {}): Promise<JobsWorld> {
  const tables = await testTables();
  let time = SEEDED_AT;
  const store = createStore(tables.doc, tables.tableName, () => time);
  if (options.seed ?? true) await seedDemo(store, SEEDED_AT);
  const mailer = new MemoryMailer();
  const links = mailLinks({ publicUrl: PUBLIC_URL, secret: SECRET });
  return {
    tables,
    store,
    mailer,
    links,
    setTime: (at) => {
      time = at;
    },
    deps: (now, extra = {}) => ({ store, mailer, links, from: 'tracker@example.org', now, clock: () => now, ...extra }),
  };
}

/** The app over the same table, with signed mail links, and a bearer token for any demo person. */
export function appOver(world: JobsWorld, now: () => Date) {
  const keys = generateDevKeys();
  const app = createApp({ store: world.store, verifier: devVerifier(keys), now, config: { corsOrigins: [], publicUrl: PUBLIC_URL }, mailLinks: world.links });
  const bearer = async (personId: string) => {
    const person = await world.store.people.require(personId);
    // Signed now, whatever day the app is told it is: the verifier checks expiry against the real clock.
    return { Authorization: `Bearer ${signDevToken(keys, { ...person, id: person.id }, new Date())}` };
  };
  return { app, bearer };
}
