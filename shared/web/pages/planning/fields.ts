/** The fields of each planning form, named by the command's field paths (see shared/web/forms.tsx). */
import {
  CONTRIBUTION_KINDS, MILESTONE_STATUSES, PLAN_STATUSES, STAGES, STRATEGY_STATUSES, type Stage,
} from '../../../domain/resources.ts';
import type { Language } from '../../../domain/constants.ts';
import type { Translations } from '../../../domain/translations.ts';
import type { Field } from '../../forms.tsx';
import { languageName, translatableForm, type TranslatableText } from '../../translations-field.tsx';
import type { ReviewedText } from '../../translations-review.tsx';
import type { View } from '../../view.ts';

type Options = { value: string; label: string }[];
const choices = (v: View, prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: v.t(`${prefix}.${value}`) }));

/** The title and description a strategy, a plan and a milestone have (translations: `titleAndDescription`). */
const writtenFields = ({ t }: View): Field[] => [
  { name: 'title', label: t('planning.f.title'), required: true, maxLength: 300 },
  { name: 'description', label: t('ms.description'), kind: 'textarea', maxLength: 5000, clear: 'empty' },
];

export function strategyFields(v: View, create: boolean): Field[] {
  const { t } = v;
  return [
    ...(create ? [{ name: 'id', label: t('planning.f.id'), hint: t('planning.f.idHint'), maxLength: 64, autocomplete: 'off' } satisfies Field] : []),
    ...writtenFields(v),
    { name: 'region', label: t('strategy.region'), required: true, maxLength: 200, hint: t('planning.f.regionHint') },
    { name: 'approvedOn', label: t('planning.f.approvedOn'), kind: 'date' },
    { name: 'approvalForum', label: t('planning.f.approvalForum'), maxLength: 300, hint: t('planning.f.approvalForumHint') },
    { name: 'status', label: t('strategy.status'), kind: 'select', required: true, options: choices(v, 'strategyStatus', STRATEGY_STATUSES) },
  ];
}

export function reminderFields(v: View): Field[] {
  const { t } = v;
  return [
    { name: 'offsetsDays', label: t('planning.f.offsetsDays'), hint: t('planning.f.offsetsDaysHint'), required: true, maxLength: 40 },
    { name: 'graceDays', label: t('planning.f.graceDays'), hint: t('planning.f.graceDaysHint'), kind: 'number', required: true, min: 1, max: 365 },
    { name: 'attentionDays', label: t('planning.f.attentionDays'), hint: t('planning.f.attentionDaysHint'), kind: 'number', required: true, min: 1, max: 730 },
    // Results (domain/result-reminders.ts): empty keeps the defaults.
    { name: 'periodCloseDays', label: t('planning.f.periodCloseDays'), hint: t('planning.f.periodCloseDaysHint'), maxLength: 40 },
    { name: 'reviewWaitDays', label: t('planning.f.reviewWaitDays'), hint: t('planning.f.reviewWaitDaysHint'), kind: 'number', min: 1, max: 365 },
  ];
}

export function coordinatorFields(v: View, administrations: Options): Field[] {
  const { t } = v;
  return [
    { name: 'administrationId', label: t('planning.f.administration'), kind: 'select', required: true, options: administrations },
    { name: 'since', label: t('planning.f.since'), kind: 'date', hint: t('planning.f.sinceHint') },
  ];
}

export function planFields(v: View, create: boolean): Field[] {
  const { t } = v;
  return [
    ...(create ? [{ name: 'id', label: t('planning.f.id'), hint: t('planning.f.idHint'), maxLength: 64, autocomplete: 'off' } satisfies Field] : []),
    ...writtenFields(v),
    { name: 'period.start', label: t('planning.f.periodStart'), kind: 'date', required: true },
    { name: 'period.end', label: t('planning.f.periodEnd'), kind: 'date', required: true },
    { name: 'budget.amount', label: t('planning.f.budgetAmount'), hint: t(create ? 'planning.f.amountHint' : 'planning.f.budgetClearHint'), maxLength: 30, autocomplete: 'off' },
    { name: 'budget.currency', label: t('planning.f.currency'), hint: t('planning.f.currencyHint'), maxLength: 3, autocomplete: 'off' },
    { name: 'origin', label: t('plan.origin'), hint: t('planning.f.originHint'), maxLength: 500 },
    { name: 'status', label: t('plan.status'), kind: 'select', required: true, options: choices(v, 'planStatus', PLAN_STATUSES) },
  ];
}

/** The texts a strategy, a plan and a milestone have in several languages (issue 14), as their forms and pages name them. */
const WRITTEN = [
  { name: 'title', label: 'planning.f.title', labelIn: 'content.titleIn', maxLength: 300, multiline: false, mayBeEmpty: false },
  { name: 'description', label: 'ms.description', labelIn: 'content.descriptionIn', maxLength: 5000, multiline: true, mayBeEmpty: true },
] as const;
type HasTexts = { title: string; description?: string; translations?: Translations };

/** The item's title and description as stored: originals with their translations. */
export const writtenTexts = (item: HasTexts): TranslatableText[] =>
  WRITTEN.map((w) => ({ name: w.name, original: item[w.name] ?? '', field: item.translations?.[w.name] }));

/**
 * The title and description with their translations, for the item's edit form
 * (shared/web/translations-field.tsx): the title may not be emptied, the description may.
 */
