/**
 * The Mailer for the local stack: each message becomes an `.eml` file in a folder, and a line in
 * its `index.jsonl` (one JSON object per message). `npm start` lists them at /outbox.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEml, toEml, type ParsedEml } from './mime.ts';
import type { MailKind, Mailer, MailMessage } from './port.ts';

export interface OutboxEntry {
  id: string;
  at: string;
  from: string;
  to: string;
  subject: string;
  kind: MailKind;
  language: string;
  ledgerIds: string[];
}

const INDEX = 'index.jsonl';
const ID = /^[0-9]{8}T[0-9]{9}Z-[a-f0-9]{8}$/;

export function outboxMailer(dir: string, clock: () => Date = () => new Date()): Mailer {
  return {
    async send(message: MailMessage) {
      const at = clock();
      const id = `${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${id}.eml`), toEml(message, { messageId: `${id}@outbox.local`, date: at }), { flag: 'wx' });
      const entry: OutboxEntry = {
        id,
        at: at.toISOString(),
        from: message.from,
        to: message.to.name ? `${message.to.name} <${message.to.email}>` : message.to.email,
        subject: message.subject,
        kind: message.kind,
        language: message.language,
        ledgerIds: message.ledgerIds,
      };
      // One short append per message: lines from concurrent writers do not interleave.
      await appendFile(join(dir, INDEX), `${JSON.stringify(entry)}\n`);
      return { messageId: id };
    },
  };
}

/** Every message in the outbox, newest first. */
export async function readOutbox(dir: string): Promise<OutboxEntry[]> {
  let text: string;
  try {
    text = await readFile(join(dir, INDEX), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as OutboxEntry)
    .reverse();
}

export async function readOutboxMessage(dir: string, id: string): Promise<{ entry: OutboxEntry; eml: string; parsed: ParsedEml } | undefined> {
  if (!ID.test(id)) return undefined;
  const entry = (await readOutbox(dir)).find((e) => e.id === id);
  if (!entry) return undefined;
  const eml = await readFile(join(dir, `${id}.eml`), 'utf8');
  return { entry, eml, parsed: parseEml(eml) };
}
