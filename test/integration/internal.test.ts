/**
 * What stays internal, walked through every door. In the demo world the regional targeted control
 * operation (m10, Argentina's) is internal; here the co-coordinator Peru also marks Brazil's joint
 * operation planning meeting (m04) internal, keeps Guatemala's note on m03 and one of its evidence
 * links internal, and marks the South-South travel for the joint operation (c05) internal. Then
 * each role reads the API (lists, reads, history, progress), the exports, the IATI files, a
 * calendar feed, the digests and the reminder mail, and sees exactly what involves it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCalendarFeeds, resetCalendarFeed } from '../../shared/commands/calendar-feeds.ts';
import { runDigests } from '../../shared/jobs/digests.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { appOver, jobsWorld, RUN_AT, type JobsWorld } from './jobs-world.ts';

const PLAN = 'ams-rm-current';
const M04 = `${PLAN}.m04`; // Brazil's: joint targeted control operation, planning meeting
const M03 = `${PLAN}.m03`; // Guatemala's: targeting centre staff trained
const M10 = `${PLAN}.m10`; // Argentina's: internal in the demo data
const C05 = `${PLAN}.c05`; // Argentina's South-South fund: travel for the joint operation
const SECRET_NOTE = 'Operation window agreed with the border units: second week of the month.';
const SECRET_LINK = 'https://example.org/ams-rm/operation-targets-restricted';
const PUBLIC_LINK = 'https://example.org/ams-rm/compendium-course-attendance';

let w: JobsWorld;
let api: ReturnType<typeof appOver>;

async function call(personId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await api.app.request(path, {
    method,
    headers: { ...(await api.bearer(personId)), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (CSV, XML, iCalendar)
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
const get = (personId: string, path: string) => call(personId, 'GET', `/api/v1${path}`);
async function patch(personId: string, path: string, change: unknown) {
  const current = await get('admin', path);
  return call(personId, 'PATCH', `/api/v1${path}`, change, { 'If-Match': current.headers.get('ETag')! });
}

beforeAll(async () => {
  w = await jobsWorld();
  api = appOver(w, () => RUN_AT);
  expect((await patch('coord-pe', `/milestones/${M04}`, { internal: true })).status).toBe(200);
  const gt = await patch('coord-pe', `/milestones/${M03}`, {
    note: SECRET_NOTE,
    noteInternal: true,
    evidence: [{ url: PUBLIC_LINK, label: 'Attendance' }, { url: SECRET_LINK, label: 'Targets', internal: true }],
  });
  expect(gt.status).toBe(200);
  expect(gt.body).toMatchObject({ noteInternal: true, evidence: [{ url: PUBLIC_LINK }, { url: SECRET_LINK, internal: true }] });
  expect((await patch('coord-ar', `/contributions/${C05}`, { internal: true })).status).toBe(200);
});

const ids = (page: { items: { id: string }[] }) => page.items.map((m) => m.id);

/** m04's title as the demo holds it: the English original and its es, pt and fr translations. */
const M04_TITLES = ['Joint targeted control operation', 'Operación conjunta de control dirigido', 'Operação conjunta de controle direcionado', 'Opération conjointe de contrôle ciblé'];

describe('the API', () => {
  it('lists and reads internal items for the secretariat, the co-coordinators and the owner only', async () => {
    for (const who of ['admin', 'coord-pe', 'coord-ar']) {
      const list = (await get(who, `/plans/${PLAN}/milestones?limit=100`)).body;
      expect(ids(list)).toEqual(expect.arrayContaining([M04, M10]));
      expect(list.items.find((m: { id: string }) => m.id === M03)).toMatchObject({ note: SECRET_NOTE, noteInternal: true });
    }
    const brazil = (await get('focal-br', `/plans/${PLAN}/milestones?limit=100`)).body;
    expect(ids(brazil)).toContain(M04);
    expect(ids(brazil)).not.toContain(M10);
    const guatemala = await get('focal-gt', `/milestones/${M03}`);
    expect(guatemala.body.note).toBe(SECRET_NOTE);
    expect(guatemala.body.evidence.map((e: { url: string }) => e.url)).toEqual([PUBLIC_LINK, SECRET_LINK]);
  });

  it('leaves them out for donors and administrations not involved: not found, trimmed, and not in the history', async () => {
    for (const who of ['donor-jica', 'focal-jm', 'dg-gt']) {
      const list = (await get(who, `/plans/${PLAN}/milestones?limit=100`)).body;
      expect(ids(list)).not.toContain(M04);
      expect(ids(list)).not.toContain(M10);
      expect((await get(who, `/milestones/${M04}`)).status).toBe(404);
      expect((await get(who, `/milestones/${M04}/history`)).status).toBe(404);
    }
    for (const who of ['donor-jica', 'focal-jm']) {
      const m03 = (await get(who, `/milestones/${M03}`)).body;
      expect(m03.note).toBe('');
      expect(m03).not.toHaveProperty('noteInternal');
      expect(m03.evidence).toEqual([{ url: PUBLIC_LINK, label: 'Attendance' }]);
      const history = JSON.stringify((await get(who, `/milestones/${M03}/history`)).body);
      expect(history).not.toContain(SECRET_NOTE);
      expect(history).not.toContain(SECRET_LINK);
      expect(history).toContain(PUBLIC_LINK);
    }
  });

  it('counts internal milestones and contributions only for those they involve (the donor\'s totals leave them out)', async () => {
    const admin = (await get('admin', `/plans/${PLAN}/progress`)).body;
    const jica = (await get('donor-jica', `/plans/${PLAN}/progress`)).body;
    expect(admin.milestones.total - jica.milestones.total).toBe(2);
    expect(JSON.stringify(admin)).toContain('ARS');
    expect(JSON.stringify(jica)).not.toContain('ARS');
    // The roll-up cached for one reader is not served to another.
    expect(JSON.stringify((await get('admin', `/plans/${PLAN}/progress`)).body)).toContain('ARS');
    // The strategy's roll-up: Jamaica reads every plan, as the secretariat does, but not the two internal milestones.
    const strategyAdmin = (await get('admin', '/strategies/ams-rm/progress')).body;
    const strategyJamaica = (await get('focal-jm', '/strategies/ams-rm/progress')).body;
    expect(strategyAdmin.milestones.total - strategyJamaica.milestones.total).toBe(2);
  });

  // Every demo administration with people who read plans owns a milestone in this plan: one that does not
  // (and a donor's own internal contribution) is covered by test/unit/domain-internal.test.ts.
  it('shows an internal contribution to the plan\'s administrations', async () => {
    expect(ids((await get('focal-jm', `/plans/${PLAN}/contributions?limit=100`)).body)).toContain(C05);
    expect((await get('focal-jm', `/contributions/${C05}`)).status).toBe(200);
    expect(ids((await get('admin', '/donors/ar-south-south/contributions')).body)).toContain(C05);
  });
});

