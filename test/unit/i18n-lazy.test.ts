/** Catalogs are built per language on first use (a cold start builds none; a Spanish page builds Spanish only). */
import { describe, expect, it } from 'vitest';
import { lazyCatalogs, translator } from '../../shared/i18n/index.ts';

describe('lazy catalogs', () => {
  it('build a language the first time it is read, once, and no other', () => {
    const built: string[] = [];
    const make = (language: string) => () => (built.push(language), { 'app.name': `name-${language}` });
    const catalogs = lazyCatalogs({ en: make('en'), es: make('es'), fr: make('fr'), pt: make('pt') });
    expect(built).toEqual([]);
    const t = translator(catalogs, 'es');
    expect(built).toEqual([]); // a translator is made per request without building anything
    expect(t('app.name')).toBe('name-es');
    expect(t('app.name')).toBe('name-es');
    expect(built).toEqual(['es']);
    expect(Object.keys(catalogs)).toEqual(['en', 'es', 'fr', 'pt']);
  });
});
