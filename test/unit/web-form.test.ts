/**
 * The milestone update form becomes the same patch the API takes (only what changed), checked by the
 * command's rules (checkMilestonePatch), whose field errors land on the form's fields.
 */
import { describe, expect, it } from 'vitest';
import { Invalid, checkMilestonePatch } from '../../shared/commands/index.ts';
import { FOCAL_POINT_MILESTONE_FIELDS } from '../../shared/domain/constants.ts';
import type { StoredMilestone } from '../../shared/store/index.ts';
import { afterConflict, formErrors, readForm, toPatch, valuesOf } from '../../shared/web/milestone-form.ts';

const current: StoredMilestone = {
  id: 'ams-rm-current.m03', planId: 'ams-rm-current', strategyId: 'ams-rm', title: 'Targeting centre staff trained', description: '',
  ownerAdministrationId: 'GT', ownerTimeZone: 'America/Guatemala', baselineDueDate: '2026-11-29', dueDate: '2026-11-29',
  status: 'in_progress', progress: 40, note: 'Two sessions held.', evidence: [], updatedBy: 'seed', version: 3,
  createdAt: '2026-05-26T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
};

/** What the web door does: the form's patch, then the command's rules. */
function submit(fields: Record<string, string>, allFields = false) {
  const { version, patch } = toPatch(current, readForm({ ...valuesOf(current, allFields), ...fields }, allFields));
  if (version === undefined) return { ok: false }; // the door answers 400: not a form of ours
  if (Object.keys(patch).length === 0) return { ok: true, version, patch };
  try {
    return { ok: true, version, patch: checkMilestonePatch(current, patch) };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { ok: false, version, errors: formErrors(error.errors) };
  }
}
const fieldsBeyondReport = (patch: object) => Object.keys(patch).filter((f) => !(FOCAL_POINT_MILESTONE_FIELDS as readonly string[]).includes(f));

describe('the milestone form', () => {
  it('sends only the fields that changed, with the version it was based on', () => {
    expect(submit({ progress: '60', note: 'Three sessions held.\r\nLast one next week.' })).toEqual({
      ok: true,
      version: 3,
      patch: { progress: 60, note: 'Three sessions held.\nLast one next week.' },
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(submit({})).toEqual({ ok: true, version: 3, patch: {} });
  });

  it('sets progress to 100 when the status becomes done', () => {
    expect(submit({ status: 'done', progress: '70' })).toMatchObject({ ok: true, patch: { status: 'done', progress: 100 } });
  });

  it('adds an evidence link after the existing ones', () => {
    const result = submit({ evidenceUrl: 'https://example.org/attendance.pdf', evidenceLabel: 'Attendance list' });
    expect(result).toMatchObject({ ok: true, patch: { evidence: [{ url: 'https://example.org/attendance.pdf', label: 'Attendance list' }] } });
  });

  it('names each field in error instead of guessing', () => {
    expect(submit({ status: 'finished', progress: '101', evidenceUrl: 'ftp://example.org/x' })).toEqual({
      ok: false, version: 3, errors: ['status', 'progress', 'evidenceUrl'],
    });
    expect(submit({ progress: '4.5' })).toMatchObject({ ok: false, errors: ['progress'] });
    expect(submit({ evidenceLabel: 'a label without a link' })).toMatchObject({ ok: false, errors: ['evidenceUrl'] });
    expect(submit({ note: 'x'.repeat(2001) })).toMatchObject({ ok: false, errors: ['note'] });
  });

  it('without a usable version the form is not one of ours', () => {
    expect(submit({ version: 'abc' })).toMatchObject({ ok: false });
    expect((submit({ version: 'abc' }) as { version?: number }).version).toBeUndefined();
  });

  it("reads the due date only for those who may change every field, and it is not a focal point's field", () => {
    const asFocal = readForm({ ...valuesOf(current, false), dueDate: '2027-01-31' }, false);
    expect(asFocal.dueDate).toBeUndefined();
    const asCoordinator = submit({ dueDate: '2027-01-31' }, true);
    expect(asCoordinator).toMatchObject({ ok: true, patch: { dueDate: '2027-01-31' } });
    expect(fieldsBeyondReport((asCoordinator as { patch: Partial<StoredMilestone> }).patch)).toEqual(['dueDate']);
    expect(submit({ dueDate: '2027-02-30' }, true)).toMatchObject({ ok: false, errors: ['dueDate'] });
  });
});

describe('the form shown again after a version conflict', () => {
  // Someone else saved version 4 (status and note) after this person opened version 3.
  const now: StoredMilestone = { ...current, status: 'blocked', note: 'Trainer unavailable until March.', version: 4 };
  const history = [
    { version: 4, changes: [{ field: 'status', before: 'in_progress' }, { field: 'note', before: 'Two sessions held.' }] },
    { version: 3, changes: [{ field: 'progress', before: 20 }] },
  ];

  it("keeps what this person changed and shows the other person's version of the rest", () => {
    const mine = readForm({ ...valuesOf(current, false), progress: '70' }, false);
    const { values, both } = afterConflict(now, history, 3, mine);
    expect(values).toMatchObject({ status: 'blocked', progress: '70', note: 'Trainer unavailable until March.', version: '4' });
    expect(both).toEqual([]);
  });

  it('names the fields both people changed, keeping this person’s entry there', () => {
    const mine = readForm({ ...valuesOf(current, false), note: 'Third session held.' }, false);
    const { values, both } = afterConflict(now, history, 3, mine);
    expect(values).toMatchObject({ status: 'blocked', note: 'Third session held.' });
    expect(both).toEqual(['note']);
  });

  it('keeps every entry when the history since that version is incomplete', () => {
    const mine = readForm({ ...valuesOf(current, false), progress: '70' }, false);
    const { values } = afterConflict({ ...now, version: 6 }, history, 3, mine);
    expect(values).toMatchObject({ status: 'in_progress', progress: '70', note: 'Two sessions held.', version: '6' });
  });
});
