/**
 * One rule, three doors. The same table of cases (allowed, refused, stale version, bad input) goes
 * through the API's PATCH, the web page's form and the one-click link in a reminder, and each door
 * reaches the same outcome in its own terms, because each calls the same command
 * (shared/commands/milestones.ts). The store is read after every case: a refusal writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/api/identity.ts';
import { createApp } from '../../shared/app.ts';
import { devVerifier, generateDevKeys } from '../../shared/api/identity.ts';
import { jobsWorld, PUBLIC_URL, RUN_AT, type JobsWorld } from './jobs-world.ts';

type Outcome = 'saved' | 'refused' | 'stale' | `invalid:${string}`;
type Door = 'api' | 'web' | 'link';

interface Case {
  name: string;
  who: string;
  milestone: string;
  change: { status?: string; progress?: number | string; note?: string; dueDate?: string; evidenceUrl?: string };
  stale?: boolean;
  outcome: Outcome;
  /** Doors that can express the change (the link form has status, progress and note only). */
  doors?: Door[];
}

const GT = 'ams-rm-current.m03'; // owned by Guatemala, in Peru and Argentina's strategy
const cases: Case[] = [
  { name: "the owner's focal point reports progress", who: 'focal-gt', milestone: GT, change: { status: 'in_progress', progress: 55, note: 'Third session held.' }, outcome: 'saved' },
  { name: 'a focal point of another administration', who: 'focal-br', milestone: GT, change: { status: 'in_progress', progress: 10, note: 'x' }, outcome: 'refused' },
  { name: 'a donor', who: 'donor-jica', milestone: GT, change: { status: 'in_progress', progress: 10, note: 'x' }, outcome: 'refused' },
  { name: 'a Director General', who: 'dg-gt', milestone: GT, change: { status: 'in_progress', progress: 10, note: 'x' }, outcome: 'refused' },
  { name: 'a stale version', who: 'focal-gt', milestone: GT, change: { status: 'in_progress', progress: 60, note: 'Based on an old copy.' }, stale: true, outcome: 'stale' },
  { name: 'progress over 100', who: 'focal-gt', milestone: GT, change: { status: 'in_progress', progress: 101, note: 'x' }, outcome: 'invalid:progress' },
  { name: 'progress that is not a number', who: 'focal-gt', milestone: GT, change: { status: 'in_progress', progress: 'half', note: 'x' }, outcome: 'invalid:progress' },
  { name: 'an unknown status', who: 'focal-gt', milestone: GT, change: { status: 'finished', progress: 50, note: 'x' }, outcome: 'invalid:status' },
  { name: 'a note over 2,000 characters', who: 'focal-gt', milestone: GT, change: { status: 'in_progress', progress: 50, note: 'n'.repeat(2001) }, outcome: 'invalid:note' },
  { name: 'an evidence link that is not a web address', who: 'focal-gt', milestone: GT, change: { evidenceUrl: 'ftp://example.org/report.pdf' }, outcome: 'invalid:evidence', doors: ['api', 'web'] },
  { name: 'a co-coordinator moves the due date', who: 'coord-pe', milestone: GT, change: { dueDate: '2027-01-15' }, outcome: 'saved', doors: ['api', 'web'] },
  { name: 'an impossible due date', who: 'coord-pe', milestone: GT, change: { dueDate: '2027-02-30' }, outcome: 'invalid:dueDate', doors: ['api', 'web'] },
];

let w: JobsWorld;
let app: ReturnType<typeof createApp>;
let keys: ReturnType<typeof generateDevKeys>;
const now = () => RUN_AT;

beforeAll(async () => {
  w = await jobsWorld();
  keys = generateDevKeys();
  app = createApp({ store: w.store, verifier: devVerifier(keys), now, config: { corsOrigins: [], publicUrl: PUBLIC_URL }, mailLinks: w.links });
  // Every case starts from a milestone that has been changed once, so "one version back" exists.
  const { milestone } = await w.store.milestones.require(GT);
  await w.store.milestones.update(milestone, { note: 'Two sessions held.' }, milestone.version, { userId: 'seed', role: 'admin' });
});

async function tokenOf(personId: string) {
  const person = await w.store.people.require(personId);
  // Signed now, whatever day the app is told it is: the verifier checks expiry against the real clock.
  return signDevToken(keys, { ...person, id: person.id }, new Date());
}

const current = async (id: string) => (await w.store.milestones.require(id)).milestone;

/** The change as a JSON patch (what an API client sends). */
function patchOf(c: Case, evidence: { url: string }[]): Record<string, unknown> {
  const { evidenceUrl, ...rest } = c.change;
  return { ...rest, ...(evidenceUrl ? { evidence: [...evidence, { url: evidenceUrl }] } : {}) };
}

