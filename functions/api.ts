/**
 * Lambda entry of the JSON API (`/api/v1`, its description and `/api/docs`): AWS dependencies are
 * built once per container. The web pages are another function (functions/web.ts), so an API
 * call's cold start loads none of them; the API description was made when this function was
 * bundled and sits beside it, as does the Cognito accounts module (infra/bundling.ts).
 */
import { readFile } from 'node:fs/promises';
import { handle } from 'hono/aws-lambda';
import { cognitoAccountsBeside } from '../shared/accounts/port.ts';
import { sheetsBeside } from '../shared/sheets/port.ts';
import { s3UploadsBeside } from '../shared/sheets/uploads.ts';
import { createApiApp } from '../shared/api/app.ts';
import { cognitoVerifier } from '../shared/api/identity.ts';
import { apiConfig } from '../shared/config.ts';
import { fetchSecretString } from '../shared/secret-http.ts';
import { dynamoDocumentClient } from '../shared/store/client.ts';
import { Cursors, createStore } from '../shared/store/index.ts';

const config = apiConfig();
const { client, doc } = dynamoDocumentClient();
const description = new URL('./openapi.json', import.meta.url);
// Page cursors are sealed with a key derived from the deployment secret, read from Secrets Manager
// when a list first needs a cursor, not at init (one signed request: no Secrets Manager client here).
const cursors = new Cursors(() => fetchSecretString(config.linkSigningSecretArn, { credentials: client.config.credentials }));

export const handler = handle(
  createApiApp(
    {
      store: createStore(doc, config.tableName, () => new Date(), cursors),
      // People invited and changed through the API become Cognito users; the adapter sits beside
      // this bundle and is loaded on the first such change, not at init.
      accounts: cognitoAccountsBeside(import.meta.url, config.userPoolId),
      // The spreadsheet module sits beside this bundle too, loaded on the first import or export.
      sheets: sheetsBeside(import.meta.url),
      // Spreadsheets go straight to the uploads bucket; the S3 adapter sits beside this bundle, loaded on the first upload.
      ...(config.uploads ? { uploads: s3UploadsBeside(import.meta.url, config.uploads) } : {}),
      verifier: cognitoVerifier(config.userPoolId, config.userPoolClientId),
      now: () => new Date(),
      config: { corsOrigins: config.corsOrigins, publicUrl: config.publicUrl, ...(config.iatiReportingOrg ? { iatiReportingOrg: config.iatiReportingOrg } : {}) },
    },
    async () => JSON.parse(await readFile(description, 'utf8')) as Record<string, unknown>,
  ),
);
