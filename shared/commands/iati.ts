/**
 * IATI 2.03 activity XML of a plan (one iati-activity) or a strategy (one file, one iati-activity
 * per plan the caller may read), for the readers the policy allows (`plan:publish-iati`). The XML is
 * written with xmlbuilder2, loaded on the first file asked for (not at cold start).
 */
import { iatiActivity, DEFAULT_REPORTING_ORG, type IatiActivity, type IatiOrganisation } from '../domain/iati.ts';
import { localDate } from '../domain/dates.ts';
import { can, planScopeFilter } from '../domain/policy.ts';
import type { CommandDeps, Caller } from './context.ts';
import { authorize } from './context.ts';
import { NotFound } from './errors.ts';

export interface IatiOptions {
  /** The app's public base URL, for the plan page's document-link. */
  publicUrl: string;
  reportingOrg?: IatiOrganisation;
}

async function activityOf(deps: CommandDeps, caller: Caller, planId: string, options: IatiOptions): Promise<IatiActivity> {
  const { record, milestones, contributions } = await deps.store.plans.collection(planId);
  authorize(caller, 'plan:publish-iati', record.scope, `plan ${planId}`);
  const plan = record.plan;
  const [strategy, donors, administrations] = await Promise.all([
    deps.store.strategies.get(plan.strategyId),
    deps.store.donors.getMany(contributions.map((c) => c.donorId)),
    deps.store.administrations.getMany([...record.scope.coordinatorIds, ...milestones.map((m) => m.milestone.ownerAdministrationId)]),
  ]);
  return iatiActivity({
    plan,
    strategy: { id: plan.strategyId, title: strategy?.title ?? plan.strategyId, region: strategy?.region ?? '' },
    milestones: milestones.map((m) => m.milestone),
    contributions,
    donors,
    administrations,
    coordinatorIds: record.scope.coordinatorIds,
    today: localDate(deps.now(), 'UTC'),
    lang: 'en',
    reportingOrg: options.reportingOrg ?? DEFAULT_REPORTING_ORG,
    planUrl: `${options.publicUrl.replace(/\/$/, '')}/plans/${encodeURIComponent(plan.id)}`,
  }, caller.role === 'donor' ? caller.donorId ?? '-' : undefined);
}

/** A plan's activity file. */
export async function planIatiXml(deps: CommandDeps, caller: Caller, input: { planId: string } & IatiOptions): Promise<string> {
  return iatiXml([await activityOf(deps, caller, input.planId, input)], deps.now());
}

/** A strategy's file: one activity per plan the caller may read (none: 404). */
export async function strategyIatiXml(deps: CommandDeps, caller: Caller, input: { strategyId: string } & IatiOptions): Promise<string> {
  const [strategy, page] = await Promise.all([
    deps.store.strategies.get(input.strategyId),
    deps.store.plans.ofStrategy(input.strategyId, { limit: 100 }, planScopeFilter(caller)),
  ]);
  if (!strategy) throw new NotFound('strategy', input.strategyId);
  const plans = page.items.filter((r) => can(caller, 'plan:publish-iati', r.scope));
  if (plans.length === 0) throw new NotFound('plans of strategy', input.strategyId);
  const activities = await Promise.all(plans.map((r) => activityOf(deps, caller, r.plan.id, input)));
  return iatiXml(activities, deps.now());
}

/** The iati-activities document, elements in the order the 2.03 schema requires. */
export async function iatiXml(activities: readonly IatiActivity[], now: Date): Promise<string> {
  const { create } = await import('xmlbuilder2');
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', { version: '2.03', 'generated-datetime': now.toISOString().replace(/\.\d{3}Z$/, 'Z') });
  for (const a of activities) {
    const act = root.ele('iati-activity', { 'last-updated-datetime': a.lastUpdated.replace(/\.\d{3}Z$/, 'Z'), 'xml:lang': a.lang, ...(a.defaultCurrency ? { 'default-currency': a.defaultCurrency } : {}) });
    act.ele('iati-identifier').txt(a.identifier);
    act.ele('reporting-org', { ref: a.reportingOrg.ref, type: a.reportingOrg.type }).ele('narrative').txt(a.reportingOrg.name);
    const title = act.ele('title');
    for (const n of a.title) title.ele('narrative', { 'xml:lang': n.lang }).txt(n.text);
    const description = act.ele('description', { type: '1' });
    for (const n of a.description) description.ele('narrative', { 'xml:lang': n.lang }).txt(n.text);
    for (const p of a.participating) {
      act.ele('participating-org', { ...(p.ref ? { ref: p.ref } : {}), role: p.role, ...(p.type ? { type: p.type } : {}) }).ele('narrative').txt(p.name);
    }
    act.ele('activity-status', { code: a.status });
    for (const d of a.dates) act.ele('activity-date', { 'iso-date': d.date, type: d.type });
    for (const c of a.recipientCountries) act.ele('recipient-country', { code: c.code, percentage: String(c.percentage) });
    for (const b of a.budgets) {
      const budget = act.ele('budget', { type: '1', status: '1' });
      budget.ele('period-start', { 'iso-date': b.start });
      budget.ele('period-end', { 'iso-date': b.end });
      budget.ele('value', { currency: b.currency, 'value-date': b.start }).txt(b.value);
    }
    for (const t of a.transactions) {
      const tx = act.ele('transaction');
      tx.ele('transaction-type', { code: t.type });
      tx.ele('transaction-date', { 'iso-date': t.date });
      tx.ele('value', { currency: t.currency, 'value-date': t.date }).txt(t.value);
      tx.ele('description').ele('narrative').txt(t.description);
      tx.ele('provider-org', { ...(t.provider.ref ? { ref: t.provider.ref } : {}), type: t.provider.type }).ele('narrative').txt(t.provider.name);
    }
    for (const d of a.documents) {
      const link = act.ele('document-link', { format: 'text/html', url: d.url });
      link.ele('title').ele('narrative').txt(d.title);
      link.ele('category', { code: d.category });
    }
  }
  return root.end({ prettyPrint: true });
}
