/**
 * Every operation of the API description, as every kind of principal the demo has, on real ids of
 * the seeded world: the status each gets is the one the policy table gives (`can()` over the
 * object's real scope), asserted. An operation added to the API without a row here fails the test.
 *
 * Writes that change an existing object are sent with a stale If-Match: a principal the policy lets
 * through gets 412 (and nothing changes), one it refuses gets 403, so the matrix leaves the world as
 * it found it. Creations create (201) for the principals allowed to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { can, type Action, type Principal, type Scope } from '../../shared/domain/policy.ts';
import { runDigests } from '../../shared/jobs/digests.ts';
import { appOver, jobsWorld, RUN_AT, type JobsWorld } from './jobs-world.ts';

/** The eight kinds of principal, as demo people (one added: a donor that funds nothing here). */
const PRINCIPALS = {
  secretariat: 'admin',
  'co-coordinator': 'coord-pe',
  'focal point owning the milestone': 'focal-gt',
  'focal point not owning it': 'focal-mx',
  'donor funding the plan': 'donor-jica',
  'donor not funding it': 'donor-ccf',
  'DG of an involved administration': 'dg-gt',
  'DG of an uninvolved administration': 'dg-do',
} as const;
type Kind = keyof typeof PRINCIPALS;

// The objects every row is about.
const STRATEGY = 'ams-rm';
const PLAN = 'ams-rm-current';
const MILESTONE = 'ams-rm-current.m03'; // owned by GT
const CONTRIBUTION = 'ams-rm-current.c01'; // JICA's
const STALE = { 'If-Match': '"999"' };

interface Row {
  path: string;
  body?: (kind: Kind, n: number) => unknown;
  /** A file sent as it is (a spreadsheet upload), instead of a JSON body. */
  file?: { type: string; content: string };
  headers?: Record<string, string>;
  /** Who the policy lets through, from the object's real scope. */
  allowed: (p: Principal, scope: Scopes) => boolean;
  /** What an allowed principal gets. */
  status: number;
  /** What everyone else gets (403 unless said). */
  refused?: number;
}

interface Scopes {
  strategy: Scope;
  plan: Scope;
  milestone: Scope;
  contribution: Scope;
  /** The plan's scope for something of GT's (its submissions of values). */
  gtValues: Scope;
}

const rule = (action: Action, of: keyof Scopes | Scope = {}) => (p: Principal, s: Scopes) => can(p, action, typeof of === 'string' ? s[of] : of);
let digestId = '';
let approvedGt = '';
let staleImport = ''; // a previewed import the plan has changed since
const CSV = 'Title,Owner administration,Due date\nAdded by the matrix import,GT,2027-03-01\n';
let planPeriod = { start: '', end: '' }; // an approved value GT submitted (seeded): everyone who reads the plan's results sees it
const RESULTS = `${PLAN}.capacity`;
const INDICATOR = `${PLAN}.trained`;
const PERIOD = `${PLAN}.round-2`;
const readsGtValues = (p: Principal, s: Scopes) => can(p, 'result:read', s.gtValues);
const both = (a: (p: Principal, s: Scopes) => boolean, b: (p: Principal, s: Scopes) => boolean) => (p: Principal, s: Scopes) => a(p, s) && b(p, s);

