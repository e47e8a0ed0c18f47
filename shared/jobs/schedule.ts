/**
 * When the scheduled jobs run, written once: `infra/` builds the EventBridge Scheduler schedules
 * from it and the local scheduler (`npm start -- --schedule`) follows the same times.
 *
 * Both jobs run daily. Each decides per recipient what is due "today" in the recipient
 * administration's time zone, and the send ledger makes a repeated run harmless, so a daily run
 * also catches up what a missed run left behind (a digest is due once per period, not on one day).
 */
export const JOB_NAMES = ['reminders', 'digests'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobSchedule {
  /** EventBridge Scheduler expression, evaluated in UTC. */
  expression: string;
  /** The same time of day, for the local scheduler. */
  utcHour: number;
  utcMinute: number;
  description: string;
}

export const JOB_SCHEDULES: Record<JobName, JobSchedule> = {
  // 11:00 UTC is early morning across the Americas (06:00 Lima, 08:00 Buenos Aires).
  reminders: { expression: 'cron(0 11 * * ? *)', utcHour: 11, utcMinute: 0, description: 'Milestone reminders and escalations, daily' },
  digests: { expression: 'cron(30 11 * * ? *)', utcHour: 11, utcMinute: 30, description: 'Director General digests (each administration once per period), daily check' },
};

/**
 * The payload the schedules deliver (EventBridge Scheduler context attributes). A retried or
 * duplicated delivery carries the same scheduled time, so it selects the same reminders and hits
 * the same ledger items: it sends nothing new.
 */
export const SCHEDULER_INPUT = {
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
} as const;
