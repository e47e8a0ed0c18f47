/** Messages of what stays internal (badges, form checkboxes), in en, es, fr and pt (merged into the web catalog). */
import type { Catalog } from './index.ts';

export const en = () => ({
  'internal.badge': 'Internal',
  'internal.badgeTitle': 'Seen only by the secretariat, the co-coordinators and the administrations involved: never by donors, in IATI files or donor exports.',
  'internal.legend': 'What stays internal',
  'internal.hint': 'Internal items are seen only by the secretariat, the strategy’s co-coordinators and the administrations involved. Donors never see them, and they are left out of IATI files, donor exports, and the digests and calendar feeds of other administrations.',
  'internal.milestone': 'This milestone is internal (for example a targeted control operation’s dates and targets)',
  'internal.note': 'The note is internal',
  'internal.evidence': 'The new evidence link is internal',
  'internal.contribution': 'This contribution is internal',
} satisfies Catalog);

type Keys = keyof ReturnType<typeof en>;

export const es = (): Record<Keys, string> => ({
  'internal.badge': 'Interno',
  'internal.badgeTitle': 'Solo lo ven la secretaría, los co-coordinadores y las administraciones involucradas: nunca los donantes, ni los archivos IATI ni las exportaciones para donantes.',
  'internal.legend': 'Lo que queda interno',
  'internal.hint': 'Los elementos internos solo los ven la secretaría, los co-coordinadores de la estrategia y las administraciones involucradas. Los donantes nunca los ven, y quedan fuera de los archivos IATI, de las exportaciones para donantes y de los resúmenes y calendarios de otras administraciones.',
  'internal.milestone': 'Este hito es interno (por ejemplo, las fechas y los objetivos de una operación de control focalizada)',
  'internal.note': 'La nota es interna',
  'internal.evidence': 'El nuevo enlace de evidencia es interno',
  'internal.contribution': 'Esta contribución es interna',
});

export const fr = (): Record<Keys, string> => ({
  'internal.badge': 'Interne',
  'internal.badgeTitle': 'Vu seulement par le secrétariat, les co-coordinateurs et les administrations concernées : jamais par les donateurs, ni dans les fichiers IATI ni dans les exports pour les donateurs.',
  'internal.legend': 'Ce qui reste interne',
  'internal.hint': 'Les éléments internes ne sont vus que par le secrétariat, les co-coordinateurs de la stratégie et les administrations concernées. Les donateurs ne les voient jamais, et ils sont exclus des fichiers IATI, des exports pour les donateurs, ainsi que des synthèses et calendriers des autres administrations.',
  'internal.milestone': 'Ce jalon est interne (par exemple les dates et les cibles d’une opération de contrôle ciblée)',
  'internal.note': 'La note est interne',
  'internal.evidence': 'Le nouveau lien de justificatif est interne',
  'internal.contribution': 'Cette contribution est interne',
});

export const pt = (): Record<Keys, string> => ({
  'internal.badge': 'Interno',
  'internal.badgeTitle': 'Visto apenas pelo secretariado, pelos co-coordenadores e pelas administrações envolvidas: nunca pelos doadores, nem nos arquivos IATI nem nas exportações para doadores.',
  'internal.legend': 'O que fica interno',
  'internal.hint': 'Os itens internos são vistos apenas pelo secretariado, pelos co-coordenadores da estratégia e pelas administrações envolvidas. Os doadores nunca os veem, e eles ficam fora dos arquivos IATI, das exportações para doadores e dos resumos e calendários de outras administrações.',
  'internal.milestone': 'Este marco é interno (por exemplo, as datas e os alvos de uma operação de controle direcionada)',
  'internal.note': 'A nota é interna',
  'internal.evidence': 'O novo link de evidência é interno',
  'internal.contribution': 'Esta contribuição é interna',
});
