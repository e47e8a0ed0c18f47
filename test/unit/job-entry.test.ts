/** What the scheduled functions accept: the scheduler's event and their environment. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { jobConfig } from '../../shared/jobs/config.ts';
import { SchedulerEvent, scheduledJob } from '../../shared/jobs/lambda.ts';
import { JOB_SCHEDULES, SCHEDULER_INPUT } from '../../shared/jobs/schedule.ts';
import { scheduleOption } from '../../local/scheduler.ts';

const env = {
  TABLE_NAME: 'tracker-prod-Tracker',
  PUBLIC_URL: 'https://tracker.example.org/',
  LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:links-AbCdEf',
  MAIL_FROM: 'tracker@example.org',
};

describe('the scheduler event', () => {
  it('is what the schedules send: the scheduled time, so a retried delivery acts for the same day', () => {
    expect(SchedulerEvent.parse({ job: 'reminders', scheduledTime: '2026-12-01T11:00:00Z', executionId: 'e-1', attemptNumber: '2' })).toEqual({
      job: 'reminders', scheduledTime: '2026-12-01T11:00:00Z', executionId: 'e-1', attemptNumber: 2,
    });
    expect(SchedulerEvent.parse({})).toEqual({});
    expect(SchedulerEvent.safeParse({ scheduledTime: 'yesterday' }).success).toBe(false);
    expect(SchedulerEvent.safeParse({ job: 'cleanup' }).success).toBe(false);
    expect(Object.keys(SCHEDULER_INPUT).every((k) => k in SchedulerEvent.shape)).toBe(true);
  });

  it('is refused by the wrong function before anything is read or sent', async () => {
    const handler = scheduledJob('reminders', new Logger({ logLevel: 'SILENT' }), new Metrics({ namespace: 'test' }));
    await expect(handler({ job: 'digests' })).rejects.toThrow('received an event for the digests job');
    await expect(handler({ scheduledTime: 42 })).rejects.toThrow(/Not a scheduler event/);
  });

  it('runs daily for both jobs (a digest is due once per period; the ledger makes repeats harmless)', () => {
    expect(JOB_SCHEDULES.reminders.expression).toBe('cron(0 11 * * ? *)');
    expect(JOB_SCHEDULES.digests.expression).toBe('cron(30 11 * * ? *)');
  });
});

describe('the job environment', () => {
  it('is parsed once, with the public URL normalised', () => {
    expect(jobConfig(env)).toEqual({
      tableName: 'tracker-prod-Tracker', publicUrl: 'https://tracker.example.org', linkSigningSecretArn: env.LINK_SIGNING_SECRET_ARN, mailFrom: 'tracker@example.org',
    });
  });

  it('fails fast naming the variable and what it must be', () => {
    expect(() => jobConfig({ ...env, MAIL_FROM: '' })).toThrow('Environment variable MAIL_FROM is not set: it must be the email address mail is sent from.');
    expect(() => jobConfig({ ...env, LINK_SIGNING_SECRET_ARN: 'my-secret' })).toThrow(/LINK_SIGNING_SECRET_ARN is invalid \("my-secret"\)/);
  });
});

describe('the local scheduler options', () => {
  it('reads --schedule and --schedule=fast', () => {
    expect(scheduleOption([])).toBeUndefined();
    expect(scheduleOption(['--schedule'])).toEqual({ mode: 'real' });
    expect(scheduleOption(['--schedule=fast', '--day-seconds=3'])).toEqual({ mode: 'fast', daySeconds: 3 });
    expect(() => scheduleOption(['--schedule=sometimes'])).toThrow(/--schedule or --schedule=fast/);
  });
});
