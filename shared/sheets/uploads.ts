/**
 * Spreadsheets sent straight to S3 (in AWS). API Gateway hands a function at most 6 MB of event and
 * base64-encodes binary bodies, so a file over about 4.4 MB never reached our code through the
 * gateway. Where the stack has an uploads bucket (UPLOADS_BUCKET), the upload form and API clients
 * send the file to S3 with a presigned POST instead; the import then reads the object by its key
 * (shared/commands/uploads.ts), refuses one over 5 MB with our own sentence, and deletes it.
 * Without a bucket (local `npm start`, the tests) the file goes in the request body as before.
 *
 * The S3 client and the presigned-POST signer are imported on first use, never at a cold start.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** Where uploads wait to be read (the bucket's lifecycle rule removes what is left after a day). */
export const UPLOAD_PREFIX = 'uploads/';
/**
 * What S3 takes: far above the import's 5 MB, so that a larger file still reaches our code, which
 * refuses it with its own sentence (S3 would answer a file out of range with a bare XML error).
 */
export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
/** How long a presigned form stays good: time to pick a file, not to keep a plan page open all day. */
export const UPLOAD_EXPIRES_SECONDS = 15 * 60;
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

/** A key's random part: 128 bits in hex, so that no one guesses another upload's key. */
function randomPart(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
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

interface Sdk {
  s3: typeof import('@aws-sdk/client-s3');
  presign: typeof import('@aws-sdk/s3-presigned-post');
  client: S3Client;
}

/**
 * True for what S3 answers when the key does not exist: 404, or 403 to a role without
 * s3:ListBucket, which the functions are not given (infra/uploads.ts).
 */
const isMissing = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const name = (error as { name?: string } | undefined)?.name;
  return status === 404 || status === 403 || name === 'NotFound' || name === 'NoSuchKey';
};

/**
 * The uploads bucket through the AWS SDK, loaded on the first upload a container sees. `config`
 * is for the tests (credentials, region); the function's own role signs the forms in AWS.
 */
export function s3Uploads(bucket: string, region: string, config: S3ClientConfig = {}): Uploads {
  let loading: Promise<Sdk> | undefined;
  const sdk = () =>
    (loading ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-presigned-post')])
      .then(([s3, presign]) => ({ s3, presign, client: new s3.S3Client({ region, ...config }) }))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      }));
  return {
    origin: `https://${bucket}.s3.${region}.amazonaws.com`,
    async form({ planId, userId, fileName, redirect, now }) {
      const { presign, client } = await sdk();
      const key = `${uploadPrefix(planId, userId)}${randomPart()}/${fileName === undefined ? FILE_NAME_VARIABLE : keyFileName(fileName)}`;
      const { url, fields } = await presign.createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [['content-length-range', 1, UPLOAD_MAX_BYTES]],
        ...(redirect ? { Fields: { success_action_redirect: redirect } } : {}),
        Expires: UPLOAD_EXPIRES_SECONDS,
      });
      return { url, fields, key, expiresAt: new Date(now.getTime() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString(), maxBytes: UPLOAD_MAX_BYTES };
    },
    async size(key) {
      const { s3, client } = await sdk();
      try {
        return (await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(key) {
      const { s3, client } = await sdk();
      try {
        const out = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async remove(key) {
      const { s3, client } = await sdk();
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
