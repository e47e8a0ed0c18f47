/**
 * What the deployed stack is, read from the synthesized template (bundling skipped): the table
 * from the shared definition, the user pool, the HTTP API, the functions, the schedules, mail and
 * alarms. Every synthesis also runs cdk-nag (see nag.test.ts).
 */
import { SESSION_SECONDS } from '../../shared/domain/constants.ts';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_THROTTLE, CORS } from '../../infra/api.ts';
import { esbuildOptions, functionBundling } from '../../infra/bundling.ts';
import { SCHEDULER_RETRY } from '../../infra/schedules.ts';
import { UPLOAD_ACTIONS } from '../../infra/uploads.ts';
import { createApp } from '../../shared/app.ts';
import type { AppDeps } from '../../shared/api/http.ts';
import { ROLES } from '../../shared/domain/resources.ts';
import { JOB_SCHEDULES, SCHEDULER_INPUT } from '../../shared/jobs/schedule.ts';
import { createTableInput, trackerTable } from '../../shared/store/tables.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../../shared/web/cognito.ts';
import { resourcesOf, synthesize } from './support/synth.ts';

type Synthesized = ReturnType<typeof synthesize>;

const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

function only(s: Synthesized, type: string): [string, Record<string, any>] {
  const found = resourcesOf(s.json, type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return [found[0]![0], found[0]![1].Properties ?? {}];
}

function functionsOf(s: Synthesized) {
  const byService = (name: string) => {
    const found = resourcesOf(s.json, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === `tracker-${name}`);
    if (!found) throw new Error(`no ${name} function in the template`);
    return { id: found[0], props: found[1].Properties! };
  };
  return { api: byService('api'), web: byService('web'), reminders: byService('reminders'), digests: byService('digests') };
}

describe('the stack with default parameters', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  }, 120_000);

  describe('data', () => {
    it('has the one table of the shared definition, with the same keys and indexes the local stack creates', () => {
      const [, table] = only(s, 'AWS::DynamoDB::Table');
      const local = createTableInput(trackerTable, 'local');
      expect(table.KeySchema).toEqual(local.KeySchema);
      expect(new Set(table.AttributeDefinitions)).toEqual(new Set(local.AttributeDefinitions));
      expect(table.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    });

    it('is on-demand, encrypted, point-in-time recoverable, protected from deletion and kept when the stack goes', () => {
      s.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
          TimeToLiveSpecification: { AttributeName: trackerTable.timeToLiveAttribute, Enabled: true },
        }),
      });
    });
  });

  describe('identity', () => {
    it('has a user pool for email sign-in by invitation only, with a strong password policy and TOTP required', () => {
      s.template.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          UsernameAttributes: ['email'],
          AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
          Policies: {
            PasswordPolicy: Match.objectLike({
              MinimumLength: 12,
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
            }),
          },
          MfaConfiguration: 'ON',
          EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
          UserPoolTier: 'PLUS',
          UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
          DeletionProtection: 'ACTIVE',
        }),
      });
    });

    it('carries the custom attributes the app reads (role, administration, donor, person) and a group per role', () => {
      const [, pool] = only(s, 'AWS::Cognito::UserPool');
      const custom = (pool.Schema as { Name: string; Mutable: boolean }[]).map((a) => a.Name).sort();
      expect(custom).toEqual(['administration', 'donor', 'person', 'role']);
      const groups = resourcesOf(s.json, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!.GroupName).sort();
      expect(groups).toEqual([...ROLES].sort());
    });

    it('has a public web client: authorization code flow (PKCE), no secret, callbacks on the app', () => {
      const [apiId] = only(s, 'AWS::ApiGatewayV2::Api');
      const endpoint = { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] };
      s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: Match.arrayWith(['openid']),
        CallbackURLs: [{ 'Fn::Join': ['', [endpoint, CALLBACK_PATH]] }],
        LogoutURLs: [{ 'Fn::Join': ['', [endpoint, SIGNED_OUT_PATH]] }],
        SupportedIdentityProviders: ['COGNITO'],
      });
    });

    it('keeps sessions short and revocable: 5-minute ID and access tokens, a 12-hour refresh token, token revocation on', () => {
      const [, client] = only(s, 'AWS::Cognito::UserPoolClient');
      expect(client).toMatchObject({
        EnableTokenRevocation: true,
        IdTokenValidity: 5,
        AccessTokenValidity: 5,
        RefreshTokenValidity: 720,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      });
      // The same lifetimes as the development issuer's (one definition).
      expect(client.IdTokenValidity * 60).toBe(SESSION_SECONDS.idToken);
      expect(client.RefreshTokenValidity * 60).toBe(SESSION_SECONDS.refreshToken);
    });

    it('lets people change only their name and language, never the attributes that decide what they may do', () => {
      const [, client] = only(s, 'AWS::Cognito::UserPoolClient');
      expect(client.WriteAttributes.sort()).toEqual(['locale', 'name']);
      expect(client.AllowedOAuthScopes).not.toContain('aws.cognito.signin.user.admin');
    });

    it('has the hosted (managed login) sign-in domain with the given prefix, branded for the client', () => {
      s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'action-plan-tracker-dev', ManagedLoginVersion: 2 });
      const [clientId] = only(s, 'AWS::Cognito::UserPoolClient');
      s.template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: ref(clientId), UseCognitoProvidedValues: true });
    });
  });

  describe('HTTP API', () => {
    it('is one HTTP API with a JWT authorizer on the user pool and web client', () => {
      const [poolId] = only(s, 'AWS::Cognito::UserPool');
      const [clientId] = only(s, 'AWS::Cognito::UserPoolClient');
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [ref(clientId)],
          Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref(poolId)]] },
        },
      });
    });

    it('puts the JWT authorizer on /api/v1 and leaves only the API description and the web pages without it', () => {
      const [authorizerId] = only(s, 'AWS::ApiGatewayV2::Authorizer');
      const routes: Record<string, Record<string, any>> = Object.fromEntries(
        resourcesOf(s.json, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties!.RouteKey as string, r.Properties!]),
      );
      expect(Object.keys(routes).sort()).toEqual(['$default', 'ANY /api/v1/{proxy+}', 'GET /api/docs', 'GET /api/v1/openapi.json']);
      expect(routes['ANY /api/v1/{proxy+}']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: ref(authorizerId) });
      expect(routes['GET /api/v1/openapi.json']!.AuthorizationType).toBe('NONE');
      expect(routes['GET /api/docs']!.AuthorizationType).toBe('NONE');
      expect(routes.$default!.AuthorizationType).toBe('NONE');
    });

    it('sends /api to the API function and everything else to the web function, with payload format 2.0', () => {
      const { api, web } = functionsOf(s);
      const integrations = Object.fromEntries(
        resourcesOf(s.json, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => {
          expect(r.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
          return [id, r.Properties!.IntegrationUri];
        }),
      );
      expect(Object.values(integrations)).toHaveLength(2);
      const targetOf = (key: string) => {
        const route = resourcesOf(s.json, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties!.RouteKey === key)![1].Properties!;
        const integrationId = (route.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
        return integrations[integrationId];
      };
      for (const key of ['ANY /api/v1/{proxy+}', 'GET /api/v1/openapi.json', 'GET /api/docs']) expect(targetOf(key), key).toEqual(arnOf(api.id));
      expect(targetOf('$default')).toEqual(arnOf(web.id));
    });

    it('throttles the stage and writes JSON access logs to a log group with retention', () => {
      const [, stage] = only(s, 'AWS::ApiGatewayV2::Stage');
      expect(stage).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: API_THROTTLE.rateLimit, ThrottlingBurstLimit: API_THROTTLE.burstLimit },
      });
      const format = JSON.parse(stage.AccessLogSettings.Format as string);
      expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
      const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
      expect(s.json.Resources[logGroupId]!.Properties!.RetentionInDays).toBe(90);
    });
  });

  describe('functions', () => {
    it('run Node 24 on arm64 with tracing, JSON logs in their own log group, and a memory size and timeout of their own', () => {
      const fns = functionsOf(s);
      for (const { props } of Object.values(fns)) {
        expect(props).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        });
        const logGroupId = props.LoggingConfig.LogGroup.Ref as string;
        expect(s.json.Resources[logGroupId]!.Properties!.RetentionInDays).toBe(90);
      }
      expect(fns.api.props).toMatchObject({ MemorySize: 1024, Timeout: 10 });
      expect(fns.reminders.props).toMatchObject({ MemorySize: 512, Timeout: 300 });
      expect(fns.digests.props).toMatchObject({ MemorySize: 512, Timeout: 300 });
    });

    it('are bundled with the shared esbuild options: ESM, minified, source maps, module-first, the AWS SDK inside', () => {
      expect(functionBundling).toMatchObject({
        format: 'esm',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        bundleAwsSDK: true,
        target: esbuildOptions.target,
        banner: esbuildOptions.banner.js,
      });
      expect(esbuildOptions).toMatchObject({ format: 'esm', platform: 'node', minify: true, sourcemap: true, mainFields: ['module', 'main'] });
    });

    it('give the API function what functions/api.ts reads, and the web function what functions/web.ts reads', () => {
      const { api, web } = functionsOf(s);
      expect(Object.keys(api.props.Environment.Variables).sort()).toEqual(
        ['CORS_ORIGINS', 'LINK_SIGNING_SECRET_ARN', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'PUBLIC_URL', 'TABLE_NAME', 'UPLOADS_BUCKET', 'USER_POOL_CLIENT_ID', 'USER_POOL_ID'],
      );
      // The API derives its page-cursor key from the deployment secret.
      expect(api.props.Environment.Variables.LINK_SIGNING_SECRET_ARN).toEqual(ref(only(s, 'AWS::SecretsManager::Secret')[0]));
      expect(Object.keys(web.props.Environment.Variables).sort()).toEqual(
        ['LINK_SIGNING_SECRET_ARN', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'PUBLIC_URL', 'SIGN_IN_URL', 'TABLE_NAME', 'UPLOADS_BUCKET', 'USER_POOL_CLIENT_ID', 'USER_POOL_ID'],
      );
      expect(web.props.Environment.Variables.LINK_SIGNING_SECRET_ARN).toEqual(ref(only(s, 'AWS::SecretsManager::Secret')[0]));
      // Both take spreadsheets through the one uploads bucket.
      const [bucketId] = only(s, 'AWS::S3::Bucket');
      expect(api.props.Environment.Variables.UPLOADS_BUCKET).toEqual(ref(bucketId));
      expect(web.props.Environment.Variables.UPLOADS_BUCKET).toEqual(ref(bucketId));
    });

    it('give the job functions what shared/jobs/config.ts reads, and a dead-letter queue for failed asynchronous runs', () => {
      const { reminders, digests } = functionsOf(s);
      const [queueId] = only(s, 'AWS::SQS::Queue');
      for (const job of [reminders, digests]) {
        expect(job.props.Environment.Variables).toMatchObject({
          TABLE_NAME: ref(only(s, 'AWS::DynamoDB::Table')[0]),
          MAIL_FROM: 'tracker@example.org',
          PUBLIC_URL: { 'Fn::GetAtt': [only(s, 'AWS::ApiGatewayV2::Api')[0], 'ApiEndpoint'] },
          LINK_SIGNING_SECRET_ARN: ref(only(s, 'AWS::SecretsManager::Secret')[0]),
        });
        expect(job.props.DeadLetterConfig).toEqual({ TargetArn: arnOf(queueId) });
      }
    });
  });

  describe('schedules', () => {
    it('invoke each job on its schedule with the shared payload, a retry policy and the dead-letter queue', () => {
      const fns = functionsOf(s);
      const [queueId] = only(s, 'AWS::SQS::Queue');
      for (const name of ['reminders', 'digests'] as const) {
        s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: JOB_SCHEDULES[name].expression,
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target: {
            Arn: arnOf(fns[name].id),
            Input: JSON.stringify(SCHEDULER_INPUT),
            RoleArn: Match.anyValue(),
            RetryPolicy: {
              MaximumRetryAttempts: SCHEDULER_RETRY.retryAttempts,
              MaximumEventAgeInSeconds: SCHEDULER_RETRY.maxEventAge.toSeconds(),
            },
            DeadLetterConfig: { Arn: arnOf(queueId) },
          },
        });
      }
      expect(resourcesOf(s.json, 'AWS::Scheduler::Schedule')).toHaveLength(2);
    });

    it('run as a role only EventBridge Scheduler of this account may assume', () => {
      s.template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
      });
    });

    it('dead-letter into an encrypted queue that refuses unencrypted transport', () => {
      const [queueId, queue] = only(s, 'AWS::SQS::Queue');
      expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });
  });

  describe('uploads', () => {
    it('is one private bucket: public access blocked, objects owned by the bucket, SSE-S3, TLS only, no CORS', () => {
      const [bucketId, bucket] = only(s, 'AWS::S3::Bucket');
      expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      // The form POSTs to S3, which redirects the browser back (success_action_redirect): no CORS needed.
      expect(bucket.CorsConfiguration).toBeUndefined();
      expect(bucket.WebsiteConfiguration).toBeUndefined();
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucketId),
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      // The bucket policy allows nothing: only the functions' roles reach it.
      const allows = resourcesOf(s.json, 'AWS::S3::BucketPolicy').flatMap(([, p]) => (p.Properties!.PolicyDocument.Statement as any[]).filter((st) => st.Effect === 'Allow'));
      expect(allows).toEqual([]);
    });

    it('forgets an upload nobody imported after a day (and any unfinished multipart upload)', () => {
      const [, bucket] = only(s, 'AWS::S3::Bucket');
      expect(bucket.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({ Prefix: 'uploads/', Status: 'Enabled', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      ]);
    });

    it('lets the API and web functions alone put, read and delete objects under uploads/ and nothing else of S3', () => {
      const [bucketId] = only(s, 'AWS::S3::Bucket');
      const statements = resourcesOf(s.json, 'AWS::IAM::Policy').flatMap(([id, p]) =>
        (p.Properties!.PolicyDocument.Statement as any[]).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('s3:'))).map((st) => ({ id, st })),
      );
      expect(statements.map((x) => x.id.replace(/Role.*$/, '')).sort()).toEqual(['ApiFunction', 'ApiWebFunction']);
      for (const { st } of statements) {
        expect([st.Action].flat().sort()).toEqual([...UPLOAD_ACTIONS].sort());
        expect(st.Resource).toEqual({ 'Fn::Join': ['', [arnOf(bucketId), '/uploads/*']] });
        expect(st.Condition).toBeUndefined();
      }
    });
  });

  describe('mail', () => {
    it('has an SES v2 identity for the sender address, which only the job functions may send as', () => {
      const [identityId] = only(s, 'AWS::SES::EmailIdentity');
      s.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'tracker@example.org' });
      const sesStatements = resourcesOf(s.json, 'AWS::IAM::Policy').flatMap(([id, p]) =>
        (p.Properties!.PolicyDocument.Statement as any[]).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('ses:'))).map((st) => ({ id, st })),
      );
      expect(sesStatements.map((x) => x.id).sort()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^JobsReminders/), expect.stringMatching(/^JobsDigests/)]),
      );
      expect(sesStatements).toHaveLength(2);
      for (const { st } of sesStatements) {
        expect(st.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
        expect(JSON.stringify(st.Resource)).toContain(`":identity/",{"Ref":"${identityId}"}`);
      }
    });

    it('has the deployment secret, readable by the web and job functions (mail links) and the API (its page-cursor key)', () => {
      const [secretId] = only(s, 'AWS::SecretsManager::Secret');
      const readers = resourcesOf(s.json, 'AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties!.PolicyDocument.Statement as any[]).some((st) => JSON.stringify(st.Resource) === JSON.stringify(ref(secretId))))
        .map(([id]) => id.replace(/Role.*$/, ''));
      expect(readers.sort()).toEqual(['ApiFunction', 'ApiWebFunction', 'JobsDigestsFunction', 'JobsRemindersFunction']);
    });
  });

  describe('alarms', () => {
    it('publish to an SNS topic encrypted with a rotated key CloudWatch may use, with no subscription unless an email is given', () => {
      const [keyId] = only(s, 'AWS::KMS::Key');
      s.template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          ]),
        },
      });
      s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arnOf(keyId) });
      s.template.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    it('watch API 5xx, every function\'s errors and throttles, DynamoDB throttling and the dead-letter queue', () => {
      const [topicId] = only(s, 'AWS::SNS::Topic');
      const alarms = resourcesOf(s.json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
      for (const alarm of alarms) {
        expect(alarm.AlarmActions).toEqual([ref(topicId)]);
        expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
      }
      const simple = alarms.filter((a) => a.MetricName).map((a) => `${a.Namespace} ${a.MetricName}`);
      expect(simple.sort()).toEqual(
        [
          'AWS/ApiGateway 5xx',
          'AWS/Lambda Errors', 'AWS/Lambda Errors', 'AWS/Lambda Errors', 'AWS/Lambda Errors',
          'AWS/Lambda Throttles', 'AWS/Lambda Throttles', 'AWS/Lambda Throttles', 'AWS/Lambda Throttles',
          'AWS/SQS ApproximateNumberOfMessagesVisible',
        ].sort(),
      );
      const fns = functionsOf(s);
      const watched = alarms.filter((a) => a.Namespace === 'AWS/Lambda').map((a) => a.Dimensions[0].Value.Ref);
      expect(new Set(watched)).toEqual(new Set([fns.api.id, fns.web.id, fns.reminders.id, fns.digests.id]));
      const throttles = alarms.find((a) => a.Metrics)!;
      const metricNames = (throttles.Metrics as any[]).filter((m) => m.MetricStat).map((m) => `${m.MetricStat.Metric.Namespace} ${m.MetricStat.Metric.MetricName}`);
      expect(metricNames.sort()).toEqual(['AWS/DynamoDB ReadThrottleEvents', 'AWS/DynamoDB WriteThrottleEvents']);
    });
  });

  it('outputs what an operator needs after deploying', () => {
    expect(Object.keys(s.json.Outputs ?? {}).sort()).toEqual(
      ['AlarmTopicArn', 'AppUrl', 'DeadLetterQueueUrl', 'SignInUrl', 'TableName', 'UploadsBucketName', 'UserPoolClientId', 'UserPoolId'],
    );
  });

  it('keeps every log group for a set time', () => {
    const groups = resourcesOf(s.json, 'AWS::Logs::LogGroup');
    expect(groups).toHaveLength(5); // one per function and the access logs
    for (const [, group] of groups) expect(group.Properties!.RetentionInDays).toBe(90);
  });
});

