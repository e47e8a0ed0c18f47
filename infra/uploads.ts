/**
 * The uploads bucket: spreadsheets go here straight from the browser or the API client with a
 * presigned POST, because API Gateway passes a function at most 6 MB of event and base64-encodes
 * binary bodies (a file over about 4.4 MB never reached our code). The import reads an upload
 * once and deletes it (shared/commands/uploads.ts); whatever is left expires after a day.
 * Private (all public access blocked, objects owned by the bucket), encrypted with S3-managed keys,
 * TLS only. No CORS: the browser form POSTs to S3 and S3 redirects back to the app
 * (`success_action_redirect`), which needs none.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { UPLOAD_PREFIX } from '../shared/sheets/uploads.ts';
import type { TrackerFunction } from './function.ts';

/**
 * What a function that takes uploads may do, on `uploads/*` alone: PutObject because the presigned
 * POST is signed with the function's own role (S3 checks the signer may put the object), GetObject
 * to read it (HeadObject needs the same), DeleteObject once it is read. No ListBucket: a missing
 * object then answers 403, which the adapter reads as missing as well.
 */
export const UPLOAD_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'] as const;

/** Days an upload nobody imported stays in the bucket. */
export const UPLOAD_EXPIRY_DAYS = 1;

export class Uploads extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [
        { id: 'uploads-expire', prefix: UPLOAD_PREFIX, expiration: Duration.days(UPLOAD_EXPIRY_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(UPLOAD_EXPIRY_DAYS) },
      ],
      // Nothing here outlives a day: a deleted stack may take the (then empty) bucket with it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket only holds spreadsheets on their way into an import, each read once and deleted by the function, the rest expired after a day; who uploaded and imported what is in the functions\' logs and each milestone\'s history (via: import:<file>).',
    });
  }

  /** Gives the function the bucket's name (UPLOADS_BUCKET) and `UPLOAD_ACTIONS` on `uploads/*` only. */
  grantUploads(fn: TrackerFunction): void {
    fn.addEnvironment('UPLOADS_BUCKET', this.bucket.bucketName);
    fn.addToRolePolicy(new PolicyStatement({ actions: [...UPLOAD_ACTIONS], resources: [this.bucket.arnForObjects(`${UPLOAD_PREFIX}*`)] }));
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(fn.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${UPLOAD_PREFIX}*]`,
      reason:
        'Each upload gets a new key under uploads/<plan>/<person>/<random>/ that is not known when the policy is written; the role may only put, read and delete objects under uploads/ in the one uploads bucket (test/infra/least-privilege.test.ts).',
    });
  }
}
