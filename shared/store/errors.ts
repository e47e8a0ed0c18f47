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
/** A rule that needs stored state (e.g. deleting a plan that still has milestones). */
export class Conflict extends Error {}
