/** Lambda entry of the HTTP API and web app: AWS dependencies are built once per container. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../shared/api/app.ts';
import { cognitoVerifier } from '../shared/api/identity.ts';
import { apiConfig } from '../shared/config.ts';
import { mailLinks } from '../shared/mail/links.ts';
import { loadLinkSecret } from '../shared/mail/secret.ts';
import { createStore } from '../shared/store/index.ts';

const config = apiConfig();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
// Read during init (top-level await), so no request waits for it and a failure retries the init.
const linkSecret = await loadLinkSecret(config.linkSigningSecretArn);

export const handler = handle(
  createApp({
    store: createStore(doc, config.tableName),
    verifier: cognitoVerifier(config.userPoolId, config.userPoolClientId),
    now: () => new Date(),
    config: { corsOrigins: config.corsOrigins, publicUrl: config.publicUrl },
    mailLinks: mailLinks({ publicUrl: config.publicUrl, secret: linkSecret }),
    ...(config.signInUrl ? { signIn: { cognito: { domain: config.signInUrl, clientId: config.userPoolClientId } } } : {}),
  }),
);
