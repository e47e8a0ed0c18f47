/** The rule of what stays internal (domain/internal.ts), without I/O. */
import { describe, expect, it } from 'vitest';
import { PUBLICATION, contributionFor, historyFor, internalChanges, milestoneFor, readerView, seesAllInternalMilestones } from '../../shared/domain/internal.ts';
import type { Principal } from '../../shared/domain/policy.ts';

const plan = { coordinatorIds: ['PE', 'AR'], participantIds: ['BR', 'GT', 'PE'] };
const operation = { id: 'm04', ownerAdministrationId: 'BR', internal: true, note: 'Dates', evidence: [] };
const training = {
  id: 'm03', ownerAdministrationId: 'GT', noteInternal: true, note: 'Targets', evidence: [{ url: 'https://example.org/a' }, { url: 'https://example.org/b', internal: true }],
};
const who = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({ userId: role, role, ...extra });

describe('who sees an internal item', () => {
  it('the secretariat, the co-coordinating administrations and the owner; not a donor, another administration or a publication', () => {
    for (const reader of [who('admin'), who('coordinator', { administrationId: 'AR' }), who('director_general', { administrationId: 'PE' }), who('focal_point', { administrationId: 'BR' })]) {
      expect(milestoneFor(reader, plan, operation)).toBe(operation);
    }
    for (const reader of [who('donor', { donorId: 'jica' }), who('focal_point', { administrationId: 'GT' }), who('director_general', { administrationId: 'JM' }), PUBLICATION] as const) {
      expect(milestoneFor(reader, plan, operation)).toBeUndefined();
    }
  });

  it('trims an internal note and link for others, and says nothing of them', () => {
    const seen = milestoneFor(who('donor', { donorId: 'jica' }), plan, training)!;
    expect(seen.note).toBe('');
    expect(seen).not.toHaveProperty('noteInternal');
    expect(seen.evidence).toEqual([{ url: 'https://example.org/a' }]);
  });

  it("trims an internal note's translations with it, keeping the title's", () => {
    const translated = {
      ...training,
      translations: { note: { lang: 'en', texts: { es: { text: 'Metas' } } }, title: { lang: 'en', texts: { es: { text: 'Capacitación' } } } },
    };
    const seen = milestoneFor(who('focal_point', { administrationId: 'BR' }), plan, translated)!;
    expect(seen.note).toBe('');
    expect(seen.translations).toEqual({ title: { lang: 'en', texts: { es: { text: 'Capacitación' } } } });
    expect(JSON.stringify(seen)).not.toContain('Metas');
    // The owner still reads it all.
    expect(milestoneFor(who('focal_point', { administrationId: 'GT' }), plan, translated)).toBe(translated);
  });

  it('shows an internal contribution to the plan\'s participants, never to a donor', () => {
    const c = { id: 'c05', internal: true };
    expect(contributionFor(who('focal_point', { administrationId: 'GT' }), plan, c)).toBe(c);
    expect(contributionFor(who('focal_point', { administrationId: 'JM' }), plan, c)).toBeUndefined();
    expect(contributionFor(who('donor', { donorId: 'ar-south-south' }), plan, c)).toBeUndefined();
    const view = readerView(who('donor', { donorId: 'jica' }), plan, { milestones: [operation, training], contributions: [c, { id: 'c01', internal: false }] });
    expect(view.milestones.map((m) => m.id)).toEqual(['m03']);
    expect(view.contributions).toEqual([{ id: 'c01', internal: false }]);
    expect(view.hidden).toBe(3);
  });
});

describe('what a change asks of internal:mark', () => {
  it('names the flags set or cleared, and carries a resent link\'s flag', () => {
    expect(internalChanges(training, { noteInternal: true }).changed).toEqual([]);
    expect(internalChanges(training, { noteInternal: false, internal: true }).changed).toEqual(['internal', 'noteInternal']);
    const resent = internalChanges(training, { evidence: [{ url: 'https://example.org/b' }, { url: 'https://example.org/c' }] });
    expect(resent.changed).toEqual([]);
    expect(resent.carried).toEqual([{ url: 'https://example.org/b', internal: true }, { url: 'https://example.org/c' }]);
    expect(internalChanges(training, { evidence: [{ url: 'https://example.org/b', internal: false }] }).changed).toEqual(['evidence.0.internal']);
  });
});

