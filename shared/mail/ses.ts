/**
 * The Mailer on Amazon SES (API v2). SES answers a throttled send with 429
 * (TooManyRequestsException): that message was not accepted, so it is retried here with
 * exponential backoff and jitter. Anything else (bad address, paused account, daily quota, a
 * network error whose outcome is unknown) is not retried here: the job releases the ledger entry
 * and the next run sends it.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { formatAddress } from './mime.ts';
import type { Mailer, MailMessage, SentMail } from './port.ts';

const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

export interface SesMailerOptions {
  configurationSet?: string;
  /** Attempts per message, including the first (default 5). */
  maxAttempts?: number;
  /** First backoff delay in ms (default 200; doubles each attempt, with full jitter). */
  baseDelayMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The SES client for production: its own retries off, since this adapter decides what is safe to retry. */
export function sesClient(): SESv2Client {
  return new SESv2Client({ maxAttempts: 1 });
}

export function sesMailer(client: SESv2Client, options: SesMailerOptions = {}): Mailer {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;

  return {
    async send(message: MailMessage): Promise<SentMail> {
      const command = new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [formatAddress(message.to)] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
          },
        },
        EmailTags: [{ Name: 'kind', Value: message.kind }],
        ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
      });
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await client.send(command);
          if (!out.MessageId) throw new Error('SES accepted the message without a MessageId');
          return { messageId: out.MessageId };
        } catch (error) {
          const name = (error as Error).name;
          if (!THROTTLED.has(name) || attempt >= maxAttempts) throw error;
          await sleep(Math.floor(random() * base * 2 ** (attempt - 1)));
        }
      }
    },
  };
}