describe('the stack with every parameter given', () => {
  const origins = ['https://tracker.example.org', 'http://localhost:5173'];
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({
      stage: 'prod',
      senderEmail: 'plans@example.org',
      alarmEmail: 'ops@example.org',
      allowedOrigins: origins.join(','),
      signInDomainPrefix: 'strategy-tracker',
    });
  }, 120_000);

  it('is named after the stage and uses the given sender and sign-in domain', () => {
    expect(s.stack.stackName).toBe('ActionPlanTracker-prod');
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'plans@example.org' });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'strategy-tracker' });
  });

  it('allows CORS for exactly the configured origins, with the headers and methods the app itself allows', async () => {
    const [, api] = only(s, 'AWS::ApiGatewayV2::Api');
    expect(api.CorsConfiguration).toMatchObject({ AllowOrigins: origins, ExposeHeaders: [...CORS.exposeHeaders], MaxAge: 600 });
    const deps = { store: {}, verifier: { verify: async () => { throw new Error('unused'); } }, now: () => new Date(), config: { corsOrigins: origins, publicUrl: 'https://x' } } as unknown as AppDeps;
    const preflight = await createApp(deps).request('/api/v1/me', {
      method: 'OPTIONS',
      headers: { Origin: origins[0]!, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'if-match' },
    });
    const split = (v: string | null) => (v ?? '').split(',').map((x) => x.trim().toLowerCase()).sort();
    expect(split(preflight.headers.get('Access-Control-Allow-Methods'))).toEqual([...api.CorsConfiguration.AllowMethods].map((m: string) => m.toLowerCase()).sort());
    expect(split(preflight.headers.get('Access-Control-Allow-Headers'))).toEqual([...api.CorsConfiguration.AllowHeaders].map((h: string) => h.toLowerCase()).sort());
    expect(api.CorsConfiguration.MaxAge).toBe(Number(preflight.headers.get('Access-Control-Max-Age')));
  });

  it('tells the API function the allowed origins and lets the web client sign in from each of them', () => {
    const { api } = functionsOf(s);
    expect(api.props.Environment.Variables.CORS_ORIGINS).toBe(origins.join(','));
    const [, client] = only(s, 'AWS::Cognito::UserPoolClient');
    for (const origin of origins) expect(client.CallbackURLs).toContain(`${origin}${CALLBACK_PATH}`);
  });

  it('subscribes the alarm email, keeping undeliverable notifications in an encrypted queue', () => {
    const queues = resourcesOf(s.json, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    const undelivered = queues.find(([id]) => id.startsWith('AlarmsUndelivered'))!;
    expect(undelivered[1].Properties).toMatchObject({ SqsManagedSseEnabled: true });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
      RedrivePolicy: { deadLetterTargetArn: arnOf(undelivered[0]) },
    });
  });
});
