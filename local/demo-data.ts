/**
 * The demo world `npm start` loads, modelled on ../shared/domain.md. Historical facts keep their
 * real dates; the current plan's dates are relative to the day of the first seed. People are
 * fictional and use example.org addresses.
 */
import type { Translations } from '../shared/domain/translations.ts';
import { addDays } from '../shared/domain/dates.ts';
import { DONOR_NAMES, PLAN_DESCRIPTIONS, PLAN_TEXTS, STRATEGY_DESCRIPTIONS, STRATEGY_TEXTS, namedAtHome, translated } from './demo-translations.ts';
import type { Administration, Contribution, Donor, Person, Plan, Strategy } from '../shared/domain/resources.ts';

type New<T> = Omit<T, 'version' | 'createdAt' | 'updatedAt'>;

export const administrations: New<Administration>[] = namedAtHome([
  { id: 'PE', name: 'Peru Customs (SUNAT)', language: 'es', timeZone: 'America/Lima', directorGeneral: { name: 'Lucía Paredes', email: 'dg-pe@example.org' }, digestFrequency: 'monthly' },
  { id: 'AR', name: 'Argentina Customs (DGA)', language: 'es', timeZone: 'America/Argentina/Buenos_Aires', directorGeneral: { name: 'Martín Ferreyra', email: 'dg-ar@example.org' }, digestFrequency: 'monthly' },
  { id: 'GT', name: 'Guatemala Customs (SAT)', language: 'es', timeZone: 'America/Guatemala', directorGeneral: { name: 'Ana Sofía Morales', email: 'dg-gt@example.org' }, digestFrequency: 'monthly' },
  { id: 'CR', name: 'Costa Rica National Customs Service', language: 'es', timeZone: 'America/Costa_Rica', directorGeneral: { name: 'Carlos Jiménez', email: 'dg-cr@example.org' }, digestFrequency: 'quarterly' },
  { id: 'MX', name: 'Mexico National Customs Agency (ANAM)', language: 'es', timeZone: 'America/Mexico_City', directorGeneral: { name: 'Elena Robles', email: 'dg-mx@example.org' }, digestFrequency: 'monthly' },
  { id: 'BR', name: 'Brazil Federal Revenue – Customs', language: 'pt', timeZone: 'America/Sao_Paulo', directorGeneral: { name: 'João Almeida', email: 'dg-br@example.org' }, digestFrequency: 'monthly' },
  { id: 'HT', name: 'Haiti General Customs Administration (AGD)', language: 'fr', timeZone: 'America/Port-au-Prince', directorGeneral: { name: 'Marie-Claire Joseph', email: 'dg-ht@example.org' }, digestFrequency: 'monthly' },
  { id: 'JM', name: 'Jamaica Customs Agency', language: 'en', timeZone: 'America/Jamaica', directorGeneral: { name: 'Andrew Campbell', email: 'dg-jm@example.org' }, digestFrequency: 'weekly' },
  { id: 'DO', name: 'Dominican Republic Customs (DGA)', language: 'es', timeZone: 'America/Santo_Domingo', directorGeneral: { name: 'Rafael Peña', email: 'dg-do@example.org' }, digestFrequency: 'monthly' },
]);

export const donors: New<Donor>[] = translated([
  { id: 'jica', name: 'Japan International Cooperation Agency (JICA)', organisationType: '10', iatiRef: 'XM-DAC-701-8' },
  { id: 'ccf-japan', name: 'Customs Cooperation Fund of Japan (CCF-Japan)', organisationType: '40' },
  { id: 'imf-captac-dr', name: 'IMF Regional Technical Assistance Center for Central America, Panama and the Dominican Republic (CAPTAC-DR)', organisationType: '40' },
  { id: 'idb', name: 'Inter-American Development Bank (IDB)', organisationType: '40', iatiRef: 'XM-DAC-909' },
  { id: 'usaid', name: 'United States Agency for International Development (USAID)', organisationType: '10', iatiRef: 'US-GOV-1' },
  { id: 'ar-south-south', name: 'Argentina South-South Cooperation Fund (Ministry of Foreign Affairs)', organisationType: '10' },
], DONOR_NAMES);

