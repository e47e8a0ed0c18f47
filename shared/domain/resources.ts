/**
 * The resources users work with, as zod schemas: what a client may send (Create*, Patch*) and
 * what the API returns. Strict objects: unknown fields are refused.
 */
import * as z from 'zod/mini';
import {
  CalendarDate,
  CountryCode,
  CurrencyCode,
  Email,
  HttpUrl,
  Instant,
  Language,
  Money,
  lazy,
  named,
  Slug,
  Stamp,
  Prose,
  Text,
  TimeZone,
  TextMapOf,
  Translatable,
  TranslatableDescription,
  TranslatableName,
  TranslatableTitle,
  nonEmptyProse,
  textsInLanguages,
} from './common.ts';
import {
  CONTRIBUTION_KINDS, DIGEST_FREQUENCIES, FOCAL_POINT_MILESTONE_FIELDS, HEALTHS, MILESTONE_STATUSES, ORGANISATION_TYPES,
  PLAN_STATUSES, ROLES, STAGES, STRATEGY_STATUSES, type Health, type MilestoneStatus, type Role, type Stage,
} from './constants.ts';
import { daysBetween } from './dates.ts';
import type { Translations } from './translations.ts';
import { rateProblem } from './exchange.ts';
import { amountProblem, isCurrency } from './money.ts';

export {
  CONTRIBUTION_KINDS, DIGEST_FREQUENCIES, FOCAL_POINT_MILESTONE_FIELDS, HEALTHS, MILESTONE_STATUSES, ORGANISATION_TYPES,
  PLAN_STATUSES, ROLES, STAGES, STRATEGY_STATUSES, type Health, type MilestoneStatus, type Role, type Stage,
};

/**
 * A resource as stored and passed between layers: without what a response adds about languages,
 * with its texts' translations beside the originals (translations.ts; the API never shows them as stored).
 */
export type Stored<T> = Omit<T, 'textLanguages' | 'allTexts'> & { translations?: Translations };
const TEXTS_READ = 'title and description are in the reader\'s language (the person\'s, else Accept-Language) when held in it, else the original: textLanguages says which, per field. With ?languages=all, allTexts gives every language held. Writing, each takes a plain string or a map of language to text (see PatchMilestone).';

// ---------------------------------------------------------------- administrations

export const DirectorGeneral = lazy(() => z.strictObject({ name: Text(200), email: Email }));

/** An administration's and a donor's texts that can be held in several languages (translations.ts). */
export const NAME_TEXT_FIELDS = ['name'] as const;
const administrationFields = () => ({
  name: Text(200).check(z.meta({ example: 'Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)' })),
  language: Language,
  timeZone: TimeZone,
  directorGeneral: z.optional(DirectorGeneral).check(z.meta({ description: 'Who receives the digest; without one the administration has no digest recipient (shown on the secretariat\'s set-up list)' })),
  digestFrequency: z._default(z.enum(DIGEST_FREQUENCIES), 'monthly'),
});
const administrationName = () => TranslatableName('Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)');
export const CreateAdministration = named(lazy(() => z.strictObject({ id: CountryCode, ...administrationFields(), name: administrationName() })), 'CreateAdministration');
export const PatchAdministration = named(lazy(() =>
  z.partial(z.strictObject({ ...administrationFields(), name: administrationName(), directorGeneral: z.nullable(DirectorGeneral), digestFrequency: z.enum(DIGEST_FREQUENCIES) }))),
  'PatchAdministration',
  { description: 'Send directorGeneral: null when the administration has no Director General on file.' },
);
export const Administration = named(lazy(() => z.object({ id: z.string(), ...administrationFields(), ...textsInLanguages(NAME_TEXT_FIELDS, 'AdministrationTextLanguages'), ...Stamp })), 'Administration', {
  description: 'name is in the reader\'s language when held in it, else the original: textLanguages says which. With ?languages=all, allTexts gives every language held.',
});
/** An administration as stored: its name's translations beside the original (translations.ts). */
export type Administration = Stored<z.infer<typeof Administration>>;