async function throughApi(c: Case, version: number) {
  const m = await current(c.milestone);
  const res = await app.request(`${PUBLIC_URL}/api/v1/milestones/${c.milestone}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${await tokenOf(c.who)}`, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
    body: JSON.stringify(patchOf(c, m.evidence)),
  });
  const body = res.headers.get('Content-Type')?.includes('json') ? await res.json() : {};
  const outcome: Outcome | string =
    res.status === 200 ? 'saved'
      : res.status === 403 ? 'refused'
        : res.status === 412 ? 'stale'
          : res.status === 400 ? `invalid:${String((body as { errors?: { field: string }[] }).errors?.[0]?.field ?? '').split('.')[0]}`
            : `status ${res.status}`;
  return outcome;
}

/** A browser session: the session cookie, the page's CSRF token, the form posted back with Origin. */
async function throughWeb(c: Case, version: number) {
  const cookies = new Map<string, string>([['__Host-session', await tokenOf(c.who)]]);
  const send = async (init: RequestInit = {}) => {
    const res = await app.request(`${PUBLIC_URL}/milestones/${c.milestone}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const set of res.headers.getSetCookie()) {
      const [name, value] = set.split(';')[0]!.split(/=(.*)/s) as [string, string];
      cookies.set(name, value);
    }
    return res;
  };
  const page = await send();
  if (page.status === 403) return 'refused';
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) return 'refused'; // no form for this person
  const m = await current(c.milestone);
  const form: Record<string, string> = {
    _csrf: csrf,
    version: String(version),
    status: c.change.status ?? m.status,
    progress: String(c.change.progress ?? m.progress),
    note: c.change.note ?? m.note,
    evidenceUrl: c.change.evidenceUrl ?? '',
    evidenceLabel: '',
    ...(html.includes('name="dueDate"') ? { dueDate: c.change.dueDate ?? m.dueDate } : {}),
  };
  const res = await send({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PUBLIC_URL }, body: new URLSearchParams(form).toString() });
  if (res.status === 303) return 'saved';
  if (res.status === 403) return 'refused';
  if (res.status === 409) return 'stale';
  if (res.status === 400) {
    const text = await res.text();
    const field = /class="err" id="e-(\w+)"/.exec(text)?.[1] ?? '';
    return `invalid:${field === 'evidenceUrl' ? 'evidence' : field}`;
  }
  return `status ${res.status}`;
}

/** The one-click link a reminder carries, minted for the person. */
async function throughLink(c: Case, version: number) {
  const url = new URL(w.links.milestoneUpdate(c.milestone, c.who, now()));
  const get = await app.request(`${PUBLIC_URL}${url.pathname}`);
  if (get.status === 403) return 'refused';
  const res = await app.request(`${PUBLIC_URL}${url.pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ status: c.change.status ?? '', progress: String(c.change.progress ?? ''), note: c.change.note ?? '', version: String(version) }).toString(),
  });
  if (res.status === 200) return 'saved';
  if (res.status === 403) return 'refused';
  if (res.status === 409) return 'stale';
  if (res.status === 400) return `invalid:${/id="(\w+)-error"/.exec(await res.text())?.[1] ?? ''}`;
  return `status ${res.status}`;
}

/** A saved change made again through the next door would change nothing: each door saves its own value. */
function distinct(c: Case, door: Door): Case {
  if (c.outcome !== 'saved') return c;
  const n = (['api', 'web', 'link'] as Door[]).indexOf(door);
  const { progress, note, dueDate } = c.change;
  return {
    ...c,
    change: {
      ...c.change,
      ...(typeof progress === 'number' ? { progress: progress + n } : {}),
      ...(note ? { note: `${note} (${door})` } : {}),
      ...(dueDate ? { dueDate: `${dueDate.slice(0, 8)}${String(Number(dueDate.slice(8)) + n).padStart(2, '0')}` } : {}),
    },
  };
}

const DOORS: Record<Door, (c: Case, version: number) => Promise<string>> = { api: throughApi, web: throughWeb, link: throughLink };

describe('a milestone change, the same through every door', () => {
  for (const c of cases) {
    for (const door of c.doors ?? (['api', 'web', 'link'] as Door[])) {
      it(`${c.name}: ${c.outcome} through the ${door}`, async () => {
        const before = await current(c.milestone);
        const outcome = await DOORS[door](distinct(c, door), c.stale ? before.version - 1 : before.version);
        expect(outcome).toBe(c.outcome);
        const after = await current(c.milestone);
        if (c.outcome === 'saved') {
          expect(after.version).toBe(before.version + 1);
          expect(after.updatedBy).toBe(c.who);
        } else {
          expect(after).toEqual(before);
        }
      });
    }
  }
});
