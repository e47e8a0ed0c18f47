import { describe, expect, it } from 'vitest';
import { allTexts, applyTextEdit, localize, outdatedLanguages, plainTarget, resolveText, translationChanges, type FieldTranslations } from '../../shared/domain/translations.ts';

const title: FieldTranslations = {
  lang: 'en',
  texts: { es: { text: 'Perfiles de riesgo compartidos' }, pt: { text: 'Perfis de risco partilhados', outdated: true } },
};
const original = 'Risk profiles shared';

describe('which text a reader gets', () => {
  it('gives each of the four languages its own text, or the original marked as a fallback', () => {
    expect(resolveText(original, title, ['en'])).toEqual({ text: original, lang: 'en', fallback: false });
    expect(resolveText(original, title, ['es'])).toEqual({ text: 'Perfiles de riesgo compartidos', lang: 'es', fallback: false });
    expect(resolveText(original, title, ['pt'])).toEqual({ text: 'Perfis de risco partilhados', lang: 'pt', fallback: false, outdated: true });
    expect(resolveText(original, title, ['fr'])).toEqual({ text: original, lang: 'en', fallback: true });
  });

  it('tries the reader\'s languages in order before falling back', () => {
    expect(resolveText(original, title, ['fr', 'es', 'en']).lang).toBe('es');
    expect(resolveText(original, title, ['fr', 'en', 'es']).lang).toBe('en');
    expect(resolveText(original, title, []).fallback).toBe(true);
  });

  it('reads an item written before languages were recorded as the assumed original language', () => {
    expect(resolveText('Título', undefined, ['es'], 'es')).toEqual({ text: 'Título', lang: 'es', fallback: false });
    expect(resolveText('Title', undefined, ['es'])).toEqual({ text: 'Title', lang: 'en', fallback: true });
  });

  it('lists every language held, the original first', () => {
    expect(allTexts(original, title).map((t) => [t.lang, t.original, t.outdated])).toEqual([
      ['en', true, false], ['es', false, false], ['pt', false, true],
    ]);
  });
});

describe('what an edit does', () => {
  it('a plain string in the original\'s language replaces the original and marks the translations outdated', () => {
    const e = applyTextEdit({ original, field: title }, 'Risk profiles shared with the region', 'en');
    expect(e.original).toBe('Risk profiles shared with the region');
    expect(e.field?.texts.es).toEqual({ text: 'Perfiles de riesgo compartidos', outdated: true });
    expect(outdatedLanguages(e.field)).toEqual(['es', 'pt']);
    expect(e.changed).toBe(true);
  });

  it('a plain string in a language the field holds a translation in sets that translation and leaves the original alone', () => {
    const e = applyTextEdit({ original, field: title }, 'Perfiles de riesgo regionales', 'es');
    expect(e.original).toBe(original);
    expect(e.field?.texts.es).toEqual({ text: 'Perfiles de riesgo regionales' });
    expect(e.field?.texts.pt).toEqual(title.texts.pt);
  });

  it('a plain string in a language with no translation edits the original its writer reads (as a fallback)', () => {
    const e = applyTextEdit({ original, field: title }, 'Risk profiles shared (signed)', 'fr');
    expect(e.original).toBe('Risk profiles shared (signed)');
    expect(e.field?.texts.fr).toBeUndefined();
    expect(outdatedLanguages(e.field)).toEqual(['es', 'pt']);
    expect(plainTarget(title, 'fr')).toBe('en');
    expect(plainTarget(title, 'es')).toBe('es');
    expect(plainTarget(undefined, 'es', 'en')).toBe('en');
  });

  it('a reader is told, field by field, which language each text is in and whether it falls back', () => {
    const item = { title: original, note: '', translations: { title } };
    expect(localize(item, ['title', 'note'], ['fr'])).toEqual({
      texts: { title: original, note: '' },
      languages: { title: { lang: 'en', fallback: true, original: 'en' }, note: { lang: 'en', fallback: false, original: 'en' } },
    });
    const pt = localize(item, ['title'], ['pt'], true);
    expect(pt.texts.title).toBe('Perfis de risco partilhados');
    expect(pt.languages.title).toEqual({ lang: 'pt', fallback: false, original: 'en', outdated: true });
    expect(pt.all?.title?.map((t) => t.lang)).toEqual(['en', 'es', 'pt']);
  });

  it('sending an outdated translation again confirms it; an unchanged one is no change', () => {
    const confirmed = applyTextEdit({ original, field: title }, { pt: 'Perfis de risco partilhados' }, 'en');
    expect(confirmed.field?.texts.pt).toEqual({ text: 'Perfis de risco partilhados' });
    expect(confirmed.changed).toBe(true);
    expect(applyTextEdit({ original, field: title }, { es: 'Perfiles de riesgo compartidos' }, 'en').changed).toBe(false);
    expect(applyTextEdit({ original, field: title }, original, 'en').changed).toBe(false);
  });

  it('a map that changes the original and a translation together leaves that translation current', () => {
    const e = applyTextEdit({ original, field: title }, { en: 'New title', es: 'Título nuevo' }, 'en');
    expect(e.field?.texts.es).toEqual({ text: 'Título nuevo' });
    expect(e.field?.texts.pt?.outdated).toBe(true);
  });

  it('an empty string removes a translation but never the original', () => {
    const e = applyTextEdit({ original, field: title }, { es: '' }, 'en');
    expect(e.field?.texts.es).toBeUndefined();
    expect(e.original).toBe(original);
    const cleared = applyTextEdit({ original, field: { lang: 'en', texts: { es: { text: 'x' } } } }, { es: '' }, 'en');
    expect(cleared.field).toBeUndefined();
  });

  it('a new item takes the writer\'s language as the original\'s', () => {
    const e = applyTextEdit(undefined, 'Perfiles de riesgo', 'es');
    expect(e).toEqual({ original: 'Perfiles de riesgo', field: { lang: 'es', texts: {} }, changed: true });
    const m = applyTextEdit(undefined, { pt: 'Perfis', es: 'Perfiles' }, 'es');
    expect(m.field?.lang).toBe('es');
    expect(m.field?.texts).toEqual({ pt: { text: 'Perfis' } });
    expect(applyTextEdit(undefined, { pt: 'Perfis', fr: 'Profils' }, 'en').field?.lang).toBe('fr');
  });

  it('a plain-string client in the original\'s language round-trips without translations appearing', () => {
    const e = applyTextEdit({ original: 'Old', field: undefined }, 'New', 'en');
    expect(e).toEqual({ original: 'New', field: undefined, changed: true });
  });

  it('what is written into an empty original (no note yet, or one emptied) is a new original in its writer\'s language', () => {
    // A first note from a Spanish writer, as a plain string or as the map a form sends.
    expect(applyTextEdit({ original: '', field: undefined }, 'Doce funcionarios', 'es')).toEqual({ original: 'Doce funcionarios', field: { lang: 'es', texts: {} }, changed: true });
    expect(applyTextEdit({ original: '', field: undefined }, { es: 'Doce funcionarios' }, 'es').field).toEqual({ lang: 'es', texts: {} });
    // An emptied note's translations (outdated) stay to review; the writer's own becomes the original.
    const emptied: FieldTranslations = { lang: 'en', texts: { es: { text: 'Uno', outdated: true }, fr: { text: 'Un', outdated: true } } };
    const e = applyTextEdit({ original: '', field: emptied }, 'Dos', 'es');
    expect(e).toEqual({ original: 'Dos', field: { lang: 'es', texts: { fr: { text: 'Un', outdated: true } } }, changed: true });
    // Given in several languages, the writer's is the original (as for a new item), else the empty one's; nothing written keeps the language.
    expect(applyTextEdit({ original: '', field: emptied }, { en: 'Two', es: 'Dos' }, 'es')).toMatchObject({ original: 'Dos', field: { lang: 'es', texts: { en: { text: 'Two' } } } });
    expect(applyTextEdit({ original: '', field: emptied }, { en: 'Two', pt: 'Dois' }, 'es')).toMatchObject({ original: 'Two', field: { lang: 'en', texts: { pt: { text: 'Dois' } } } });
    expect(applyTextEdit({ original: '', field: emptied }, '', 'es')).toMatchObject({ original: '', field: { lang: 'en' } });
  });
});

