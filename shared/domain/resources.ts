/**
 * The resources users work with, as zod schemas: what a client may send (Create*, Patch*) and
 * what the API returns. Strict objects: unknown fields are refused.
 */
import { z } from 'zod';
import {
  CalendarDate,
  CountryCode,
  Email,
  HttpUrl,
  Instant,
  Language,
  Money,
  Slug,
  Stamp,
  Text,
  TimeZone,
} from './common.ts';
import {
  CONTRIBUTION_KINDS, DIGEST_FREQUENCIES, FOCAL_POINT_MILESTONE_FIELDS, HEALTHS, MILESTONE_STATUSES, ORGANISATION_TYPES,
  PLAN_STATUSES, ROLES, STAGES, STRATEGY_STATUSES, type Health, type MilestoneStatus, type Role, type Stage,
} from './constants.ts';
import { daysBetween } from './dates.ts';
import { amountProblem, isCurrency } from './money.ts';

export {
  CONTRIBUTION_KINDS, DIGEST_FREQUENCIES, FOCAL_POINT_MILESTONE_FIELDS, HEALTHS, MILESTONE_STATUSES, ORGANISATION_TYPES,
  PLAN_STATUSES, ROLES, STAGES, STRATEGY_STATUSES, type Health, type MilestoneStatus, type Role, type Stage,
};

// ---------------------------------------------------------------- administrations

export const DirectorGeneral = z.strictObject({ name: Text(200), email: Email });

const administrationFields = {
  name: Text(200).meta({ example: 'Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)' }),
  language: Language,
  timeZone: TimeZone,
  directorGeneral: DirectorGeneral,
  digestFrequency: z.enum(DIGEST_FREQUENCIES).default('monthly'),
};
export const CreateAdministration = z
  .strictObject({ id: CountryCode, ...administrationFields })
  .meta({ id: 'CreateAdministration' });
export const PatchAdministration = z
  .strictObject({ ...administrationFields, digestFrequency: z.enum(DIGEST_FREQUENCIES) })
  .partial()
  .meta({ id: 'PatchAdministration' });
export const Administration = z
  .object({ id: z.string(), ...administrationFields, ...Stamp })
  .meta({ id: 'Administration' });
export type Administration = z.infer<typeof Administration>;

// ---------------------------------------------------------------- donors

const donorFields = {
  name: Text(200).meta({ example: 'Japan International Cooperation Agency (JICA)' }),
  organisationType: z.enum(ORGANISATION_TYPES).meta({ description: 'IATI OrganisationType code (10 government, 40 multilateral, ...)' }),
  iatiRef: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{1,99}$/, 'must be an IATI organisation identifier such as JP-8').optional(),
};
export const CreateDonor = z.strictObject({ id: Slug, ...donorFields }).meta({ id: 'CreateDonor' });
export const PatchDonor = z.strictObject(donorFields).partial().meta({ id: 'PatchDonor' });
export const Donor = z.object({ id: z.string(), ...donorFields, ...Stamp }).meta({ id: 'Donor' });
export type Donor = z.infer<typeof Donor>;

// ---------------------------------------------------------------- people

const personFields = {
  name: Text(200),
  email: Email,
  role: z.enum(ROLES),
  administrationId: CountryCode.optional(),
  donorId: Slug.optional(),
  language: Language.optional(),
  remindersOptOut: z.boolean().default(false),
};
function personAffiliation(p: { role?: Role; administrationId?: string; donorId?: string }, ctx: z.RefinementCtx) {
  if (!p.role) return;
  const needsAdministration = p.role === 'coordinator' || p.role === 'focal_point' || p.role === 'director_general';
  if (needsAdministration && !p.administrationId) {
    ctx.addIssue({ code: 'custom', path: ['administrationId'], message: `is required for the role ${p.role}` });
  }
  if (!needsAdministration && p.administrationId) {
    ctx.addIssue({ code: 'custom', path: ['administrationId'], message: `must not be set for the role ${p.role}` });
  }
  if (p.role === 'donor' && !p.donorId) {
    ctx.addIssue({ code: 'custom', path: ['donorId'], message: 'is required for the role donor' });
  }
  if (p.role !== 'donor' && p.donorId) {
    ctx.addIssue({ code: 'custom', path: ['donorId'], message: `must not be set for the role ${p.role}` });
  }
}
export const CreatePerson = z
  .strictObject({ id: Slug, ...personFields })
  .superRefine(personAffiliation)
  .meta({ id: 'CreatePerson' });
export const PatchPerson = z
  .strictObject({ name: personFields.name, email: personFields.email, language: Language, remindersOptOut: z.boolean() })
  .partial()
  .meta({ id: 'PatchPerson', description: 'Role and affiliation are fixed; create a new person to change them.' });