// ---------------------------------------------------------------- donors

const donorFields = () => ({
  name: Text(200).check(z.meta({ example: 'Japan International Cooperation Agency (JICA)' })),
  organisationType: z.enum(ORGANISATION_TYPES).check(z.meta({ description: 'IATI OrganisationType code (10 government, 40 multilateral, ...)' })),
  iatiRef: z.optional(iatiRef()),
});
const iatiRef = () => z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{1,99}$/, 'must be an IATI organisation identifier such as JP-8'));
const donorName = () => TranslatableName('Japan International Cooperation Agency (JICA)');
export const CreateDonor = named(lazy(() => z.strictObject({ id: Slug, ...donorFields(), name: donorName() })), 'CreateDonor');
export const PatchDonor = named(lazy(() => z.partial(z.strictObject({ ...donorFields(), name: donorName(), iatiRef: z.nullable(iatiRef()) }))), 'PatchDonor', {
  description: 'Send iatiRef: null to remove the IATI organisation identifier.',
});
export const Donor = named(lazy(() => z.object({ id: z.string(), ...donorFields(), ...textsInLanguages(NAME_TEXT_FIELDS, 'DonorTextLanguages'), ...Stamp })), 'Donor', {
  description: 'name is in the reader\'s language when held in it, else the original: textLanguages says which. With ?languages=all, allTexts gives every language held.',
});
export type Donor = Stored<z.infer<typeof Donor>>;

// ---------------------------------------------------------------- people

const personFields = () => ({
  name: Text(200),
  email: Email,
  role: z.enum(ROLES),
  administrationId: z.optional(CountryCode),
  donorId: z.optional(Slug),
  language: z.optional(Language),
  remindersOptOut: z._default(z.boolean(), false),
});
function personAffiliation(p: { role?: Role; administrationId?: string; donorId?: string }, ctx: z.core.$RefinementCtx) {
  if (!p.role) return;
  const needsAdministration = p.role === 'coordinator' || p.role === 'focal_point' || p.role === 'director_general';
  if (needsAdministration && !p.administrationId) {
    ctx.addIssue({ code: 'custom', path: ['administrationId'], message: `is required for the role ${p.role}`, params: { code: 'required_for_role' } });
  }
  if (!needsAdministration && p.administrationId) {
    ctx.addIssue({ code: 'custom', path: ['administrationId'], message: `must not be set for the role ${p.role}`, params: { code: 'not_for_role' } });
  }
  if (p.role === 'donor' && !p.donorId) {
    ctx.addIssue({ code: 'custom', path: ['donorId'], message: 'is required for the role donor', params: { code: 'required_for_role' } });
  }
  if (p.role !== 'donor' && p.donorId) {
    ctx.addIssue({ code: 'custom', path: ['donorId'], message: `must not be set for the role ${p.role}`, params: { code: 'not_for_role' } });
  }
}
export const CreatePerson = named(lazy(() => z.strictObject({ id: Slug, ...personFields() }).check(z.superRefine(personAffiliation))), 'CreatePerson');
export const PatchPerson = named(lazy(() =>
  z.partial(z.strictObject({ name: Text(200), email: Email, language: z.nullable(Language), remindersOptOut: z.boolean() }))),
  'PatchPerson',
  { description: 'Role and affiliation change through PUT /people/{id}/role. Send language: null to use the administration\'s.' },
);
export const PersonRole = named(lazy(() =>
  z.strictObject({ role: z.enum(ROLES), administrationId: z.optional(CountryCode), donorId: z.optional(Slug) }).check(z.superRefine(personAffiliation))),
  'PersonRole',
  { description: 'A role and the administration or donor it needs.' },
);
export const Person = named(lazy(() =>
  z.object({
    id: z.string(),
    ...personFields(),
    active: z.optional(z.boolean()).check(z.meta({ description: 'false once deactivated: no sign-in, no mail (absent means active)' })),
    invitedAt: z.optional(Instant),
    signedInAt: z.optional(Instant).check(z.meta({ description: 'Last sign-in to the web app' })),
    ...Stamp,
  })),
  'Person',
);
export type Person = z.infer<typeof Person>;

