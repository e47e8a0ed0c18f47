/** Messages about content in several languages (issue 14): fallbacks, outdated translations, the translations form. In en, es, fr and pt (merged into the web catalog). */
import type { Catalog } from './index.ts';

export const en = () => ({
  'content.changeIn': '{field} in {language}',
  'content.markedOutdated': 'marked to review (the original changed)',
  'content.confirmedCorrect': 'confirmed as still correct',
  'content.untranslated': 'not yet translated: in {language}',
  'content.outdated': 'translation to review: the original changed',
  'content.translations': 'Translations',
  'content.translationsHint': 'The original is in {language}. Leave a translation empty to remove it. A translation marked “to review” was made before the original last changed: correct it, or tick “still correct”.',
  'content.titleIn': 'Title in {language}',
  'content.descriptionIn': 'Description in {language}',
  'content.noteIn': 'Note in {language}',
  'content.confirm': 'Still correct ({language})',
} satisfies Catalog);

type Keys = keyof ReturnType<typeof en>;

export const es = (): Record<Keys, string> => ({
  'content.changeIn': '{field} en {language}',
  'content.markedOutdated': 'marcada por revisar (el original cambió)',
  'content.confirmedCorrect': 'confirmada como aún correcta',
  'content.untranslated': 'aún sin traducir: en {language}',
  'content.outdated': 'traducción por revisar: el original cambió',
  'content.translations': 'Traducciones',
  'content.translationsHint': 'El original está en {language}. Deje vacía una traducción para quitarla. Una traducción marcada «por revisar» se hizo antes del último cambio del original: corríjala o marque «sigue siendo correcta».',
  'content.titleIn': 'Título en {language}',
  'content.descriptionIn': 'Descripción en {language}',
  'content.noteIn': 'Nota en {language}',
  'content.confirm': 'Sigue siendo correcta ({language})',
});

export const fr = (): Record<Keys, string> => ({
  'content.changeIn': '{field} en {language}',
  'content.markedOutdated': 'marquée à revoir (l’original a changé)',
  'content.confirmedCorrect': 'confirmée comme toujours correcte',
  'content.untranslated': 'pas encore traduit : en {language}',
  'content.outdated': 'traduction à revoir : l’original a changé',
  'content.translations': 'Traductions',
  'content.translationsHint': 'L’original est en {language}. Laissez une traduction vide pour la supprimer. Une traduction marquée « à revoir » date d’avant la dernière modification de l’original : corrigez-la ou cochez « toujours correcte ».',
  'content.titleIn': 'Titre en {language}',
  'content.descriptionIn': 'Description en {language}',
  'content.noteIn': 'Note en {language}',
  'content.confirm': 'Toujours correcte ({language})',
});

export const pt = (): Record<Keys, string> => ({
  'content.changeIn': '{field} em {language}',
  'content.markedOutdated': 'marcada para revisar (o original mudou)',
  'content.confirmedCorrect': 'confirmada como ainda correta',
  'content.untranslated': 'ainda sem tradução: em {language}',
  'content.outdated': 'tradução a revisar: o original mudou',
  'content.translations': 'Traduções',
  'content.translationsHint': 'O original está em {language}. Deixe uma tradução vazia para removê-la. Uma tradução marcada “a revisar” foi feita antes da última alteração do original: corrija-a ou marque “continua correta”.',
  'content.titleIn': 'Título em {language}',
  'content.descriptionIn': 'Descrição em {language}',
  'content.noteIn': 'Nota em {language}',
  'content.confirm': 'Continua correta ({language})',
});
