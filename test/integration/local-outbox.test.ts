/**
 * The local outbox: the Mailer that writes `.eml` files and an index, and the /outbox pages that
 * only the local stack mounts (the deployed app has no such route).
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboxRoutes } from '../../local/outbox.ts';
import { outboxMailer, readOutbox } from '../../shared/mail/outbox.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { appOver, jobsWorld, RUN_AT } from './jobs-world.ts';

describe('the local outbox', () => {
  it('keeps each mail as an .eml file plus a line in index.jsonl, and lists and shows them at /outbox', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    const w = await jobsWorld();
    const result = await runReminders(w.deps(RUN_AT, { mailer: outboxMailer(dir, () => RUN_AT) }));

    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(result.sent);
    expect(files).toContain('index.jsonl');
    const index = await readOutbox(dir);
    expect(index).toHaveLength(result.sent);
    const br = index.find((e) => e.to.includes('focal-br@example.org'))!;
    expect(br).toMatchObject({ kind: 'reminder', language: 'pt', ledgerIds: [expect.stringMatching(/^reminder:before#focal-br#/)] });
    const eml = await readFile(join(dir, `${br.id}.eml`), 'utf8');
    expect(eml).toMatch(/^From: tracker@example.org\r\n/);
    expect(eml).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const routes = outboxRoutes(dir);
    const list = await routes.request('/outbox');
    expect(list.status).toBe(200);
    const listing = await list.text();
    for (const e of index) expect(listing).toContain(e.id);
    const one = await routes.request(`/outbox/${br.id}`);
    const shown = await one.text();
    // The reminder names the milestone in Fernanda's language: the demo's Portuguese translation.
    expect(shown).toContain('Lembrete: Operação conjunta de controle direcionado');
    expect(shown).toContain('Prezado(a) Fernanda Costa,');
    expect(shown).toContain('<iframe sandbox=');
    const html = await routes.request(`/outbox/${br.id}/html`);
    expect(html.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<html lang="pt"');
    expect((await routes.request('/outbox/../../etc/passwd')).status).toBe(404);
    expect((await routes.request('/outbox/20990101T000000000Z-00000000')).status).toBe(404);

    // Only the local stack serves the outbox: the app itself (as deployed) does not.
    const { app } = appOver(w, () => RUN_AT);
    expect((await app.request('/outbox')).status).toBe(404);
  });
});