// ---------------------------------------------------------------- strategies

const days = (max: number) => z.number().check(z.int(), z.gte(1), z.lte(max));
export const ReminderSettings = named(lazy(() =>
  z
    .strictObject({
      offsetsDays: z._default(z.array(days(365)).check(z.minLength(1), z.maxLength(6)), [14, 7, 1]),
      graceDays: z._default(days(365), 14),
      attentionDays: z._default(days(730), 30),
      // Results (absent: the defaults in domain/result-reminders.ts, so strategies stored before keep working).
      periodCloseDays: z.optional(z.array(days(365)).check(z.minLength(1), z.maxLength(6))).check(z.meta({
        description: 'Days before a reporting period closes when the focal points of administrations that have not reported are reminded (and on its last day); default [14, 3]',
      })),
      reviewWaitDays: z.optional(days(365)).check(z.meta({
        description: 'Days a submission may wait for review before the co-coordinators are reminded (then weekly); default 7',
      })),
    })
    .check(
      z.superRefine((r, ctx) => {
        if (new Set(r.offsetsDays).size !== r.offsetsDays.length) {
          ctx.addIssue({ code: 'custom', path: ['offsetsDays'], message: 'must not repeat a day' });
        }
        if (r.periodCloseDays && new Set(r.periodCloseDays).size !== r.periodCloseDays.length) {
          ctx.addIssue({ code: 'custom', path: ['periodCloseDays'], message: 'must not repeat a day' });
        }
        if (r.attentionDays <= r.graceDays) {
          ctx.addIssue({ code: 'custom', path: ['attentionDays'], message: 'must be more than graceDays' });
        }
      }),
    )),
  'ReminderSettings',
);

/** A strategy's and a plan's texts that can be held in several languages (translations.ts). */
export const STRATEGY_TEXT_FIELDS = ['title', 'description'] as const;
export const PLAN_TEXT_FIELDS = STRATEGY_TEXT_FIELDS;
const strategyFields = () => ({
  region: Text(200).check(z.meta({ example: 'Americas and Caribbean' })),
  title: Text(300),
  description: z.optional(Prose(5000)),
  approvedOn: z.optional(CalendarDate),
  approvalForum: z.optional(Text(300)).check(z.meta({ example: 'Regional Conference of Directors General of Customs, Peru' })),
  status: z._default(z.enum(STRATEGY_STATUSES), 'draft'),
  reminders: z._default(ReminderSettings, { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 }),
});
const strategyTexts = () => ({
  title: TranslatableTitle('Regional strategy for risk management in customs'),
  description: z.optional(TranslatableDescription('Approved at the Regional Conference of Directors General of Customs, Peru, April 2014.')),
});
export const CreateStrategy = named(lazy(() => z.strictObject({ id: z.optional(Slug), ...strategyFields(), ...strategyTexts() })), 'CreateStrategy');
export const PatchStrategy = named(lazy(() =>
  z.partial(z.strictObject({
    ...strategyFields(),
    ...strategyTexts(),
    approvedOn: z.nullable(CalendarDate),
    approvalForum: z.nullable(Text(300)),
    status: z.enum(STRATEGY_STATUSES),
    reminders: ReminderSettings,
  }))),
  'PatchStrategy',
  { description: 'Send approvedOn or approvalForum as null to remove it.' },
);
export const Strategy = named(lazy(() =>
  z.object({
    id: z.string(),
    ...strategyFields(),
    coordinatorIds: z.array(z.string()).check(z.meta({ description: 'Administrations co-coordinating now' })),
    ...textsInLanguages(STRATEGY_TEXT_FIELDS, 'StrategyTextLanguages'),
    ...Stamp,
  })),
  'Strategy',
  { description: TEXTS_READ },
);
export type Strategy = Stored<z.infer<typeof Strategy>>;

