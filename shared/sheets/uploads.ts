/**
 * Spreadsheets sent straight to S3 (in AWS). API Gateway hands a function at most 6 MB of event and
 * base64-encodes binary bodies, so a file over about 4.4 MB never reached our code through the
 * gateway. Where the stack has an uploads bucket (UPLOADS_BUCKET), the upload form and API clients
 * send the file to S3 with a presigned POST instead; the import then reads the object by its key
 * (shared/commands/uploads.ts), refuses one over 5 MB with our own sentence, and deletes it.
 * Without a bucket (local `npm start`, the tests) the file goes in the request body as before.
 *
 * The S3 adapter (shared/sheets/s3.ts: the S3 client and the presigned-POST signer) is loaded on
 * the first upload, never at a cold start: in AWS it is its own file beside the API and web bundles
 * (`UPLOADS_FILE`, infra/bundling.ts); with code splitting inside the bundles, the code the S3 client
 * shares with the DynamoDB client went into chunks loaded at init (+23 KB for each function).
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** Where uploads wait to be read (the bucket's lifecycle rule removes what is left after a day). */
export const UPLOAD_PREFIX = 'uploads/';
/**
 * What S3 takes: far above the import's 5 MB, so that a larger file still reaches our code, which
 * refuses it with its own sentence (S3 would answer a file out of range with a bare XML error).
 */
export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
/**
 * How long a presigned form stays good: a workshop may keep the plan page open while it fills in the
 * template, so hours rather than minutes (S3 refuses an expired form with its own XML page, which
 * the pages, having no scripts, cannot word; the signing role's credentials may end it sooner).
 */
export const UPLOAD_EXPIRES_SECONDS = 2 * 60 * 60;
/** S3 puts the name of the file the browser sent in place of this in the form's key. */
export const FILE_NAME_VARIABLE = '${filename}';

/** A presigned POST: send `fields` (in this order) and then the file as `file`, as multipart/form-data, to `url`. */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
  /** The object's key; for a browser form it ends in `${filename}`, which S3 replaces with the file's name. */
  key: string;
  /** ISO instant after which S3 refuses the form. */
  expiresAt: string;
  maxBytes: number;
}

export interface UploadRequest {
  planId: string;
  /** Who uploads: the key names them, and only they may import it. */
  userId: string;
  /** The file's name (API clients say it); without it, the name the browser sends (`${filename}`). */
  fileName?: string;
  /** Where S3 sends the browser after the upload (`?bucket=&key=&etag=` added). */
  redirect?: string;
  now: Date;
}

/** The uploads bucket, as the import commands use it. */
export interface Uploads {
  /** The origin forms post to (the page's Content-Security-Policy must allow it as a form action). */
  readonly origin: string;
  form(request: UploadRequest): Promise<UploadForm>;
  /** The object's size in bytes (HeadObject), or undefined when there is no such object. */
  size(key: string): Promise<number | undefined>;
  /** The object's bytes, or undefined when there is no such object. */
  read(key: string): Promise<Uint8Array | undefined>;
  remove(key: string): Promise<void>;
}

/** A file name as a key's last part: no slash, no control character, at most 200 characters. */
export function keyFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) ?? '';
  return base || 'spreadsheet';
}

/**
 * The keys a person's uploads to a plan get: `uploads/<plan>/<person>/<random>/<file name>`, so that
 * a link to someone else's upload imports nothing in the name of whoever follows it.
 */
export const uploadPrefix = (planId: string, userId: string) => `${UPLOAD_PREFIX}${encodeURIComponent(planId)}/${encodeURIComponent(userId)}/`;

const KEY_REST = /^[0-9a-f]{32}\/([^/]{1,255})$/;

/**
 * The file name of a key of this person's uploads to this plan, or undefined for any other key
 * (another plan's or person's, a path with `..`, a key of no upload).
 */
export function uploadedFileName(planId: string, userId: string, key: string): string | undefined {
  const prefix = uploadPrefix(planId, userId);
  if (!key.startsWith(prefix) || key.length > 1024) return undefined;
  const name = KEY_REST.exec(key.slice(prefix.length))?.[1];
  return name === undefined || name === '.' || name === '..' ? undefined : name;
}

/** The S3 adapter's own file beside the API and web bundles. */
export const UPLOADS_FILE = 'uploads-s3.mjs';

/** The region and the bucket, and for the tests the client's settings (credentials). */
export interface UploadsBucket {
  bucket: string;
  region: string;
  config?: S3ClientConfig;
}

/** What the adapter module exports. */
export interface UploadsModule {
  s3UploadsNow(bucket: UploadsBucket): Omit<Uploads, 'origin'>;
}

/** The bucket's origin, known without loading the adapter (the pages' CSP names it at start-up). */
export const bucketOrigin = ({ bucket, region }: UploadsBucket) => `https://${bucket}.s3.${region}.amazonaws.com`;

/** Uploads through an adapter module loaded on the first call; after a failed load the next call tries again. */
function lazyUploads(target: UploadsBucket, load: () => Promise<UploadsModule>): Uploads {
  let loading: Promise<Omit<Uploads, 'origin'>> | undefined;
  const adapter = () =>
    (loading ??= load()
      .then((module) => module.s3UploadsNow(target))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      }));
  return {
    origin: bucketOrigin(target),
    form: async (request) => (await adapter()).form(request),
    size: async (key) => (await adapter()).size(key),
    read: async (key) => (await adapter()).read(key),
    remove: async (key) => (await adapter()).remove(key),
  };
}

/** The deployed functions' uploads: `UPLOADS_FILE` beside `bundleUrl`. */
export function s3UploadsBeside(bundleUrl: string, target: UploadsBucket): Uploads {
  const file = new URL(`./${UPLOADS_FILE}`, bundleUrl).href;
  return lazyUploads(target, async () => (await import(file)) as UploadsModule);
}

/** Locally and in the tests: the source module, imported on first use. */
export function s3Uploads(target: UploadsBucket): Uploads {
  const file = new URL('./s3.ts', import.meta.url).href;
  return lazyUploads(target, async () => (await import(file)) as UploadsModule);
}