const person = (id: string, name: string, role: Person['role'], extra: Partial<Person> = {}): New<Person> => ({
  id, name, role, email: `${id}@example.org`, remindersOptOut: false, ...extra,
});

export const people: New<Person>[] = [
  person('admin', 'ROCB AMS Secretariat', 'admin', { language: 'en' }),
  person('coord-pe', 'Diego Salazar', 'coordinator', { administrationId: 'PE', language: 'es' }),
  person('coord-ar', 'Valeria Gómez', 'coordinator', { administrationId: 'AR', language: 'es' }),
  person('focal-gt', 'José Luis Pérez', 'focal_point', { administrationId: 'GT', language: 'es' }),
  person('focal-cr', 'Mariana Solís', 'focal_point', { administrationId: 'CR', language: 'es' }),
  person('focal-mx', 'Alejandro Ruiz', 'focal_point', { administrationId: 'MX', language: 'es' }),
  person('focal-br', 'Fernanda Costa', 'focal_point', { administrationId: 'BR', language: 'pt' }),
  person('focal-ht', 'Jean-Pierre Louis', 'focal_point', { administrationId: 'HT', language: 'fr' }),
  person('focal-jm', 'Kimberly Brown', 'focal_point', { administrationId: 'JM', language: 'en' }),
  person('donor-jica', 'Kenji Watanabe', 'donor', { donorId: 'jica', language: 'en' }),
  person('donor-captac', 'Laura Méndez', 'donor', { donorId: 'imf-captac-dr', language: 'es' }),
  ...administrations.flatMap((a) =>
    a.directorGeneral ? [person(`dg-${a.id.toLowerCase()}`, a.directorGeneral.name, 'director_general', { administrationId: a.id, email: a.directorGeneral.email })] : [],
  ),
];

export const strategies: (New<Omit<Strategy, 'coordinatorIds'>> & { coordinators: { administrationId: string; since: string }[] })[] = [
  {
    id: 'ams-rm',
    region: 'Americas and Caribbean',
    title: 'Regional Risk Management Strategy of the Americas and Caribbean',
    description: STRATEGY_DESCRIPTIONS['ams-rm'],
    translations: STRATEGY_TEXTS['ams-rm'],
    approvalForum: 'Regional Conference of Directors General of Customs, Peru, April 2014',
    status: 'active',
    reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 },
    coordinators: [
      { administrationId: 'PE', since: '2014-05-19' },
      { administrationId: 'AR', since: '2014-05-19' },
    ],
  },
  {
    id: 'ca-crm',
    region: 'Central America',
    title: 'Regional Strategy for Comprehensive Risk Management in Customs (Central America)',
    approvalForum: 'Requested by the Directors General of Central America, 2017, in line with the WTO Trade Facilitation Agreement',
    status: 'active',
    reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 },
    coordinators: [
      { administrationId: 'CR', since: '2017-07-31' },
      { administrationId: 'GT', since: '2017-07-31' },
    ],
  },
  {
    id: 'toa-rm',
    region: 'Americas and Caribbean',
    title: 'Technical and Operational Advisors in Risk Management: certification track',
    approvalForum: 'ROCB AMS with Japan Customs, funded by CCF-Japan',
    status: 'active',
    reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 },
    coordinators: [{ administrationId: 'PE', since: '2023-06-12' }],
  },
];

type DemoMilestone = {
  id: string;
  title: string;
  description?: string;
  ownerAdministrationId: string;
  baselineDueDate?: string;
  dueDate: string;
  status: 'planned' | 'in_progress' | 'done' | 'blocked' | 'cancelled';
  progress: number;
  note?: string;
  evidence?: { url: string; label?: string; internal?: boolean }[];
  /** What stays internal (shared/domain/internal.ts). */
  internal?: boolean;
  noteInternal?: boolean;
  translations?: Translations;
};

/**
 * The current plan's milestones in Spanish, Portuguese and French (issue 14): what its focal points
 * and Directors General read. Titles and notes, translated as customs officers of the region write
 * them (originals in English).
 */
