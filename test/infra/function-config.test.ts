/** The API and web functions' environment (shared/config.ts): parsed once, failing with one sentence naming the variable. */
import { describe, expect, it } from 'vitest';
import { apiConfig, webConfig } from '../../shared/config.ts';

const deployed = {
  TABLE_NAME: 'ActionPlanTracker-prod-DataTracker-1ABC',
  PUBLIC_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
  LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkSigning-AbCdEf',
  USER_POOL_ID: 'eu-west-1_AbCdEf123',
  USER_POOL_CLIENT_ID: '1example23456789',
  SIGN_IN_URL: 'https://tracker.auth.eu-west-1.amazoncognito.com',
  CORS_ORIGINS: 'https://a.example.org,https://b.example.org',
};

describe('the API function configuration', () => {
  it('reads what the stack sets', () => {
    expect(apiConfig(deployed)).toEqual({
      tableName: deployed.TABLE_NAME,
      publicUrl: deployed.PUBLIC_URL,
      linkSigningSecretArn: deployed.LINK_SIGNING_SECRET_ARN,
      userPoolId: deployed.USER_POOL_ID,
      userPoolClientId: deployed.USER_POOL_CLIENT_ID,
      corsOrigins: ['https://a.example.org', 'https://b.example.org'],
    });
  });

  it('reads what the stack sets for the web function, which needs the sign-in pages and the link-signing secret', () => {
    const { CORS_ORIGINS: _, ...web } = deployed;
    expect(webConfig(web)).toEqual({
      tableName: deployed.TABLE_NAME,
      publicUrl: deployed.PUBLIC_URL,
      linkSigningSecretArn: deployed.LINK_SIGNING_SECRET_ARN,
      userPoolId: deployed.USER_POOL_ID,
      userPoolClientId: deployed.USER_POOL_CLIENT_ID,
      signInUrl: deployed.SIGN_IN_URL,
    });
    const { SIGN_IN_URL: __, ...noSignIn } = web;
    expect(() => webConfig(noSignIn)).toThrow('Environment variable SIGN_IN_URL is not set: it must be the base URL of the Cognito hosted sign-in pages.');
    expect(() => webConfig({ ...web, LINK_SIGNING_SECRET_ARN: 'secret' })).toThrow(/^Environment variable LINK_SIGNING_SECRET_ARN is invalid \("secret"\)/);
  });

  it('treats no CORS origins as none allowed', () => {
    expect(apiConfig({ ...deployed, CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });

  it('names a missing variable and what it must be', () => {
    const { TABLE_NAME: _, ...rest } = deployed;
    expect(() => apiConfig(rest)).toThrow('Environment variable TABLE_NAME is not set: it must be the name of the DynamoDB table.');
  });

  it('names a malformed variable, its value and what it must be', () => {
    expect(() => apiConfig({ ...deployed, USER_POOL_ID: 'pool' })).toThrow(
      'Environment variable USER_POOL_ID is invalid ("pool"): it must be the Cognito user pool id, such as eu-west-1_AbCdEf123.',
    );
    expect(() => apiConfig({ ...deployed, PUBLIC_URL: 'ftp://x' })).toThrow(/^Environment variable PUBLIC_URL is invalid/);
  });
});
