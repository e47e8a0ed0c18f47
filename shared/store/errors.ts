/** What the store reports to its callers; the API maps each to a problem type. */
export class NotFound extends Error {
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} ${id} was not found`);
  }
}
export class AlreadyExists extends Error {
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} ${id} already exists`);
  }
}
/** The item changed since the writer read it (or the If-Match version is stale). */
export class VersionConflict extends Error {
  constructor(readonly resource: string, readonly id: string, readonly currentVersion?: number) {
    super(`${resource} ${id} was changed by someone else`);
  }
}
export class InvalidCursor extends Error {
  constructor() {
    super('cursor is not one this API returned for this list');
  }
}
/**
 * A rule that needs stored state (e.g. deleting a plan that still has milestones). The message is
 * the API's English; `reason` names the rule for doors that speak other languages (the web's
 * `conflict.<reason>` messages, the API's `reason` member), `params` fills its placeholders.
 */
export class Conflict extends Error {
  constructor(message: string, readonly reason?: ConflictReason, readonly params: Record<string, string | number> = {}) {
    super(message);
  }
}
/** The rules a Conflict can name (its `reason`). */
export const CONFLICT_REASONS = [
  'busy', 'idUsedBefore', 'planNotEmpty', 'changedWhileDeleting', 'resultsTooLarge', 'tooManyChanges',
  'tooManyPlans', 'alreadyCoordinator', 'termExists', 'measureLocked', 'valueApproved', 'notWaitingForReview', 'notApproved',
] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];
