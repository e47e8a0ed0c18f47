/** Lambda entry of the HTTP API and web app: AWS dependencies are built once per container. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../shared/api/app.ts';
import { cognitoVerifier } from '../shared/api/identity.ts';
import { apiConfig } from '../shared/config.ts';
import { mailLinks, type MailLinks } from '../shared/mail/links.ts';
import { createStore } from '../shared/store/index.ts';

const config = apiConfig();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

// The link-signing secret is read when someone first follows a link from a mail, not at init: most
// requests never need it, and Secrets Manager's client and round trip were a third of the cold start.
let links: Promise<MailLinks> | undefined;
const loadMailLinks = () =>
  (links ??= import('../shared/mail/secret.ts')
    .then(({ loadLinkSecret }) => loadLinkSecret(config.linkSigningSecretArn))
    .then((secret) => mailLinks({ publicUrl: config.publicUrl, secret }))
    .catch((error: unknown) => {
      links = undefined; // try again on the next request
      throw error;
    }));

export const handler = handle(
  createApp({
    store: createStore(doc, config.tableName),
    verifier: cognitoVerifier(config.userPoolId, config.userPoolClientId),
    now: () => new Date(),
    config: { corsOrigins: config.corsOrigins, publicUrl: config.publicUrl },
    mailLinks: loadMailLinks,
    ...(config.signInUrl ? { signIn: { cognito: { domain: config.signInUrl, clientId: config.userPoolClientId } } } : {}),
  }),
);
