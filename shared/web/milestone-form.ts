/**
 * The milestone update form: what it shows, and how a submitted form becomes the same patch the
 * API's PATCH /milestones/{id} takes (only the fields that changed). The rules are the command's
 * (shared/commands/milestones.ts). Pure: no I/O.
 */
import type { FieldError } from '../commands/errors.ts';
import type { StoredMilestone } from '../store/index.ts';
import { LANGUAGES, type Language } from '../domain/constants.ts';
import { resolveText } from '../domain/translations.ts';
import { patchOf, submittedLanguage, textIn, translatableValues, type TranslatableText } from './translations-field.tsx';

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
  /** The note's other languages (shared/web/translations-field.tsx): `note.<lang>`, `note.<lang>.confirm`, `note.lang`. */
  texts: Record<string, string>;
}

export type FormField = 'status' | 'progress' | 'note' | 'evidenceUrl' | 'evidenceLabel' | 'dueDate';

export const NOTE_MAX = 2000;
export const LABEL_MAX = 200;
export const EVIDENCE_MAX = 20;

/** The note as a reader of `lang` reads it (their translation, else the original): what the form edits. */
export const noteIn = (m: StoredMilestone, lang?: Language) => (lang ? resolveText(m.note, m.translations?.note, [lang]).text : m.note);

/** The note with its translations, as the translations fieldset takes it. */
export const noteText = (m: StoredMilestone): TranslatableText => ({ name: 'note', original: m.note, field: m.translations?.note });

/** The note's other languages as form values (everything but the main input). */
function noteTexts(m: StoredMilestone, lang: Language | undefined): Record<string, string> {
  const { note: _main, ...rest } = translatableValues(noteText(m), lang ?? m.translations?.note?.lang ?? 'en');
  return rest;
}

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
    texts: noteTexts(m, lang),
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
    texts: Object.fromEntries(Object.entries(body).filter(([k, v]) => k.startsWith('note.') && typeof v === 'string')) as Record<string, string>,
  };
}

/**
 * What a submitted form asks for, against the milestone as stored now: only the fields that changed,
 * as the API's PATCH would send them. Nothing is checked here: the command checks the patch with the
 * same rules for every door, and `formErrors` puts its field errors next to the form's fields.
 * `version` is undefined when the form is not one of ours.
 */
export function toPatch(current: StoredMilestone, values: FormValues, lang?: Language): { version?: number; patch: Record<string, unknown>; contentLanguage?: Language } {
  const version = /^\d{1,9}$/.test(values.version) ? Number(values.version) : undefined;
  const wanted: Record<string, unknown> = {
    status: values.status,
    // A whole number goes as a number; anything else as typed, for the schema to refuse.
    progress: /^-?\d+$/.test(values.progress) ? Number(values.progress) : values.progress,
  };
  // Done means complete: the form does not make people type 100 (the command sets it).
  if (values.status === 'done') delete wanted.progress;
  if (values.evidenceUrl || values.evidenceLabel) {
    wanted.evidence = [...current.evidence, { url: values.evidenceUrl, ...(values.evidenceLabel ? { label: values.evidenceLabel } : {}), ...(values.evidenceInternal ? { internal: true } : {}) }];
  }
  if (values.dueDate !== undefined) wanted.dueDate = values.dueDate;
  const patch: Record<string, unknown> = {};
  const shown: Record<string, unknown> = current;
  // The note in every language the form holds: a map of what changed (translations-field.tsx).
  const note = patchOf({ note: values.note, ...values.texts }, noteText(current), lang ?? noteText(current).field?.lang ?? 'en', true);
  if (note.value !== undefined) patch.note = note.value;
  // Flags absent on a milestone are false: only a real change is sent.
  if (values.internal !== undefined && values.internal !== !!current.internal) patch.internal = values.internal;
  if (values.noteInternal !== undefined && values.noteInternal !== !!current.noteInternal) patch.noteInternal = values.noteInternal;
  for (const [field, value] of Object.entries(wanted)) {
    if (JSON.stringify(value) !== JSON.stringify(shown[field])) patch[field] = value;
  }
  return { ...(version !== undefined ? { version } : {}), patch, ...(note.contentLanguage ? { contentLanguage: note.contentLanguage } : {}) };
}

/** The form fields a command's field errors point at (an evidence error belongs to the link entered). */
export function formErrors(errors: readonly FieldError[], noteShown?: Language): FormField[] {
  const fields = new Set<FormField>();
  for (const { field } of errors) {
    const [head, second, leaf] = field.split('.');
    // An error about another language of the note is shown at that language's input (noteErrors).
    if (head === 'note' && second !== undefined && noteShown !== undefined && second !== noteShown) continue;
    if (head === 'evidence') fields.add(leaf === 'label' ? 'evidenceLabel' : 'evidenceUrl');
    else if (head === 'status' || head === 'progress' || head === 'note' || head === 'dueDate') fields.add(head);
  }
  return FIELD_ORDER.filter((f) => fields.has(f));
}

/** Errors about the note's other languages, by input name (`note.es`), in the reader's words. */
export function noteErrors(errors: readonly FieldError[], noteShown: Language, message: (e: FieldError) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const [head, l] = e.field.split('.');
    if (head === 'note' && l !== undefined && l !== noteShown) out[`note.${l}`] ??= message(e);
  }
  return out;
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
  lang?: Language,
): { values: FormValues; both: Mirrored[] } {
  const since = events.filter((e) => e.version > basedOn).sort((a, b) => b.version - a.version);
  const complete = since.length === current.version - basedOn && since.every((e, i) => e.version === current.version - i);
  const now = valuesOf(current, submitted.dueDate !== undefined, false, lang);
  if (!complete) return { values: { ...submitted, version: now.version }, both: [] };
  const base: Record<string, unknown> = { ...current };
  for (const e of since) for (const ch of e.changes) base[ch.field] = ch.before;
  const values: FormValues = { ...now, evidenceUrl: submitted.evidenceUrl, evidenceLabel: submitted.evidenceLabel, texts: { ...now.texts } };
  const both: Mirrored[] = [];
  // The note in each language the form held, the main input in the language it held: what this
  // person changed is kept, the rest is as it is now.
  const was = noteText(base as unknown as StoredMilestone);
  const is = noteText(current);
  const shownThen = submittedLanguage(submitted.texts, is, lang ?? is.field?.lang ?? 'en');
  values.note = textIn(is, shownThen) ?? '';
  values.texts = { 'note.lang': shownThen };
  for (const l of LANGUAGES) {
    const key = l === shownThen ? 'note' : `note.${l}`;
    const held = textIn(is, l);
    if (key !== 'note' && held !== undefined) values.texts[key] = held;
    const mine = key === 'note' ? submitted.note : submitted.texts[key];
    if (mine === undefined) continue;
    const before = textIn(was, l) ?? '';
    if (mine.replace(/\r\n?/g, '\n').trim() === before) continue;
    if (key === 'note') values.note = mine;
    else values.texts[key] = mine;
    if ((held ?? '') !== before && !both.includes('note')) both.push('note');
  }
  for (const [k, v] of Object.entries(submitted.texts)) if (k.endsWith('.confirm')) values.texts[k] = v;
  for (const field of MIRRORED.filter((f) => f !== 'note')) {
    const mine = submitted[field];
    if (mine === undefined) continue;
    const was = asFormText(base[field]);
    if (mine === was) continue; // untouched by this person: show the current value
    values[field] = mine;
    if (asFormText((current as Record<string, unknown>)[field]) !== was) both.push(field);
  }
  return { values, both };
}
