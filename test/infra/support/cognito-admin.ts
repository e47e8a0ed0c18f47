/**
 * A stand-in for Cognito's user pool admin API (the calls of shared/accounts/cognito.ts), on a
 * local port: point a bundle or the accounts module at it with the AWS SDK's
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. It records every call (operation and input) and
 * answers each with success; AdminGetUser finds nobody.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CognitoAdminCall {
  /** The operation, e.g. `AdminCreateUser` (from the X-Amz-Target header). */
  operation: string;
  input: Record<string, unknown>;
}

export interface FakeCognitoAdmin {
  endpoint: string;
  /** Calls so far, in order. */
  calls: CognitoAdminCall[];
  stop(): Promise<void>;
}

const PREFIX = 'AWSCognitoIdentityProviderService.';

export async function fakeCognitoAdmin(): Promise<FakeCognitoAdmin> {
  const calls: CognitoAdminCall[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(PREFIX) ? target.slice(PREFIX.length) : target;
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      calls.push({ operation, input });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (operation === 'AdminGetUser') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'UserNotFoundException', message: 'User does not exist.' }));
        return;
      }
      const answer =
        operation === 'AdminCreateUser'
          ? { User: { Username: input.Username, Attributes: input.UserAttributes, Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD', UserCreateDate: 1_700_000_000 } }
          : {};
      response.end(JSON.stringify(answer));
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
