/**
 * Opaque page cursors (issue 10, item 6). A cursor names where the next page starts: the key of
 * the last item the caller was given (never one a filter hid from it, see `Db.queryPage`), sealed
 * with AES-256-GCM. The list it belongs to (index, key condition, filter and their values: the
 * partition and, for a donor's filtered list, the donor) is the additional authenticated data, so
 * a cursor reads as nothing, and a changed one, or one from another list or another caller's
 * filtered list, fails to open: the caller gets 400 (`InvalidCursor`).
 *
 * The key is derived with HKDF-SHA256 from the deployment secret under its own label, so it is
 * never the key that signs mail links (which uses the secret itself). It is derived on first use:
 * in AWS the secret is read from Secrets Manager when a list first needs a cursor, not at init.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { InvalidCursor } from './errors.ts';

const VERSION = 1;
const LABEL = 'action-plan-tracker/list-cursor/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The cursor key from the deployment secret: HKDF-SHA256 with this purpose's own label. */
export function cursorKey(secret: string): Buffer {
  if (secret.length < 32) throw new Error('The deployment secret must be at least 32 characters.');
  return Buffer.from(hkdfSync('sha256', secret, 'list cursors', LABEL, 32));
}

export class Cursors {
  private key: Promise<Buffer> | undefined;

  /** `secret` is read once, on the first cursor sealed or opened (again after a failed read). */
  constructor(private readonly secret: () => Promise<string> | string) {}

  /** For tests and benchmarks: a random key, good for this process only. */
  static ephemeral(): Cursors {
    const secret = randomBytes(32).toString('base64url');
    return new Cursors(() => secret);
  }

  private keyNow(): Promise<Buffer> {
    this.key ??= Promise.resolve()
      .then(() => this.secret())
      .then(cursorKey)
      .catch((error: unknown) => {
        this.key = undefined;
        throw error;
      });
    return this.key;
  }

  async seal(start: Record<string, unknown>, list: string): Promise<string> {
    const key = await this.keyNow();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(list));
    const body = Buffer.concat([cipher.update(JSON.stringify(start), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The start key a cursor of this list names; InvalidCursor for anything else. */
  async open(cursor: string, list: string): Promise<Record<string, unknown>> {
    const key = await this.keyNow();
    const bytes = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url') : Buffer.alloc(0);
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES + 2 || bytes[0] !== VERSION) throw new InvalidCursor();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(list));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
      const start = JSON.parse(plain.toString('utf8')) as unknown;
      if (!start || typeof start !== 'object' || Array.isArray(start)) throw new InvalidCursor();
      return start as Record<string, unknown>;
    } catch {
      throw new InvalidCursor();
    }
  }
}
