/**
 * Milestone actions: add, update (every field: the plan's co-coordinators and the secretariat),
 * report (status, progress, note and evidence: also the owning administration's focal points),
 * delete. The API's PATCH, the web form and the one-click link in a reminder all end here.
 */
import { internalChanges, milestoneFor } from '../domain/internal.ts';
import { can, type Scope } from '../domain/policy.ts';
import { CreateMilestone, FOCAL_POINT_MILESTONE_FIELDS, MILESTONE_TEXT_FIELDS, PatchMilestone } from '../domain/resources.ts';
import type { TextMap } from '../domain/common.ts';
import type { Language } from '../domain/constants.ts';
import { languageOf, writtenTexts } from './texts.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField } from './context.ts';
import { Forbidden, Invalid, NotFound } from './errors.ts';
import type { PlanRecord, StoredMilestone } from '../store/index.ts';

export interface LoadedMilestone {
  /** As the caller may see it (domain/internal.ts): without what stays internal to others. */
  milestone: StoredMilestone;
  /** As stored, when it differs from `milestone`: what a change starts from. */
  stored?: StoredMilestone;
  plan: PlanRecord;
  /** The plan's permission facts with the milestone's owner: what every milestone rule reads. */
  scope: Scope;
}

/**
 * The milestone with its plan (one BatchGetItem), if the caller may read it. An internal milestone
 * is not found for those it does not involve (not forbidden: that would say it exists).
 */
export async function readMilestone(deps: CommandDeps, caller: Caller, id: string): Promise<LoadedMilestone> {
  const found = await deps.store.milestones.get(id);
  if (!found) throw new NotFound('milestone', id);
  const scope = { ...found.plan.scope, ownerAdministrationId: found.milestone.ownerAdministrationId };
  authorize(caller, 'milestone:read', scope, `milestone ${id}`);
  const seen = milestoneFor(caller, found.plan.scope, found.milestone);
  if (!seen) throw new NotFound('milestone', id);
  return { milestone: seen, stored: found.milestone, plan: found.plan, scope };
}

/** What the caller may do to a milestone: every field, or only report on it. */
export function milestoneRights(caller: Caller, scope: Scope) {
  const update = can(caller, 'milestone:update', scope);
  return { update, report: update || can(caller, 'milestone:report', scope) };
}

async function ownerZone(deps: CommandDeps, administrationId: string): Promise<string> {
  const administration = await deps.store.administrations.get(administrationId);
  if (!administration) throw new Invalid([{ field: 'ownerAdministrationId', message: `names no known administration (${administrationId})`, code: 'unknown_reference' }]);
  return administration.timeZone;
}

type TextField = (typeof MILESTONE_TEXT_FIELDS)[number];

/**
 * The milestone's texts as stored after a writer's input: originals in `title`, `description` and
 * `note`, translations beside them (commands/texts.ts, the rule every translatable text follows).
 */
export function milestoneTexts(
  current: StoredMilestone | undefined,
  body: Partial<Record<TextField, string | TextMap>>,
  writer: Language | undefined,
  /** The writer said which language the plain strings are in (Content-Language): each is that language's text. */
  stated?: Language,
): Partial<Pick<StoredMilestone, TextField | 'translations'>> {
  return writtenTexts(MILESTONE_TEXT_FIELDS, current, body, writer, stated);
}

export async function addMilestone(deps: CommandDeps, caller: Caller, input: { planId: string; milestone: unknown; language?: Language; contentLanguage?: Language }): Promise<StoredMilestone> {
  const parsed = parse(CreateMilestone, input.milestone);
  const body = { ...parsed, ...milestoneTexts(undefined, parsed, input.language ?? languageOf(caller), input.contentLanguage) } as Omit<StoredMilestone, 'id' | 'planId' | 'strategyId' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy' | 'ref' | 'ownerTimeZone' | 'baselineDueDate'> & { baselineDueDate?: string; id?: string };
  const [plan, zone] = await Promise.all([deps.store.plans.require(input.planId), ownerZone(deps, body.ownerAdministrationId).catch((e: unknown) => e as Error)]);
  authorize(caller, 'milestone:create', plan.scope, `milestones of plan ${input.planId}`);
  const flags = internalChanges({ ownerAdministrationId: body.ownerAdministrationId, evidence: [] }, body);
  if (flags.changed.length > 0) authorize(caller, 'internal:mark', plan.scope, `${flags.changed.join(', ')} of a milestone`);
  if (zone instanceof Error) throw zone;
  return deps.store.milestones.create(
    plan,
    { ...body, baselineDueDate: body.baselineDueDate ?? body.dueDate, progress: body.status === 'done' ? 100 : body.progress, ownerTimeZone: zone },
    actorOf(caller),
  );
}

