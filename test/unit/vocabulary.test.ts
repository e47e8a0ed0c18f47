/** One vocabulary per language: a status, stage, kind, health, role or frequency reads the same on a page and in mail. */
import { describe, expect, it } from 'vitest';
import { CONTRIBUTION_KINDS, DIGEST_FREQUENCIES, HEALTHS, LANGUAGES, MILESTONE_STATUSES, ROLES, STAGES } from '../../shared/domain/constants.ts';
import { translator } from '../../shared/i18n/index.ts';
import { mail } from '../../shared/i18n/mail.ts';
import { web } from '../../shared/i18n/web.ts';

const KEYS = [
  ...MILESTONE_STATUSES.map((s) => `status.${s}`),
  ...STAGES.map((s) => `stage.${s}`),
  ...CONTRIBUTION_KINDS.map((k) => `kind.${k}`),
  ...HEALTHS.map((h) => `health.${h}`),
  ...ROLES.map((r) => `role.${r}`),
  ...DIGEST_FREQUENCIES.map((f) => `frequency.${f}`),
];

describe('the vocabulary', () => {
  for (const language of LANGUAGES) {
    it(`is the same on the web and in mail in ${language}`, () => {
      const page = translator(web, language);
      const letter = translator(mail, language);
      for (const key of KEYS) expect(`${key}: ${letter(key)}`).toBe(`${key}: ${page(key)}`);
    });
  }

  it('uses the chosen Spanish words (domain.md): En curso, Terminado, punto focal, Director/a General', () => {
    const t = translator(web, 'es');
    expect([t('status.in_progress'), t('status.done'), t('role.focal_point'), t('role.director_general')]).toEqual(['En curso', 'Terminado', 'punto focal', 'Director/a General']);
  });
});