export function titleAndDescription(v: View, item: HasTexts) {
  const texts = writtenTexts(item);
  return translatableForm(v, WRITTEN.map((w, i) => ({
    t: texts[i]!, label: v.t(w.label), labelIn: (language: string) => v.t(w.labelIn, { language }), maxLength: w.maxLength, multiline: w.multiline, mayBeEmpty: w.mayBeEmpty,
  })));
}

/** A form's other fields: what `changedInput` sends, the title and description being `titleAndDescription`'s. */
export const otherThanTexts = (fields: readonly Field[]): Field[] => fields.filter((f) => !WRITTEN.some((w) => w.name === f.name));

/** The title and description for the item's page's list of translations to review (translations-review.tsx), corrected in the form at `edit`. */
export const writtenToReview = (v: View, item: HasTexts, edit: string): ReviewedText[] =>
  writtenTexts(item).map((t, i) => ({ ...t, label: v.t(WRITTEN[i]!.label), edit }));

/**
 * A create form's title and description, written in the writer's language (`writer`, which the
 * command records as the original's): said under their labels, and set as their `lang` when it is
 * not the page's. Translations are added in the edit form.
 */
export function writtenIn(v: View, fields: readonly Field[], writer: Language): Field[] {
  const hint = v.t('content.writeIn', { language: languageName(v, writer) });
  return fields.map((f) => (f.name === 'title' || f.name === 'description' ? { ...f, hint, ...(writer !== v.lang ? { lang: writer } : {}) } : f));
}

/** Adding a milestone: everything; editing one: what the report form does not cover. */
export function milestoneFields(v: View, administrations: Options, create: boolean): Field[] {
  const { t } = v;
  const common: Field[] = [
    ...writtenFields(v),
    { name: 'ownerAdministrationId', label: t('ms.owner'), hint: t('planning.f.ownerHint'), kind: 'select', required: true, options: administrations },
    { name: 'baselineDueDate', label: t('ms.baseline'), kind: 'date', hint: t(create ? 'planning.f.baselineHint' : 'planning.f.baselineEditHint'), required: !create },
    { name: 'dueDate', label: t('form.dueDate'), kind: 'date', required: true },
    { name: 'internal', label: t('internal.milestone'), kind: 'checkbox', hint: t('internal.hint') },
  ];
  if (!create) return common;
  return [
    ...common,
    { name: 'status', label: t('ms.status'), kind: 'select', required: true, options: choices(v, 'status', MILESTONE_STATUSES) },
    { name: 'progress', label: t('form.progress'), kind: 'number', min: 0, max: 100, hint: t('form.progressHint') },
    { name: 'note', label: t('ms.note'), kind: 'textarea', maxLength: 2000 },
    { name: 'noteInternal', label: t('internal.note'), kind: 'checkbox' },
  ];
}

/** `budgetCurrency`: the plan's, when it has a budget: the agreed rate converts into it. */
export function contributionFields(v: View, donors: Options, milestones: Options, create: boolean, budgetCurrency?: string): Field[] {
  const { t } = v;
  return [
    { name: 'donorId', label: t('funding.donor'), kind: 'select', required: true, options: donors, readOnly: !create },
    { name: 'kind', label: t('planning.f.kind'), kind: 'select', required: true, options: choices(v, 'kind', CONTRIBUTION_KINDS), readOnly: !create },
    { name: 'description', label: t('ms.description'), kind: 'textarea', required: true, maxLength: 2000 },
    { name: 'amount', label: t('planning.f.amount'), hint: t('planning.f.contributionAmountHint'), maxLength: 30, autocomplete: 'off' },
    { name: 'currency', label: t('planning.f.currency'), hint: t('planning.f.currencyHint'), maxLength: 3, autocomplete: 'off' },
    { name: 'stage', label: t('planning.f.stage'), kind: 'select', required: true, options: choices(v, 'stage', STAGES) },
    ...STAGES.map((s): Field => ({ name: `stageDates.${s}`, label: t('planning.f.stageDate', { stage: t(`stage.${s}`) }), kind: 'date' })),
    ...(budgetCurrency
      ? [{ name: 'agreedRate.rate', label: t('fx.f.agreedRate', { currency: budgetCurrency }), hint: t('fx.f.agreedRateHint', { currency: budgetCurrency }), maxLength: 30, autocomplete: 'off' } satisfies Field]
      : []),
    { name: 'milestoneId', label: t('planning.f.milestone'), hint: t('planning.f.milestoneHint'), kind: 'select', options: milestones },
    { name: 'internal', label: t('internal.contribution'), kind: 'checkbox', hint: t('internal.hint') },
  ];
}

/** The form's agreed rate is into the plan's budget currency: the command takes the pair whole. */
export function withAgreedRateCurrency(input: Record<string, unknown>, budgetCurrency: string | undefined): Record<string, unknown> {
  const agreed = input.agreedRate as { rate?: unknown } | null | undefined;
  if (agreed && typeof agreed === 'object' && budgetCurrency) return { ...input, agreedRate: { ...agreed, currency: budgetCurrency } };
  return input;
}

export function advanceFields(v: View, after: Stage): Field[] {
  const { t } = v;
  return [
    { name: 'stage', label: t('planning.f.nextStage'), kind: 'select', required: true, options: choices(v, 'stage', STAGES.slice(STAGES.indexOf(after) + 1)) },
    { name: 'date', label: t('planning.f.stageReachedOn'), kind: 'date', required: true },
  ];
}