describe('exports and IATI files', () => {
  it('keep internal items in the plan export of those involved, out of the donor export whoever makes it', async () => {
    const adminPlan = (await get('admin', `/plans/${PLAN}/export?format=csv&lang=en`)).text;
    expect(adminPlan).toContain('Joint targeted control operation');
    const jicaPlan = (await get('donor-jica', `/plans/${PLAN}/export?format=csv&lang=en`)).text;
    expect(jicaPlan).not.toContain('Joint targeted control operation');
    expect(jicaPlan).not.toContain('Regional targeted control operation');
    expect(jicaPlan).not.toContain(SECRET_NOTE);
    const strategy = (await get('focal-jm', '/strategies/ams-rm/export?format=csv&lang=en')).text;
    expect(strategy).not.toContain('Joint targeted control operation');
    expect(strategy).not.toContain(SECRET_LINK);
    const donor = await get('admin', '/donors/ar-south-south/export?format=csv&sheet=contributions&lang=en');
    expect(donor.status).toBe(200);
    expect(donor.text).not.toContain('South-South travel for the joint operation');
  });

  it('never put them in an IATI file, even the secretariat\'s', async () => {
    // The 2014 plan has an ARS contribution of its own: the current plan's file has none once c05 is internal.
    expect((await get('admin', `/plans/${PLAN}/iati`)).text).not.toContain('currency="ARS"');
    for (const path of [`/plans/${PLAN}/iati`, '/strategies/ams-rm/iati']) {
      const xml = (await get('admin', path)).text;
      expect(xml).toContain('iati-activity');
      expect(xml).not.toContain('South-South travel for the joint operation');
      expect(xml).not.toContain(SECRET_LINK);
      expect(xml).toContain(PUBLIC_LINK);
    }
  });
});

describe('calendar feeds, digests and reminders', () => {
  async function feedOf(personId: string) {
    const caller = await w.store.people.require(personId);
    const principal = { userId: caller.id, role: caller.role, ...(caller.administrationId ? { administrationId: caller.administrationId } : {}) };
    const deps = { store: w.store, now: () => RUN_AT };
    const current = await readCalendarFeeds(deps, principal, personId);
    const { token } = await resetCalendarFeed(deps, principal, { personId, feed: { kind: 'plan', id: PLAN }, expectedVersion: current.version });
    const res = await api.app.request(`/feeds/${personId}/plans/${PLAN}/${token}.ics`);
    expect(res.status).toBe(200);
    return res.text();
  }

  it('put an internal milestone in the feeds of those it involves only', async () => {
    // The feed is in its person's language: Brazil's in Portuguese.
    expect(await feedOf('focal-br')).toContain('Operação conjunta de controle direcionado');
    const jamaica = await feedOf('focal-jm');
    expect(jamaica).toContain('BEGIN:VEVENT');
    for (const title of M04_TITLES) expect(jamaica).not.toContain(title);
    expect(jamaica).not.toContain('Regional targeted control operation');
  });

  it('leave internal items out of the digests of administrations not involved', async () => {
    expect((await runDigests(w.deps(RUN_AT))).failed).toBe(0);
    const content = async (id: string) => JSON.stringify((await w.store.digests.latest(id))!.content);
    expect(await content('BR')).toContain(M04);
    expect(await content('PE')).toContain(M04); // a co-coordinator
    for (const id of ['JM', 'MX', 'HT']) {
      const digest = await content(id);
      expect(digest).not.toContain(M04);
      expect(digest).not.toContain(M10);
      expect(digest).not.toContain(SECRET_NOTE);
    }
    const mail = w.mailer.sent.filter((m) => m.to.email === 'dg-jm@example.org').map((m) => m.text).join('\n');
    for (const title of M04_TITLES) expect(mail).not.toContain(title);
  });

  it('mail the reminder of an internal milestone to its owner, and to nobody else not involved', async () => {
    w.mailer.sent.length = 0;
    expect((await runReminders(w.deps(RUN_AT))).failed).toBe(0);
    // The milestone's title in each recipient's language (the demo holds es, pt and fr translations).
    const about = w.mailer.sent.filter((m) => M04_TITLES.some((title) => m.text.includes(title)));
    expect(about.map((m) => m.to.email)).toContain('focal-br@example.org');
    for (const m of about) expect(m.to.email).toMatch(/^(focal-br|coord-pe|coord-ar|admin)@example\.org$/);
  });
});

