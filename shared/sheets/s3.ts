/**
 * The uploads bucket through the AWS SDK (the port is ./uploads.ts): presigned POST forms, then
 * HeadObject, GetObject and DeleteObject of what was uploaded. Built as its own file beside the API
 * and web bundles and imported on the first upload a container sees (infra/bundling.ts).
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import {
  FILE_NAME_VARIABLE, UPLOAD_EXPIRES_SECONDS, UPLOAD_MAX_BYTES, keyFileName, uploadPrefix, type Uploads, type UploadsBucket,
} from './uploads.ts';

/** A key's random part: 128 bits in hex, so that no one guesses another upload's key. */
function randomPart(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
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

/** The operations on the bucket; the function's own role signs the forms in AWS. */
export function s3UploadsNow({ bucket, region, config = {} }: UploadsBucket): Omit<Uploads, 'origin'> {
  const client = new S3Client({ region, ...config });
  return {
    async form({ planId, userId, fileName, redirect, now }) {
      const key = `${uploadPrefix(planId, userId)}${randomPart()}/${fileName === undefined ? FILE_NAME_VARIABLE : keyFileName(fileName)}`;
      const { url, fields } = await createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [['content-length-range', 1, UPLOAD_MAX_BYTES]],
        ...(redirect ? { Fields: { success_action_redirect: redirect } } : {}),
        Expires: UPLOAD_EXPIRES_SECONDS,
      });
      return { url, fields, key, expiresAt: new Date(now.getTime() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString(), maxBytes: UPLOAD_MAX_BYTES };
    },
    async size(key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
