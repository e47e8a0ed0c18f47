/**
 * The HTTP API in front of two Lambdas, both Hono apps: the JSON API (functions/api.ts) and the
 * web app (functions/web.ts), so that an API call's cold start loads none of the pages.
 * `/api/v1/*` goes through a JWT authorizer on the user pool (the app verifies the token again);
 * the API description and `/api/docs` reach the API without it; everything else (the pages, which
 * keep their own cookie session, the mail links and `/health`) is the default route to the web
 * app. Access logs in JSON, throttling, CORS only for the configured origins.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type CorsPreflightOptions,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DOCS_PATH, OPENAPI_PATH } from '../shared/api/app.ts';
import type { Data } from './data.ts';
import { LOG_RETENTION, TABLE_ACTIONS, TrackerFunction } from './function.ts';
import type { Identity } from './identity.ts';
import type { Mail } from './mail.ts';
import type { Uploads } from './uploads.ts';

/**
 * Stage-wide throttling: far above what a few hundred officials and donors generate, low enough
 * that a runaway client cannot run up the DynamoDB bill or starve the account's Lambda concurrency.
 */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** The same headers and methods the app's own CORS middleware allows (`shared/api/app.ts`). */
export const CORS = {
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
  exposeHeaders: ['ETag', 'Location'],
  allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE, CorsHttpMethod.OPTIONS],
  maxAge: Duration.minutes(10),
} as const;

/** Both functions touch the table only through the store's reads and guarded transactions. */
export const API_TABLE_ACTIONS = [...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write];

export interface ApiProps {
  readonly data: Data;
  readonly identity: Identity;
  readonly mail: Mail;
  readonly uploads: Uploads;
  readonly allowedOrigins: string[];
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly fn: TrackerFunction;
  readonly webFn: TrackerFunction;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { data, identity, mail, uploads, allowedOrigins } = props;

    const cors: CorsPreflightOptions | undefined = allowedOrigins.length
      ? { ...CORS, allowMethods: [...CORS.allowMethods], allowHeaders: [...CORS.allowHeaders], exposeHeaders: [...CORS.exposeHeaders], allowOrigins: allowedOrigins }
      : undefined;
    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Regional action plan tracker: API and web app',
      createDefaultStage: false,
      ...(cors ? { corsPreflight: cors } : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            responseLength: '$context.responseLength',
            user: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const appUrl = this.httpApi.apiEndpoint;
    const client = identity.addWebClient([appUrl, ...allowedOrigins]);
    this.client = client;

    this.fn = new TrackerFunction(this, 'Function', {
      name: 'api',
      description: 'Regional action plan tracker: JSON API (Hono)',
      // Init (bundle load and building the app's routes and schemas) is CPU-bound and CPU grows
      // with memory: 1024 MB (about 0.6 vCPU) keeps cold starts short; requests themselves need
      // little memory.
      memorySize: 1024,
      // A request is a few DynamoDB calls; 10 s allows SDK retries on throttling and still answers
      // well before the HTTP API's 30 s integration limit.
      timeout: Duration.seconds(10),
      environment: {
        USER_POOL_ID: identity.userPool.userPoolId,
        USER_POOL_CLIENT_ID: client.userPoolClientId,
        PUBLIC_URL: appUrl,
        CORS_ORIGINS: allowedOrigins.join(','),
      },
    });
    this.fn.bindTable(data.table, data.definition, API_TABLE_ACTIONS);
    // The deployment secret: the API derives its page-cursor key from it (shared/store/cursors.ts).
    mail.grantLinkSigning(this.fn);

    this.webFn = new TrackerFunction(this, 'WebFunction', {
      name: 'web',
      description: 'Regional action plan tracker: web app and mail links (Hono, server-rendered)',
      // Same reasoning as the API: CPU-bound init, small requests (a page is a few DynamoDB calls
      // and one render of at most ~35 KB of HTML).
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: {
        USER_POOL_ID: identity.userPool.userPoolId,
        USER_POOL_CLIENT_ID: client.userPoolClientId,
        SIGN_IN_URL: identity.signInUrl,
        PUBLIC_URL: appUrl,
      },
    });
    this.webFn.bindTable(data.table, data.definition, API_TABLE_ACTIONS);
    mail.grantLinkSigning(this.webFn);
    // The secretariat invites, changes and deactivates people from the pages and through the JSON
    // API: both functions create and update their Cognito users (the accounts module beside each bundle).
    identity.grantAccounts(this.fn);
    identity.grantAccounts(this.webFn);
    // Spreadsheets reach both through the uploads bucket (API Gateway passes at most 6 MB, base64).
    uploads.grantUploads(this.fn);
    uploads.grantUploads(this.webFn);

    for (const fn of [this.fn, this.webFn]) {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'API Gateway invokes this function synchronously: a failure is returned to the caller (and alarmed on), there is no asynchronous event a dead-letter queue could keep.',
      });
    }

    const integration = new HttpLambdaIntegration('App', this.fn);
    const webIntegration = new HttpLambdaIntegration('Web', this.webFn);
    const authorizer = new HttpUserPoolAuthorizer('Cognito', identity.userPool, {
      userPoolClients: [client],
      identitySource: ['$request.header.Authorization'],
    });
    // Signed-in API: the JWT authorizer rejects missing, foreign or expired tokens before Lambda runs.
    this.httpApi.addRoutes({ path: '/api/v1/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });
    // The API description and its reference page are public so that clients can be generated from it.
    const [description] = this.httpApi.addRoutes({ path: OPENAPI_PATH, methods: [HttpMethod.GET], integration });
    const [docs] = this.httpApi.addRoutes({ path: DOCS_PATH, methods: [HttpMethod.GET], integration });
    // Everything else: the web pages (which sign people in themselves), the mail links and /health.
    const fallback = new HttpRoute(this, 'WebRoute', { httpApi: this.httpApi, routeKey: HttpRouteKey.DEFAULT, integration: webIntegration });
    for (const route of [description!, docs!]) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'GET /api/v1/openapi.json and GET /api/docs are the public API description (no data); every other /api/v1 route has the Cognito JWT authorizer.',
      });
    }
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route serves /health, the signed mail links and the server-rendered web pages, which sign people in through the Cognito hosted pages and keep their own session cookie; /api/v1 has its own route with the JWT authorizer, and the app verifies tokens itself as well.',
    });
  }
}
