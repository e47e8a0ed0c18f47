/**
 * The fixed vocabularies of the domain, as plain constants. Kept apart from the zod schemas so
 * code that only needs the words (the scheduled jobs, mail, i18n) does not load a validation library.
 */

export const LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ROLES = ['admin', 'coordinator', 'focal_point', 'donor', 'director_general'] as const;
export type Role = (typeof ROLES)[number];

export const DIGEST_FREQUENCIES = ['weekly', 'monthly', 'quarterly'] as const;

/** IATI OrganisationType codes. */
export const ORGANISATION_TYPES = ['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90'] as const;

export const STRATEGY_STATUSES = ['draft', 'approved', 'active', 'completed', 'archived'] as const;

export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;

export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'blocked', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const HEALTHS = ['on_track', 'at_risk', 'late', 'done'] as const;
export type Health = (typeof HEALTHS)[number];

export const CONTRIBUTION_KINDS = ['financial', 'in_kind'] as const;

export const STAGES = ['pledged', 'committed', 'disbursed', 'spent'] as const;
export type Stage = (typeof STAGES)[number];

/** Fields a focal point of the owning administration may change; the rest are the coordinators'. */
export const FOCAL_POINT_MILESTONE_FIELDS = ['status', 'progress', 'note', 'evidence'] as const;

/**
 * How long a sign-in lasts (issue 10, item 8). The ID token that opens each request is short, so a
 * signed-out or deactivated session stops within minutes; the refresh token that renews it ends the
 * session after a working day. Cognito's app client (infra/identity.ts) and the development issuer
 * (shared/api/identity.ts) both read these. Five minutes is the shortest ID token Cognito issues.
 */
export const SESSION_SECONDS = { idToken: 5 * 60, refreshToken: 12 * 3600 } as const;
/** IATI 2.03 ResultType codes a plan's results use: 1 output, 2 outcome, 3 impact. */
export const RESULT_TYPES = ['1', '2', '3'] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

/** IATI 2.03 IndicatorMeasure codes the tracker takes: 1 unit, 2 percentage, 5 qualitative. */
export const INDICATOR_MEASURES = ['1', '2', '5'] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

/** How administrations' figures make the region's: sum, mean, how many meet a threshold, or none. */
export const AGGREGATIONS = ['sum', 'mean', 'count_meeting_threshold', 'none'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** An administration's figure for a period: its latest approved value, or the sum of its approved values. */
export const PERIOD_FIGURES = ['latest', 'sum'] as const;
export type PeriodFigure = (typeof PERIOD_FIGURES)[number];

/** Where a submission stands in review; returned and reopened ones wait for the focal point again. */
export const SUBMISSION_STATES = ['submitted', 'returned', 'approved', 'reopened'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

export const INDICATOR_STATUSES = ['met', 'on_track', 'off_track', 'no_data'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];
