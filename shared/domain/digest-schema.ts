/** The zod schemas of a digest, for the digests API and its OpenAPI document (see digest.ts). */
import { z } from 'zod';
import { DIGEST_FREQUENCIES, MILESTONE_STATUSES, PLAN_STATUSES } from './constants.ts';

export const DigestMilestone = z
  .object({
    id: z.string(),
    planId: z.string(),
    strategyId: z.string(),
    title: z.string(),
    ownerAdministrationId: z.string(),
    dueDate: z.string(),
    status: z.enum(MILESTONE_STATUSES),
    progress: z.number().int(),
    owned: z.boolean().meta({ description: 'Owned by the digest\'s administration' }),
    daysOverdue: z.number().int(),
    daysLeft: z.number().int(),
    doneAt: z.string().optional(),
  })
  .meta({ id: 'DigestMilestone' });

export const DigestList = z.object({ items: z.array(DigestMilestone), more: z.number().int().meta({ description: 'How many more were left out' }) });

export const DigestContent = z
  .object({
    administration: z.object({ id: z.string(), name: z.string() }),
    today: z.string(),
    since: z.string().nullable().meta({ description: 'When the previous digest was made; null for the first' }),
    plans: z.array(
      z.object({
        strategyId: z.string(),
        strategyTitle: z.string(),
        planId: z.string(),
        title: z.string(),
        status: z.enum(PLAN_STATUSES),
        role: z.enum(['co-coordinator', 'participant']),
        milestones: z.object({
          total: z.number().int(),
          done: z.number().int(),
          late: z.number().int(),
          atRisk: z.number().int(),
          percentComplete: z.number(),
        }),
      }),
    ),
    done: DigestList.meta({ description: 'Done since the previous digest' }),
    late: DigestList.meta({ description: 'Late, the administration\'s own first (those needing a decision are listed there instead)' }),
    upcoming: DigestList.meta({ description: 'Falling due before the next digest' }),
    needsDecision: DigestList.meta({ description: 'The administration\'s own milestones late for the strategy\'s attentionDays or more' }),
    funding: z.array(
      z.object({ donorId: z.string(), donorName: z.string(), currency: z.string(), pledged: z.string(), committed: z.string(), disbursed: z.string(), spent: z.string() }),
    ),
    inKindCount: z.number().int(),
    gap: z.array(z.object({ currency: z.string(), budget: z.string(), secured: z.string(), pledged: z.string(), gap: z.string() })),
    administrationNames: z.record(z.string(), z.string()).meta({ description: 'Names of the administrations the lists mention' }),
  })
  .meta({ id: 'DigestContent' });

export const Digest = z
  .object({
    id: z.string().meta({ example: '2026-12', description: 'The period: 2026-W49 (weekly), 2026-12 (monthly) or 2026-Q4 (quarterly)' }),
    administrationId: z.string(),
    frequency: z.enum(DIGEST_FREQUENCIES),
    period: z.object({ start: z.string(), end: z.string() }),
    language: z.string(),
    generatedAt: z.string(),
    recipient: z.object({ name: z.string(), email: z.string() }),
    subject: z.string(),
    content: DigestContent,
  })
  .meta({ id: 'Digest' });

export const DigestSummary = Digest.omit({ content: true })
  .extend({
    counts: z.object({ done: z.number().int(), late: z.number().int(), upcoming: z.number().int(), needsDecision: z.number().int() }),
  })
  .meta({ id: 'DigestSummary' });
