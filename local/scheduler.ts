/**
 * The local scheduler (`npm start -- --schedule`): runs the same job functions as the deployed
 * EventBridge schedules, at the same times of day (shared/jobs/schedule.ts).
 *
 *   --schedule                 real clock: catches up once at start, then daily at the scheduled times
 *   --schedule=fast            a fast clock for demos: each simulated day lasts --day-seconds (default 10)
 *                              real seconds, starting today, and both jobs run every simulated day
 */
import { addDays, localDate } from '../shared/domain/dates.ts';
import type { JobDeps, JobResult } from '../shared/jobs/deps.ts';
import { runDigests } from '../shared/jobs/digests.ts';
import { runReminders } from '../shared/jobs/reminders.ts';
import { JOB_NAMES, JOB_SCHEDULES, type JobName } from '../shared/jobs/schedule.ts';

export type ScheduleOption = { mode: 'real' } | { mode: 'fast'; daySeconds: number };

export function scheduleOption(argv: readonly string[]): ScheduleOption | undefined {
  const flag = argv.find((a) => a === '--schedule' || a.startsWith('--schedule='));
  if (!flag) return undefined;
  if (flag === '--schedule' || flag === '--schedule=real') return { mode: 'real' };
  if (flag !== '--schedule=fast') throw new Error(`Unknown ${flag}: use --schedule or --schedule=fast.`);
  const raw = argv.find((a) => a.startsWith('--day-seconds='))?.split('=')[1] ?? '10';
  const daySeconds = Number(raw);
  if (!Number.isFinite(daySeconds) || daySeconds < 1 || daySeconds > 3600) throw new Error(`--day-seconds must be 1 to 3600 (got ${raw}).`);
  return { mode: 'fast', daySeconds };
}

const RUN: Record<JobName, (deps: JobDeps) => Promise<JobResult>> = { reminders: runReminders, digests: runDigests };

/** The job's scheduled instant on a given UTC day. */
function scheduledOn(day: string, job: JobName): Date {
  const s = JOB_SCHEDULES[job];
  return new Date(`${day}T${String(s.utcHour).padStart(2, '0')}:${String(s.utcMinute).padStart(2, '0')}:00Z`);
}

export function summary(result: JobResult): string {
  const langs = [...new Set(result.messages.filter((m) => !m.error).map((m) => m.language))].sort().join(', ');
  return `${result.job} for ${result.at}: ${result.sent} sent${langs ? ` (${langs})` : ''}, ${result.skipped} already sent, ${result.failed} failed`;
}

export function startScheduler(deps: Omit<JobDeps, 'now'>, option: ScheduleOption, log: (line: string) => void = console.log): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  const run = (job: JobName, now: Date) => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        log(`[scheduler] ${summary(await RUN[job]({ ...deps, now }))}`);
      } catch (error) {
        log(`[scheduler] ${job} run for ${now.toISOString()} failed: ${String(error)}`);
      }
    });
    return running;
  };

  if (option.mode === 'fast') {
    let day = localDate(new Date(), 'UTC');
    const tick = async () => {
      if (stopped) return;
      log(`[scheduler] simulated day ${day}`);
      for (const job of JOB_NAMES) await run(job, scheduledOn(day, job));
      day = addDays(day, 1);
      if (!stopped) timer = setTimeout(() => void tick(), option.daySeconds * 1000);
    };
    log(`[scheduler] fast clock: one simulated day every ${option.daySeconds} s, starting today`);
    void tick();
  } else {
    const next = () => {
      const now = new Date();
      const today = localDate(now, 'UTC');
      const upcoming = JOB_NAMES.flatMap((job) => [today, addDays(today, 1)].map((day) => ({ job, at: scheduledOn(day, job) })))
        .filter((r) => r.at > now)
        .sort((a, b) => a.at.getTime() - b.at.getTime())[0]!;
      timer = setTimeout(() => {
        void run(upcoming.job, upcoming.at).then(() => !stopped && next());
      }, upcoming.at.getTime() - now.getTime());
    };
    log(`[scheduler] on: reminders daily at ${JOB_SCHEDULES.reminders.utcHour}:${String(JOB_SCHEDULES.reminders.utcMinute).padStart(2, '0')} UTC, digests at ${JOB_SCHEDULES.digests.utcHour}:${String(JOB_SCHEDULES.digests.utcMinute).padStart(2, '0')} UTC; catching up now`);
    // A daily run catches up what is current, so running both now is what a missed run would do.
    const now = new Date();
    void run('reminders', now).then(() => run('digests', now)).then(() => !stopped && next());
  }

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