describe('marking an item internal', () => {
  it('is for the secretariat and the co-coordinators only: the owner, a donor and others get 403 and nothing changes', async () => {
    expect((await patch('focal-br', `/milestones/${M04}`, { internal: false })).status).toBe(403);
    expect((await patch('focal-gt', `/milestones/${M03}`, { noteInternal: false })).status).toBe(403);
    // The owner may report evidence; a link it resends keeps its flag, but it may not clear one.
    const resent = await patch('focal-gt', `/milestones/${M03}`, { evidence: [{ url: PUBLIC_LINK }, { url: SECRET_LINK }] });
    expect(resent.status).toBe(200);
    expect(resent.body.evidence[1]).toEqual({ url: SECRET_LINK, internal: true });
    expect((await patch('focal-gt', `/milestones/${M03}`, { evidence: [{ url: PUBLIC_LINK }, { url: SECRET_LINK, internal: false }] })).status).toBe(403);
    expect((await patch('focal-gt', `/milestones/${M03}`, { evidence: [{ url: PUBLIC_LINK, internal: true }, { url: SECRET_LINK }] })).status).toBe(403);
    expect((await patch('coord-pe', `/contributions/${C05}`, { internal: false })).status).toBe(200);
    expect((await patch('donor-captac', `/contributions/${PLAN}.c03`, { internal: true })).status).toBe(403);
    expect((await get('admin', `/milestones/${M04}`)).body.internal).toBe(true);
    expect((await get('admin', `/milestones/${M03}`)).body.noteInternal).toBe(true);
  });

  it('refuses bad input on its field, changes nothing, and needs the version read (412 when stale, 428 without)', async () => {
    const before = await get('admin', `/milestones/${M04}`);
    const bad = await patch('admin', `/milestones/${M04}`, { internal: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('Content-Type')).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('internal');
    const stale = await call('admin', 'PATCH', `/api/v1/milestones/${M04}`, { internal: false }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await call('admin', 'PATCH', `/api/v1/milestones/${M04}`, { internal: false })).status).toBe(428);
    const after = await get('admin', `/milestones/${M04}`);
    expect(after.headers.get('ETag')).toBe(before.headers.get('ETag'));
    expect(after.body.internal).toBe(true);
  });

  it('is kept in the history with who set it', async () => {
    const history = (await get('admin', `/milestones/${M04}/history`)).body.items;
    expect(history.some((e: { actor: string; changes: { field: string; after: unknown }[] }) =>
      e.actor === 'coord-pe' && e.changes.some((c) => c.field === 'internal' && c.after === true))).toBe(true);
  });
});

describe('making an item public', () => {
  it('does not publish what was written while it was internal: the history keeps it from those not involved', async () => {
    const M06 = `${PLAN}.m06`; // Jamaica's
    const secret = 'Inspection of the suspected consignment planned for Kingston on 12 May.';
    expect((await patch('coord-pe', `/milestones/${M06}`, { noteInternal: true })).status).toBe(200);
    expect((await patch('coord-pe', `/milestones/${M06}`, { note: secret })).status).toBe(200);
    expect((await patch('coord-pe', `/milestones/${M06}`, { note: 'Inspection done.', noteInternal: false })).status).toBe(200);
    expect((await patch('coord-pe', `/milestones/${M06}`, { progress: 40 })).status).toBe(200);

    const gt = await get('focal-gt', `/milestones/${M06}/history`);
    expect(gt.status).toBe(200);
    const told = JSON.stringify(gt.body);
    expect(told).not.toContain(secret);
    expect(told).not.toContain('sealed');
    expect(told).toContain('"after":40');
    expect((await get('focal-gt', `/milestones/${M06}`)).body.note).toBe('Inspection done.');
    // Jamaica (the owner) and the secretariat read it whole.
    for (const who of ['focal-jm', 'admin']) expect(JSON.stringify((await get(who, `/milestones/${M06}/history`)).body)).toContain(secret);
  });
});
