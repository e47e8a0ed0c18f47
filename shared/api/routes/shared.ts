/** Pieces several route modules use. */
import * as z from 'zod/mini';
import { lazy } from '../../domain/common.ts';
import { HEALTHS, HistoryEvent, MILESTONE_STATUSES } from '../../domain/resources.ts';
import { pageOf } from '../http.ts';

/** A page of history events (milestones, exchange rates). */
export const HistoryPage = pageOf(HistoryEvent, 'HistoryPage');


const int = () => z.number().check(z.int());
const described = <T extends z.ZodMiniType>(schema: T, description: string) => schema.check(z.meta({ description })) as T;
const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, int()])) as Record<K, z.ZodMiniNumber>);

const counts4 = () => z.object({ pledged: z.string(), committed: z.string(), disbursed: z.string(), spent: z.string() });

/** The roll-up of a plan or strategy; the two routes extend it (`built`). */
export const ProgressSchema = lazy(() => z.object({
  asOf: z.string(),
  milestones: z.object({
    total: int(),
    byStatus: counts(MILESTONE_STATUSES),
    byHealth: counts(HEALTHS),
    percentComplete: described(z.number(), 'Mean progress of the milestones not cancelled (done counts 100)'),
  }),
  overdue: z.array(z.object({
    id: z.string(), planId: z.string(), title: z.string(), ownerAdministrationId: z.string(), dueDate: z.string(),
    baselineDueDate: z.string(), daysOverdue: int(), status: z.enum(MILESTONE_STATUSES), progress: int(),
  })),
  funding: described(
    z.array(z.object({ currency: z.string(), pledged: z.string(), committed: z.string(), disbursed: z.string(), spent: z.string(), total: z.string() })),
    'Financial contributions by current stage, per currency (no conversion)',
  ),
  inKindCount: int(),
  gap: described(
    z.array(z.object({
      currency: z.string(), budget: z.string(), secured: z.string(), pledged: z.string(), gap: z.string(),
      byStage: described(counts4(), 'The converted amounts by current stage'),
      notConverted: described(
        z.array(z.object({ currency: z.string(), secured: z.string(), pledged: z.string(), count: int() })),
        'Contributions with no rate into this budget currency, per their own currency: shown apart, not counted in secured, pledged or gap',
      ),
    })),
    'Per budget currency: budget minus secured (committed, disbursed, spent); pledges shown apart. Each contribution is converted into its plan\'s budget currency at its own agreedRate, else at the recorded exchange rate in force on the date of the stage it has reached; rounded half to even per contribution, then summed',
  ),
  ratesUsed: described(
    z.array(z.object({
      basis: z.enum(['agreed', 'recorded']), from: z.string(), to: z.string(), rate: z.string(),
      date: z.optional(z.string()), source: z.optional(z.string()), rateId: z.optional(z.string()), contributions: int(),
    })),
    'The rates the gap converted with: a contribution\'s own agreed rate, or a recorded rate (its day, source and id), and how many contributions each converted',
  ),
}));
