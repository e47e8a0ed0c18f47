/**
 * The demo's texts in the region's other languages (issue 14): the Americas strategy and its current
 * plan, that plan's results and indicators, and the names of administrations and donors where they
 * differ by language. Administrations keep the name they go by at home as the original (Spanish,
 * Portuguese, French: the public names of the customs administrations), with an English one beside
 * it; donors' English names are the originals, with the Spanish, Portuguese and French names they
 * publish. Milestones' translations are in demo-data.ts.
 */
import type { Language } from '../shared/domain/constants.ts';
import type { FieldTranslations, Translations } from '../shared/domain/translations.ts';

type Texts = Partial<Record<Language, string>>;
/** A field whose original is in `lang`, with the other languages' texts. */
const field = (lang: Language, texts: Texts): FieldTranslations => ({
  lang,
  texts: Object.fromEntries(Object.entries(texts).filter(([l]) => l !== lang).map(([l, text]) => [l, { text }])),
});
/** English original, Spanish, Portuguese and French translations. */
const fromEnglish = (es: string, pt: string, fr: string) => field('en', { es, pt, fr });

/**
 * Administrations: the name in the administration's own language is the original (stored in
 * `name`), its English name a translation.
 */
export const ADMINISTRATION_NAMES: Record<string, { name: string; translations: Translations }> = {
  PE: { name: 'Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)', translations: { name: field('es', { en: 'Peru Customs (SUNAT)' }) } },
  AR: { name: 'Dirección General de Aduanas (DGA)', translations: { name: field('es', { en: 'Argentina Customs (DGA)' }) } },
  GT: { name: 'Superintendencia de Administración Tributaria (SAT)', translations: { name: field('es', { en: 'Guatemala Customs (SAT)' }) } },
  CR: { name: 'Servicio Nacional de Aduanas de Costa Rica', translations: { name: field('es', { en: 'Costa Rica National Customs Service' }) } },
  MX: { name: 'Agencia Nacional de Aduanas de México (ANAM)', translations: { name: field('es', { en: 'Mexico National Customs Agency (ANAM)' }) } },
  BR: { name: 'Receita Federal do Brasil – Aduana', translations: { name: field('pt', { en: 'Brazil Federal Revenue – Customs' }) } },
  HT: { name: 'Administration Générale des Douanes (AGD)', translations: { name: field('fr', { en: 'Haiti General Customs Administration (AGD)' }) } },
  DO: { name: 'Dirección General de Aduanas (DGA)', translations: { name: field('es', { en: 'Dominican Republic Customs (DGA)' }) } },
};

/** Donors: English originals (as the demo has them) and the names the donors publish in es, pt and fr. */
export const DONOR_NAMES: Record<string, Translations> = {
  jica: { name: fromEnglish('Agencia de Cooperación Internacional del Japón (JICA)', 'Agência de Cooperação Internacional do Japão (JICA)', 'Agence japonaise de coopération internationale (JICA)') },
  'ccf-japan': { name: fromEnglish('Fondo de Cooperación Aduanera del Japón (CCF-Japón)', 'Fundo de Cooperação Aduaneira do Japão (CCF-Japão)', 'Fonds de coopération douanière du Japon (CCF-Japon)') },
  'imf-captac-dr': {
    name: fromEnglish(
      'Centro Regional de Asistencia Técnica del FMI para Centroamérica, Panamá y la República Dominicana (CAPTAC-DR)',
      'Centro Regional de Assistência Técnica do FMI para a América Central, Panamá e República Dominicana (CAPTAC-DR)',
      'Centre régional d\'assistance technique du FMI pour l\'Amérique centrale, le Panama et la République dominicaine (CAPTAC-DR)',
    ),
  },
  idb: { name: fromEnglish('Banco Interamericano de Desarrollo (BID)', 'Banco Interamericano de Desenvolvimento (BID)', 'Banque interaméricaine de développement (BID)') },
  usaid: {
    name: fromEnglish(
      'Agencia de los Estados Unidos para el Desarrollo Internacional (USAID)',
      'Agência dos Estados Unidos para o Desenvolvimento Internacional (USAID)',
      'Agence des États-Unis pour le développement international (USAID)',
    ),
  },
  'ar-south-south': {
    name: fromEnglish(
      'Fondo Argentino de Cooperación Sur-Sur y Triangular (Cancillería)',
      'Fundo Argentino de Cooperação Sul-Sul e Triangular (Chancelaria)',
      'Fonds argentin de coopération Sud-Sud et triangulaire (ministère des Affaires étrangères)',
    ),
  },
};