const T = (es: string, pt: string, fr: string) => ({ lang: 'en' as const, texts: { es: { text: es }, pt: { text: pt }, fr: { text: fr } } });
const CURRENT_PLAN_TEXTS: Record<string, Translations> = {
  m01: { title: T('Catálogo regional de indicadores de riesgo publicado', 'Catálogo regional de indicadores de risco publicado', 'Catalogue régional des indicateurs de risque publié') },
  m02: {
    title: T('Piloto de selectividad de pasajeros por riesgo (API/PNR) en dos aeropuertos', 'Piloto de seleção de passageiros por risco (API/PNR) em dois aeroportos', 'Projet pilote de ciblage des passagers à risque (API/PNR) dans deux aéroports'),
    note: T('El segundo aeropuerto se incorpora la próxima semana.', 'O segundo aeroporto entra na próxima semana.', 'Le deuxième aéroport rejoint le projet la semaine prochaine.'),
  },
  m03: { title: T('Personal del centro de selectividad capacitado en el Compendio de Gestión de Riesgos de la OMA', 'Equipe do centro de seleção capacitada no Compêndio de Gestão de Riscos da OMA', 'Personnel du centre de ciblage formé au Recueil de la gestion des risques de l\'OMD') },
  m04: { title: T('Operación conjunta de control dirigido: reunión de planificación', 'Operação conjunta de controle direcionado: reunião de planejamento', 'Opération conjointe de contrôle ciblé : réunion de planification') },
  m05: {
    title: T('Perfiles de riesgo compartidos a través del intercambio regional de información', 'Perfis de risco compartilhados por meio do intercâmbio regional de informações', 'Profils de risque partagés via l\'échange régional d\'informations'),
    note: T('Acuerdo de intercambio de datos pendiente de firma.', 'Acordo de compartilhamento de dados aguardando assinatura.', 'Accord d\'échange de données en attente de signature.'),
  },
  m06: { title: T('Módulo de riesgo para la fiscalización posterior al despacho implementado', 'Módulo de risco da auditoria pós-despacho implantado', 'Module de risque du contrôle a posteriori déployé') },
  m07: { title: T('Comité nacional de gestión de riesgos constituido', 'Comitê nacional de gestão de riscos constituído', 'Comité national de gestion des risques mis en place') },
  m08: {
    title: T('Interconexión del sistema de selectividad con la Ventanilla Única', 'Interconexão do sistema de seleção com o Guichê Único', 'Interconnexion du système de ciblage avec le Guichet unique'),
    note: T('Bloqueado: a la espera de la especificación de la API del proveedor de la Ventanilla Única.', 'Bloqueado: aguardando a especificação da API do fornecedor do Guichê Único.', 'Bloqué : en attente de la spécification de l\'API du prestataire du Guichet unique.'),
  },
  m09: { title: T('Revisión de medio término del plan de acción para los Directores Generales', 'Revisão de meio termo do plano de ação para os Diretores-Gerais', 'Revue à mi-parcours du plan d\'action pour les Directeurs généraux') },
  m10: { title: T('Operación regional de control dirigido ejecutada', 'Operação regional de controle direcionado executada', 'Opération régionale de contrôle ciblé réalisée') },
  m11: { title: T('Reglas de puntuación de riesgo de contenedores armonizadas', 'Regras de pontuação de risco de contêineres harmonizadas', 'Règles de notation du risque des conteneurs harmonisées') },
};
type DemoContribution = Omit<New<Contribution>, 'planId' | 'strategyId' | 'id'> & { id: string };
type DemoPlan = Omit<New<Plan>, 'strategyId' | 'coordinatorIds'> & { strategyId: string; milestones: DemoMilestone[]; contributions: DemoContribution[] };

