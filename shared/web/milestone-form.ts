/**
 * The milestone update form: what it shows, and how a submitted form becomes the same patch the
 * API's PATCH /milestones/{id} takes (only the fields that changed, checked by the domain schema).
 * Pure: no I/O.
 */
import { isCalendarDate } from '../domain/dates.ts';
import { HttpUrl } from '../domain/common.ts';
import { FOCAL_POINT_MILESTONE_FIELDS, MILESTONE_STATUSES, PatchMilestone, type MilestoneStatus } from '../domain/resources.ts';
import type { StoredMilestone } from '../store/index.ts';

export interface FormValues {
  status: string;
  progress: string;
  note: string;
  evidenceUrl: string;
  evidenceLabel: string;
  /** Only for those who may change every field (co-coordinators, the secretariat). */
  dueDate?: string;
  /** The version the form was based on. */
  version: string;
}

export type FormField = 'status' | 'progress' | 'note' | 'evidenceUrl' | 'evidenceLabel' | 'dueDate';

export const NOTE_MAX = 2000;
export const LABEL_MAX = 200;
export const EVIDENCE_MAX = 20;

export function valuesOf(m: StoredMilestone, mayChangeDueDate: boolean): FormValues {
  return {
    status: m.status,
    progress: String(m.progress),
    note: m.note,
    evidenceUrl: '',
    evidenceLabel: '',
    ...(mayChangeDueDate ? { dueDate: m.dueDate } : {}),
    version: String(m.version),
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function readForm(body: Record<string, unknown>, mayChangeDueDate: boolean): FormValues {
  return {
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

export type FormResult =
  | { ok: true; patch: Partial<StoredMilestone>; version: number }
  | { ok: false; errors: FormField[]; version?: number };

/** The patch a form asks for, against the milestone as stored now. */
export function toPatch(current: StoredMilestone, values: FormValues): FormResult {
  const errors = new Set<FormField>();
  const version = /^\d{1,9}$/.test(values.version) ? Number(values.version) : undefined;

  const status = (MILESTONE_STATUSES as readonly string[]).includes(values.status) ? (values.status as MilestoneStatus) : undefined;
  if (!status) errors.add('status');
  let progress = /^\d{1,3}$/.test(values.progress) ? Number(values.progress) : NaN;
  if (!(progress >= 0 && progress <= 100)) errors.add('progress');
  // Done means complete: the form does not make people type 100.
  if (status === 'done') progress = 100;
  if (values.note.length > NOTE_MAX) errors.add('note');
  let evidence = current.evidence;
  if (values.evidenceUrl) {
    if (!HttpUrl.safeParse(values.evidenceUrl).success) errors.add('evidenceUrl');
    else if (current.evidence.length >= EVIDENCE_MAX) errors.add('evidenceUrl');
    else evidence = [...current.evidence, { url: values.evidenceUrl, ...(values.evidenceLabel ? { label: values.evidenceLabel } : {}) }];
  } else if (values.evidenceLabel) errors.add('evidenceUrl');
  if (values.evidenceLabel.length > LABEL_MAX) errors.add('evidenceLabel');
  if (values.dueDate !== undefined && !isCalendarDate(values.dueDate)) errors.add('dueDate');
  if (errors.size > 0 || version === undefined || !status) return { ok: false, errors: [...errors], ...(version !== undefined ? { version } : {}) };

  const wanted: Partial<StoredMilestone> = { status, progress, note: values.note, evidence, ...(values.dueDate !== undefined ? { dueDate: values.dueDate } : {}) };
  const patch: Partial<StoredMilestone> = {};
  for (const [field, value] of Object.entries(wanted) as [keyof StoredMilestone, unknown][]) {
    if (JSON.stringify(value) !== JSON.stringify(current[field])) (patch as Record<string, unknown>)[field] = value;
  }
  // The domain schema has the last word, as it does for the API.
  const checked = PatchMilestone.safeParse(patch);
  if (!checked.success) {
    const fields = checked.error.issues.map((i) => String(i.path[0] ?? ''));
    return { ok: false, errors: fields.map((f) => (f === 'evidence' ? 'evidenceUrl' : (f as FormField))), version };
  }
  return { ok: true, patch, version };
}

/** Fields outside what the owning administration's focal points may change (empty when allowed). */
export function fieldsBeyondReport(patch: Partial<StoredMilestone>): string[] {
  return Object.keys(patch).filter((f) => !(FOCAL_POINT_MILESTONE_FIELDS as readonly string[]).includes(f));
}

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
