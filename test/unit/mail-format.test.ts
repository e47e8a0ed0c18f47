/**
 * What every mail looks like on the wire: HTML fit for mail clients plus a text part, RFC 8058
 * unsubscribe headers, MIME that survives non-ASCII, and signed links that cannot be forged.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, reminderSlot } from '../../shared/domain/reminders.ts';
import { LINK_PATHS, UPDATE_LINK_DAYS, listUnsubscribeHeaders, mailLinks } from '../../shared/mail/links.ts';
import { encodeWord, formatAddress, parseEml, toEml } from '../../shared/mail/mime.ts';
import type { MailMessage } from '../../shared/mail/port.ts';
import { reminderMessage } from '../../shared/mail/templates/reminder.ts';

const secret = 'a-test-secret-that-is-long-enough-1234';
const links = mailLinks({ publicUrl: 'https://tracker.example.org/', secret });
const now = new Date('2026-12-01T12:00:00Z');

const message = (title: string): MailMessage => {
  const slot = reminderSlot('2026-12-08', '2026-12-01', DEFAULT_REMINDER_SETTINGS)!;
  return reminderMessage({
    letter: {
      person: { id: 'focal-ht', name: 'Jean-Pierre Louis', email: 'focal-ht@example.org', role: 'focal_point', administrationId: 'HT', remindersOptOut: false },
      administration: { id: 'HT', name: 'Haïti AGD', language: 'fr', timeZone: 'America/Port-au-Prince' },
      language: 'fr',
      today: '2026-12-01',
      items: [
        {
          milestone: { id: 'p.m1', planId: 'p', strategyId: 's', title, ownerAdministrationId: 'HT', dueDate: '2026-12-08', status: 'blocked', progress: 20 },
          strategy: { id: 's', title: 'Risk <management>', reminders: DEFAULT_REMINDER_SETTINGS, coordinatorIds: [] },
          slot,
          reason: 'owner',
          needsAttention: false,
          ledgerId: 'reminder:before#focal-ht#p.m1#2026-12-01',
        },
      ],
    },
    links,
    from: 'tracker@example.org',
    issuedAt: now,
    administrationNames: new Map([['HT', 'Haïti AGD']]),
    planTitles: new Map([['p', 'Plan "A" & B']]),
  });
};

describe('mail HTML', () => {
  const m = message('Profils de risque <script>alert(1)</script>');

  it('has no script, no images, no remote resources and no style sheet: inline styles on tables', () => {
    expect(m.html).not.toMatch(/<script/i);
    expect(m.html).not.toMatch(/<img|<link|<iframe|<object|<embed|@import|url\(/i);
    expect(m.html).not.toMatch(/<style/i);
    expect(m.html).not.toMatch(/\son\w+=/i); // no event handlers
    expect(m.html).toMatch(/<table role="presentation"/);
    expect(m.html).toMatch(/style="/);
    expect(m.html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('escapes every text it shows', () => {
    expect(m.html).toContain('Profils de risque &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).toContain('Risk &lt;management&gt; · Plan &quot;A&quot; &amp; B');
  });

  it('comes with a plain-text part carrying the same content and links', () => {
    expect(m.text).toContain('Profils de risque <script>alert(1)</script>');
    expect(m.text).toContain('échéance dans 7 jours');
    expect(m.text).toContain(`${links.publicUrl}${LINK_PATHS.update}`);
    expect(m.text).toContain('Ne plus recevoir de rappels: https://tracker.example.org/mail/unsubscribe/');
  });

  it('carries RFC 8058 one-click unsubscribe headers pointing at its signed link', () => {
    const url = /<([^>]+)>/.exec(m.headers['List-Unsubscribe']!)![1]!;
    expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(url.startsWith('https://tracker.example.org/mail/unsubscribe/')).toBe(true);
    expect(links.read(url.split('/').pop()!, now)).toEqual({ kind: 'reminders-off', personId: 'focal-ht' });
    expect(m.html).toContain(url);
  });
});

describe('MIME', () => {
  it('encodes non-ASCII headers as RFC 2047 words and reads them back', () => {
    expect(encodeWord('Plain subject')).toBe('Plain subject');
    expect(encodeWord('Échéance')).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(formatAddress({ name: 'José Luis Pérez', email: 'jl@example.org' })).toMatch(/^=\?UTF-8\?B\?.+\?= <jl@example.org>$/);
    expect(formatAddress({ name: 'Smith, John', email: 'js@example.org' })).toBe('"Smith, John" <js@example.org>');
    expect(formatAddress({ email: 'js@example.org' })).toBe('js@example.org');
  });

  it('writes a multipart/alternative message whose parts decode to the original text', () => {
    const m = message('Jalón «Niño» 日本');
    const eml = toEml(m, { messageId: 'abc@outbox.local', date: now });
    expect(eml).toMatch(/\r\nMIME-Version: 1.0\r\n/);
    expect(eml).toMatch(/Content-Type: multipart\/alternative;(\r\n)? boundary="/);
    expect(eml).toMatch(/\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/);
    expect(eml.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    const parsed = parseEml(eml);
    expect(parsed.headers.subject).toBe(m.subject);
    expect(parsed.text).toBe(m.text);
    expect(parsed.html).toBe(m.html);
  });

  it('says it was sent by a program, and keeps every header line within 78 characters (issue 10, item 18)', () => {
    for (const title of ['A milestone title long enough that its subject line would run well past seventy-eight characters', 'Jalón «Niño» 日本 '.repeat(8)]) {
      const m = message(title);
      expect(m.headers['Auto-Submitted']).toBe('auto-generated');
      const eml = toEml(m, { messageId: 'a-long-message-id-0123456789abcdef0123456789@outbox.local', date: now });
      const head = eml.split('\r\n\r\n')[0]!;
      // Folded wherever there is white space; only a word that cannot be cut (the signed link) may run on.
      const long = head.split('\r\n').filter((line) => line.length > 78 && /\S\s+\S/.test(line));
      expect(long).toEqual([]);
      expect(head.split('\r\n').every((line) => line.length <= 998)).toBe(true);
      expect(head).toMatch(/\r\nAuto-Submitted: auto-generated\r\n/);
      expect(parseEml(eml).headers.subject).toBe(m.subject);
    }
  });

  it('gives every table header cell its scope', () => {
    const html = message('x').html + toEml(message('y'), { messageId: 'b@outbox.local', date: now });
    const cells = html.match(/<th\b[^>]*>/g) ?? [];
    expect(cells.every((th) => th.includes('scope="col"'))).toBe(true);
  });
});

describe('signed links', () => {
  it('lead to their milestone and person, for 7 days', () => {
    const url = links.milestoneUpdate('p.m1', 'focal-ht', now);
    const token = url.slice(`${links.publicUrl}${LINK_PATHS.update}`.length);
    expect(links.read(token, now)).toMatchObject({ kind: 'update', milestoneId: 'p.m1', personId: 'focal-ht' });
    expect(links.read(token, new Date(now.getTime() + UPDATE_LINK_DAYS * 86_400_000 - 1000))).toMatchObject({ kind: 'update' });
    expect(links.read(token, new Date(now.getTime() + UPDATE_LINK_DAYS * 86_400_000 + 1000))).toEqual({ problem: 'expired' });
  });

  it('are refused when changed, or signed with another secret', () => {
    const token = links.milestoneUpdate('p.m1', 'focal-ht', now).split('/').pop()!;
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('p.m1', 'p.m2')).toString('base64url');
    expect(links.read(`${forged}.${mac}`, now)).toEqual({ problem: 'invalid' });
    expect(links.read(`${body}.${mac.slice(0, -2)}AA`, now)).toEqual({ problem: 'invalid' });
    expect(links.read('not-a-token', now)).toEqual({ problem: 'invalid' });
    const other = mailLinks({ publicUrl: 'https://tracker.example.org', secret: `${secret}-other` });
    expect(other.read(token, now)).toEqual({ problem: 'invalid' });
  });

  it('are different for each mail, even for the same milestone and person', () => {
    expect(links.milestoneUpdate('p.m1', 'focal-ht', now)).not.toBe(links.milestoneUpdate('p.m1', 'focal-ht', now));
  });

  it('need a secret of at least 32 characters', () => {
    expect(() => mailLinks({ publicUrl: 'https://x.example.org', secret: 'short' })).toThrow(/32 characters/);
  });

  it('give the one-click header pair', () => {
    expect(listUnsubscribeHeaders('https://x.example.org/u/1')).toEqual({
      'List-Unsubscribe': '<https://x.example.org/u/1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
