/**
 * The scheduled jobs: reminders and digests (functions/reminders.ts, functions/digests.ts),
 * invoked by EventBridge Scheduler with a retry policy. What cannot be delivered, by the
 * scheduler or by Lambda after its own retries, lands in one encrypted dead-letter queue that is
 * alarmed on. Retries are harmless: each mail is sent at most once per recipient, milestone, kind
 * and day (the send ledger).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOB_SCHEDULES, SCHEDULER_INPUT, type JobName } from '../shared/jobs/schedule.ts';
import type { Data } from './data.ts';
import { TABLE_ACTIONS, TrackerFunction } from './function.ts';
import type { Mail } from './mail.ts';

/**
 * The scheduler retries a failed delivery (throttling, a function being updated) this often
 * within this age, then hands the event to the dead-letter queue.
 */
export const SCHEDULER_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(2) } as const;

/**
 * What the jobs do to the table (shared/jobs): read (Query on the due index and item collections,
 * GetItem, BatchGetItem), claim, mark and release send-ledger items (UpdateItem) and keep digests
 * (PutItem). No transactions, no deletes: ledger items expire by TTL.
 */
export const JOB_TABLE_ACTIONS = [...TABLE_ACTIONS.read, 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

export interface SchedulesProps {
  readonly data: Data;
  readonly mail: Mail;
  readonly publicUrl: string;
}

export class Schedules extends Construct {
  readonly deadLetterQueue: Queue;
  readonly reminders: TrackerFunction;
  readonly digests: TrackerFunction;
  readonly schedules: Schedule[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue of the schedules and of the job functions; nothing consumes it automatically, so it has no dead-letter queue of its own. Its depth is alarmed on.',
    });

    // The scheduler's own role, trusted only for schedules of this account.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the tracker jobs and dead-letter what it cannot deliver',
    });

    this.reminders = this.job('reminders', 'Sends due, on-the-day and overdue milestone reminders, and escalations');
    this.digests = this.job('digests', "Sends each administration's digest to its Director General");

    // When and with what payload: shared/jobs/schedule.ts, which the local scheduler follows too.
    for (const [name, fn] of [['reminders', this.reminders], ['digests', this.digests]] as const) {
      fn.bindTable(props.data.table, props.data.definition, JOB_TABLE_ACTIONS);
      fn.addEnvironment('PUBLIC_URL', props.publicUrl);
      props.mail.grantSend(fn);
      props.mail.grantLinkSigning(fn);
      this.schedules.push(
        new Schedule(this, `${name}Schedule`, {
          description: JOB_SCHEDULES[name].description,
          schedule: ScheduleExpression.expression(JOB_SCHEDULES[name].expression),
          timeWindow: TimeWindow.off(),
          target: new LambdaInvoke(fn, {
            // The job reads when it was meant to run, so a retried or late delivery acts for that time.
            input: ScheduleTargetInput.fromObject(SCHEDULER_INPUT),
            deadLetterQueue: this.deadLetterQueue,
            role: schedulerRole,
            ...SCHEDULER_RETRY,
          }),
        }),
      );
      const functionId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction);
      Validations.of(schedulerRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
        reason: `lambda:InvokeFunction on the ${name} function's versions and aliases ("<arn>:*", added by the Lambda target's grant): one function, no other resource.`,
      });
    }
  }

  private job(name: JobName, description: string): TrackerFunction {
    return new TrackerFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
      name,
      description,
      // Jobs walk what is due and send mail one by one (SES allows a few per second): memory only
      // buys CPU for rendering, 512 MB is plenty.
      memorySize: 512,
      // A run handles a day's reminders or a month's digests for every administration; 5 minutes
      // is generous for that and short enough that a stuck run ends well before the next one.
      timeout: Duration.minutes(5),
      // Scheduler invokes asynchronously: what still fails after Lambda's two retries lands here.
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}
