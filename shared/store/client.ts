/**
 * The DynamoDB clients every host builds (the functions, the local server, the tests): the SDK's own
 * timeouts and retries, so that a stalled or unreachable DynamoDB makes a request give up within a
 * few seconds (at most 2 attempts of 2 s each, plus a short back-off) instead of hanging until the
 * Lambda's own timeout. What the doors do with the failure: `isUnavailable` (503, try again).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const DYNAMODB_CLIENT_SETTINGS = {
  maxAttempts: 2,
  retryMode: 'standard',
  requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
} as const satisfies DynamoDBClientConfig;

export function dynamoDocumentClient(config: DynamoDBClientConfig = {}): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({ ...DYNAMODB_CLIENT_SETTINGS, ...config });
  // We give the SDK no logger, yet its logger middleware still makes a redacted copy of every
  // request and response for it (walking each item against the schema): about 6% of the CPU of a
  // list request in a profile (bench/api.ts). Errors still reach our code unchanged.
  client.middlewareStack.remove('loggerMiddleware');
  return { client, doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ServiceUnavailable', 'InternalServerError',
  'ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** DynamoDB could not be reached or did not answer in time (after the SDK's retries): try again shortly. */
export function isUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: string; code?: string; cause?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.name && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.$metadata?.httpStatusCode !== undefined && e.$metadata.httpStatusCode >= 500) return true;
  return e.cause !== undefined && e.cause !== error && isUnavailable(e.cause);
}
