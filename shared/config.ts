/**
 * The API and web functions' environment, parsed once at start-up with zod (the jobs' lives in
 * shared/jobs/config.ts). A missing or malformed variable
 * stops the function at init with one sentence naming the variable, instead of failing on the
 * first request that needs it.
 */
import * as z from 'zod/mini';

const nonEmpty = () => z.string().check(z.trim(), z.minLength(1));
const list = () =>
  z.pipe(
    z.optional(z.string()),
    z.transform((value: string | undefined) => (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)),
  );
const matching = (pattern: RegExp) => () => z.string().check(z.regex(pattern));
/** An absolute URL whose scheme matches (cheaper to build at cold start than zod's `z.url`). */
const urlWith = (scheme: RegExp) => () =>
  z.string().check(z.refine((value) => URL.canParse(value) && scheme.test(new URL(value).protocol.slice(0, -1)), 'must be a URL'));

/** Each variable: its schema (built only for the functions that read it) and what it must be, for the error sentence. */
const VARIABLES = {
  TABLE_NAME: { schema: nonEmpty, what: 'the name of the DynamoDB table' },
  PUBLIC_URL: { schema: urlWith(/^https?$/), what: 'the public base URL of the app, such as https://tracker.example.org' },
  LINK_SIGNING_SECRET_ARN: { schema: matching(/^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+$/), what: 'the ARN of the Secrets Manager secret that signs links in mail' },
  USER_POOL_ID: { schema: matching(/^[\w-]+_[0-9a-zA-Z]+$/), what: 'the Cognito user pool id, such as eu-west-1_AbCdEf123' },
  USER_POOL_CLIENT_ID: { schema: matching(/^[\w+]+$/), what: "the Cognito app client id of the web app" },
  SIGN_IN_URL: { schema: urlWith(/^https$/), what: 'the base URL of the Cognito hosted sign-in pages' },
  CORS_ORIGINS: { schema: list, what: 'a comma-separated list of origins allowed to call the API from a browser' },
  UPLOADS_BUCKET: {
    schema: () => z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/))),
    what: 'the name of the S3 bucket spreadsheets are uploaded to (optional: without it, files go in the request body), without dots',
  },
  AWS_REGION: { schema: () => z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/))), what: 'the AWS region, such as eu-west-1 (Lambda sets it)' },
  IATI_REPORTING_ORG: {
    schema: () => z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{1,99}\|(10|11|15|21|22|23|24|30|40|60|70|71|72|73|80|90)\|.{1,300}$/))),
    what: 'the secretariat as IATI reporting organisation: identifier|type|name, such as XM-DAC-47000-ROCB-AMS|40|ROCB AMS (optional)',
  },
} as const;

type Variable = keyof typeof VARIABLES;
type Values<V extends Variable> = { [K in V]: z.output<ReturnType<(typeof VARIABLES)[K]['schema']>> };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the named variables; throws a ConfigError naming the first one that is wrong. */
export function readEnvironment<V extends Variable>(names: readonly V[], env: NodeJS.ProcessEnv = process.env): Values<V> {
  const shape = Object.fromEntries(names.map((name) => [name, VARIABLES[name].schema()]));
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data as Values<V>;
  const name = String(result.error.issues[0]!.path[0]) as V;
  const value = env[name];
  throw new ConfigError(
    value === undefined || value === ''
      ? `Environment variable ${name} is not set: it must be ${VARIABLES[name].what}.`
      : `Environment variable ${name} is invalid (${JSON.stringify(value)}): it must be ${VARIABLES[name].what}.`,
  );
}

/** IATI_REPORTING_ORG (identifier|type|name) as the apps' config; absent: the local default (domain/iati.ts). */
function reportingOrg(value: string | undefined) {
  if (!value) return {};
  const [ref = '', type = '', ...name] = value.split('|');
  return { iatiReportingOrg: { ref, type, name: name.join('|') } };
}

/** The uploads bucket and its region, when UPLOADS_BUCKET is set (the region is then required). */
function uploadsOf(e: { UPLOADS_BUCKET?: string | undefined; AWS_REGION?: string | undefined }) {
  if (!e.UPLOADS_BUCKET) return {};
  if (!e.AWS_REGION) throw new ConfigError(`Environment variable AWS_REGION is not set: it must be ${VARIABLES.AWS_REGION.what}.`);
  return { uploads: { bucket: e.UPLOADS_BUCKET, region: e.AWS_REGION } };
}

/** What functions/api.ts (the JSON API) needs. */
export function apiConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = readEnvironment(['TABLE_NAME', 'PUBLIC_URL', 'LINK_SIGNING_SECRET_ARN', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'CORS_ORIGINS', 'IATI_REPORTING_ORG', 'UPLOADS_BUCKET', 'AWS_REGION'], env);
  return {
    ...reportingOrg(e.IATI_REPORTING_ORG),
    ...uploadsOf(e),
    tableName: e.TABLE_NAME,
    publicUrl: e.PUBLIC_URL,
    /** The deployment secret; the API derives its page-cursor key from it (shared/store/cursors.ts). */
    linkSigningSecretArn: e.LINK_SIGNING_SECRET_ARN,
    userPoolId: e.USER_POOL_ID,
    userPoolClientId: e.USER_POOL_CLIENT_ID,
    corsOrigins: e.CORS_ORIGINS,
  };
}

export type ApiConfig = ReturnType<typeof apiConfig>;

/** What functions/web.ts (the web pages and mail links) needs. */
export function webConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = readEnvironment(['TABLE_NAME', 'PUBLIC_URL', 'LINK_SIGNING_SECRET_ARN', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'SIGN_IN_URL', 'IATI_REPORTING_ORG', 'UPLOADS_BUCKET', 'AWS_REGION'], env);
  return {
    ...reportingOrg(e.IATI_REPORTING_ORG),
    ...uploadsOf(e),
    tableName: e.TABLE_NAME,
    publicUrl: e.PUBLIC_URL,
    linkSigningSecretArn: e.LINK_SIGNING_SECRET_ARN,
    userPoolId: e.USER_POOL_ID,
    userPoolClientId: e.USER_POOL_CLIENT_ID,
    signInUrl: e.SIGN_IN_URL,
  };
}

export type WebConfig = ReturnType<typeof webConfig>;