export const AddCoordinator = named(lazy(() => z.strictObject({ administrationId: CountryCode, since: z.optional(CalendarDate) })), 'AddCoordinator');
export const Coordinator = named(lazy(() =>
  z.object({
    administrationId: z.string(),
    since: CalendarDate,
    until: z.optional(CalendarDate),
    active: z.boolean(),
    addedBy: z.string(),
    removedBy: z.optional(z.string()),
  })),
  'Coordinator',
);
export type Coordinator = z.infer<typeof Coordinator>;

// ---------------------------------------------------------------- action plans

export const Period = named(lazy(() =>
  z.strictObject({ start: CalendarDate, end: CalendarDate }).check(
    z.superRefine((p, ctx) => {
      if (daysBetween(p.start, p.end) < 0) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
    }),
  )),
  'Period',
);

const planFields = () => ({
  title: Text(300),
  description: z.optional(Prose(5000)),
  period: Period,
  budget: z.optional(Money),
  origin: z.optional(Text(500)).check(z.meta({ example: 'Regional workshop, Buenos Aires, 19-28 May 2014' })),
  status: z._default(z.enum(PLAN_STATUSES), 'active'),
});
const planTexts = () => ({
  title: TranslatableTitle('Action plan of the regional risk-management strategy 2026'),
  description: z.optional(TranslatableDescription('Developed at the regional workshop in Buenos Aires; led by Peru and Argentina as co-coordinators.')),
});
export const CreatePlan = named(lazy(() => z.strictObject({ id: z.optional(Slug), ...planFields(), ...planTexts() })), 'CreatePlan');
export const PatchPlan = named(lazy(() =>
  z.partial(z.strictObject({ ...planFields(), ...planTexts(), budget: z.nullable(Money), origin: z.nullable(Text(500)), status: z.enum(PLAN_STATUSES) }))),
  'PatchPlan',
  { description: 'Send budget or origin as null to remove it.' },
);
export const Plan = named(lazy(() =>
  z.object({
    id: z.string(),
    strategyId: z.string(),
    ...planFields(),
    coordinatorIds: z.array(z.string()),
    milestoneOrder: z.optional(z.array(z.string())).check(z.meta({
      description: 'Read-only: the order of the milestones chosen with PUT /plans/{id}/milestone-order (ids); milestones not listed follow by ref',
    })),
    ...textsInLanguages(PLAN_TEXT_FIELDS, 'PlanTextLanguages'),
    ...Stamp,
  })),
  'Plan',
  { description: TEXTS_READ },
);
export type Plan = Stored<z.infer<typeof Plan>>;

export const MilestoneOrder = named(lazy(() =>
  z.strictObject({
    order: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(1000)),
  })),
  'MilestoneOrder',
  { description: 'The ids of the plan\'s milestones in the order they are listed; milestones left out keep their place after these, by ref.' },
);
// ---------------------------------------------------------------- milestones

export const Evidence = named(lazy(() => z.strictObject({
  url: HttpUrl,
  label: z.optional(Text(200)),
  internal: z.optional(internalFlag('this evidence link')),
})), 'Evidence', { description: 'A link to evidence. Left out, `internal` keeps what the link (by its url) had; a new link is public.' });

