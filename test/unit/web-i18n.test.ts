/** The web catalogs: four languages with the same keys and placeholders, and every key the pages use. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEALTHS, MILESTONE_STATUSES, PLAN_STATUSES, ROLES, STAGES, STRATEGY_STATUSES, CONTRIBUTION_KINDS } from '../../shared/domain/resources.ts';
import { checkCatalogs, translator } from '../../shared/i18n/index.ts';
import { web } from '../../shared/i18n/web.ts';

const WEB_DIR = join(import.meta.dirname, '..', '..', 'shared', 'web');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );
}

describe('web catalogs', () => {
  it('have the same keys and placeholders in en, es, fr and pt', () => {
    expect(checkCatalogs(web)).toEqual([]);
  });

  it('hold every message key the pages name literally', () => {
    const namespaces = new Set(Object.keys(web.en).map((k) => k.split('.')[0]));
    const used = new Set<string>();
    for (const text of sources(WEB_DIR)) {
      for (const m of text.matchAll(/'([a-zA-Z]+\.[A-Za-z0-9_.]+)'/g)) {
        if (namespaces.has(m[1]!.split('.')[0])) used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in web.en))).toEqual([]);
  });

  it('hold the keys the pages build from domain values', () => {
    const families = [
      ...HEALTHS.map((h) => `health.${h}`),
      ...MILESTONE_STATUSES.map((s) => `status.${s}`),
      ...STAGES.map((s) => `stage.${s}`),
      ...CONTRIBUTION_KINDS.map((k) => `kind.${k}`),
      ...PLAN_STATUSES.map((s) => `planStatus.${s}`),
      ...STRATEGY_STATUSES.map((s) => `strategyStatus.${s}`),
      ...ROLES.flatMap((r) => [`role.${r}`, `role.${r}.plural`]),
      ...['late', 'soon', 'later'].map((u) => `urgency.${u}`),
      ...['status', 'progress', 'note', 'evidenceUrl', 'evidenceLabel', 'dueDate'].map((f) => `form.error.${f}`),
      ...[400, 401, 403, 404, 500].flatMap((s) => [`error.${s}.title`, `error.${s}.body`]),
      ...['created', 'updated', 'deleted'].map((a) => `history.${a}`),
    ];
    expect(families.filter((k) => !(k in web.en))).toEqual([]);
  });

  it('translate the page chrome in each language', () => {
    const signOut = (['en', 'es', 'fr', 'pt'] as const).map((l) => translator(web, l)('nav.signOut'));
    expect(signOut).toEqual(['Sign out', 'Cerrar sesión', 'Se déconnecter', 'Sair']);
    expect(translator(web, 'es')('ms.updateNamed', { title: 'X' })).toBe('Actualizar: X');
  });

  it('keep the visible label inside each Update link’s accessible name (WCAG 2.5.3)', () => {
    for (const l of ['en', 'es', 'fr', 'pt'] as const) {
      const t = translator(web, l);
      expect(t('ms.updateNamed', { title: 'X' })).toContain(t('ms.update'));
    }
  });
});
