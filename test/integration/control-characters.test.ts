/**
 * Control characters (issue 10, item 11): refused in one-line text (titles, names), refused in
 * multi-line text except line feed and tab, a browser's CR LF kept as LF; and never printed raw to
 * the operator's terminal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../local/terminal.ts';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp(new Date('2026-12-01T12:00:00Z'));
});

describe('control characters', () => {
  it('are refused in a title, a name and a note, naming the field, and nothing is written', async () => {
    for (const [field, value] of [['title', 'Audit\u001b[2J'], ['title', 'Two\r\nlines'], ['note', 'bell\u0007'], ['note', 'nul\u0000']] as const) {
      const res = await t.as('coord-pe').post('/api/v1/plans/ams-rm-current/milestones', { title: 'Fine', ownerAdministrationId: 'GT', dueDate: '2027-03-01', [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ field, message: 'must not contain control characters' });
    }
    const person = await t.as('admin').post('/api/v1/people', { id: 'p-ctl', name: 'Eve\r\nBcc: x@example.net', email: 'eve@example.org', role: 'donor', donorId: 'jica' });
    expect(person.status).toBe(400);
    expect(person.body.errors).toContainEqual({ field: 'name', message: 'must not contain control characters' });
    expect((await t.as('admin').get('/api/v1/people/p-ctl')).status).toBe(404);
  });

  it('keep line breaks and tabs in a note, with CR LF made LF', async () => {
    const res = await t.as('coord-pe').post('/api/v1/plans/ams-rm-current/milestones', { title: 'Multi-line note', ownerAdministrationId: 'GT', dueDate: '2027-03-01', note: 'First line\r\nSecond\tline' });
    expect(res.status).toBe(201);
    expect(res.body.note).toBe('First line\nSecond\tline');
  });

  it('are shown, not obeyed, on the operator\'s terminal', () => {
    expect(printable('Audit\u001b[2J done\r\n')).toBe('Audit\\x1b[2J done\\x0d\\x0a');
  });
});