/** The Americas strategy. */
export const STRATEGY_TEXTS: Record<string, Translations> = {
  'ams-rm': {
    title: fromEnglish(
      'Estrategia Regional de Gestión de Riesgos de las Américas y el Caribe',
      'Estratégia Regional de Gestão de Riscos das Américas e do Caribe',
      'Stratégie régionale de gestion des risques des Amériques et des Caraïbes',
    ),
    description: fromEnglish(
      'Aprobada en la Conferencia Regional de Directores Generales de Aduanas en el Perú (abril de 2014); coordinada por el Perú y la Argentina.',
      'Aprovada na Conferência Regional de Diretores-Gerais de Aduanas no Peru (abril de 2014); coordenada pelo Peru e pela Argentina.',
      'Approuvée à la Conférence régionale des Directeurs généraux des douanes au Pérou (avril 2014) ; coordonnée par le Pérou et l\'Argentine.',
    ),
  },
};
export const STRATEGY_DESCRIPTIONS: Record<string, string> = {
  'ams-rm': 'Approved at the Regional Conference of Directors General of Customs in Peru (April 2014); co-coordinated by Peru and Argentina.',
};

/** The current Americas plan. */
export const PLAN_DESCRIPTIONS: Record<string, string> = {
  'ams-rm-current': 'Regional targeting operations, risk profiles shared through the regional exchange, and the training and certification of risk-management officers.',
};
export const PLAN_TEXTS: Record<string, Translations> = {
  'ams-rm-current': {
    title: fromEnglish(
      'Plan de acción vigente: operaciones regionales de control dirigido y capacidades de gestión de riesgos',
      'Plano de ação vigente: operações regionais de controle direcionado e capacidades de gestão de riscos',
      'Plan d\'action en cours : opérations régionales de contrôle ciblé et capacités de gestion des risques',
    ),
    description: fromEnglish(
      'Operaciones regionales de control dirigido, perfiles de riesgo compartidos a través del intercambio regional y la capacitación y certificación de funcionarios en gestión de riesgos.',
      'Operações regionais de controle direcionado, perfis de risco compartilhados por meio do intercâmbio regional e a capacitação e certificação de servidores em gestão de riscos.',
      'Opérations régionales de contrôle ciblé, profils de risque partagés via l\'échange régional, et formation et certification des agents en gestion des risques.',
    ),
  },
};