export interface MilestoneChange {
  id: string;
  /** Any fields of PatchMilestone; checked here. */
  patch: unknown;
  expectedVersion: number;
  /** The reader's language at the door (the person's, else Accept-Language): a plain string edits what it reads. */
  language?: Language;
  /** The language the writer says plain strings are in (Content-Language): they set that language's text. */
  contentLanguage?: Language;
}


/**
 * Changes a milestone. Without the right to change every field, the owning administration's focal
 * points (and coordinators) may still report: status, progress, note and evidence.
 */
export async function updateMilestone(deps: CommandDeps, caller: Caller, input: MilestoneChange, loaded?: LoadedMilestone): Promise<StoredMilestone> {
  const body = parse(PatchMilestone, input.patch);
  requireSomeField(body);
  const read = loaded ?? (await readMilestone(deps, caller, input.id));
  const { plan, scope } = read;
  const milestone = read.stored ?? read.milestone;
  const patch = completed(milestone, withTexts(milestone, body, input.language ?? languageOf(caller), input.contentLanguage));
  // Setting or clearing what stays internal is the secretariat's and the co-coordinators' alone.
  const flags = internalChanges(milestone, body);
  if (flags.changed.length > 0) authorize(caller, 'internal:mark', scope, `${flags.changed.join(', ')} of milestone ${input.id}`);
  if (flags.carried) patch.evidence = flags.carried;
  if (!can(caller, 'milestone:update', scope)) {
    authorize(caller, 'milestone:report', scope, `milestone ${input.id}`);
    const others = Object.keys(body).filter((f) => !(FOCAL_POINT_MILESTONE_FIELDS as readonly string[]).includes(f));
    if (others.length > 0) {
      throw new Forbidden(`Only the plan's co-coordinators may change ${others.join(', ')}; you may change ${FOCAL_POINT_MILESTONE_FIELDS.join(', ')}.`);
    }
  }
  if (body.ownerAdministrationId && body.ownerAdministrationId !== milestone.ownerAdministrationId) {
    patch.ownerTimeZone = await ownerZone(deps, body.ownerAdministrationId);
  }
  return deps.store.milestones.update(milestone, patch, input.expectedVersion, actorOf(caller), plan);
}

/**
 * The rules of a milestone change that need no I/O: the domain schema, and done means complete
 * (progress becomes 100 when the status becomes done and no progress is given). Returns the patch
 * to store, or throws Invalid with every field error.
 */
export function checkMilestonePatch(current: StoredMilestone, input: unknown): Partial<StoredMilestone> {
  const body = parse(PatchMilestone, input);
  requireSomeField(body);
  return completed(current, withTexts(current, body, undefined));
}

/** A parsed change with its texts as stored (originals and translations). */
function withTexts(current: StoredMilestone, body: ReturnType<typeof PatchMilestone.parse>, writer: Language | undefined, stated?: Language): Partial<StoredMilestone> {
  return { ...body, ...milestoneTexts(current, body, writer, stated) } as Partial<StoredMilestone>;
}

/** A parsed change made whole: done means complete, and a done milestone must be at 100. */
function completed(current: StoredMilestone, body: Partial<StoredMilestone>): Partial<StoredMilestone> {
  const patch: Partial<StoredMilestone> = { ...body };
  if (body.status === 'done' && body.progress === undefined) patch.progress = 100;
  const merged = { ...current, ...patch };
  if (merged.status === 'done' && merged.progress !== 100) {
    throw new Invalid([{ field: 'progress', message: 'must be 100 when status is done', code: 'done_means_complete' }]);
  }
  return patch;
}

/** Reporting only (the reminder link's form): the same rules, limited to the reporting fields. */
export async function reportMilestone(deps: CommandDeps, caller: Caller, input: MilestoneChange, loaded?: LoadedMilestone): Promise<StoredMilestone> {
  const fields = input.patch && typeof input.patch === 'object' ? Object.keys(input.patch) : [];
  const others = fields.filter((f) => !(FOCAL_POINT_MILESTONE_FIELDS as readonly string[]).includes(f));
  if (others.length > 0) throw new Invalid(others.map((field) => ({ field, message: 'is not a field one reports on', code: 'unknown_field' })));
  const current = loaded ?? (await readMilestone(deps, caller, input.id));
  authorize(caller, 'milestone:report', current.scope, `milestone ${input.id}`);
  return updateMilestone(deps, caller, input, current);
}

export async function deleteMilestone(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<void> {
  const read = await readMilestone(deps, caller, input.id);
  const { plan, scope } = read;
  const milestone = read.stored ?? read.milestone;
  authorize(caller, 'milestone:delete', scope, `milestone ${input.id}`);
  await deps.store.milestones.delete(milestone, input.expectedVersion, actorOf(caller), plan);
}
