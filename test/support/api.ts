/**
 * An app over a fresh DynamoDB Local table loaded with the demo world, and a client that acts
 * as any demo person with a real signed development token.
 */
import { createApp } from '../../shared/app.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { devVerifier, generateDevKeys, signDevToken } from '../../shared/api/identity.ts';
import { createStore } from '../../shared/store/index.ts';
import { people } from '../../local/demo-data.ts';
import { seedDemo } from '../../local/seed.ts';
import { testTables } from './dynamo.ts';

const keys = generateDevKeys();

export interface Call {
  status: number;
  headers: Headers;
  body: any;
}

/** `extra`: more of the app's dependencies (the uploads bucket, ...). */
export async function demoApp(now = new Date(), extra: Partial<AppDeps> = {}) {
  const tables = await testTables();
  const store = createStore(tables.doc, tables.tableName, () => now);
  await seedDemo(store, now);
  const app = createApp({ store, verifier: devVerifier(keys), now: () => now, config: { corsOrigins: ['https://tracker.example.org'], publicUrl: 'http://localhost:3000' }, ...extra });

  const tokens = new Map<string, string>();
  function tokenFor(personId: string): string {
    let token = tokens.get(personId);
    if (!token) {
      const person = people.find((p) => p.id === personId);
      if (!person) throw new Error(`no demo person ${personId}`);
      // Signed now, whatever day the app is told it is: the verifier checks expiry against the real clock.
      token = signDevToken(keys, person, new Date());
      tokens.set(personId, token);
    }
    return token;
  }

  async function request(personId: string | null, method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; raw?: string | Uint8Array } = {}): Promise<Call> {
    const headers: Record<string, string> = { ...init.headers };
    if (personId) headers.Authorization = `Bearer ${tokenFor(personId)}`;
    let body: string | Uint8Array | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** Acts as one person: `as('coord-pe').get('/api/v1/...')`. */
  const as = (personId: string | null) => ({
    get: (path: string, headers?: Record<string, string>) => request(personId, 'GET', path, { headers }),
    post: (path: string, body: unknown, headers?: Record<string, string>) => request(personId, 'POST', path, { body, headers }),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => request(personId, 'PATCH', path, { body, headers }),
    delete: (path: string, headers?: Record<string, string>) => request(personId, 'DELETE', path, { headers }),
    send: (method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; raw?: string | Uint8Array }) => request(personId, method, path, init),
  });

  /** The Authorization header a person's requests carry (for reading a download's bytes with `app.request`). */
  const authorization = (personId: string) => `Bearer ${tokenFor(personId)}`;

  return { app, store, tables, as, now, keys, authorization };
}
