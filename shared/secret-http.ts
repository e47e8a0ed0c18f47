/**
 * A secret's string from Secrets Manager in one signed HTTPS request (GetSecretValue), for the API
 * function: signed with the SDK's own SigV4 signer and the DynamoDB client's credentials, both in
 * the API bundle already, so the bundle carries no Secrets Manager client (which would weigh on
 * every cold start, test/infra/bundles.test.ts). The web and job functions, which carry the client
 * anyway, use shared/mail/secret.ts. Honours the SDK's endpoint override variables.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) => (typeof data === 'string' ? Buffer.from(data) : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data));

/** SHA-256 (and its HMAC) in the shape the signer takes, from node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export async function fetchSecretString(
  secretArn: string,
  options: { credentials: Credentials; region?: string; endpoint?: string; timeoutMs?: number },
): Promise<string> {
  const region = options.region ?? process.env.AWS_REGION ?? secretArn.split(':')[3] ?? '';
  const url = new URL(options.endpoint ?? process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? process.env.AWS_ENDPOINT_URL ?? `https://secretsmanager.${region}.amazonaws.com`);
  const body = JSON.stringify({ SecretId: secretArn });
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' };
  const signer = new SignatureV4({ service: 'secretsmanager', region, credentials: options.credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname || '/',
    query: {},
    headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  // fetch sets Host and Content-Length itself, to the values that were signed.
  const { host: _host, 'content-length': _length, ...send } = signed.headers;
  const response = await fetch(url, { method: 'POST', headers: send, body, signal: AbortSignal.timeout(options.timeoutMs ?? 3000) });
  const out = (await response.json().catch(() => ({}))) as { SecretString?: string; __type?: string; message?: string };
  if (!response.ok) throw new Error(`Secrets Manager refused GetSecretValue for ${secretArn}: ${out.__type ?? response.status}${out.message ? ` (${out.message})` : ''}`);
  const secret = out.SecretString;
  if (!secret || secret.length < 32) throw new Error(`The secret ${secretArn} must be a string of at least 32 characters.`);
  return secret;
}