const trimmed = (max: number) => Prose(max);
/** What stays internal (domain/internal.ts): only the secretariat and the strategy's co-coordinators set or clear it. */
const internalFlag = (what: string) => z.boolean().check(z.meta({
  description: `true keeps ${what} to the secretariat, the co-coordinators and the administrations involved: never shown to donors, in IATI files, donor exports, or the digests and feeds of others`,
}));
const internalFields = () => ({
  internal: z.optional(internalFlag('the milestone')),
  noteInternal: z.optional(internalFlag('the milestone\'s note')),
});
const percent = () => z.number().check(z.int('must be a whole number'), z.gte(0), z.lte(100));
const evidenceList = () => z.array(Evidence).check(z.maxLength(20));
const milestoneFields = () => ({
  title: Text(300),
  description: z._default(trimmed(5000), ''),
  ownerAdministrationId: CountryCode,
  baselineDueDate: CalendarDate,
  dueDate: CalendarDate,
  status: z._default(z.enum(MILESTONE_STATUSES), 'planned'),
  progress: z._default(percent(), 0),
  note: z._default(trimmed(2000), ''),
  evidence: z._default(evidenceList(), []),
  ...internalFields(),
});
function doneMeansComplete(m: { status?: MilestoneStatus; progress?: number }, ctx: z.core.$RefinementCtx) {
  if (m.status === 'done' && m.progress !== undefined && m.progress !== 100) {
    ctx.addIssue({ code: 'custom', path: ['progress'], message: 'must be 100 when status is done' });
  }
}
/** The milestone's texts that can be held in several languages (translations.ts). */
export const MILESTONE_TEXT_FIELDS = ['title', 'description', 'note'] as const;
const NoteByLanguage = TextMapOf(nonEmptyProse(2000), 'NoteByLanguage');
// A plain description or note may be empty (cleared); a map's texts may not.
const milestoneInputTexts = () => ({
  title: TranslatableTitle('Risk profiles shared through the regional exchange'),
  description: TranslatableDescription('Each administration shares its profiles for the regional targeting project.'),
  note: Translatable(() => trimmed(2000), NoteByLanguage, 'Agreement signed'),
});
export const CreateMilestone = named(lazy(() =>
  z.strictObject({
    ...milestoneFields(),
    ...milestoneInputTexts(),
    description: z._default(milestoneInputTexts().description, ''),
    note: z._default(milestoneInputTexts().note, ''),
    baselineDueDate: z.optional(CalendarDate),
  }).check(z.superRefine(doneMeansComplete))),
  'CreateMilestone',
  { description: 'baselineDueDate defaults to dueDate.' },
);
export const PatchMilestone = named(lazy(() =>
  z
    .partial(
      z.strictObject({
        ...milestoneInputTexts(),
        ownerAdministrationId: CountryCode,
        baselineDueDate: CalendarDate,
        dueDate: CalendarDate,
        status: z.enum(MILESTONE_STATUSES),
        progress: percent(),
        evidence: evidenceList(),
        ...internalFields(),
      }),
    )
    .check(z.superRefine(doneMeansComplete))),
  'PatchMilestone',
  { description: 'title, description and note take a plain string or a map of language to text: `{"es": "..."}` adds or updates the Spanish translation; sending a translation marked outdated confirms it.' },
);
export const Milestone = named(lazy(() =>
  z.object({
    id: z.string(),
    planId: z.string(),
    strategyId: z.string(),
    ref: z.optional(z.number().check(z.int(), z.gte(1))).check(z.meta({
      description: 'Read-only: the milestone\'s number within its plan (1, 2, ...), given when it is added and never changed (absent on milestones stored before numbering)',
    })),
    ...milestoneFields(),
    health: z.enum(HEALTHS),
    ...textsInLanguages(MILESTONE_TEXT_FIELDS, 'MilestoneTextLanguages'),
    updatedBy: z.string(),
    ...Stamp,
  })),
  'Milestone',
  { description: 'title, description and note are in the reader\'s language (the person\'s, else Accept-Language) when a translation exists, else the original: textLanguages says which, per field. With ?languages=all, allTexts gives every language held.' },
);
export type Milestone = z.infer<typeof Milestone>;

// ---------------------------------------------------------------- contributions

