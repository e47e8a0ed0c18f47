/** Pieces several route modules use. */
import { z } from '@hono/zod-openapi';
import type { Principal } from '../../domain/policy.ts';
import { HEALTHS, MILESTONE_STATUSES } from '../../domain/resources.ts';

/** What a list of plans is narrowed to for the caller (the policy's object-level rules for plan:read). */
export function planScopeFilter(p: Principal): { donorId?: string; administrationId?: string } | undefined {
  if (p.role === 'donor') return { donorId: p.donorId ?? '-' };
  if (p.role === 'director_general') return { administrationId: p.administrationId ?? '-' };
  return undefined;
}

const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

export const ProgressSchema = z.object({
  asOf: z.string(),
  milestones: z.object({
    total: z.number().int(),
    byStatus: counts(MILESTONE_STATUSES),
    byHealth: counts(HEALTHS),
    percentComplete: z.number().meta({ description: 'Mean progress of the milestones not cancelled (done counts 100)' }),
  }),
  overdue: z.array(z.object({
    id: z.string(), planId: z.string(), title: z.string(), ownerAdministrationId: z.string(), dueDate: z.string(),
    baselineDueDate: z.string(), daysOverdue: z.number().int(), status: z.enum(MILESTONE_STATUSES), progress: z.number().int(),
  })),
  funding: z.array(z.object({ currency: z.string(), pledged: z.string(), committed: z.string(), disbursed: z.string(), spent: z.string(), total: z.string() }))
    .meta({ description: 'Financial contributions by current stage, per currency (no conversion)' }),
  inKindCount: z.number().int(),
  gap: z.array(z.object({ currency: z.string(), budget: z.string(), secured: z.string(), pledged: z.string(), gap: z.string() }))
    .meta({ description: 'Per budget currency: budget minus secured (committed, disbursed, spent); pledges shown apart' }),
});
