/**
 * Lambda entry of the JSON API (`/api/v1`, its description and `/api/docs`): AWS dependencies are
 * built once per container. The web pages are another function (functions/web.ts), so an API
 * call's cold start loads none of them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createApiApp } from '../shared/api/app.ts';
import { cognitoVerifier } from '../shared/api/identity.ts';
import { apiConfig } from '../shared/config.ts';
import { createStore } from '../shared/store/index.ts';

const config = apiConfig();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

export const handler = handle(
  createApiApp({
    store: createStore(doc, config.tableName),
    verifier: cognitoVerifier(config.userPoolId, config.userPoolClientId),
    now: () => new Date(),
    config: { corsOrigins: config.corsOrigins, publicUrl: config.publicUrl },
  }),
);
