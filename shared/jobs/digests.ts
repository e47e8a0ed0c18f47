/**
 * The digests run: for each administration whose digest for the current period (in its own time
 * zone and frequency) is not sent yet, build it from the plans it takes part in, keep it, and mail
 * it to the Director General through the send ledger. Directors General cannot opt out.
 *
 * Reads: the administrations (one Query) and the ledger (one BatchGetItem per 100). Only when a
 * digest is due: strategies, their plans (one Query each), one Query per concerned plan's item
 * collection (open plans only, each read once however many administrations share it), donors, and per administration its
 * latest digest and its people.
 */
import { digestLedgerId, digestPeriod, buildDigest, takesPart, type Digest, type DigestPlanInput } from '../domain/digest.ts';
import { localDate } from '../domain/dates.ts';
import { readerView } from '../domain/internal.ts';
import type { Administration } from '../domain/resources.ts';
import { inLanguage, resolveText, type Translations } from '../domain/translations.ts';
import type { Language } from '../domain/constants.ts';
import { pickLanguage } from '../i18n/index.ts';
import { digestMessage } from '../mail/templates/digest.ts';
import { digestSubject } from '../mail/templates/format.ts';
import { deliver, type Letter } from './deliver.ts';
import { emptyResult, noLog, type JobDeps, type JobResult } from './deps.ts';
import { allPages, mapLimit, retrying } from './retry.ts';