const ROWS: Record<string, () => Row> = {
  getAdministrations: () => ({ path: '/api/v1/administrations', allowed: rule('administration:read'), status: 200 }),
  postAdministrations: () => ({ path: '/api/v1/administrations', body: () => ({ id: 'CL', name: 'Chile Customs', language: 'es', timeZone: 'America/Santiago' }), allowed: rule('administration:create'), status: 201 }),
  getAdministration: () => ({ path: '/api/v1/administrations/GT', allowed: rule('administration:read'), status: 200 }),
  patchAdministration: () => ({ path: '/api/v1/administrations/GT', body: () => ({ name: 'Guatemala Customs' }), headers: STALE, allowed: rule('administration:update'), status: 412 }),
  getDonors: () => ({ path: '/api/v1/donors', allowed: rule('donor:read'), status: 200 }),
  postDonors: () => ({ path: '/api/v1/donors', body: () => ({ id: 'world-bank', name: 'World Bank', organisationType: '40' }), allowed: rule('donor:create'), status: 201 }),
  getDonor: () => ({ path: '/api/v1/donors/jica', allowed: rule('donor:read'), status: 200 }),
  patchDonor: () => ({ path: '/api/v1/donors/jica', body: () => ({ name: 'JICA' }), headers: STALE, allowed: rule('donor:update'), status: 412 }),
  getPeople: () => ({ path: '/api/v1/people', allowed: rule('person:list'), status: 200 }),
  postPeople: () => ({ path: '/api/v1/people', body: () => ({ id: 'focal-do', name: 'Focal point DO', email: 'focal-do@example.org', role: 'focal_point', administrationId: 'DO' }), allowed: rule('person:create'), status: 201 }),
  getPerson: () => ({ path: '/api/v1/people/focal-gt', allowed: rule('person:read', { personId: 'focal-gt' }), status: 200 }),
  patchPerson: () => ({ path: '/api/v1/people/focal-gt', body: () => ({ language: 'es' }), headers: STALE, allowed: rule('person:update', { personId: 'focal-gt' }), status: 412 }),
  putPersonRole: () => ({ path: '/api/v1/people/focal-gt/role', body: () => ({ role: 'focal_point', administrationId: 'GT' }), headers: STALE, allowed: rule('person:change-role'), status: 412 }),
  postPersonDeactivate: () => ({ path: '/api/v1/people/focal-gt/deactivate', headers: STALE, allowed: rule('person:deactivate'), status: 412 }),
  postPersonReactivate: () => ({ path: '/api/v1/people/focal-gt/reactivate', headers: STALE, allowed: rule('person:deactivate'), status: 412 }),
  postPersonInvitation: () => ({ path: '/api/v1/people/focal-gt/invitation', allowed: rule('person:create'), status: 200 }),
  getStrategies: () => ({ path: '/api/v1/strategies', allowed: rule('strategy:read'), status: 200 }),
  postStrategies: () => ({ path: '/api/v1/strategies', body: (_, n) => ({ id: `matrix-${n}`, region: 'Americas and Caribbean', title: 'Matrix strategy' }), allowed: rule('strategy:create'), status: 201 }),
  getStrategy: () => ({ path: `/api/v1/strategies/${STRATEGY}`, allowed: rule('strategy:read'), status: 200 }),
  patchStrategy: () => ({ path: `/api/v1/strategies/${STRATEGY}`, body: () => ({ title: 'Renamed' }), headers: STALE, allowed: rule('strategy:update', 'strategy'), status: 412 }),
  getStrategyCoordinators: () => ({ path: `/api/v1/strategies/${STRATEGY}/coordinators`, allowed: rule('strategy:read'), status: 200 }),
  // Adding takes no If-Match: it adds, to another strategy, so the rows after it read the same world.
  postStrategyCoordinators: () => ({ path: '/api/v1/strategies/toa-rm/coordinators', body: () => ({ administrationId: 'JM' }), allowed: rule('coordinator:add'), status: 201 }),
  deleteStrategyCoordinator: () => ({ path: `/api/v1/strategies/${STRATEGY}/coordinators/AR`, headers: STALE, allowed: rule('coordinator:remove'), status: 412 }),
  // Lists narrow to what the caller may see rather than refuse.
  getStrategyPlans: () => ({ path: `/api/v1/strategies/${STRATEGY}/plans`, allowed: rule('strategy:read'), status: 200 }),
  postStrategyPlans: () => ({ path: `/api/v1/strategies/${STRATEGY}/plans`, body: (_, n) => ({ id: `matrix-plan-${n}`, title: 'Matrix plan', period: { start: '2027-01-01', end: '2027-12-31' } }), allowed: rule('plan:create', 'strategy'), status: 201 }),
  getStrategyProgress: () => ({ path: `/api/v1/strategies/${STRATEGY}/progress`, allowed: rule('strategy:read'), status: 200 }),
  getPlan: () => ({ path: `/api/v1/plans/${PLAN}`, allowed: rule('plan:read', 'plan'), status: 200 }),
  patchPlan: () => ({ path: `/api/v1/plans/${PLAN}`, body: () => ({ title: 'Renamed' }), headers: STALE, allowed: rule('plan:update', 'plan'), status: 412 }),
  deletePlan: () => ({ path: `/api/v1/plans/${PLAN}`, headers: STALE, allowed: rule('plan:delete', 'plan'), status: 412 }),
  putPlanMilestoneOrder: () => ({ path: `/api/v1/plans/${PLAN}/milestone-order`, body: () => ({ order: [MILESTONE] }), headers: STALE, allowed: rule('plan:update', 'plan'), status: 412 }),
  getPlanProgress: () => ({ path: `/api/v1/plans/${PLAN}/progress`, allowed: rule('plan:read', 'plan'), status: 200 }),
  getPlanMilestones: () => ({ path: `/api/v1/plans/${PLAN}/milestones`, allowed: rule('milestone:read', 'plan'), status: 200 }),
  postPlanMilestones: () => ({ path: `/api/v1/plans/${PLAN}/milestones`, body: () => ({ title: 'Added by the matrix', ownerAdministrationId: 'GT', dueDate: '2027-06-01' }), allowed: rule('milestone:create', 'plan'), status: 201 }),
  getMilestone: () => ({ path: `/api/v1/milestones/${MILESTONE}`, allowed: rule('milestone:read', 'milestone'), status: 200 }),
  // Reporting fields: the owner's focal points may change them too.
  patchMilestone: () => ({ path: `/api/v1/milestones/${MILESTONE}`, body: () => ({ progress: 45 }), headers: STALE, allowed: (p, s) => can(p, 'milestone:update', s.milestone) || can(p, 'milestone:report', s.milestone), status: 412 }),
  deleteMilestone: () => ({ path: `/api/v1/milestones/${MILESTONE}`, headers: STALE, allowed: rule('milestone:delete', 'milestone'), status: 412 }),
  getMilestoneHistory: () => ({ path: `/api/v1/milestones/${MILESTONE}/history`, allowed: rule('milestone:read', 'milestone'), status: 200 }),
  getPlanContributions: () => ({ path: `/api/v1/plans/${PLAN}/contributions`, allowed: rule('plan:read', 'plan'), status: 200 }),
  postPlanContributions: () => ({ path: `/api/v1/plans/${PLAN}/contributions`, body: () => ({ donorId: 'jica', kind: 'in_kind', description: 'Added by the matrix', stageDates: { pledged: '2026-11-01' } }), allowed: rule('contribution:create', 'plan'), status: 201 }),
  getDonorContributions: () => ({ path: '/api/v1/donors/jica/contributions', allowed: rule('donor-contributions:list', { donorId: 'jica' }), status: 200 }),
  getContribution: () => ({ path: `/api/v1/contributions/${CONTRIBUTION}`, allowed: rule('contribution:read', 'contribution'), status: 200 }),
  patchContribution: () => ({ path: `/api/v1/contributions/${CONTRIBUTION}`, body: () => ({ description: 'Changed' }), headers: STALE, allowed: rule('contribution:update', 'contribution'), status: 412 }),
  deleteContribution: () => ({ path: `/api/v1/contributions/${CONTRIBUTION}`, headers: STALE, allowed: rule('contribution:delete', 'contribution'), status: 412 }),
  getAdministrationDigests: () => ({ path: '/api/v1/administrations/GT/digests', allowed: rule('digest:read', { ownerAdministrationId: 'GT' }), status: 200 }),
  getAdministrationDigestsLatest: () => ({ path: '/api/v1/administrations/GT/digests/latest', allowed: rule('digest:read', { ownerAdministrationId: 'GT' }), status: 200 }),
  getAdministrationDigest: () => ({ path: `/api/v1/administrations/GT/digests/${digestId}`, allowed: rule('digest:read', { ownerAdministrationId: 'GT' }), status: 200 }),
  getPlanResults: () => ({ path: `/api/v1/plans/${PLAN}/results`, allowed: rule('result:read', 'plan'), status: 200 }),
  postPlanResults: () => ({ path: `/api/v1/plans/${PLAN}/results`, body: () => ({ type: '1', title: 'Added by the matrix' }), allowed: rule('result:define', 'plan'), status: 201 }),
  postPlanIndicators: () => ({ path: `/api/v1/plans/${PLAN}/indicators`, body: () => ({ resultId: RESULTS, title: 'Added by the matrix', measure: '1' }), allowed: rule('result:define', 'plan'), status: 201 }),
  postPlanReportingPeriods: () => ({ path: `/api/v1/plans/${PLAN}/reporting-periods`, body: () => ({ label: 'Matrix round', start: planPeriod.start, end: planPeriod.end }), allowed: rule('result:define', 'plan'), status: 201 }),
  getResult: () => ({ path: `/api/v1/results/${RESULTS}`, allowed: rule('result:read', 'plan'), status: 200 }),
  patchResult: () => ({ path: `/api/v1/results/${RESULTS}`, body: () => ({ title: 'Renamed' }), headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  getIndicator: () => ({ path: `/api/v1/indicators/${INDICATOR}`, allowed: rule('result:read', 'plan'), status: 200 }),
  patchIndicator: () => ({ path: `/api/v1/indicators/${INDICATOR}`, body: () => ({ title: 'Renamed' }), headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  putIndicatorTargets: () => ({ path: `/api/v1/indicators/${INDICATOR}/targets`, body: () => ({ targets: {} }), headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  getReportingPeriod: () => ({ path: `/api/v1/reporting-periods/${PERIOD}`, allowed: rule('result:read', 'plan'), status: 200 }),
  patchReportingPeriod: () => ({ path: `/api/v1/reporting-periods/${PERIOD}`, body: () => ({ label: 'Renamed' }), headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  deleteResult: () => ({ path: `/api/v1/results/${RESULTS}`, headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  deleteIndicator: () => ({ path: `/api/v1/indicators/${INDICATOR}`, headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  deleteReportingPeriod: () => ({ path: `/api/v1/reporting-periods/${PERIOD}`, headers: STALE, allowed: both(rule('result:read', 'plan'), rule('result:define', 'plan')), status: 412 }),
  // Creates a value for GT where allowed (GT's people, the secretariat; co-coordinators only for their own administrations).
  postSubmissions: () => ({ path: '/api/v1/submissions', body: () => ({ indicatorId: INDICATOR, periodId: PERIOD, administrationId: 'GT', value: '1' }), allowed: both(rule('result:read', 'plan'), rule('result:submit', 'gtValues')), status: 201 }),
  getSubmission: () => ({ path: `/api/v1/submissions/${approvedGt}`, allowed: readsGtValues, status: 200 }),
  // An approved value changes only after a reopening: those allowed to submit get 409, not 412.
  patchSubmission: () => ({ path: `/api/v1/submissions/${approvedGt}`, body: () => ({ value: '5' }), headers: STALE, allowed: both(readsGtValues, rule('result:submit', 'gtValues')), status: 409 }),
  postSubmissionApprove: () => ({ path: `/api/v1/submissions/${approvedGt}/approve`, headers: STALE, allowed: both(readsGtValues, rule('result:review', 'plan')), status: 412 }),
  postSubmissionReturn: () => ({ path: `/api/v1/submissions/${approvedGt}/return`, body: () => ({ reason: 'Matrix' }), headers: STALE, allowed: both(readsGtValues, rule('result:review', 'plan')), status: 412 }),
  postSubmissionReopen: () => ({ path: `/api/v1/submissions/${approvedGt}/reopen`, body: () => ({ reason: 'Matrix' }), headers: STALE, allowed: both(readsGtValues, rule('result:reopen')), status: 412 }),
  getSubmissionHistory: () => ({ path: `/api/v1/submissions/${approvedGt}/history`, allowed: readsGtValues, status: 200 }),
  // The matrix narrows to the plans the caller may read rather than refuse.
  getStrategyResults: () => ({ path: `/api/v1/strategies/${STRATEGY}/results`, allowed: rule('strategy:read'), status: 200 }),
  getStrategyReviews: () => ({ path: `/api/v1/strategies/${STRATEGY}/reviews`, allowed: rule('result:review', 'strategy'), status: 200 }),
  getPlanImportTemplate: () => ({ path: `/api/v1/plans/${PLAN}/import-template`, allowed: rule('plan:read', 'plan'), status: 200 }),
  // A preview writes only its own record, never the plan.
  postPlanImports: () => ({ path: `/api/v1/plans/${PLAN}/imports?fileName=matrix.csv`, file: { type: 'text/csv', content: CSV }, allowed: rule('milestone:update', 'plan'), status: 200 }),
  // The plan changed after the secretariat made this preview: it gets 409 and nothing is written.
  // A preview is its maker's own: to anyone else it does not exist.
  // No uploads bucket here: who may import learns that files go in the body (404); anyone else 403.
  postPlanImportsUploads: () => ({
    path: `/api/v1/plans/${PLAN}/imports/uploads`, body: () => ({ fileName: 'matrix.csv' }),
    allowed: (p, s) => can(p, 'plan:read', s.plan) && (can(p, 'milestone:update', s.plan) || can(p, 'contribution:update', s.plan)), status: 404,
  }),
  postPlanImportConfirm: () => ({ path: `/api/v1/plans/${PLAN}/imports/${staleImport}/confirm`, allowed: (p, s) => p.userId === 'admin' && can(p, 'milestone:update', s.plan), status: 409, refused: 404 }),
  // A saved preview is its maker's own (here the secretariat's, made stale by a change after it): to anyone else it does not exist.
  getPlanImport: () => ({ path: `/api/v1/plans/${PLAN}/imports/${staleImport}`, allowed: (p, s) => p.userId === 'admin' && can(p, 'milestone:update', s.plan), status: 200, refused: 404 }),
  getPlanExport: () => ({ path: `/api/v1/plans/${PLAN}/export`, allowed: rule('plan:read', 'plan'), status: 200 }),
  getStrategyExport: () => ({ path: `/api/v1/strategies/${STRATEGY}/export`, allowed: rule('strategy:read'), status: 200 }),
  getDonorExport: () => ({ path: '/api/v1/donors/jica/export', allowed: rule('donor-contributions:list', { donorId: 'jica' }), status: 200 }),
  getDonorReport: () => ({ path: '/api/v1/donors/jica/report', allowed: rule('donor-report:read', { donorId: 'jica' }), status: 200 }),
  getExchangeRates: () => ({ path: '/api/v1/exchange-rates', allowed: rule('exchange-rate:read'), status: 200 }),
  postExchangeRates: () => ({ path: '/api/v1/exchange-rates', body: (_, n) => ({ from: 'EUR', to: 'USD', rate: '1.0812', date: `2027-02-${String((n % 28) + 1).padStart(2, '0')}`, source: 'Matrix' }), allowed: rule('exchange-rate:record'), status: 201 }),
  getExchangeRate: () => ({ path: '/api/v1/exchange-rates/ars-usd-2014-05-01', allowed: rule('exchange-rate:read'), status: 200 }),
  patchExchangeRate: () => ({ path: '/api/v1/exchange-rates/ars-usd-2014-05-01', body: () => ({ source: 'Corrected' }), headers: STALE, allowed: rule('exchange-rate:update'), status: 412 }),
  getExchangeRateHistory: () => ({ path: '/api/v1/exchange-rates/ars-usd-2014-05-01/history', allowed: rule('exchange-rate:read'), status: 200 }),
  getPlanIati: () => ({ path: `/api/v1/plans/${PLAN}/iati`, allowed: rule('plan:publish-iati', 'plan'), status: 200 }),
  // A strategy's file holds the plans the caller may publish (of ams-rm, those who may publish the
  // current plan may publish some); with none, there is no file: 404.
  getStrategyIati: () => ({ path: `/api/v1/strategies/${STRATEGY}/iati`, allowed: rule('plan:publish-iati', 'plan'), status: 200, refused: 404 }),
  getMe: () => ({ path: '/api/v1/me', allowed: () => true, status: 200 }),
  getHealth: () => ({ path: '/health', allowed: () => true, status: 200 }),
};

let w: JobsWorld;
let over: ReturnType<typeof appOver>;
let operations: { id: string; method: string; path: string; secured: boolean }[];
let scopes: Scopes;
const principals = new Map<Kind, Principal>();

beforeAll(async () => {
  w = await jobsWorld();
  over = appOver(w, () => RUN_AT);
  await w.store.people.create({ id: 'donor-ccf', name: 'CCF-Japan officer', email: 'donor-ccf@example.org', role: 'donor', donorId: 'ccf-japan', remindersOptOut: false }, { userId: 'seed', role: 'admin' });
  await runDigests(w.deps(RUN_AT));
  digestId = (await w.store.digests.latest('GT'))!.id;
  for (const [kind, id] of Object.entries(PRINCIPALS) as [Kind, string][]) {
    const person = await w.store.people.require(id);
    principals.set(kind, { userId: person.id, role: person.role, administrationId: person.administrationId, donorId: person.donorId });
  }
  const strategy = await w.store.strategies.require(STRATEGY);
  const plan = await w.store.plans.require(PLAN);
  scopes = {
    strategy: { coordinatorIds: strategy.coordinatorIds },
    plan: plan.scope,
    milestone: { ...plan.scope, ownerAdministrationId: (await w.store.milestones.require(MILESTONE)).milestone.ownerAdministrationId },
    contribution: { ...plan.scope, donorId: (await w.store.contributions.require(CONTRIBUTION)).contribution.donorId },
    gtValues: { ...plan.scope, ownerAdministrationId: 'GT' },
  };
  planPeriod = plan.plan.period;
  const preview = await over.app.request(`/api/v1/plans/${PLAN}/imports?fileName=matrix.csv`, {
    method: 'POST', headers: { ...(await over.bearer('admin')), 'Content-Type': 'text/csv' }, body: CSV,
  });
  staleImport = ((await preview.json()) as { id: string }).id;
  const m = await w.store.milestones.require(MILESTONE);
  await w.store.milestones.update(m.milestone, { note: 'Changed after the preview' }, m.milestone.version, { userId: 'admin', role: 'admin' });
  approvedGt = (await w.store.results.framework(PLAN)).submissions.find((x) => x.administrationId === 'GT' && x.state === 'approved')!.id;
  const doc = (await (await over.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ id: op.operationId, method: method.toUpperCase(), path, secured: (op.security ?? [{}]).length > 0 })));
}, 120_000);

describe('the route x role matrix', () => {
  it('has a row for every operation the API describes, and no row for one it does not', () => {
    expect(operations.length).toBeGreaterThanOrEqual(45);
    expect(operations.map((o) => o.id).filter((id) => !(id in ROWS))).toEqual([]);
    expect(Object.keys(ROWS).filter((id) => !operations.some((o) => o.id === id))).toEqual([]);
    expect(operations.map((o) => o.id)).toContain('getMe');
    // The world makes the eight kinds differ where the policy says they may.
    expect(scopes.plan.donorIds).toContain('jica');
    expect(scopes.plan.donorIds).not.toContain('ccf-japan');
    expect(scopes.plan.participantIds).toContain('GT');
    expect([...scopes.plan.participantIds!, ...scopes.plan.coordinatorIds!]).not.toContain('DO');
  });

  it('gives every principal on every operation the status the policy table gives, and 401 to nobody signed in', async () => {
    const seen: string[] = [];
    const wrong: string[] = [];
    let n = 0;
    for (const op of operations) {
      const row = ROWS[op.id]!();
      // A request path matches its template.
      const template = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      expect(row.path.split("?")[0], op.id).toMatch(template);
      for (const kind of [...Object.keys(PRINCIPALS), null] as (Kind | null)[]) {
        const principal = kind ? principals.get(kind)! : undefined;
        const body = row.body?.(kind ?? 'secretariat', ++n);
        const res = await over.app.request(row.path, {
          method: op.method,
          headers: {
            ...(kind ? await over.bearer(PRINCIPALS[kind]) : {}),
            ...row.headers,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(row.file ? { 'Content-Type': row.file.type } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(row.file ? { body: row.file.content } : {}),
        });
        const expected = !principal ? (op.secured ? 401 : row.status) : row.allowed(principal, scopes) ? row.status : (row.refused ?? 403);
        seen.push(`${op.id} ${kind ?? 'signed out'} ${res.status}`);
        if (res.status !== expected) wrong.push(`${op.method} ${row.path} as ${kind ?? 'signed out'}: ${res.status}, the policy says ${expected} (${(await res.text()).slice(0, 160)})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(seen.length).toBe(operations.length * 9);
    // Both answers occur for each kind of principal: the matrix tells them apart.
    for (const kind of Object.keys(PRINCIPALS)) {
      const statuses = new Set(seen.filter((s) => s.includes(` ${kind} `)).map((s) => s.split(' ').at(-1)));
      expect(statuses.has('200'), kind).toBe(true);
      if (kind !== 'secretariat') expect(statuses.has('403'), kind).toBe(true);
    }
  }, 300_000);
});
