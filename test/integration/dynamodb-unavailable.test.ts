/**
 * DynamoDB unavailable (issue 10, item 5): against an endpoint that accepts connections and never
 * answers, and one that refuses them, a request gives up within a few seconds (the SDK's own
 * timeouts and retries, shared/store/client.ts) and answers 503 with Retry-After: problem details on
 * the API, a "try again shortly" page on the web; /health says the database does not answer.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devVerifier, generateDevKeys, signDevToken } from '../../shared/api/identity.ts';
import { createApp } from '../../shared/app.ts';
import { dynamoDocumentClient } from '../../shared/store/client.ts';
import { createStore } from '../../shared/store/index.ts';

const keys = generateDevKeys();
const sockets = new Set<Socket>();
let silent: Server;
let refusedPort: number;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  // Takes the connection and says nothing: a stalled DynamoDB.
  silent = createServer((socket) => void sockets.add(socket));
  // A port that was free a moment ago and is closed again: connections are refused.
  const closed = createServer();
  refusedPort = await listen(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

async function appAt(endpoint: string) {
  const { doc } = dynamoDocumentClient({ endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  return createApp({ store: createStore(doc, 'Tracker'), verifier: devVerifier(keys), now: () => new Date(), config: { corsOrigins: [], publicUrl: 'http://localhost:3000' } });
}

const token = signDevToken(keys, { id: 'coord-pe', role: 'coordinator', administrationId: 'PE' });

describe('when DynamoDB does not answer', () => {
  for (const kind of ['stalled', 'refusing'] as const) {
    it(`${kind}: the API answers 503 with Retry-After within a few seconds`, async () => {
      const port = kind === 'stalled' ? await listen(silent) : refusedPort;
      const app = await appAt(`http://127.0.0.1:${port}`);
      const started = Date.now();
      const res = await app.request('/api/v1/plans/ams-rm-current', { headers: { Authorization: `Bearer ${token}` } });
      const seconds = (Date.now() - started) / 1000;
      expect(res.status).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      expect((await res.json()).type).toBe('/problems/unavailable');
      expect(seconds).toBeLessThan(8);

      const page = await app.request('http://localhost:3000/plans/ams-rm-current', { headers: { Cookie: `session=${token}`, 'Accept-Language': 'es' } });
      expect(page.status).toBe(503);
      expect(page.headers.get('Retry-After')).toBe('5');
      expect(await page.text()).toContain('Inténtelo de nuevo en unos instantes');

      const health = await app.request('/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
    }, 30_000);
  }
});