describe('what it costs', () => {
  it('an item with a 2,000-character note in four languages stays far under DynamoDB\'s 400 KB', () => {
    const note = 'ã€'.repeat(1000); // the costliest two-character mix in UTF-8 (2 + 3 bytes)
    const item = {
      pk: 'PLAN#ams-rm-current', sk: 'MILESTONE#ams-rm-current.m05', title: 'x'.repeat(300), note,
      translations: {
        note: { lang: 'en', texts: { es: { text: note }, fr: { text: note }, pt: { text: note } } },
        title: { lang: 'en', texts: { es: { text: 'x'.repeat(300) }, fr: { text: 'x'.repeat(300) }, pt: { text: 'x'.repeat(300) } } },
      },
    };
    const bytes = Buffer.byteLength(JSON.stringify(item), 'utf8');
    expect(bytes).toBeGreaterThan(20_000);
    expect(bytes).toBeLessThan(40_000); // a tenth of the item limit
  });
});

describe('translationChanges', () => {
  const before = { note: { lang: 'en' as const, texts: { es: { text: 'Uno' }, fr: { text: 'Un' } } }, title: { lang: 'en' as const, texts: { pt: { text: 'Título' } } } };
  it('lists each language added, changed or removed, field by field', () => {
    const after = { note: { lang: 'en' as const, texts: { es: { text: 'Dos' }, pt: { text: 'Dois' } } }, title: before.title };
    expect(translationChanges(before, after)).toEqual([
      { field: 'note', lang: 'es', before: 'Uno', after: 'Dos' },
      { field: 'note', lang: 'fr', before: 'Un' },
      { field: 'note', lang: 'pt', after: 'Dois' },
    ]);
  });
  it('says when only the outdated mark was set or cleared, and nothing when nothing changed', () => {
    const marked = { ...before, title: { lang: 'en' as const, texts: { pt: { text: 'Título', outdated: true as const } } } };
    expect(translationChanges(before, marked)).toEqual([{ field: 'title', lang: 'pt', before: 'Título', after: 'Título', outdated: true }]);
    expect(translationChanges(marked, before)).toEqual([{ field: 'title', lang: 'pt', before: 'Título', after: 'Título', outdated: false }]);
    expect(translationChanges(before, before)).toEqual([]);
    expect(translationChanges(undefined, before.title ? { title: before.title } : {})).toEqual([{ field: 'title', lang: 'pt', after: 'Título' }]);
  });
});