/** Plans, their milestones and contributions; `today` anchors the current plan. */
export function plans(today: string): DemoPlan[] {
  const d = (days: number) => addDays(today, days);
  return [
    {
      id: 'ams-rm-2013-targeting',
      strategyId: 'ams-rm',
      title: 'Groundwork: regional targeting project (2011-2013)',
      period: { start: '2011-12-07', end: '2013-03-15' },
      origin: 'Latin America-China exchange programme (IDB Washington DC and WCO RTC Shanghai, 7-16 Dec 2011); second regional risk-management workshop, Rio de Janeiro, 11-15 Mar 2013',
      status: 'closed',
      milestones: [
        { id: 'm01', title: 'Draft cooperation framework from the Latin America-China exchange programme', description: '14 managers from 12 Latin American administrations and 10 Chinese officials: risk management, AEO, IT and Single Window.', ownerAdministrationId: 'PE', dueDate: '2011-12-16', status: 'done', progress: 100 },
        { id: 'm02', title: 'Design of the regional targeting project (Rio de Janeiro workshop)', description: '38 participants from 16 countries, built on the WCO Risk Management Compendium, with a visit to CERAD.', ownerAdministrationId: 'BR', dueDate: '2013-03-15', status: 'done', progress: 100 },
      ],
      contributions: [
        { id: 'c01', donorId: 'idb', kind: 'in_kind', description: 'Workshop at the IDB in Washington DC, 7-9 December 2011', stage: 'spent', stageDates: { pledged: '2011-09-01', committed: '2011-10-01', disbursed: '2011-12-07', spent: '2011-12-09' } },
      ],
    },
    {
      id: 'ams-rm-2014',
      strategyId: 'ams-rm',
      title: 'Action plan 2014-2016 (Buenos Aires regional workshop)',
      period: { start: '2014-05-28', end: '2016-12-31' },
      origin: 'ROCB AMS and Argentina Customs regional workshop, Buenos Aires, 19-28 May 2014 (25 participants)',
      status: 'closed',
      budget: { amount: '180000.00', currency: 'USD' },
      milestones: [
        { id: 'm01', title: 'Action plan adopted by the workshop participants', ownerAdministrationId: 'AR', dueDate: '2014-05-28', status: 'done', progress: 100 },
        { id: 'm02', title: 'Targeted control operation prepared with risk-management techniques', ownerAdministrationId: 'PE', baselineDueDate: '2014-11-30', dueDate: '2015-03-31', status: 'done', progress: 100, note: 'Run with passenger risk tools shared by the WCO (API guidelines, PNR reporting standards, passenger risk indicators).' },
      ],
      contributions: [
        { id: 'c01', donorId: 'jica', kind: 'in_kind', description: 'Sponsorship of the Buenos Aires workshop and Japan Customs experts', stage: 'spent', stageDates: { pledged: '2014-02-15', committed: '2014-03-20', disbursed: '2014-05-19', spent: '2014-05-28' } },
        { id: 'c02', donorId: 'ar-south-south', kind: 'financial', description: 'Participants\' travel to the Buenos Aires workshop', amount: '350000.00', currency: 'ARS', stage: 'spent', stageDates: { pledged: '2014-02-01', committed: '2014-03-01', disbursed: '2014-05-10', spent: '2014-05-28' } },
      ],
    },
    {
      id: 'ams-rm-current',
      strategyId: 'ams-rm',
      title: 'Current action plan: regional targeting operations and risk-management capacity',
      description: PLAN_DESCRIPTIONS['ams-rm-current'],
      translations: PLAN_TEXTS['ams-rm-current'],
      period: { start: d(-180), end: d(365) },
      origin: 'Regional risk-management workshop follow-up (co-coordinators Peru and Argentina)',
      status: 'active',
      budget: { amount: '250000.00', currency: 'USD' },
      milestones: [
        { id: 'm01', translations: CURRENT_PLAN_TEXTS.m01, title: 'Regional risk indicators catalogue published', ownerAdministrationId: 'PE', dueDate: d(-60), status: 'done', progress: 100, evidence: [{ url: 'https://example.org/ams-rm/risk-indicators-catalogue', label: 'Catalogue (PDF)' }] },
        { id: 'm02', translations: CURRENT_PLAN_TEXTS.m02, title: 'Passenger risk targeting pilot (API/PNR) in two airports', ownerAdministrationId: 'AR', dueDate: d(1), status: 'in_progress', progress: 80, note: 'Second airport joins next week.' },
        { id: 'm03', translations: CURRENT_PLAN_TEXTS.m03, title: 'Targeting centre staff trained on the WCO Risk Management Compendium', ownerAdministrationId: 'GT', dueDate: d(7), status: 'in_progress', progress: 40 },
        { id: 'm04', translations: CURRENT_PLAN_TEXTS.m04, title: 'Joint targeted control operation: planning meeting', ownerAdministrationId: 'BR', dueDate: d(14), status: 'planned', progress: 0 },
        { id: 'm05', translations: CURRENT_PLAN_TEXTS.m05, title: 'Risk profiles shared through the regional information exchange', ownerAdministrationId: 'HT', baselineDueDate: d(-30), dueDate: d(-3), status: 'in_progress', progress: 60, note: 'Data-sharing agreement awaiting signature.' },
        { id: 'm06', translations: CURRENT_PLAN_TEXTS.m06, title: 'Post-clearance audit risk module deployed', ownerAdministrationId: 'JM', dueDate: d(-20), status: 'in_progress', progress: 35 },
        { id: 'm07', translations: CURRENT_PLAN_TEXTS.m07, title: 'National risk-management committee established', ownerAdministrationId: 'MX', dueDate: d(-40), status: 'planned', progress: 0 },
        { id: 'm08', translations: CURRENT_PLAN_TEXTS.m08, title: 'Targeting system interconnection with the Single Window', ownerAdministrationId: 'GT', dueDate: d(30), status: 'blocked', progress: 20, note: 'Blocked: waiting for the Single Window provider\'s API specification.' },
        { id: 'm09', translations: CURRENT_PLAN_TEXTS.m09, title: 'Mid-term review of the action plan for the Directors General', ownerAdministrationId: 'PE', dueDate: d(60), status: 'planned', progress: 0 },
        // Enforcement-sensitive: its timing stays with the secretariat, the co-coordinators and Argentina (domain/internal.ts).
        { id: 'm10', translations: CURRENT_PLAN_TEXTS.m10, title: 'Regional targeted control operation executed', ownerAdministrationId: 'AR', dueDate: d(120), status: 'planned', progress: 0, internal: true },
        { id: 'm11', translations: CURRENT_PLAN_TEXTS.m11, title: 'Container risk-scoring rules harmonised', ownerAdministrationId: 'CR', dueDate: d(-90), status: 'done', progress: 100 },
      ],
      contributions: [
        { id: 'c01', donorId: 'jica', kind: 'financial', description: 'Experts and training for the passenger risk targeting pilot', amount: '120000.00', currency: 'USD', stage: 'committed', stageDates: { pledged: d(-170), committed: d(-120) } },
        { id: 'c02', donorId: 'jica', kind: 'financial', description: 'Japan Customs study visit for targeting centre staff', amount: '4500000', currency: 'JPY', stage: 'disbursed', stageDates: { pledged: d(-160), committed: d(-130), disbursed: d(-30) } },
        { id: 'c03', donorId: 'imf-captac-dr', kind: 'in_kind', description: 'CAPTAC-DR risk-management advisers for the post-clearance audit module', stage: 'committed', stageDates: { pledged: d(-150), committed: d(-100) } },
        { id: 'c04', donorId: 'idb', kind: 'financial', description: 'Single Window interconnection', amount: '50000.00', currency: 'USD', stage: 'pledged', stageDates: { pledged: d(-20) } },
        { id: 'c05', donorId: 'ar-south-south', kind: 'financial', description: 'South-South travel for the joint operation', amount: '2000000.00', currency: 'ARS', stage: 'pledged', stageDates: { pledged: d(-45) } },
        { id: 'c06', donorId: 'usaid', kind: 'financial', description: 'Regional information exchange platform licence', amount: '40000.00', currency: 'USD', stage: 'spent', stageDates: { pledged: d(-175), committed: d(-150), disbursed: d(-90), spent: d(-10) } },
      ],
    },
    {
      id: 'ca-crm-2017',
      strategyId: 'ca-crm',
      title: 'Design of the regional strategy (IMF CAPTAC-DR workshops, 2017)',
      period: { start: '2017-07-31', end: '2018-03-31' },
      origin: 'Workshops in San José, Costa Rica (31 Jul - 2 Aug 2017, 28 officers) and Guatemala City (4-6 Dec 2017)',
      status: 'closed',
      milestones: [
        { id: 'm01', title: 'San José workshop: comprehensive risk-management framework drafted', ownerAdministrationId: 'CR', dueDate: '2017-08-02', status: 'done', progress: 100, note: 'With USAID, IMF, SIECA, IDB, Mexican and Argentinian Customs and the WCO.' },
        { id: 'm02', title: 'Guatemala City workshop: strategy text agreed', ownerAdministrationId: 'GT', dueDate: '2017-12-06', status: 'done', progress: 100 },
        { id: 'm03', title: 'Outcomes submitted to the Directors General', ownerAdministrationId: 'GT', dueDate: '2018-03-31', status: 'done', progress: 100 },
      ],
      contributions: [
        { id: 'c01', donorId: 'imf-captac-dr', kind: 'in_kind', description: 'Facilitation of the San José and Guatemala City workshops', stage: 'spent', stageDates: { pledged: '2017-05-01', committed: '2017-06-01', disbursed: '2017-07-31', spent: '2017-12-06' } },
        { id: 'c02', donorId: 'usaid', kind: 'in_kind', description: 'Trade facilitation experts at the San José workshop', stage: 'spent', stageDates: { pledged: '2017-06-15', committed: '2017-07-01', disbursed: '2017-07-31', spent: '2017-08-02' } },
      ],
    },
    {
      id: 'toa-rm-2023',
      strategyId: 'toa-rm',
      title: 'Risk-management TOA certification: pre-certification to expert roster',
      period: { start: '2023-06-12', end: d(240) },
      origin: 'Pre-certification workshop, Guatemala City, 12-16 June 2023 (12 officers from 10 administrations), with Japan Customs',
      status: 'active',
      budget: { amount: '15000000', currency: 'JPY' },
      milestones: [
        { id: 'm01', title: 'Pre-certification workshop held', ownerAdministrationId: 'GT', dueDate: '2023-06-16', status: 'done', progress: 100 },
        { id: 'm02', title: 'Field missions for the best performers', ownerAdministrationId: 'PE', baselineDueDate: d(-10), dueDate: d(45), status: 'in_progress', progress: 50 },
        { id: 'm03', title: 'Certified advisors entered on the expert roster', ownerAdministrationId: 'PE', dueDate: d(150), status: 'planned', progress: 0 },
      ],
      contributions: [
        { id: 'c01', donorId: 'ccf-japan', kind: 'financial', description: 'Pre-certification workshop and field missions', amount: '8000000', currency: 'JPY', stage: 'disbursed', stageDates: { pledged: '2023-02-01', committed: '2023-04-01', disbursed: '2023-06-01' } },
      ],
    },
  ];
}

/**
 * Exchange rates the secretariat recorded: 1 `from` = `rate` `to`, in force from `date` until the
 * next for the pair. Values are realistic for their dates (USD/JPY about 150, the Argentine peso's
 * official rate about 1,450 to the dollar in late 2025; 8.1 in May 2014). They convert the current
 * plan's JPY 4,500,000 (disbursed) and ARS 2,000,000 (pledged) into its USD budget.
 */
export function exchangeRates(today: string) {
  const d = (days: number) => addDays(today, days);
  return [
    { from: 'ARS', to: 'USD', rate: '0.1235', date: '2014-05-01', source: 'Banco Central de la República Argentina reference rate (Communication A 3500), 1 May 2014' },
    { from: 'JPY', to: 'USD', rate: '0.00672', date: d(-130), source: 'JICA grant agreement signed (JICA monthly rate for the month of signature)' },
    { from: 'JPY', to: 'USD', rate: '0.00664', date: d(-30), source: 'Funds received: the receiving bank\'s rate on the day, per its statement' },
    { from: 'ARS', to: 'USD', rate: '0.00069', date: d(-60), source: 'Banco Central de la República Argentina reference rate (Communication A 3500)' },
  ];
}
