/**
 * What functions/reminders.ts and functions/digests.ts share: the EventBridge Scheduler event,
 * the AWS dependencies (built once per container), the run, and its metrics.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { mailLinks } from '../mail/links.ts';
import { loadLinkSecret } from '../mail/secret.ts';
import { sesClient, sesMailer } from '../mail/ses.ts';
import { dynamoDocumentClient } from '../store/client.ts';
import { Cursors, createStore } from '../store/index.ts';
import { CapacityMeter } from './capacity.ts';
import { jobConfig } from './config.ts';
import type { JobDeps, JobLog, JobResult } from './deps.ts';
import { runDigests } from './digests.ts';
import { runReminders } from './reminders.ts';
import { JOB_NAMES, type JobName } from './schedule.ts';

/** The payload the schedules send (shared/jobs/schedule.ts SCHEDULER_INPUT); every field optional. */
export const SchedulerEvent = z.object({
  job: z.optional(z.enum(JOB_NAMES)),
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
  executionId: z.optional(z.string().check(z.maxLength(500))),
  attemptNumber: z.optional(z.coerce.number().check(z.multipleOf(1), z.gte(0))),
});
export type SchedulerEvent = z.infer<typeof SchedulerEvent>;

const JOBS: Record<JobName, (deps: JobDeps) => Promise<JobResult>> = { reminders: runReminders, digests: runDigests };

type AwsDeps = Omit<JobDeps, 'now' | 'log'> & { meter: CapacityMeter };

async function awsDeps(): Promise<AwsDeps> {
  const config = jobConfig();
  const { client, doc } = dynamoDocumentClient();
  const meter = new CapacityMeter().attach(client);
  const secret = await loadLinkSecret(config.linkSigningSecretArn);
  return {
    store: createStore(doc, config.tableName, () => new Date(), new Cursors(() => secret)),
    mailer: sesMailer(sesClient()),
    links: mailLinks({ publicUrl: config.publicUrl, secret }),
    from: config.mailFrom,
    meter,
  };
}

/** One job's handler body: parse the event, run the job for the scheduled time, report, fail if any mail failed. */
export function scheduledJob(name: JobName, logger: Logger, metrics: Metrics) {
  let deps: Promise<AwsDeps> | undefined;
  return async (event: unknown): Promise<Omit<JobResult, 'messages'>> => {
    const parsed = SchedulerEvent.safeParse(event ?? {});
    if (!parsed.success) throw new Error(`Not a scheduler event for the ${name} job: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (parsed.data.job && parsed.data.job !== name) throw new Error(`The ${name} function received an event for the ${parsed.data.job} job.`);
    deps ??= awsDeps().catch((error) => {
      deps = undefined;
      throw error;
    });
    const { meter, ...d } = await deps;
    meter.reset();
    const now = parsed.data.scheduledTime ? new Date(parsed.data.scheduledTime) : new Date();
    logger.appendKeys({ job: name, scheduledTime: now.toISOString(), executionId: parsed.data.executionId });

    const log: JobLog = {
      info: (message, data) => logger.info(message, data ?? {}),
      warn: (message, data) => logger.warn(message, data ?? {}),
      error: (message, data) => logger.error(message, data ?? {}),
    };
    const { messages, ...result } = await JOBS[name]({ ...d, now, log });
    const capacity = meter.snapshot();
    metrics.addMetric('MailsSent', MetricUnit.Count, result.sent);
    metrics.addMetric('MailsFailed', MetricUnit.Count, result.failed);
    metrics.addMetric('MailsUnrecorded', MetricUnit.Count, result.unrecorded);
    metrics.addMetric('LedgerEntriesSkipped', MetricUnit.Count, result.skipped);
    metrics.addMetric('ReadCapacityUnits', MetricUnit.Count, capacity.readUnits);
    metrics.addMetric('WriteCapacityUnits', MetricUnit.Count, capacity.writeUnits);
    logger.info(`${name} run finished`, { ...result, capacity, recipients: messages.map((m) => ({ to: m.to, ok: !m.error })) });
    // Failing the invocation makes the scheduler (and Lambda) retry: the retry sends only what failed.
    if (result.failed > 0) throw new Error(`${result.failed} mail(s) of the ${name} run failed; a retry sends only those.`);
    return result;
  };
}
