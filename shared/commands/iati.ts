/**
 * IATI 2.03 activity XML of a plan (one iati-activity) or a strategy (one file, one iati-activity
 * per plan the caller may read), for the readers the policy allows (`plan:publish-iati`). The XML is
 * written with fast-xml-builder, loaded on the first file asked for (not at cold start).
 */
import { iatiActivity, DEFAULT_REPORTING_ORG, type IatiActivity, type IatiFigure, type IatiOrganisation } from '../domain/iati.ts';
import { localDate } from '../domain/dates.ts';
import { PUBLICATION, recordsFor } from '../domain/internal.ts';
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
  const collection = await deps.store.plans.collection(planId);
  const { record, results } = collection;
  authorize(caller, 'plan:publish-iati', record.scope, `plan ${planId}`);
  // An IATI file is a publication: nothing internal goes in it, whoever asks (domain/internal.ts).
  const { milestones, contributions } = recordsFor(PUBLICATION, record.scope, collection);
  const plan = record.plan;
  const [strategy, donors, administrations] = await Promise.all([
    deps.store.strategies.get(plan.strategyId),
    deps.store.donors.getMany(contributions.map((c) => c.donorId)),
    deps.store.administrations.getMany([...record.scope.coordinatorIds, ...milestones.map((m) => m.milestone.ownerAdministrationId)]),
  ]);
  return iatiActivity({
    plan,
    strategy: { id: plan.strategyId, title: strategy?.title ?? plan.strategyId, region: strategy?.region ?? '', ...(strategy?.translations ? { translations: strategy.translations } : {}) },
    milestones: milestones.map((m) => m.milestone),
    contributions,
    donors,
    administrations,
    coordinatorIds: record.scope.coordinatorIds,
    framework: results,
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
  // fast-xml-builder (about 40 KB): keys in order, arrays for repeated elements, `@_` attributes.
  const { default: XMLBuilder } = await import('fast-xml-builder');
  const instant = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
  const narrative = (text: string, lang?: string) => ({ ...(lang ? { '@_xml:lang': lang } : {}), '#text': text });
  // An administration's figure carries it as a dimension; a qualitative answer is the comment.
  const figureContent = (f: IatiFigure) => ({
    ...(f.administration ? { dimension: { '@_name': 'administration', '@_value': f.administration } } : {}),
    ...(f.comment ? { comment: { narrative: narrative(f.comment) } } : {}),
  });
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'iati-activities': {
      '@_version': '2.03',
      '@_generated-datetime': instant(now.toISOString()),
      'iati-activity': activities.map((a) => ({
        '@_last-updated-datetime': instant(a.lastUpdated),
        '@_xml:lang': a.lang,
        ...(a.defaultCurrency ? { '@_default-currency': a.defaultCurrency } : {}),
        'iati-identifier': a.identifier,
        'reporting-org': { '@_ref': a.reportingOrg.ref, '@_type': a.reportingOrg.type, narrative: narrative(a.reportingOrg.name) },
        title: { narrative: a.title.map((n) => narrative(n.text, n.lang)) },
        description: { '@_type': '1', narrative: a.description.map((n) => narrative(n.text, n.lang)) },
        'participating-org': a.participating.map((p) => ({ ...(p.ref ? { '@_ref': p.ref } : {}), '@_role': p.role, ...(p.type ? { '@_type': p.type } : {}), narrative: p.names ? p.names.map((n) => narrative(n.text, n.lang)) : narrative(p.name) })),
        'activity-status': { '@_code': a.status },
        'activity-date': a.dates.map((d) => ({ '@_iso-date': d.date, '@_type': d.type })),
        'recipient-country': a.recipientCountries.map((c) => ({ '@_code': c.code, '@_percentage': String(c.percentage) })),
        budget: a.budgets.map((b) => ({
          '@_type': '1', '@_status': '1',
          'period-start': { '@_iso-date': b.start },
          'period-end': { '@_iso-date': b.end },
          value: { '@_currency': b.currency, '@_value-date': b.start, '#text': b.value },
        })),
        transaction: a.transactions.map((t) => ({
          'transaction-type': { '@_code': t.type },
          'transaction-date': { '@_iso-date': t.date },
          value: { '@_currency': t.currency, '@_value-date': t.date, '#text': t.value },
          description: { narrative: narrative(t.description) },
          'provider-org': { ...(t.provider.ref ? { '@_ref': t.provider.ref } : {}), '@_type': t.provider.type, narrative: narrative(t.provider.name) },
        })),
        'document-link': a.documents.map((d) => ({
          '@_format': 'text/html', '@_url': d.url,
          title: { narrative: d.titles ? d.titles.map((n) => narrative(n.text, n.lang)) : narrative(d.title) },
          category: { '@_code': d.category },
        })),
        result: a.results.map((r) => ({
          '@_type': r.type, '@_aggregation-status': r.aggregated ? '1' : '0',
          title: { narrative: r.titles ? r.titles.map((n) => narrative(n.text, n.lang)) : narrative(r.title) },
          ...(r.description ? { description: { narrative: r.descriptions ? r.descriptions.map((n) => narrative(n.text, n.lang)) : narrative(r.description) } } : {}),
          indicator: r.indicators.map((i) => ({
            '@_measure': i.measure, '@_ascending': i.ascending ? '1' : '0', '@_aggregation-status': i.aggregated ? '1' : '0',
            title: { narrative: i.titles ? i.titles.map((n) => narrative(n.text, n.lang)) : narrative(i.title) },
            ...(i.description ? { description: { narrative: i.descriptions ? i.descriptions.map((n) => narrative(n.text, n.lang)) : narrative(i.description) } } : {}),
            baseline: i.baselines.map((b) => ({ '@_year': b.year, '@_iso-date': b.date, '@_value': b.value, ...figureContent(b) })),
            period: i.periods.map((p) => ({
              'period-start': { '@_iso-date': p.start },
              'period-end': { '@_iso-date': p.end },
              target: p.targets.map((f) => ({ ...(f.value !== undefined ? { '@_value': f.value } : {}), ...figureContent(f) })),
              actual: p.actuals.map((f) => ({ ...(f.value !== undefined ? { '@_value': f.value } : {}), ...figureContent(f) })),
            })),
          })),
        })),
      })),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, processEntities: true });
  return builder.build(document) as string;
}
