/**
 * Lambda entry of the web app (the pages and the signed links in mail), behind the HTTP API's
 * default route: AWS dependencies are built once per container.
 */
import { handle } from 'hono/aws-lambda';
import { cognitoAccountsBeside } from '../shared/accounts/port.ts';
import { sheetsBeside } from '../shared/sheets/port.ts';
import { s3UploadsBeside } from '../shared/sheets/uploads.ts';
import { cognitoVerifier } from '../shared/api/identity.ts';
import { webConfig } from '../shared/config.ts';
import { mailLinks, type MailLinks } from '../shared/mail/links.ts';
import { dynamoDocumentClient } from '../shared/store/client.ts';
import { Cursors, createStore } from '../shared/store/index.ts';
import { createWebApp } from '../shared/web/app.ts';
import { icalendarBeside } from '../shared/web/icalendar.ts';

const config = webConfig();
const { doc } = dynamoDocumentClient();

// The deployment secret is read when someone first follows a link from a mail or a list first needs
// a page cursor, not at init: most pages need neither, and Secrets Manager's client and round trip
// were a third of the cold start.
let secret: Promise<string> | undefined;
const loadSecret = () =>
  (secret ??= import('../shared/mail/secret.ts')
    .then(({ loadLinkSecret }) => loadLinkSecret(config.linkSigningSecretArn))
    .catch((error: unknown) => {
      secret = undefined; // try again on the next request
      throw error;
    }));
const loadMailLinks = (): Promise<MailLinks> => loadSecret().then((s) => mailLinks({ publicUrl: config.publicUrl, secret: s }));

export const handler = handle(
  createWebApp({
    store: createStore(doc, config.tableName, () => new Date(), new Cursors(loadSecret)),
    // People invited, changed, deactivated from the pages become Cognito users; the adapter sits
    // beside this bundle and is loaded on the first such change, not at init.
    accounts: cognitoAccountsBeside(import.meta.url, config.userPoolId),
    // The spreadsheet module sits beside this bundle too, loaded on the first import or export.
    sheets: sheetsBeside(import.meta.url),
    // Spreadsheets go straight to the uploads bucket; the S3 adapter sits beside this bundle, loaded on the first upload.
    ...(config.uploads ? { uploads: s3UploadsBeside(import.meta.url, config.uploads) } : {}),
    verifier: cognitoVerifier(config.userPoolId, config.userPoolClientId),
    now: () => new Date(),
    config: { corsOrigins: [], publicUrl: config.publicUrl, ...(config.iatiReportingOrg ? { iatiReportingOrg: config.iatiReportingOrg } : {}) },
    mailLinks: loadMailLinks,
    signIn: { cognito: { domain: config.signInUrl, clientId: config.userPoolClientId } },
    // The calendar feeds' writer sits beside this bundle too, loaded on the first feed.
    icalendar: icalendarBeside(import.meta.url),
  }),
);
