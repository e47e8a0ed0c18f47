/**
 * Where the local server listens: this machine only (127.0.0.1), since anyone who reaches it can
 * mint any person's development token and read the outbox. HOST changes it, with a warning.
 */
export function listenHost(env: NodeJS.ProcessEnv = process.env): { host: string; warning?: string } {
  const host = env.HOST?.trim() || '127.0.0.1';
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  return local
    ? { host }
    : { host, warning: `Warning: listening on ${host} (HOST): anyone who can reach it can sign in as anyone and read the outbox. Use it only on a network you trust.` };
}
