/**
 * The API function reads the deployment secret with one signed request (shared/secret-http.ts), not
 * the Secrets Manager client: the request is the one the client would send (target, body, signed
 * headers, credential scope), and a refusal or a short secret is an error naming the secret.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSecretString } from '../../shared/secret-http.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkSigning-AbCdEf';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let endpoint = '';
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    received.push({ headers: request.headers, body });
    response.statusCode = answer.status;
    response.setHeader('content-type', 'application/x-amz-json-1.1');
    response.end(JSON.stringify(answer.body));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const signedHeaders = (h: IncomingHttpHeaders) => /SignedHeaders=([^,]+)/.exec(String(h.authorization))?.[1]?.split(';');
/** Key id, region, service: the credential scope without its date. */
const scope = (h: IncomingHttpHeaders) => /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(h.authorization))?.slice(1);

describe('reading the deployment secret without the Secrets Manager client', () => {
  it('sends what the client sends, signed the same way, and returns the secret', async () => {
    answer = { status: 200, body: { ARN, SecretString: 's'.repeat(64) } };
    received.length = 0;
    expect(await fetchSecretString(ARN, { credentials: async () => credentials, region: 'eu-west-1', endpoint })).toBe('s'.repeat(64));
    await new SecretsManagerClient({ region: 'eu-west-1', endpoint, credentials }).send(new GetSecretValueCommand({ SecretId: ARN }));
    const [ours, sdk] = received;
    expect(JSON.parse(ours!.body)).toEqual(JSON.parse(sdk!.body));
    expect(ours!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(ours!.headers['content-type']).toBe(sdk!.headers['content-type']);
    expect(ours!.headers['x-amz-security-token']).toBe('session-token');
    expect(String(ours!.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    expect(scope(ours!.headers)).toEqual(scope(sdk!.headers));
    // Every header the client signs (but its own user agent and request ids) is signed here too.
    const sdkSigned = signedHeaders(sdk!.headers)!.filter((h) => !/^(x-amz-user-agent|amz-sdk-)/.test(h));
    expect(signedHeaders(ours!.headers)).toEqual(expect.arrayContaining(sdkSigned));
  });

  it('fails with a sentence naming the secret when Secrets Manager refuses, or the secret is too short', async () => {
    answer = { status: 400, body: { __type: 'AccessDeniedException', message: 'not allowed' } };
    await expect(fetchSecretString(ARN, { credentials: async () => credentials, endpoint })).rejects.toThrow(`Secrets Manager refused GetSecretValue for ${ARN}: AccessDeniedException (not allowed)`);
    answer = { status: 200, body: { ARN, SecretString: 'short' } };
    await expect(fetchSecretString(ARN, { credentials: async () => credentials, endpoint })).rejects.toThrow(`The secret ${ARN} must be a string of at least 32 characters.`);
  });
});
