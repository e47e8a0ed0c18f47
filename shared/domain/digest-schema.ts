/** The zod schemas of a digest, for the digests API and its OpenAPI document (see digest.ts). */
import * as z from 'zod/mini';
import { built, lazy, named } from './common.ts';
import { DIGEST_FREQUENCIES, INDICATOR_STATUSES, LANGUAGES, MILESTONE_STATUSES, PLAN_STATUSES } from './constants.ts';

const int = () => z.number().check(z.int());
const described = <T extends z.ZodMiniType>(schema: T, description: string) => schema.check(z.meta({ description })) as T;

export const DigestMilestone = named(lazy(() =>
  z.object({
    id: z.string(),
    planId: z.string(),
    strategyId: z.string(),
    title: described(z.string(), 'In the digest\'s language when a translation is held, else the original'),
    titleLang: z.optional(z.enum(LANGUAGES)).check(z.meta({ description: 'Set when the title is not in the digest\'s language: the language of the original given instead' })),
    ownerAdministrationId: z.string(),
    dueDate: z.string(),
    status: z.enum(MILESTONE_STATUSES),
    progress: int(),
    owned: described(z.boolean(), 'Owned by the digest\'s administration'),
    daysOverdue: int(),
    daysLeft: int(),
    doneAt: z.optional(z.string()),
  })),
  'DigestMilestone',
);

export const DigestList = lazy(() => z.object({ items: z.array(DigestMilestone), more: described(int(), 'How many more were left out') }));

const figureLine = () => ({
  periodId: z.string(),
  label: z.string(),
  figure: z.optional(z.string()),
  target: z.optional(z.string()),
  status: z.nullable(z.enum(INDICATOR_STATUSES)),
});

/** The results section (domain/digest-results.ts): approved values only. */
export const DigestResults = named(lazy(() =>
  z.object({
    indicators: z.array(z.object({
      planId: z.string(),
      planTitle: z.string(),
      indicatorId: z.string(),
      title: z.string(),
      unit: z.optional(z.string()),
      measure: z.string(),
      region: described(z.optional(z.object(figureLine())), 'The region\'s latest figure (or the last closed period, with no data); absent when no period has data or closed'),
      own: described(z.optional(z.object({ ...figureLine(), answer: z.optional(z.string()) })), 'The administration\'s latest approved figure (or answer) and its status then'),
    })),
    moved: described(z.object({
      items: z.array(z.object({
        planId: z.string(), indicatorId: z.string(), title: z.string(), administrationId: z.string(), periodLabel: z.string(),
        value: z.optional(z.string()), answer: z.optional(z.string()), approvedAt: z.string(),
      })),
      more: int(),
    }), 'Values approved since the previous digest, the administration\'s own first'),
  })),
  'DigestResults',
);

export const DigestContent = named(lazy(() =>
  z.object({
    administration: z.object({ id: z.string(), name: z.string() }),
    today: z.string(),
    since: described(z.nullable(z.string()), 'When the previous digest was made; null for the first'),
    plans: z.array(
      z.object({
        strategyId: z.string(),
        strategyTitle: z.string(),
        strategyTitleLang: z.optional(z.enum(LANGUAGES)).check(z.meta({ description: 'Set when the strategy\'s title is not in the digest\'s language: the language of the original given instead' })),
        planId: z.string(),
        title: z.string(),
        titleLang: z.optional(z.enum(LANGUAGES)).check(z.meta({ description: 'Set when the plan\'s title is not in the digest\'s language: the language of the original given instead' })),
        status: z.enum(PLAN_STATUSES),
        role: z.enum(['co-coordinator', 'participant']),
        milestones: z.object({
          total: int(),
          done: int(),
          late: int(),
          atRisk: int(),
          percentComplete: z.number(),
        }),
      }),
    ),
    done: described(built(DigestList), 'Done since the previous digest'),
    late: described(built(DigestList), 'Late, the administration\'s own first (those needing a decision are listed there instead)'),
    upcoming: described(built(DigestList), 'Falling due before the next digest'),
    needsDecision: described(built(DigestList), 'The administration\'s own milestones late for the strategy\'s attentionDays or more'),
    funding: z.array(
      z.object({ donorId: z.string(), donorName: z.string(), currency: z.string(), pledged: z.string(), committed: z.string(), disbursed: z.string(), spent: z.string() }),
    ),
    inKindCount: int(),
    gap: z.array(z.object({
      currency: z.string(), budget: z.string(), secured: z.string(), pledged: z.string(), gap: z.string(),
      notConverted: z.optional(z.array(z.object({ currency: z.string(), secured: z.string(), pledged: z.string(), count: int() }))).check(z.meta({
        description: 'Contributions with no rate into the budget currency, not counted in secured or pledged (absent in digests made before conversion)',
      })),
    })),
    administrationNames: described(z.record(z.string(), z.string()), 'Names of the administrations the lists mention'),
    results: described(z.optional(DigestResults), 'Results of the plans with indicators (absent without any, and in digests made before results)'),
  })),
  'DigestContent',
);

const digestFields = () => ({
  id: z.string().check(z.meta({ example: '2026-12', description: 'The period: 2026-W49 (weekly), 2026-12 (monthly) or 2026-Q4 (quarterly)' })),
  administrationId: z.string(),
  frequency: z.enum(DIGEST_FREQUENCIES),
  period: z.object({ start: z.string(), end: z.string() }),
  language: z.string(),
  generatedAt: z.string(),
  recipient: z.object({ name: z.string(), email: z.string() }),
  subject: z.string(),
});

export const Digest = named(lazy(() => z.object({ ...digestFields(), content: DigestContent })), 'Digest');

export const DigestSummary = named(lazy(() =>
  z.object({
    ...digestFields(),
    counts: z.object({ done: int(), late: int(), upcoming: int(), needsDecision: int() }),
  })),
  'DigestSummary',
);
