/**
 * The milestone update form: what it shows, and how a submitted form becomes the same patch the
 * API's PATCH /milestones/{id} takes (only the fields that changed). The rules are the command's
 * (shared/commands/milestones.ts). Pure: no I/O.
 */
import type { FieldError } from '../commands/errors.ts';
import type { StoredMilestone } from '../store/index.ts';
import type { Language } from '../domain/constants.ts';
import { resolveText } from '../domain/translations.ts';

export interface FormValues {
  status: string;
  progress: string;
  note: string;
  evidenceUrl: string;
  evidenceLabel: string;
  /** Only for those who may change every field (co-coordinators, the secretariat). */
  dueDate?: string;
  /** What stays internal: only for those who may mark it (the secretariat, the co-coordinators). */
  internal?: boolean;
  noteInternal?: boolean;
  evidenceInternal?: boolean;
  /** The version the form was based on. */
  version: string;
}

export type FormField = 'status' | 'progress' | 'note' | 'evidenceUrl' | 'evidenceLabel' | 'dueDate';

export const NOTE_MAX = 2000;
export const LABEL_MAX = 200;
export const EVIDENCE_MAX = 20;

/** The note as a reader of `lang` reads it (their translation, else the original): what the form edits. */
export const noteIn = (m: StoredMilestone, lang?: Language) => (lang ? resolveText(m.note, m.translations?.note, [lang]).text : m.note);

export function valuesOf(m: StoredMilestone, mayChangeDueDate: boolean, mayMarkInternal = false, lang?: Language): FormValues {
  return {
    ...(mayMarkInternal ? { internal: !!m.internal, noteInternal: !!m.noteInternal, evidenceInternal: false } : {}),
    status: m.status,
    progress: String(m.progress),
    note: noteIn(m, lang),
    evidenceUrl: '',
    evidenceLabel: '',
    ...(mayChangeDueDate ? { dueDate: m.dueDate } : {}),
    version: String(m.version),
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function readForm(body: Record<string, unknown>, mayChangeDueDate: boolean, mayMarkInternal = false): FormValues {
  // A checkbox left unticked is not sent at all: for those who may mark, absent means not internal.
  const ticked = (v: unknown) => v === 'on' || v === 'true';
  return {
    ...(mayMarkInternal ? { internal: ticked(body.internal), noteInternal: ticked(body.noteInternal), evidenceInternal: ticked(body.evidenceInternal) } : {}),
    status: text(body.status),
    progress: text(body.progress).trim(),
    // Browsers send CRLF line breaks; keep what the API would store.
    note: text(body.note).replace(/\r\n?/g, '\n').trim(),
    evidenceUrl: text(body.evidenceUrl).trim(),
    evidenceLabel: text(body.evidenceLabel).trim(),
    ...(mayChangeDueDate ? { dueDate: text(body.dueDate).trim() } : {}),
    version: text(body.version).trim(),
  };
}

/**
 * What a submitted form asks for, against the milestone as stored now: only the fields that changed,
 * as the API's PATCH would send them. Nothing is checked here: the command checks the patch with the
 * same rules for every door, and `formErrors` puts its field errors next to the form's fields.
 * `version` is undefined when the form is not one of ours.
 */
export function toPatch(current: StoredMilestone, values: FormValues, lang?: Language): { version?: number; patch: Record<string, unknown> } {
  const version = /^\d{1,9}$/.test(values.version) ? Number(values.version) : undefined;
  const wanted: Record<string, unknown> = {
    status: values.status,
    // A whole number goes as a number; anything else as typed, for the schema to refuse.
    progress: /^-?\d+$/.test(values.progress) ? Number(values.progress) : values.progress,
    note: values.note,
  };
  // Done means complete: the form does not make people type 100 (the command sets it).
  if (values.status === 'done') delete wanted.progress;
  if (values.evidenceUrl || values.evidenceLabel) {
    wanted.evidence = [...current.evidence, { url: values.evidenceUrl, ...(values.evidenceLabel ? { label: values.evidenceLabel } : {}), ...(values.evidenceInternal ? { internal: true } : {}) }];
  }
  if (values.dueDate !== undefined) wanted.dueDate = values.dueDate;
  const patch: Record<string, unknown> = {};
  const shown: Record<string, unknown> = { ...current, note: noteIn(current, lang) };
  // Flags absent on a milestone are false: only a real change is sent.
  if (values.internal !== undefined && values.internal !== !!current.internal) patch.internal = values.internal;
  if (values.noteInternal !== undefined && values.noteInternal !== !!current.noteInternal) patch.noteInternal = values.noteInternal;
  for (const [field, value] of Object.entries(wanted)) {
    if (JSON.stringify(value) !== JSON.stringify(shown[field])) patch[field] = value;
  }
  return { ...(version !== undefined ? { version } : {}), patch };
}

/** The form fields a command's field errors point at (an evidence error belongs to the link entered). */
export function formErrors(errors: readonly FieldError[]): FormField[] {
  const fields = new Set<FormField>();
  for (const { field } of errors) {
    const [head, , leaf] = field.split('.');
    if (head === 'evidence') fields.add(leaf === 'label' ? 'evidenceLabel' : 'evidenceUrl');
    else if (head === 'status' || head === 'progress' || head === 'note' || head === 'dueDate') fields.add(head);
  }
  return FIELD_ORDER.filter((f) => fields.has(f));
}

export const FIELD_ORDER: FormField[] = ['status', 'progress', 'note', 'evidenceUrl', 'evidenceLabel', 'dueDate'];

/** The form fields that mirror a stored field (evidence links are only ever added). */
const MIRRORED = ['status', 'progress', 'note', 'dueDate'] as const;
type Mirrored = (typeof MIRRORED)[number];

const asFormText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/**
 * After a version conflict: the form to show again. The milestone as the person first saw it is
 * rebuilt from the history (undoing the changes saved since); what they changed from it is kept,
 * everything else shows the milestone as it is now, so saving again does not quietly undo the
 * other person's change. `both` names the fields both changed. Without the full history since
 * their version, all their entries are kept.
 */
export function afterConflict(
  current: StoredMilestone,
  events: readonly { version: number; changes: readonly { field: string; before: unknown }[] }[],
  basedOn: number,
  submitted: FormValues,
): { values: FormValues; both: Mirrored[] } {
  const since = events.filter((e) => e.version > basedOn).sort((a, b) => b.version - a.version);
  const complete = since.length === current.version - basedOn && since.every((e, i) => e.version === current.version - i);
  const now = valuesOf(current, submitted.dueDate !== undefined);
  if (!complete) return { values: { ...submitted, version: now.version }, both: [] };
  const base: Record<string, unknown> = { ...current };
  for (const e of since) for (const ch of e.changes) base[ch.field] = ch.before;
  const values: FormValues = { ...now, evidenceUrl: submitted.evidenceUrl, evidenceLabel: submitted.evidenceLabel };
  const both: Mirrored[] = [];
  for (const field of MIRRORED) {
    const mine = submitted[field];
    if (mine === undefined) continue;
    const was = asFormText(base[field]);
    if (mine === was) continue; // untouched by this person: show the current value
    values[field] = mine;
    if (asFormText((current as Record<string, unknown>)[field]) !== was) both.push(field);
  }
  return { values, both };
}
