/** API Gateway HTTP API (payload format 2.0) events, as the JWT authorizer route hands them to Lambda. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface Request {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The claims API Gateway's JWT authorizer verified (it passes them as strings). */
  claims?: Record<string, string | number | boolean>;
}

const API_ID = 'abc123defg';
const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

export function httpApiEvent(request: Request): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [rawPath, rawQueryString = ''] = request.path.split('?') as [string, string?];
  const routeKey = rawPath.startsWith('/api/v1/') ? 'ANY /api/v1/{proxy+}' : '$default';
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers: {
      accept: 'application/json',
      host: DOMAIN,
      'user-agent': 'bundle-test',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    },
    ...(rawQueryString ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) } : {}),
    ...(routeKey === '$default' ? {} : { pathParameters: { proxy: rawPath.slice('/api/v1/'.length) } }),
    requestContext: {
      accountId: '123456789012',
      apiId: API_ID,
      domainName: DOMAIN,
      domainPrefix: API_ID,
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bundle-test' },
      requestId: `req-${now.getTime()}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: request.claims ?? {}, scopes: null as unknown as string[] } },
    },
    body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** The serialisable part of a Lambda context (the worker adds the methods). */
export function lambdaContext(functionName = 'ActionPlanTracker-test-ApiFunction') {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2025/11/22/[$LATEST]0123456789abcdef',
  };
}

export type HttpApiResult = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };
