/**
 * Runs a function bundle the way Lambda's Node runtime does: a fresh Node module context (a
 * worker thread, not Vitest's module runner) with the function's environment, `import()` of the
 * bundle once (init), then one handler call per event.
 *
 * `https` requests to the given URLs are answered from memory inside the worker, so a bundle can
 * fetch Cognito's JWKS offline; every other request goes out unchanged. The bundle's own code is
 * not touched.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// CommonJS, evaluated by the worker. Answers the stubbed URLs for `https.request` (the transport
// aws-jwt-verify uses in Node), then imports the bundle and serves invocations.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const https = require('node:https');
const { syncBuiltinESMExports } = require('node:module');
const { Readable } = require('node:stream');
const { EventEmitter } = require('node:events');
const fetched = {};
const original = https.request;
https.request = function (uri, ...rest) {
  const body = workerData.https[String(uri)];
  if (body === undefined) return original.call(this, uri, ...rest);
  fetched[uri] = (fetched[uri] || 0) + 1;
  const callback = rest.find((a) => typeof a === 'function');
  const request = new EventEmitter();
  request.end = () => {
    const response = Object.assign(Readable.from([Buffer.from(body)]), { statusCode: 200, headers: { 'content-type': 'application/json' } });
    setImmediate(() => callback(response));
    return request;
  };
  request.destroy = () => request;
  return request;
};
syncBuiltinESMExports();
import(workerData.bundleUrl).then(
  (module) => {
    parentPort.on('message', async ({ id, event, context }) => {
      try {
        const result = await module.handler(event, { ...context, getRemainingTimeInMillis: () => 10000, done() {}, fail() {}, succeed() {} });
        parentPort.postMessage({ id, result, fetched });
      } catch (error) {
        parentPort.postMessage({ id, error: String(error && error.stack || error), fetched });
      }
    });
    parentPort.postMessage({ ready: true, exports: Object.keys(module) });
  },
  (error) => parentPort.postMessage({ initError: String(error && error.stack || error) }),
);
`;

export interface LambdaWorker {
  /** Names the bundle exports. */
  readonly exports: string[];
  invoke<T>(event: unknown, context?: Record<string, unknown>): Promise<T>;
  /** How often each stubbed URL was requested so far. */
  fetched(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startLambdaWorker(bundleFile: string, options: { env: Record<string, string>; https?: Record<string, string> }): Promise<LambdaWorker> {
  const worker = new Worker(WORKER, {
    eval: true,
    env: { ...process.env, ...options.env },
    workerData: { bundleUrl: pathToFileURL(bundleFile).href, https: options.https ?? {} },
  });
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let fetched: Record<string, number> = {};
  let nextId = 1;
  const exports = await new Promise<string[]>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { ready?: boolean; exports?: string[]; initError?: string }) => {
      if (message.ready) resolve(message.exports ?? []);
      else reject(new Error(`The bundle failed at init: ${message.initError}`));
    });
  });
  worker.on('message', (message: { id: number; result?: unknown; error?: string; fetched: Record<string, number> }) => {
    fetched = message.fetched;
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  });
  return {
    exports,
    invoke(event, context = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, event, context });
      });
    },
    fetched: () => ({ ...fetched }),
    async stop() {
      await worker.terminate();
    },
  };
}
