/**
 * The return mail's footer says why its recipient gets it: the value they submitted was returned,
 * whatever their role (the secretariat submits on an administration's behalf, a co-coordinator for
 * its own administration); a letter that also holds values owed says that reason too. Rendered by
 * the reminder template from the results plan (domain/result-reminders.ts), in each language.
 */
import { describe, expect, it } from 'vitest';
import { planResultReminders, type ResultSubmission } from '../../shared/domain/result-reminders.ts';
import type { ReminderAdministration, ReminderPerson, ReminderStrategy } from '../../shared/domain/reminders.ts';
import type { Role } from '../../shared/domain/resources.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import { reminderMessage } from '../../shared/mail/templates/reminder.ts';
import { translator } from '../../shared/i18n/index.ts';
import { resultsMail } from '../../shared/i18n/mail-results.ts';
import type { Language } from '../../shared/domain/common.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const links = mailLinks({ publicUrl: 'https://tracker.example.org', secret: 'unit-test-link-secret-0123456789abcdef' });
const GT: ReminderAdministration = { id: 'GT', name: 'Guatemala Customs (SAT)', language: 'es', timeZone: 'America/Guatemala' };
const PE: ReminderAdministration = { id: 'PE', name: 'Peru Customs (SUNAT)', language: 'es', timeZone: 'America/Lima' };
const strategy: ReminderStrategy = { id: 'rs', title: 'Risk strategy', reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 }, coordinatorIds: ['PE'] };

const person = (id: string, role: Role, administrationId: string | undefined, language: Language): ReminderPerson =>
  ({ id, name: id, email: `${id}@example.org`, role, ...(administrationId ? { administrationId } : {}), language, remindersOptOut: false });

const returned = (submittedBy: string): ResultSubmission => ({
  id: `rs-plan.s-${submittedBy}`, planId: 'rs-plan', strategyId: 'rs', indicatorId: 'rs-plan.trained', periodId: 'rs-plan.h2', administrationId: 'GT',
  state: 'returned', submittedBy, submittedAt: '2026-11-10T10:00:00Z', reviewedAt: '2026-11-18T10:00:00Z', reason: 'Count the November course too.', version: 3, value: '4',
});

/** The return mail to the person who submitted the value, as the reminders run composes it. */
function returnMail(submitter: ReminderPerson, extra: Partial<Parameters<typeof planResultReminders>[0]> = {}) {
  const plan = planResultReminders({
    now: NOW, closing: [], waiting: [], returned: [returned(submitter.id)], strategies: new Map([['rs', strategy]]),
    administrations: new Map([['GT', GT], ['PE', PE]]), people: new Map(), submitters: new Map([[submitter.id, submitter]]), ...extra,
  });
  const letter = plan.letters.find((l) => l.person.id === submitter.id)!;
  expect(letter.items.some((i) => i.kind === 'returned')).toBe(true);
  return reminderMessage({
    letter: { ...letter, items: [] }, results: letter.items, links, from: 'tracker@example.org', issuedAt: NOW,
    administrationNames: new Map([['GT', GT.name], ['PE', PE.name]]), planTitles: new Map([['rs-plan', 'Targeting plan']]),
    resultTitles: new Map([['rs-plan.trained', 'Officers trained'], ['rs-plan.h2', '2026 H2']]),
  });
}

/** The footer of the plain-text mail: what follows the signature separator. */
const footer = (text: string) => text.slice(text.lastIndexOf('\n-- \n') + 5);

describe('the return mail\'s footer fits whoever submitted the value', () => {
  for (const [role, administrationId] of [['admin', undefined], ['coordinator', 'PE'], ['focal_point', 'GT']] as const) {
    for (const language of ['en', 'es', 'fr', 'pt'] as const) {
      it(`a ${role} submitter (${language}): "you submitted the value that was returned", nothing about the secretariat or focal points`, () => {
        const t = translator(resultsMail, language);
        const mail = returnMail(person(`${role}-1`, role, administrationId, language));
        const end = footer(mail.text);
        expect(end).toContain(t('rr.whyReturned'));
        expect(end).not.toContain(t('reminder.whySecretariat'));
        for (const adm of [GT, PE]) expect(end).not.toContain(t('reminder.why', { administration: adm.name }));
        expect(mail.html).toContain(t('rr.whyReturned'));
        expect(mail.html).not.toContain(t('reminder.whySecretariat'));
      });
    }
  }

  it('a letter that also holds values owed gives both reasons, and a value owed by an administration nobody there can be told of, the secretariat\'s', () => {
    const focal = person('focal-gt', 'focal_point', 'GT', 'en');
    const closing = [{
      period: { id: 'rs-plan.h2', planId: 'rs-plan', label: '2026 H2', end: '2026-11-25' },
      plan: { id: 'rs-plan', title: 'Targeting plan', strategyId: 'rs' },
      administrationIds: ['GT'],
      indicators: [{ id: 'rs-plan.use', title: 'How shared profiles are used', periodFigure: 'latest' }],
      submissions: [],
    }];
    const t = translator(resultsMail, 'en');
    const both = footer(returnMail(focal, { closing, people: new Map([['GT', [focal]]]) }).text);
    expect(both).toContain(t('rr.whyReturned'));
    expect(both).toContain(t('reminder.why', { administration: GT.name }));
    // The secretariat told of a period nobody at Guatemala can be reminded of, and of its own returned value.
    const admin = person('admin', 'admin', undefined, 'en');
    const secretariat = footer(returnMail(admin, { closing, secretariat: [admin] }).text);
    expect(secretariat).toContain(t('rr.whyReturned'));
    expect(secretariat).toContain(t('reminder.whySecretariat'));
  });
});