export async function runDigests(deps: JobDeps & { administrationIds?: readonly string[] }): Promise<JobResult> {
  const { store, now } = deps;
  const log = deps.log ?? noLog;
  const result = emptyResult('digests', now);

  const all = await allPages((page) => store.administrations.list(page));
  const chosen = deps.administrationIds ? all.filter((a) => deps.administrationIds!.includes(a.id)) : all;
  // No Director General on file: no digest recipient (the secretariat's set-up list shows it).
  const administrations = chosen.filter((a): a is Administration & { directorGeneral: NonNullable<Administration['directorGeneral']> } => !!a.directorGeneral);
  result.skipped += chosen.length - administrations.length;
  const candidates = administrations.map((administration) => {
    const period = digestPeriod(administration.digestFrequency ?? 'monthly', localDate(now, administration.timeZone));
    return { administration, period, ledgerId: digestLedgerId(administration.id, period.id, administration.directorGeneral.email) };
  });
  const known = await retrying(() => store.ledger.getMany(candidates.map((c) => c.ledgerId)));
  const pending = candidates.filter((c) => known.get(c.ledgerId)?.status !== 'sent');
  result.due += candidates.length - pending.length;
  result.skipped += candidates.length - pending.length;
  if (pending.length === 0) return result;

  // What the pending digests read, each item collection once however many administrations share it.
  const pendingIds = new Set(pending.map((c) => c.administration.id));
  const [strategies, donors, allAdministrations] = [
    await allPages((page) => store.strategies.list(page)),
    await allPages((page) => store.donors.list(page)),
    all,
  ];
  const plansByStrategy = await mapLimit(strategies, 4, (s) => allPages((page) => store.plans.ofStrategy(s.id, page)));
  const concerned = plansByStrategy
    .flat()
    .filter((r) => [...pendingIds].some((id) => takesPart(id, r.plan, r.scope.coordinatorIds, r.scope.participantIds)));
  const strategyById = new Map(strategies.map((s) => [s.id, s]));
  const collections = await mapLimit(concerned, 8, (r) => retrying(() => store.plans.collection(r.plan.id)));
  const planInputs: DigestPlanInput[] = collections.map((c) => {
    const strategy = strategyById.get(c.record.plan.strategyId);
    return {
      plan: c.record.plan,
      coordinatorIds: c.record.scope.coordinatorIds,
      participantIds: c.record.scope.participantIds,
      strategy: { id: c.record.plan.strategyId, title: strategy?.title ?? c.record.plan.strategyId, reminders: strategy?.reminders ?? { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 } },
      milestones: c.milestones.map((m) => m.milestone),
      contributions: c.contributions,
      results: { results: c.results.results, indicators: c.results.indicators, periods: c.results.periods, submissions: c.results.submissions },
    };
  });
  // The recorded rates the plans' funding gaps need: one Query per budget currency, none if all is in budget currency.
  const rates = await retrying(() => store.exchangeRates.forPlans(collections.map((c) => ({ plan: c.record.plan, contributions: c.contributions }))));
  // Names and titles in the digest's language (issue 14): what it reads is written in one language.
  const donorNames = (language: Language) => new Map(donors.map((d) => [d.id, inLanguage(d, [language]).name]));
  const administrationNames = (language: Language) => new Map(allAdministrations.map((a) => [a.id, inLanguage(a, [language]).name]));
  const strategyInLanguage = (s: DigestPlanInput['strategy'], language: Language): DigestPlanInput['strategy'] => {
    const stored = strategyById.get(s.id);
    if (!stored) return s;
    const title = resolveText(stored.title, stored.translations?.title, [language]);
    return { ...s, title: title.text, titleLang: title.lang };
  };
  const planInLanguage = (p: DigestPlanInput, language: Language): DigestPlanInput => ({
    ...p,
    plan: inLanguage(p.plan, [language]),
    strategy: strategyInLanguage(p.strategy, language),
    ...(p.results ? { results: { ...p.results, results: p.results.results?.map((r) => inLanguage(r as { translations?: Translations }, [language]) as typeof r), indicators: p.results.indicators.map((i) => inLanguage(i as typeof i & { translations?: Translations }, [language])) } } : {}),
  });

  const digests = await mapLimit(pending, 4, async ({ administration, period, ledgerId }) => {
    const [previous, people] = await Promise.all([
      retrying(() => store.digests.latest(administration.id)),
      retrying(() => store.people.ofAdministration(administration.id)),
    ]);
    // A digest kept by an earlier attempt for this period is mailed as it was.
    if (previous?.id === period.id) return { digest: previous, ledgerId };
    const dgEmail = administration.directorGeneral.email.toLowerCase();
    const dg =
      people.find((p) => p.role === 'director_general' && p.email.toLowerCase() === dgEmail) ?? people.find((p) => p.role === 'director_general');
    const language = pickLanguage(dg?.language, administration.language);
    const digest: Digest = {
      id: period.id,
      administrationId: administration.id,
      frequency: period.frequency,
      period: { start: period.start, end: period.end },
      language,
      generatedAt: now.toISOString(),
      recipient: { name: administration.directorGeneral.name, email: administration.directorGeneral.email },
      subject: digestSubject(language, inLanguage(administration, [language]).name, period),
      content: buildDigest({
        administration: administrationOf(inLanguage(administration, [language])),
        period,
        since: previous?.generatedAt ?? null,
        now,
        plans: planInputs.map((p) => digestView(administration.id, planInLanguage(p, language))),
        donorNames: donorNames(language),
        administrationNames: administrationNames(language),
        rates,
        language,
      }),
    };
    const kept = await retrying(() => store.digests.keep(digest));
    return { digest: kept.digest, ledgerId };
  });

  const letters: Letter<Digest>[] = digests.map(({ digest, ledgerId }) => ({
    recipient: digest.recipient.email,
    entries: [{ id: ledgerId, kind: 'digest', item: digest }],
    compose: ([d]) => digestMessage(d!, { links: deps.links, from: deps.from, ledgerId }),
  }));
  await deliver(letters, deps, result);
  log.info('digests run finished', { due: result.due, sent: result.sent, skipped: result.skipped, failed: result.failed });
  return result;
}

/**
 * A plan as the administration's Director General may see it: what stays internal to others is
 * neither listed nor counted in the digest (domain/internal.ts).
 */
function digestView(administrationId: string, p: DigestPlanInput): DigestPlanInput {
  const reader = { userId: `digest:${administrationId}`, role: 'director_general' as const, administrationId };
  return { ...p, ...readerView(reader, p, p) };
}

function administrationOf(a: Administration) {
  return { id: a.id, name: a.name, timeZone: a.timeZone };
}
