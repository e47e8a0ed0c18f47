/**
 * Lambda entry of the web app (the pages and the signed links in mail), behind the HTTP API's
 * default route: AWS dependencies are built once per container.
 */
import { handle } from 'hono/aws-lambda';
import { cognitoAccountsBeside } from '../shared/accounts/port.ts';
import { cognitoVerifier } from '../shared/api/identity.ts';
import { webConfig } from '../shared/config.ts';
import { mailLinks, type MailLinks } from '../shared/mail/links.ts';
import { dynamoDocumentClient } from '../shared/store/client.ts';
import { createStore } from '../shared/store/index.ts';
import { createWebApp } from '../shared/web/app.ts';

const config = webConfig();
const { doc } = dynamoDocumentClient();

// The link-signing secret is read when someone first follows a link from a mail, not at init: most
// pages never need it, and Secrets Manager's client and round trip were a third of the cold start.
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
  createWebApp({
    store: createStore(doc, config.tableName),
    // People invited, changed, deactivated from the pages become Cognito users; the adapter sits
    // beside this bundle and is loaded on the first such change, not at init.
    accounts: cognitoAccountsBeside(import.meta.url, config.userPoolId),
    verifier: cognitoVerifier(config.userPoolId, config.userPoolClientId),
    now: () => new Date(),
    config: { corsOrigins: [], publicUrl: config.publicUrl, ...(config.iatiReportingOrg ? { iatiReportingOrg: config.iatiReportingOrg } : {}) },
    mailLinks: loadMailLinks,
    signIn: { cognito: { domain: config.signInUrl, clientId: config.userPoolClientId } },
  }),
);
