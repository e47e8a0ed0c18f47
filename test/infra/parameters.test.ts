/** Deployment parameters: defaults that synthesize anywhere, and a bad value stops synthesis with a sentence naming it. */
import { describe, expect, it } from 'vitest';
import { createTrackerApp } from '../../infra/app.ts';
import { contextOrEnvironment, resolveParameters } from '../../infra/parameters.ts';
import { NO_BUNDLING } from './support/synth.ts';

const fromContext = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  resolveParameters(contextOrEnvironment((key) => context[key], env));

describe('deployment parameters', () => {
  it('have defaults that let `cdk synth` run without any', () => {
    expect(fromContext({})).toEqual({
      stage: 'dev',
      senderEmail: 'tracker@example.org',
      alarmEmail: undefined,
      allowedOrigins: [],
      signInDomainPrefix: 'action-plan-tracker-dev',
    });
  });

  it('come from context first, then from the environment', () => {
    const p = fromContext(
      { stage: 'prod', allowedOrigins: ['https://a.example.org'] },
      { TRACKER_STAGE: 'test', TRACKER_SENDER_EMAIL: 'plans@example.org', TRACKER_ALLOWED_ORIGINS: 'https://b.example.org', TRACKER_ALARM_EMAIL: '' },
    );
    expect(p).toMatchObject({ stage: 'prod', senderEmail: 'plans@example.org', allowedOrigins: ['https://a.example.org'], alarmEmail: undefined });
    expect(p.signInDomainPrefix).toBe('action-plan-tracker-prod');
  });

  it('take origins as a comma-separated list', () => {
    expect(fromContext({ allowedOrigins: ' https://a.example.org , http://localhost:5173 ' }).allowedOrigins).toEqual([
      'https://a.example.org',
      'http://localhost:5173',
    ]);
  });

  it.each([
    [{ stage: 'Prod!' }, /Deployment parameter "stage" is invalid \(got "Prod!"\).*-c stage=.*TRACKER_STAGE/],
    [{ senderEmail: 'not-an-address' }, /"senderEmail" is invalid \(got "not-an-address"\): it must be the email address/],
    [{ alarmEmail: 'ops@' }, /"alarmEmail" is invalid/],
    [{ allowedOrigins: 'https://ok.example.org,http://insecure.example.org' }, /"allowedOrigins" is invalid \(got "http:\/\/insecure.example.org"\)/],
    [{ allowedOrigins: 'https://example.org/path' }, /"allowedOrigins" is invalid/],
    [{ signInDomainPrefix: 'my-cognito-login' }, /"signInDomainPrefix" is invalid .*without "aws", "amazon" or "cognito"/],
    [{ signInDomainPrefix: '-bad' }, /"signInDomainPrefix" is invalid/],
  ])('refuse %j with a sentence naming the parameter and how to set it', (context, message) => {
    expect(() => fromContext(context)).toThrow(message);
  });

  it('stop synthesis before any construct exists when one is wrong', () => {
    expect(() => createTrackerApp({ env: {}, context: { ...NO_BUNDLING, senderEmail: 'nobody' } })).toThrow(/Deployment parameter "senderEmail" is invalid/);
    expect(() => createTrackerApp({ env: { TRACKER_STAGE: 'UPPER' }, context: { ...NO_BUNDLING } })).toThrow(/Deployment parameter "stage" is invalid/);
  });
});
