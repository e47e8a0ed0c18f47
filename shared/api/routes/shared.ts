/** Pieces several route modules use. */
import * as z from 'zod/mini';
import { lazy } from '../../domain/common.ts';
import { HEALTHS, MILESTONE_STATUSES } from '../../domain/resources.ts';


const int = () => z.number().check(z.int());
const described = <T extends z.ZodMiniType>(schema: T, description: string) => schema.check(z.meta({ description })) as T;
const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, int()])) as Record<K, z.ZodMiniNumber>);

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
    z.array(z.object({ currency: z.string(), budget: z.string(), secured: z.string(), pledged: z.string(), gap: z.string() })),
    'Per budget currency: budget minus secured (committed, disbursed, spent); pledges shown apart',
  ),
}));