describe('a milestone\'s history', () => {
  const events = [
    { changes: [{ field: 'note', before: '', after: 'Targets' }, { field: 'noteInternal', before: undefined, after: true }] },
    { changes: [{ field: 'evidence', before: [], after: training.evidence }] },
  ];
  it('is whole for those involved, trimmed for others, and not found when the milestone is internal', () => {
    expect(historyFor(who('admin'), plan, training, events)).toEqual(events);
    const trimmed = historyFor(who('donor', { donorId: 'jica' }), plan, training, events)!;
    expect(JSON.stringify(trimmed)).not.toContain('Targets');
    expect(JSON.stringify(trimmed)).not.toContain('example.org/b');
    expect(JSON.stringify(trimmed)).toContain('example.org/a');
    expect(historyFor(who('donor', { donorId: 'jica' }), plan, operation, events)).toBeUndefined();
    const deleted = [{ changes: [{ field: 'ownerAdministrationId', before: 'BR', after: undefined }, { field: 'internal', before: true, after: undefined }] }];
    expect(historyFor(who('focal_point', { administrationId: 'GT' }), plan, undefined, deleted)).toBeUndefined();
    expect(historyFor(who('focal_point', { administrationId: 'BR' }), plan, undefined, deleted)).toEqual(deleted);
  });
});

describe('a history after an item was made public', () => {
  // The note was internal when it said "Operation at the port on 3 March", then replaced and made public;
  // the milestone itself was internal while it was planned, then made public once done.
  const publicNow = { id: 'm04', ownerAdministrationId: 'BR', note: 'Operation done', evidence: [] };
  const events = [
    { version: 1, sealed: ['milestone' as const], changes: [{ field: 'title', before: undefined, after: 'Operation Sunrise at Callao' }, { field: 'internal', before: undefined, after: true }] },
    { version: 2, sealed: ['milestone' as const], changes: [{ field: 'internal', before: true, after: false }] },
    { version: 3, sealed: ['note' as const], changes: [{ field: 'note', before: '', after: 'Operation at the port on 3 March' }, { field: 'noteInternal', before: undefined, after: true }] },
    { version: 4, sealed: ['note' as const], changes: [{ field: 'note', before: 'Operation at the port on 3 March', after: 'Operation done' }, { field: 'noteInternal', before: true, after: false }] },
    { version: 5, changes: [{ field: 'progress', before: 50, after: 100 }, { field: 'note', before: 'Operation done', after: 'Operation done; report filed' }] },
  ];
  it('keeps what was written while it was internal from those it does not involve, and tells them the rest', () => {
    const gt = historyFor(who('focal_point', { administrationId: 'GT' }), plan, publicNow, events)!;
    const text = JSON.stringify(gt);
    expect(text).not.toContain('Sunrise');
    expect(text).not.toContain('3 March');
    expect(text).not.toContain('sealed');
    expect(gt.map((e) => e.version)).toEqual([3, 4, 5]);
    expect(gt.at(-1)!.changes).toEqual(events[4]!.changes);
    // Those involved read it whole, marks included.
    expect(historyFor(who('focal_point', { administrationId: 'BR' }), plan, publicNow, events)).toEqual(events);
  });
});

describe('who sees every internal milestone of a plan, whoever owns it', () => {
  it('the secretariat and anyone of a co-coordinating administration; not a participant, who sees only its own', () => {
    for (const reader of [who('admin'), who('coordinator', { administrationId: 'AR' }), who('director_general', { administrationId: 'PE' }), who('focal_point', { administrationId: 'PE' })]) {
      expect(seesAllInternalMilestones(reader, plan), reader.role).toBe(true);
    }
    for (const reader of [who('focal_point', { administrationId: 'BR' }), who('coordinator', { administrationId: 'MX' }), who('donor', { donorId: 'jica' }), PUBLICATION]) {
      expect(seesAllInternalMilestones(reader, plan)).toBe(false);
    }
    // BR, a participant, sees its own internal milestone but not GT's.
    expect(milestoneFor(who('focal_point', { administrationId: 'BR' }), plan, operation)).toBeDefined();
    expect(milestoneFor(who('focal_point', { administrationId: 'BR' }), plan, { ...operation, ownerAdministrationId: 'GT' })).toBeUndefined();
  });
});
