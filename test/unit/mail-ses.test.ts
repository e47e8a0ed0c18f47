/** The SES v2 Mailer, against a mocked SES client: the request it sends, and what it retries. */
import { SESv2Client, SendEmailCommand, TooManyRequestsException, MessageRejected } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../shared/mail/port.ts';
import { sesMailer } from '../../shared/mail/ses.ts';

const ses = mockClient(SESv2Client);
const client = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

const message: MailMessage = {
  from: 'tracker@example.org',
  to: { name: 'Fernanda Costa', email: 'focal-br@example.org' },
  subject: 'Lembrete: Reunião de planejamento (vence em 5 dias)',
  text: 'Prezado(a) Fernanda Costa,',
  html: '<!DOCTYPE html><html lang="pt"></html>',
  language: 'pt',
  kind: 'reminder',
  headers: { 'List-Unsubscribe': '<https://tracker.example.org/mail/unsubscribe/t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  ledgerIds: ['reminder:before#focal-br#p.m4#2026-11-29'],
};

const throttled = () => new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });

beforeEach(() => ses.reset());

describe('the SES mailer', () => {
  it('sends one SendEmail with both parts, the unsubscribe headers and the kind tag', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const sent = await sesMailer(client, { configurationSet: 'tracker' }).send(message);

    expect(sent).toEqual({ messageId: 'ses-1' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'tracker@example.org',
      Destination: { ToAddresses: ['Fernanda Costa <focal-br@example.org>'] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://tracker.example.org/mail/unsubscribe/t>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      EmailTags: [{ Name: 'kind', Value: 'reminder' }],
      ConfigurationSetName: 'tracker',
    });
  });

  it('encodes a non-ASCII display name (SES requires RFC 2047 there)', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    await sesMailer(client).send({ ...message, to: { name: 'José Luis Pérez', email: 'focal-gt@example.org' } });
    const to = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination!.ToAddresses![0]!;
    expect(to).toMatch(/^=\?UTF-8\?B\?[^?]+\?= <focal-gt@example.org>$/);
  });

  it('retries a throttled send with growing backoff, then succeeds', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ MessageId: 'ses-3' });
    const delays: number[] = [];
    const mailer = sesMailer(client, { baseDelayMs: 100, random: () => 0.99, sleep: async (ms) => void delays.push(ms) });

    expect(await mailer.send(message)).toEqual({ messageId: 'ses-3' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
    expect(delays).toEqual([99, 198]);
  });

  it('gives up after its attempts and reports the throttling', async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    const mailer = sesMailer(client, { maxAttempts: 4, sleep: async () => {} });
    await expect(mailer.send(message)).rejects.toThrow(TooManyRequestsException);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 4);
  });

  it('does not retry what SES refused for good', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    await expect(sesMailer(client, { sleep: async () => {} }).send(message)).rejects.toThrow(MessageRejected);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });
});
