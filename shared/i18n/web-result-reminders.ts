/** Messages of the results reminder settings (the strategy's reminders form and page), in en, es, fr and pt (merged into the web catalog). */
import type { Catalog } from './index.ts';

export const en = () => ({
  'resultReminders.heading': 'Results',
  'resultReminders.intro': 'Focal points of administrations that have not reported a value are reminded before a reporting period closes and on its last day; co-coordinators are reminded of values waiting for their review.',
  'planning.f.periodCloseDays': 'Reminders before a reporting period closes (days)',
  'planning.f.periodCloseDaysHint': 'Whole numbers of days separated by commas, such as 14, 3 (at most six). Empty: 14, 3.',
  'planning.f.reviewWaitDays': 'Remind co-coordinators of values waiting for review after (days)',
  'planning.f.reviewWaitDaysHint': 'Then again every week while the value waits. Empty: 7.',
  'form.err.periodCloseDays.invalid_type': 'Enter whole numbers of days separated by commas, such as 14, 3.',
  'form.err.periodCloseDays.custom': 'Give each number of days only once.',
  'form.err.reviewWaitDays.invalid_type': 'Enter a whole number of days.',
} satisfies Catalog);

type Keys = keyof ReturnType<typeof en>;

export const es = (): Record<Keys, string> => ({
  'resultReminders.heading': 'Resultados',
  'resultReminders.intro': 'Los puntos focales de las administraciones que no han reportado un valor reciben recordatorios antes del cierre de un período de reporte y en su último día; los co-coordinadores, de los valores que esperan su revisión.',
  'planning.f.periodCloseDays': 'Recordatorios antes del cierre de un período de reporte (días)',
  'planning.f.periodCloseDaysHint': 'Números enteros de días separados por comas, como 14, 3 (seis como máximo). Vacío: 14, 3.',
  'planning.f.reviewWaitDays': 'Recordar a los co-coordinadores los valores pendientes de revisión después de (días)',
  'planning.f.reviewWaitDaysHint': 'Luego cada semana mientras el valor espera. Vacío: 7.',
  'form.err.periodCloseDays.invalid_type': 'Indique números enteros de días separados por comas, como 14, 3.',
  'form.err.periodCloseDays.custom': 'Indique cada número de días una sola vez.',
  'form.err.reviewWaitDays.invalid_type': 'Indique un número entero de días.',
});

export const fr = (): Record<Keys, string> => ({
  'resultReminders.heading': 'Résultats',
  'resultReminders.intro': 'Les points focaux des administrations qui n’ont pas déclaré de valeur reçoivent un rappel avant la clôture d’une période de déclaration et le dernier jour ; les co-coordonnateurs, pour les valeurs qui attendent leur examen.',
  'planning.f.periodCloseDays': 'Rappels avant la clôture d’une période de déclaration (jours)',
  'planning.f.periodCloseDaysHint': 'Nombres entiers de jours séparés par des virgules, comme 14, 3 (six au plus). Vide : 14, 3.',
  'planning.f.reviewWaitDays': 'Rappeler aux co-coordonnateurs les valeurs en attente d’examen après (jours)',
  'planning.f.reviewWaitDaysHint': 'Puis chaque semaine tant que la valeur attend. Vide : 7.',
  'form.err.periodCloseDays.invalid_type': 'Saisissez des nombres entiers de jours séparés par des virgules, comme 14, 3.',
  'form.err.periodCloseDays.custom': 'Indiquez chaque nombre de jours une seule fois.',
  'form.err.reviewWaitDays.invalid_type': 'Saisissez un nombre entier de jours.',
});

export const pt = (): Record<Keys, string> => ({
  'resultReminders.heading': 'Resultados',
  'resultReminders.intro': 'Os pontos focais das administrações que não relataram um valor recebem lembretes antes do encerramento de um período de relato e no último dia; os co-coordenadores, dos valores que aguardam sua revisão.',
  'planning.f.periodCloseDays': 'Lembretes antes do encerramento de um período de relato (dias)',
  'planning.f.periodCloseDaysHint': 'Números inteiros de dias separados por vírgulas, como 14, 3 (no máximo seis). Vazio: 14, 3.',
  'planning.f.reviewWaitDays': 'Lembrar os co-coordenadores dos valores aguardando revisão após (dias)',
  'planning.f.reviewWaitDaysHint': 'Depois, toda semana enquanto o valor aguarda. Vazio: 7.',
  'form.err.periodCloseDays.invalid_type': 'Informe números inteiros de dias separados por vírgulas, como 14, 3.',
  'form.err.periodCloseDays.custom': 'Informe cada número de dias só uma vez.',
  'form.err.reviewWaitDays.invalid_type': 'Informe um número inteiro de dias.',
});
