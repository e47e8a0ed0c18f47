/**
 * Deployment parameters: read from CDK context (`-c name=value`) or the environment, checked with
 * zod before any construct exists. A bad value stops synthesis with a sentence naming the parameter.
 * The defaults let `cdk synth` run anywhere; a real deployment passes its own values (see README).
 */
import { z } from 'zod';

/** Where each parameter comes from: its context key and its environment variable. */
export const PARAMETER_SOURCES = {
  stage: { context: 'stage', env: 'TRACKER_STAGE', what: 'a short lower-case name such as "prod" or "test" (letters, digits, dashes; 2-16 characters, starting with a letter)' },
  senderEmail: { context: 'senderEmail', env: 'TRACKER_SENDER_EMAIL', what: 'the email address reminders and digests are sent from' },
  alarmEmail: { context: 'alarmEmail', env: 'TRACKER_ALARM_EMAIL', what: 'an email address for alarms, or empty for none' },
  allowedOrigins: { context: 'allowedOrigins', env: 'TRACKER_ALLOWED_ORIGINS', what: 'a comma-separated list of origins such as "https://tracker.example.org" (https, or http only for localhost; no path)' },
  signInDomainPrefix: { context: 'signInDomainPrefix', env: 'TRACKER_SIGN_IN_DOMAIN_PREFIX', what: 'the Cognito hosted sign-in domain prefix: lower-case letters, digits and inner dashes, 3-63 characters, without "aws", "amazon" or "cognito"' },
} as const;

export type ParameterName = keyof typeof PARAMETER_SOURCES;

const origin = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      return (url.protocol === 'https:' || (url.protocol === 'http:' && local)) && url.origin === value;
    } catch {
      return false;
    }
  });

const Parameters = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/),
  senderEmail: z.email(),
  alarmEmail: z.email().optional(),
  allowedOrigins: z.array(origin).max(20),
  signInDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/)
    .refine((value) => !/aws|amazon|cognito/.test(value)),
});

export type DeploymentParameters = z.infer<typeof Parameters>;

/** A deployment parameter with a value it cannot have; the message is the whole explanation. */
export class ParameterError extends Error {
  override name = 'ParameterError';
}

/** Reads a context value (any JSON type) or an environment variable; '' counts as absent. */
export type Lookup = (name: ParameterName) => unknown;

function list(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return value;
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}

/**
 * Resolves and validates the parameters. `lookup` returns the raw value (context first, then the
 * environment); defaults fill what is absent.
 */
export function resolveParameters(lookup: Lookup): DeploymentParameters {
  const raw = (name: ParameterName) => {
    const value = lookup(name);
    return value === '' || value === null ? undefined : value;
  };
  const stage = raw('stage') ?? 'dev';
  const candidate = {
    stage,
    senderEmail: raw('senderEmail') ?? 'tracker@example.org',
    alarmEmail: raw('alarmEmail'),
    allowedOrigins: list(raw('allowedOrigins') ?? []),
    signInDomainPrefix: raw('signInDomainPrefix') ?? `action-plan-tracker-${String(stage)}`,
  };
  const result = Parameters.safeParse(candidate);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]) as ParameterName;
  const source = PARAMETER_SOURCES[name];
  const given = issue.path.length > 1 ? (candidate[name] as unknown[])[Number(issue.path[1])] : candidate[name];
  throw new ParameterError(
    `Deployment parameter "${name}" is invalid (got ${JSON.stringify(given)}): it must be ${source.what}. ` +
      `Set it with \`-c ${source.context}=...\` or the environment variable ${source.env}.`,
  );
}

/** The lookup used by the CDK app: context value first, then the environment variable. */
export function contextOrEnvironment(
  context: (key: string) => unknown,
  env: NodeJS.ProcessEnv = process.env,
): Lookup {
  return (name) => {
    const source = PARAMETER_SOURCES[name];
    const fromContext = context(source.context);
    return fromContext !== undefined && fromContext !== '' ? fromContext : env[source.env];
  };
}
