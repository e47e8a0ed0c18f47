/**
 * The donor's report (issue 13) as JSON, or as XLSX (Accept or `format=xlsx`; the spreadsheet module
 * is loaded on the first download). The command decides what is in it (commands/donor-report.ts).
 */
import * as z from 'zod/mini';
import { Invalid, donorReportSheets, readDonorReport } from '../../commands/index.ts';
import { CalendarDate, lazy, named } from '../../domain/common.ts';
import { INDICATOR_STATUSES, LANGUAGES, MILESTONE_STATUSES, STAGES, HEALTHS } from '../../domain/constants.ts';
import { pickLanguage, readerLanguages } from '../../i18n/index.ts';
import { XLSX_TYPE, downloadHeaders, fileBaseName, sourceSheets } from '../../sheets/port.ts';
import { IdParam, errors, json, principal, v1Route, type AppDeps } from '../http.ts';
import { problems } from '../problems.ts';
import { Routes } from '../route.ts';

const tags = ['donors'];

const ReportQuery = lazy(() => z.object({
  from: z.optional(CalendarDate).check(z.meta({ description: 'First day of the period (included); default: the first day of the last full quarter' })),
  to: z.optional(CalendarDate).check(z.meta({ description: 'Last day of the period (included, not before `from`); default: the last day of the last full quarter' })),
  format: z.optional(z.enum(['json', 'xlsx'])).check(z.meta({ description: 'json (default) or xlsx; `Accept: ' + XLSX_TYPE + '` asks for xlsx too' })),
  lang: z.optional(z.enum(LANGUAGES)).check(z.meta({ description: 'Language of the spreadsheet\'s headers and words, and of the texts where translated (default: the caller\'s, then Accept-Language)' })),
}));

const Money = () => z.object({ amount: z.string(), currency: z.string() });
const Rate = () => z.object({
  basis: z.enum(['agreed', 'recorded']), from: z.string(), to: z.string(), rate: z.string(),
  date: z.optional(z.string()), source: z.optional(z.string()), rateId: z.optional(z.string()),
});
const StageDates = () => z.object(Object.fromEntries(STAGES.map((s) => [s, z.optional(z.string())])) as Record<(typeof STAGES)[number], z.ZodMiniOptional<z.ZodMiniString>>);

export const DonorReportSchema = named(lazy(() => z.object({
  donor: z.object({ id: z.string(), name: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }).check(z.meta({ description: 'Calendar days in UTC, both included' })),
  plans: z.array(z.object({
    id: z.string(),
    title: z.string(),
    budget: z.optional(Money()),
    contributions: z.array(z.object({
      id: z.string(), planId: z.string(), milestoneId: z.optional(z.string()), kind: z.enum(['financial', 'in_kind']), description: z.string(),
      amount: z.optional(z.string()), currency: z.optional(z.string()), stage: z.enum(STAGES), stageDates: StageDates(),
      inBudget: z.optional(z.union([
        z.object({ amount: z.string(), currency: z.string(), rate: z.optional(Rate()) }),
        z.object({ notConverted: z.literal(true), currency: z.string() }),
      ])).check(z.meta({ description: 'In the plan\'s budget currency: exact, at the contribution\'s agreed rate or the recorded rate in force on its stage date (the rate is given); `notConverted` when no rate is known' })),
    })),
    totals: z.optional(z.object({
      currency: z.string(),
      byStage: z.object(Object.fromEntries(STAGES.map((s) => [s, z.string()])) as Record<(typeof STAGES)[number], z.ZodMiniString>),
      notConverted: z.array(z.object({ currency: z.string(), amount: z.string(), count: z.number() })),
    })),
    milestones: z.array(z.object({
      id: z.string(), ref: z.optional(z.number()), title: z.string(), ownerAdministrationId: z.string(), baselineDueDate: z.string(), dueDate: z.string(),
      slipDays: z.number(), status: z.enum(MILESTONE_STATUSES), progress: z.number(), health: z.enum(HEALTHS),
    })).check(z.meta({ description: 'The milestones the contributions fund (the one each names, or all the plan\'s when one funds the plan), as they stand today' })),
    indicators: z.array(z.object({
      id: z.string(), title: z.string(), result: z.string(), unit: z.optional(z.string()), measure: z.string(), periodId: z.string(), period: z.string(), start: z.string(), end: z.string(),
      target: z.optional(z.string()), figure: z.optional(z.string()), status: z.nullable(z.enum(INDICATOR_STATUSES)),
    })).check(z.meta({ description: 'The plan\'s indicators in each reporting period that overlaps the report\'s, from the values approved by its last day' })),
  })),
  changes: z.array(z.object({
    day: z.string(), planId: z.string(), kind: z.enum(['stage', 'status', 'values']), title: z.string(),
    contributionId: z.optional(z.string()), stage: z.optional(z.enum(STAGES)), amount: z.optional(z.string()), currency: z.optional(z.string()),
    milestoneId: z.optional(z.string()), before: z.optional(z.nullable(z.enum(MILESTONE_STATUSES))), after: z.optional(z.enum(MILESTONE_STATUSES)),
    indicatorId: z.optional(z.string()), period: z.optional(z.string()),
    values: z.optional(z.array(z.object({ administrationId: z.string(), day: z.string(), value: z.optional(z.string()), answer: z.optional(z.string()) }))),
  })).check(z.meta({ description: 'What changed in the period, oldest first: stages a contribution reached (by its stage date), status changes of funded milestones, the values of an indicator approved for a reporting period (together, dated by the last approval)' })),
})), 'DonorReport');

export function donorReports(deps: AppDeps) {
  const app = new Routes();
  const load = deps.sheets ?? sourceSheets;

  app.openapi(
    v1Route({
      method: 'get', path: '/donors/{id}/report', tags, summary: 'A donor\'s report for a period (JSON or XLSX)',
      description: 'The donor\'s contributions by stage with their dates and amounts, converted into each plan\'s budget currency as the funding summary converts them (the rate used stated); the milestones and indicators they fund, with their status; and what changed in the period. Never anything internal, never another donor\'s contributions. A donor reads its own report; the secretariat and co-coordinators any. XLSX (Accept or `format=xlsx`): four sheets, headers in the caller\'s language, date cells, amounts as numbers in their currency\'s format.',
      request: { params: IdParam('id', 'jica'), query: ReportQuery },
      responses: { 200: { ...json(DonorReportSchema, 'The report'), files: [XLSX_TYPE] }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const p = principal(c);
      const accept = c.req.header('Accept') ?? '';
      const asXlsx = query.format === 'xlsx' || (query.format === undefined && accept.includes(XLSX_TYPE) && !/application\/json/.test(accept));
      const languages = readerLanguages(query.lang, p.language, c.req.header('Accept-Language'));
      let report;
      try {
        report = await readDonorReport(deps, p, { donorId: c.req.valid('param').id, from: query.from, to: query.to, languages: languages.length > 0 ? languages : ['en'] });
      } catch (error) {
        if (error instanceof Invalid) throw problems.validation(error.errors.map(({ field, message }) => ({ field, message })), 'query');
        throw error;
      }
      if (!asXlsx) return c.json(report, 200);
      const module = await load();
      const language = query.lang ?? pickLanguage(p.language, c.req.header('Accept-Language'));
      const bytes = await module.writeXlsx(donorReportSheets(report, language));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, downloadHeaders(`${fileBaseName(report.donor.name)}-${report.period.from}-${report.period.to}`, 'xlsx'));
    },
  );
  return app;
}