/** The current plan's results and indicators (by the part of their id after the plan's). */
export const RESULT_TEXTS: Record<string, Translations> = {
  institutions: {
    title: fromEnglish(
      'Gestión de riesgos institucionalizada en las administraciones miembros',
      'Gestão de riscos institucionalizada nas administrações membros',
      'Gestion des risques institutionnalisée dans les administrations membres',
    ),
    description: fromEnglish(
      'Comités o unidades responsables de la gestión de riesgos, y selección para control basada en perfiles de riesgo.',
      'Comitês ou unidades responsáveis pela gestão de riscos, e seleção para controle baseada em perfis de risco.',
      'Comités ou unités chargés de la gestion des risques, et sélection pour contrôle fondée sur des profils de risque.',
    ),
  },
  capacity: {
    title: fromEnglish('Funcionarios capacitados y asesores certificados', 'Servidores capacitados e assessores certificados', 'Agents formés et conseillers certifiés'),
    description: fromEnglish(
      'Capacitación en el Compendio de Gestión de Riesgos de la OMA y certificación de Asesores Técnicos y Operativos (tras la precertificación de 2023 en Ciudad de Guatemala).',
      'Capacitação no Compêndio de Gestão de Riscos da OMA e certificação de Assessores Técnicos e Operacionais (após a pré-certificação de 2023 na Cidade da Guatemala).',
      'Formation au Recueil de la gestion des risques de l\'OMD et certification des conseillers techniques et opérationnels (après la pré-certification de 2023 à Guatemala).',
    ),
  },
  exchange: {
    title: fromEnglish(
      'Información de riesgo intercambiada en la región',
      'Informações de risco intercambiadas na região',
      'Informations sur les risques échangées dans la région',
    ),
  },
  'rm-unit': {
    title: fromEnglish(
      'Administraciones con un comité o unidad nacional de gestión de riesgos en funcionamiento',
      'Administrações com um comitê ou unidade nacional de gestão de riscos em funcionamento',
      'Administrations dotées d\'un comité ou d\'une unité nationale de gestion des risques',
    ),
  },
  'selected-share': {
    title: fromEnglish(
      'Porcentaje de declaraciones de importación seleccionadas para control por perfiles de riesgo',
      'Percentual de declarações de importação selecionadas para controle por perfis de risco',
      'Part des déclarations d\'importation sélectionnées pour contrôle par des profils de risque',
    ),
  },
  'hit-rate': {
    title: fromEnglish('Tasa de acierto de las selecciones basadas en riesgo', 'Taxa de acerto das seleções baseadas em risco', 'Taux de résultats positifs des sélections fondées sur le risque'),
  },
  trained: {
    title: fromEnglish(
      'Funcionarios capacitados en el Compendio de Gestión de Riesgos de la OMA',
      'Servidores capacitados no Compêndio de Gestão de Riscos da OMA',
      'Agents formés au Recueil de la gestion des risques de l\'OMD',
    ),
    definition: fromEnglish(
      'Funcionarios que completaron el curso del Compendio (volúmenes 1 y 2) en la ronda; cada capacitación se informa al concluir.',
      'Servidores que concluíram o curso do Compêndio (volumes 1 e 2) na rodada; cada capacitação é informada ao terminar.',
      'Agents ayant achevé la formation au Recueil (volumes 1 et 2) pendant la période ; chaque formation est déclarée à son terme.',
    ),
  },
  certified: {
    title: fromEnglish('Asesores Técnicos y Operativos certificados', 'Assessores Técnicos e Operacionais certificados', 'Conseillers techniques et opérationnels certifiés'),
  },
  'profiles-shared': {
    title: fromEnglish(
      'Perfiles de riesgo compartidos a través del intercambio regional',
      'Perfis de risco compartilhados por meio do intercâmbio regional',
      'Profils de risque partagés via l\'échange régional',
    ),
  },
  'exchange-use': {
    title: fromEnglish(
      'Cómo se usan en la selectividad nacional los perfiles del intercambio regional',
      'Como os perfis do intercâmbio regional são usados na seleção nacional',
      'Utilisation des profils de l\'échange régional dans le ciblage national',
    ),
  },
};

/** Items with their translations from `texts` (by id, or by the id's part after `prefix`). */
export function translated<T extends { id: string }>(items: T[], texts: Record<string, Translations>, prefix = ''): T[] {
  return items.map((item) => {
    const t = texts[item.id.startsWith(prefix) ? item.id.slice(prefix.length) : item.id];
    return t ? { ...item, translations: t } : item;
  });
}

/** Administrations under the name they go by at home, their English names as translations. */
export function namedAtHome<T extends { id: string; name: string }>(items: T[]): T[] {
  return items.map((a) => {
    const home = ADMINISTRATION_NAMES[a.id];
    return home ? { ...a, name: home.name, translations: home.translations } : a;
  });
}