export const Person = z
  .object({ id: z.string(), ...personFields, ...Stamp })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof Person>;

// ---------------------------------------------------------------- strategies

export const ReminderSettings = z
  .strictObject({
    offsetsDays: z.array(z.number().int().min(1).max(365)).min(1).max(6).default([14, 7, 1]),
    graceDays: z.number().int().min(1).max(365).default(14),
    attentionDays: z.number().int().min(1).max(730).default(30),
  })
  .superRefine((r, ctx) => {
    if (new Set(r.offsetsDays).size !== r.offsetsDays.length) {
      ctx.addIssue({ code: 'custom', path: ['offsetsDays'], message: 'must not repeat a day' });
    }
    if (r.attentionDays <= r.graceDays) {
      ctx.addIssue({ code: 'custom', path: ['attentionDays'], message: 'must be more than graceDays' });
    }
  })
  .meta({ id: 'ReminderSettings' });

const strategyFields = {
  region: Text(200).meta({ example: 'Americas and Caribbean' }),
  title: Text(300),
  approvedOn: CalendarDate.optional(),
  approvalForum: Text(300).optional().meta({ example: 'Regional Conference of Directors General of Customs, Peru' }),
  status: z.enum(STRATEGY_STATUSES).default('draft'),
  reminders: ReminderSettings.default({ offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 }),
};
export const CreateStrategy = z
  .strictObject({ id: Slug.optional(), ...strategyFields })
  .meta({ id: 'CreateStrategy' });
export const PatchStrategy = z
  .strictObject({ ...strategyFields, status: z.enum(STRATEGY_STATUSES), reminders: ReminderSettings })
  .partial()
  .meta({ id: 'PatchStrategy' });
export const Strategy = z
  .object({
    id: z.string(),
    ...strategyFields,
    coordinatorIds: z.array(z.string()).meta({ description: 'Administrations co-coordinating now' }),
    ...Stamp,
  })
  .meta({ id: 'Strategy' });
export type Strategy = z.infer<typeof Strategy>;

export const AddCoordinator = z
  .strictObject({ administrationId: CountryCode, since: CalendarDate.optional() })
  .meta({ id: 'AddCoordinator' });
export const Coordinator = z
  .object({
    administrationId: z.string(),
    since: CalendarDate,
    until: CalendarDate.optional(),
    active: z.boolean(),
    addedBy: z.string(),
    removedBy: z.string().optional(),
  })
  .meta({ id: 'Coordinator' });
export type Coordinator = z.infer<typeof Coordinator>;

// ---------------------------------------------------------------- action plans

export const Period = z
  .strictObject({ start: CalendarDate, end: CalendarDate })
  .superRefine((p, ctx) => {
    if (daysBetween(p.start, p.end) < 0) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
  })
  .meta({ id: 'Period' });

const planFields = {
  title: Text(300),
  period: Period,
  budget: Money.optional(),
  origin: Text(500).optional().meta({ example: 'Regional workshop, Buenos Aires, 19-28 May 2014' }),
  status: z.enum(PLAN_STATUSES).default('active'),
};
export const CreatePlan = z.strictObject({ id: Slug.optional(), ...planFields }).meta({ id: 'CreatePlan' });
export const PatchPlan = z
  .strictObject({ ...planFields, budget: Money.nullable(), status: z.enum(PLAN_STATUSES) })
  .partial()
  .meta({ id: 'PatchPlan', description: 'Send budget: null to remove the budget.' });
export const Plan = z
  .object({ id: z.string(), strategyId: z.string(), ...planFields, coordinatorIds: z.array(z.string()), ...Stamp })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

// ---------------------------------------------------------------- milestones

export const Evidence = z.strictObject({ url: HttpUrl, label: Text(200).optional() }).meta({ id: 'Evidence' });

const milestoneFields = {
  title: Text(300),
  description: z.string().trim().max(5000).default(''),
  ownerAdministrationId: CountryCode,
  baselineDueDate: CalendarDate,
  dueDate: CalendarDate,
  status: z.enum(MILESTONE_STATUSES).default('planned'),
  progress: z.number().int('must be a whole number').min(0).max(100).default(0),
  note: z.string().trim().max(2000).default(''),
  evidence: z.array(Evidence).max(20).default([]),
};
function doneMeansComplete(m: { status?: MilestoneStatus; progress?: number }, ctx: z.RefinementCtx) {
  if (m.status === 'done' && m.progress !== undefined && m.progress !== 100) {
    ctx.addIssue({ code: 'custom', path: ['progress'], message: 'must be 100 when status is done' });
  }
}
export const CreateMilestone = z
  .strictObject({ ...milestoneFields, baselineDueDate: CalendarDate.optional() })
  .superRefine(doneMeansComplete)
  .meta({ id: 'CreateMilestone', description: 'baselineDueDate defaults to dueDate.' });