export const StageDates = named(lazy(() =>
  z.strictObject({
    pledged: z.optional(CalendarDate),
    committed: z.optional(CalendarDate),
    disbursed: z.optional(CalendarDate),
    spent: z.optional(CalendarDate),
  })),
  'StageDates',
  { description: 'The date each stage was reached, up to the current stage.' },
);

/** A decimal exchange rate ("1 from = rate to"). */
const Rate = () => z.string().check(
  z.refine((v) => rateProblem(v) === null, { message: 'must be a positive decimal string such as "0.0067" (at most 12 decimals; no sign, exponent or grouping)', params: { code: 'invalid_rate' } }),
  z.meta({ example: '0.0067' }),
);

export const AgreedRate = named(lazy(() => z.strictObject({
  rate: Rate().check(z.meta({ description: 'Units of `currency` for one unit of the contribution\'s currency' })),
  currency: CurrencyCode.check(z.meta({ description: 'The plan\'s budget currency' })),
})), 'AgreedRate', { description: 'The rate agreed with the donor for this contribution, into the plan\'s budget currency (1 JPY = 0.0067 USD). Used before any recorded rate.' });

type ContributionShape = {
  kind?: (typeof CONTRIBUTION_KINDS)[number];
  amount?: string | null;
  currency?: string | null;
  agreedRate?: { rate: string; currency: string } | null;
  stage?: Stage;
  stageDates?: z.infer<typeof StageDates>;
};
/** Cross-field rules, shared by create and by a patch merged onto the stored contribution. */
export function contributionProblems(c: ContributionShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.kind === 'financial' && !c.amount) problems.push({ path: 'amount', message: 'is required for a financial contribution' });
  if (c.amount && !c.currency) problems.push({ path: 'currency', message: 'is required with an amount' });
  if (c.agreedRate && !c.amount) problems.push({ path: 'agreedRate', message: 'needs an amount to convert' });
  if (c.agreedRate && c.currency && c.agreedRate.currency === c.currency) {
    problems.push({ path: 'agreedRate.currency', message: 'must differ from the contribution\'s currency (no rate is needed)' });
  }
  if (c.stage && c.stageDates) {
    const reached = STAGES.slice(0, STAGES.indexOf(c.stage) + 1);
    if (!c.stageDates[c.stage]) problems.push({ path: `stageDates.${c.stage}`, message: `is required at stage ${c.stage}` });
    for (const later of STAGES.slice(STAGES.indexOf(c.stage) + 1)) {
      if (c.stageDates[later]) problems.push({ path: `stageDates.${later}`, message: `must not be set before the stage is reached` });
    }
    const dated = reached.map((s) => [s, c.stageDates?.[s]] as const).filter(([, d]) => d);
    for (let i = 1; i < dated.length; i++) {
      if (daysBetween(dated[i - 1]![1]!, dated[i]![1]!) < 0) {
        problems.push({ path: `stageDates.${dated[i]![0]}`, message: `must not be before ${dated[i - 1]![0]}` });
      }
    }
  }
  return problems;
}

const contributionFields = () => ({
  donorId: Slug,
  milestoneId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  kind: z.enum(CONTRIBUTION_KINDS),
  description: Prose(2000).check(z.minLength(1)),
  amount: z.optional(z.string()).check(z.meta({ description: 'Decimal string in the currency; estimated value for in-kind' })),
  currency: z.optional(z.string()),
  stage: z._default(z.enum(STAGES), 'pledged'),
  stageDates: StageDates,
  agreedRate: z.optional(AgreedRate),
  internal: z.optional(internalFlag('the contribution')),
});
export const CreateContribution = named(lazy(() =>
  z.strictObject(contributionFields()).check(z.superRefine((c, ctx) => addMoneyAndStageIssues(c, ctx)))),
  'CreateContribution',
);
export const PatchContribution = named(lazy(() =>
  z.partial(
    z.strictObject({
      milestoneId: z.nullable(z.string().check(z.minLength(1), z.maxLength(200))),
      description: Prose(2000).check(z.minLength(1)),
      amount: z.nullable(z.string()),
      currency: z.nullable(z.string()),
      stage: z.enum(STAGES),
      stageDates: StageDates,
      agreedRate: z.nullable(AgreedRate),
      internal: internalFlag('the contribution'),
    }),
  )),
  'PatchContribution',
  { description: 'Donor and kind are fixed. The merged result must still be valid. Send agreedRate: null to convert at the recorded rates.' },
);
export const Contribution = named(lazy(() =>
  z.object({ id: z.string(), planId: z.string(), strategyId: z.string(), ...contributionFields(), ...Stamp })),
  'Contribution',
);
export type Contribution = z.infer<typeof Contribution>;

