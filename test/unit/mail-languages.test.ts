/**
 * Every reminder, digest, subject line and page in en, es, fr and pt: the catalogs agree on keys
 * and placeholders, and each mail reads in its reader's language with Intl dates and numbers.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest, digestPeriod, type Digest } from '../../shared/domain/digest.ts';
import type { Language } from '../../shared/domain/common.ts';
import type { ReminderLetter } from '../../shared/domain/reminders.ts';
import { reminderSlot, reminderLedgerId, DEFAULT_REMINDER_SETTINGS } from '../../shared/domain/reminders.ts';
import { LANGUAGES, checkCatalogs } from '../../shared/i18n/index.ts';
import { mail } from '../../shared/i18n/mail.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import { digestMessage } from '../../shared/mail/templates/digest.ts';
import { digestSubject } from '../../shared/mail/templates/format.ts';
import { reminderMessage } from '../../shared/mail/templates/reminder.ts';

const links = mailLinks({ publicUrl: 'https://tracker.example.org', secret: 'a-test-secret-that-is-long-enough-1234' });
const issuedAt = new Date('2026-12-01T12:00:00Z');

function letter(language: Language, daysLeft: number[]): ReminderLetter {
  const today = '2026-12-01';
  return {
    person: { id: 'focal-gt', name: 'José Luis Pérez', email: 'focal-gt@example.org', role: 'focal_point', administrationId: 'GT', remindersOptOut: false },
    administration: { id: 'GT', name: 'Guatemala Customs (SAT)', language, timeZone: 'America/Guatemala' },
    language,
    today,
    items: daysLeft.map((d, i) => {
      const dueDate = new Date(Date.parse(`${today}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
      const slot = reminderSlot(dueDate, today, DEFAULT_REMINDER_SETTINGS)!;
      return {
        milestone: { id: `p.m${i}`, planId: 'p', strategyId: 's', title: `Milestone ${i}`, ownerAdministrationId: 'GT', dueDate, status: 'in_progress', progress: 40 },
        strategy: { id: 's', title: 'Risk management', reminders: DEFAULT_REMINDER_SETTINGS, coordinatorIds: ['PE'] },
        slot,
        reason: 'owner' as const,
        needsAttention: false,
        ledgerId: reminderLedgerId('focal-gt', `p.m${i}`, slot),
      };
    }),
  };
}

const reminder = (language: Language, daysLeft: number[]) =>
  reminderMessage({ letter: letter(language, daysLeft), links, from: 'tracker@example.org', issuedAt, administrationNames: new Map([['GT', 'Guatemala Customs (SAT)']]), planTitles: new Map([['p', 'Current plan']]) });

function digest(language: Language): Digest {
  const period = digestPeriod('monthly', '2026-12-01');
  return {
    id: period.id, administrationId: 'PE', frequency: 'monthly', period: { start: period.start, end: period.end }, language,
    generatedAt: issuedAt.toISOString(), recipient: { name: 'Lucía Paredes', email: 'dg-pe@example.org' },
    subject: digestSubject(language, 'Peru Customs (SUNAT)', period),
    content: buildDigest({
      administration: { id: 'PE', name: 'Peru Customs (SUNAT)', timeZone: 'America/Lima' }, period, since: null, now: issuedAt, plans: [],
      donorNames: new Map(), administrationNames: new Map(),
    }),
  };
}

describe('mail catalogs', () => {
  it('have every key in every language, with the same placeholders as English', () => {
    expect(checkCatalogs(mail)).toEqual([]);
  });

  it('cover en, es, fr and pt', () => {
    expect(Object.keys(mail).sort()).toEqual([...LANGUAGES].sort());
  });
});

describe('reminders in each language', () => {
  const expected: Record<Language, { subject: RegExp; body: RegExp; date: string; percent: string }> = {
    en: { subject: /^Reminder: Milestone 0 \(due in 7 days\)$/, body: /Dear José Luis Pérez,/, date: '8 December 2026', percent: '40%' },
    es: { subject: /^Recordatorio: Milestone 0 \(vence en 7 días\)$/, body: /Estimado\/a José Luis Pérez:/, date: '8 de diciembre de 2026', percent: '40 %' },
    fr: { subject: /^Rappel : Milestone 0 \(échéance dans 7 jours\)$/, body: /Bonjour José Luis Pérez,/, date: '8 décembre 2026', percent: '40 %' },
    pt: { subject: /^Lembrete: Milestone 0 \(vence em 7 dias\)$/, body: /Prezado\(a\) José Luis Pérez,/, date: '8 de dezembro de 2026', percent: '40%' },
  };
  for (const language of LANGUAGES) {
    it(`reads in ${language}, with dates and numbers formatted for it`, () => {
      const m = reminder(language, [7]);
      expect(m.language).toBe(language);
      expect(m.subject).toMatch(expected[language].subject);
      expect(m.text).toMatch(expected[language].body);
      expect(m.text).toContain(expected[language].date);
      // French and Spanish put a (narrow) no-break space before %.
      expect(m.text.replace(/[\u00a0\u202f]/g, ' ')).toContain(expected[language].percent);
      expect(m.html).toContain(`lang="${language}"`);
    });
  }

  it('says tomorrow, today and overdue (with plural forms) in every language', () => {
    const words: Record<Language, string[]> = {
      en: ['due tomorrow', 'due today', '1 day overdue', '9 days overdue'],
      es: ['vence mañana', 'vence hoy', '1 día de retraso', '9 días de retraso'],
      fr: ['échéance demain', 'échéance aujourd’hui', '1 jour de retard', '9 jours de retard'],
      pt: ['vence amanhã', 'vence hoje', '1 dia de atraso', '9 dias de atraso'],
    };
    for (const language of LANGUAGES) {
      const text = reminder(language, [1, 0, -1, -9]).text;
      for (const w of words[language]) expect(text, `${language}: ${w}`).toContain(w);
    }
  });

  it('groups several milestones under one subject line', () => {
    expect(reminder('pt', [7, 1, -3]).subject).toBe('Lembrete: 3 marcos precisam da sua atualização');
    expect(reminder('fr', [7, 1]).subject).toBe('Rappel : 2 jalons attendent votre mise à jour');
  });
});

describe('digests in each language', () => {
  const subjects: Record<Language, string> = {
    en: 'Peru Customs (SUNAT): action plan digest, December 2026',
    es: 'Peru Customs (SUNAT): resumen de los planes de acción, diciembre de 2026',
    fr: 'Peru Customs (SUNAT) : bulletin des plans d’action, décembre 2026',
    pt: 'Peru Customs (SUNAT): resumo dos planos de ação, dezembro de 2026',
  };
  for (const language of LANGUAGES) {
    it(`reads in ${language}`, () => {
      const m = digestMessage(digest(language), { links, from: 'tracker@example.org', ledgerId: 'digest#x' });
      expect(m.subject).toBe(subjects[language]);
      expect(m.html).toContain(`lang="${language}"`);
      expect(m.text.length).toBeGreaterThan(200);
    });
  }

  it('names weekly and quarterly periods in the reader\'s language', () => {
    const week = { frequency: 'weekly' as const, start: '2026-11-30' };
    const quarter = { frequency: 'quarterly' as const, start: '2026-10-01' };
    expect(digestSubject('en', 'X', week)).toBe('X: action plan digest, week of 30 November 2026');
    expect(digestSubject('es', 'X', quarter)).toBe('X: resumen de los planes de acción, 4.º trimestre de 2026');
    expect(digestSubject('fr', 'X', quarter)).toBe('X : bulletin des plans d’action, 4e trimestre 2026');
    expect(digestSubject('pt', 'X', week)).toBe('X: resumo dos planos de ação, semana de 30 de novembro de 2026');
  });
});
