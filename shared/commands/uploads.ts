/**
 * Spreadsheets that reach the import through the uploads bucket (in AWS; shared/sheets/uploads.ts):
 * a presigned form for a plan's upload, then the uploaded file taken back by its key. Taking it
 * checks the key is one of this plan's uploads and that the caller may import into the plan before
 * anything is read from S3; a file over 5 MB is refused by its size (HeadObject) without being read;
 * the object is deleted once read, so an upload is imported once. The preview itself is
 * `previewImport`, the same as for a file sent in the request body.
 */
import { can, type Scope } from '../domain/policy.ts';
import { BadFile, LIMITS } from '../sheets/types.ts';
import { uploadedFileName, type UploadForm, type Uploads } from '../sheets/uploads.ts';
import type { CommandDeps, Caller } from './context.ts';
import { Forbidden, invalid } from './errors.ts';

export type UploadDeps = CommandDeps & { uploads?: Uploads };

/** There is no uploads bucket here (locally, in the tests): files go in the request body. */
export class UploadsNotUsed extends Error {
  constructor() {
    super('Uploads go in the request body here: there is no uploads bucket.');
  }
}

function uploadsOf(deps: UploadDeps): Uploads {
  if (!deps.uploads) throw new UploadsNotUsed();
  return deps.uploads;
}

/** Who may send a plan a spreadsheet: whoever may change its milestones or its contributions. */
function authorizeImport(caller: Caller, scope: Scope, planId: string): void {
  if (!can(caller, 'plan:read', scope) || !(can(caller, 'milestone:update', scope) || can(caller, 'contribution:update', scope))) {
    throw new Forbidden(`${caller.role} ${caller.userId} may not import into plan ${planId}.`);
  }
}

async function planScope(deps: CommandDeps, planId: string, scope?: Scope): Promise<Scope> {
  return scope ?? (await deps.store.plans.require(planId)).scope;
}

export interface StartUploadInput {
  planId: string;
  /** The file's name as the API client gives it; a browser form leaves it to S3 (`${filename}`). */
  fileName?: string;
  /** A browser form: where S3 sends the browser back after the upload. */
  redirect?: string;
  /** The plan's scope when the door has just read the plan (the plan page), to spare a read. */
  scope?: Scope;
}

/** A presigned form to send one spreadsheet for this plan straight to the uploads bucket. */
export async function startUpload(deps: UploadDeps, caller: Caller, input: StartUploadInput): Promise<UploadForm> {
  authorizeImport(caller, await planScope(deps, input.planId, input.scope), input.planId);
  return uploadsOf(deps).form({ planId: input.planId, userId: caller.userId, now: deps.now(), ...(input.fileName !== undefined ? { fileName: input.fileName } : {}), ...(input.redirect ? { redirect: input.redirect } : {}) });
}

/**
 * The uploaded file's bytes and name, deleted from the bucket once read. Refuses another plan's key
 * or any key that is no upload (Invalid, field `upload`), a missing object (BadFile upload_missing),
 * an empty file and one over 5 MB (BadFile, the latter without reading it; both deleted).
 */
export async function takeUpload(deps: UploadDeps, caller: Caller, input: { planId: string; key: string }): Promise<{ fileName: string; bytes: Uint8Array }> {
  authorizeImport(caller, await planScope(deps, input.planId), input.planId);
  const uploads = uploadsOf(deps);
  const fileName = uploadedFileName(input.planId, caller.userId, input.key);
  if (fileName === undefined) throw invalid('upload', 'is not the key of your upload to this plan', 'not_this_plan');
  const size = await uploads.size(input.key);
  if (size === undefined) throw new BadFile('upload_missing');
  if (size === 0 || size > LIMITS.bytes) {
    await uploads.remove(input.key);
    throw new BadFile(size === 0 ? 'empty' : 'too_large');
  }
  const bytes = await uploads.read(input.key);
  if (bytes === undefined) throw new BadFile('upload_missing');
  await uploads.remove(input.key);
  return { fileName, bytes };
}