/** Amount/currency format plus the cross-field rules, reported on their fields. */
export function addMoneyAndStageIssues(c: ContributionShape, ctx: z.core.$RefinementCtx) {
  if (c.currency && !isCurrency(c.currency)) {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'must be an ISO 4217 currency code in capitals, such as USD' });
  }
  if (c.amount) {
    const problem = amountProblem(c.amount, c.currency && isCurrency(c.currency) ? c.currency : 'XXX');
    if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
  }
  for (const p of contributionProblems(c)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message });
}

// ---------------------------------------------------------------- exchange rates

const exchangeRateFields = () => ({
  rate: Rate().check(z.meta({ description: 'Units of `to` for one unit of `from`' })),
  source: Text(300).check(z.meta({ example: 'Agreement JICA-ROCB AMS signed 2 March 2026 (JICA monthly rate)' })),
});
export const CreateExchangeRate = named(lazy(() =>
  z.strictObject({
    from: CurrencyCode,
    to: CurrencyCode.check(z.meta({ description: 'The currency budgets are kept in (the rate converts into it)' })),
    date: CalendarDate.check(z.meta({ description: 'The day the rate applies from, until the next rate recorded for the pair' })),
    ...exchangeRateFields(),
  }).check(z.superRefine((r, ctx) => {
    if (r.from === r.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from from', params: { code: 'same_currency' } });
  }))),
  'CreateExchangeRate',
  { description: 'One rate per pair and day: 1 `from` = `rate` `to`, in force from `date` until the next one recorded.' },
);
export const PatchExchangeRate = named(lazy(() => z.partial(z.strictObject(exchangeRateFields()))), 'PatchExchangeRate', {
  description: 'Correct a recorded rate or its source; the pair and the day are its identity.',
});
export const ExchangeRate = named(lazy(() =>
  z.object({ id: z.string(), from: z.string(), to: z.string(), date: CalendarDate, ...exchangeRateFields(), recordedBy: z.string(), ...Stamp })),
  'ExchangeRate',
);
export type ExchangeRate = z.infer<typeof ExchangeRate>;

// ---------------------------------------------------------------- history
export const HistoryChange = named(lazy(() => z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })), 'HistoryChange');
export const HistoryEvent = named(lazy(() =>
  z.object({
    id: z.string(),
    at: Instant,
    actor: z.string(),
    actorRole: z.enum(ROLES),
    action: z.enum(['created', 'updated', 'deleted', 'coordinator_added', 'coordinator_removed', 'submitted', 'resubmitted', 'returned', 'approved', 'reopened']),
    subject: z.string().check(z.meta({ description: 'milestone/<id>, plan/<id>, contribution/<id>, strategy/<id>, result/<id>, indicator/<id>, period/<id> or submission/<id>' })),
    version: z.number().check(z.int()),
    changes: z.array(HistoryChange),
    via: z.optional(z.string()),
    sealed: z.optional(z.array(z.enum(['milestone', 'note']))).check(
      z.meta({ description: 'What was internal before or after this change (a milestone, its note): kept, so that making it public later does not publish what was written while it was internal. Only those who may see internal items get it.' }),
    ),
  })),
  'HistoryEvent',
);
export type HistoryEvent = z.infer<typeof HistoryEvent>;
