/**
 * The scheduled functions' environment, parsed once with zod (zod/mini: a fifth of the full
 * library's start-up cost, which the jobs' cold start feels); a missing or malformed variable
 * stops the function at start with one sentence naming it. (The API's is in shared/config.ts.)
 */
import * as z from 'zod/mini';

const VARIABLES = {
  TABLE_NAME: { schema: z.string().check(z.trim(), z.minLength(1)), what: 'the name of the DynamoDB table' },
  PUBLIC_URL: { schema: z.url({ protocol: /^https?$/ }), what: 'the public base URL of the app, such as https://tracker.example.org' },
  LINK_SIGNING_SECRET_ARN: {
    schema: z.string().check(z.regex(/^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+$/)),
    what: 'the ARN of the Secrets Manager secret that signs links in mail',
  },
  MAIL_FROM: { schema: z.email(), what: 'the email address mail is sent from' },
} as const;

export interface JobConfig {
  tableName: string;
  publicUrl: string;
  linkSigningSecretArn: string;
  mailFrom: string;
}

export function jobConfig(env: NodeJS.ProcessEnv = process.env): JobConfig {
  const values: Record<string, string> = {};
  for (const [name, { schema, what }] of Object.entries(VARIABLES)) {
    const parsed = schema.safeParse(env[name]);
    if (!parsed.success) {
      const value = env[name];
      throw new Error(
        value === undefined || value === ''
          ? `Environment variable ${name} is not set: it must be ${what}.`
          : `Environment variable ${name} is invalid (${JSON.stringify(value)}): it must be ${what}.`,
      );
    }
    values[name] = parsed.data;
  }
  return {
    tableName: values.TABLE_NAME!,
    publicUrl: values.PUBLIC_URL!.replace(/\/+$/, ''),
    linkSigningSecretArn: values.LINK_SIGNING_SECRET_ARN!,
    mailFrom: values.MAIL_FROM!,
  };
}