export const PatchMilestone = z
  .strictObject({
    title: milestoneFields.title,
    description: z.string().trim().max(5000),
    ownerAdministrationId: CountryCode,
    baselineDueDate: CalendarDate,
    dueDate: CalendarDate,
    status: z.enum(MILESTONE_STATUSES),
    progress: z.number().int('must be a whole number').min(0).max(100),
    note: z.string().trim().max(2000),
    evidence: z.array(Evidence).max(20),
  })
  .partial()
  .superRefine(doneMeansComplete)
  .meta({ id: 'PatchMilestone' });
export const Milestone = z
  .object({
    id: z.string(),
    planId: z.string(),
    strategyId: z.string(),
    ...milestoneFields,
    health: z.enum(HEALTHS),
    updatedBy: z.string(),
    ...Stamp,
  })
  .meta({ id: 'Milestone' });
export type Milestone = z.infer<typeof Milestone>;

// ---------------------------------------------------------------- contributions

export const StageDates = z
  .strictObject({
    pledged: CalendarDate.optional(),
    committed: CalendarDate.optional(),
    disbursed: CalendarDate.optional(),
    spent: CalendarDate.optional(),
  })
  .meta({ id: 'StageDates', description: 'The date each stage was reached, up to the current stage.' });

type ContributionShape = {
  kind?: (typeof CONTRIBUTION_KINDS)[number];
  amount?: string | null;
  currency?: string | null;
  stage?: Stage;
  stageDates?: z.infer<typeof StageDates>;
};
/** Cross-field rules, shared by create and by a patch merged onto the stored contribution. */
export function contributionProblems(c: ContributionShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.kind === 'financial' && !c.amount) problems.push({ path: 'amount', message: 'is required for a financial contribution' });
  if (c.amount && !c.currency) problems.push({ path: 'currency', message: 'is required with an amount' });
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

const contributionFields = {
  donorId: Slug,
  milestoneId: z.string().min(1).max(200).optional(),
  kind: z.enum(CONTRIBUTION_KINDS),
  description: Text(2000),
  amount: z.string().optional().meta({ description: 'Decimal string in the currency; estimated value for in-kind' }),
  currency: z.string().optional(),
  stage: z.enum(STAGES).default('pledged'),
  stageDates: StageDates,
};
export const CreateContribution = z
  .strictObject(contributionFields)
  .superRefine((c, ctx) => addMoneyAndStageIssues(c, ctx))
  .meta({ id: 'CreateContribution' });
export const PatchContribution = z
  .strictObject({
    milestoneId: z.string().min(1).max(200).nullable(),
    description: contributionFields.description,
    amount: z.string().nullable(),
    currency: z.string().nullable(),
    stage: z.enum(STAGES),
    stageDates: StageDates,
  })
  .partial()
  .meta({ id: 'PatchContribution', description: 'Donor and kind are fixed. The merged result must still be valid.' });
export const Contribution = z
  .object({ id: z.string(), planId: z.string(), strategyId: z.string(), ...contributionFields, ...Stamp })
  .meta({ id: 'Contribution' });
export type Contribution = z.infer<typeof Contribution>;

/** Amount/currency format plus the cross-field rules, reported on their fields. */
export function addMoneyAndStageIssues(c: ContributionShape, ctx: z.RefinementCtx) {
  if (c.currency && !isCurrency(c.currency)) {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'must be an ISO 4217 currency code in capitals, such as USD' });
  }
  if (c.amount) {
    const problem = amountProblem(c.amount, c.currency && isCurrency(c.currency) ? c.currency : 'XXX');
    if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
  }
  for (const p of contributionProblems(c)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message });
}

// ---------------------------------------------------------------- history
export const HistoryChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }).meta({ id: 'HistoryChange' });
export const HistoryEvent = z
  .object({
    id: z.string(),
    at: Instant,
    actor: z.string(),
    actorRole: z.enum(ROLES),
    action: z.enum(['created', 'updated', 'deleted', 'coordinator_added', 'coordinator_removed']),
    subject: z.string().meta({ description: 'milestone/<id>, plan/<id>, contribution/<id> or strategy/<id>' }),
    version: z.number().int(),
    changes: z.array(HistoryChange),
    via: z.string().optional(),
  })
  .meta({ id: 'HistoryEvent' });
export type HistoryEvent = z.infer<typeof HistoryEvent>;
