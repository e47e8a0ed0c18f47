/**
 * A stand-in for the one Secrets Manager call the functions make (GetSecretValue), on a local
 * port: point a bundle at it with the AWS SDK's AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  endpoint: string;
  /** GetSecretValue calls so far, by secret id. */
  calls: Record<string, number>;
  stop(): Promise<void>;
}

export async function fakeSecretsManager(secrets: Record<string, string>): Promise<FakeSecretsManager> {
  const calls: Record<string, number> = {};
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const value = SecretId === undefined ? undefined : secrets[SecretId];
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret.` }));
        return;
      }
      calls[SecretId!] = (calls[SecretId!] ?? 0) + 1;
      response.end(JSON.stringify({ ARN: SecretId, Name: SecretId!.split(':').pop(), SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1_700_000_000 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
