/**
 * The development token issuer refuses to exist inside Lambda: whatever the configuration, its
 * functions throw when AWS_LAMBDA_FUNCTION_NAME is set (the stack side is in least-privilege.test.ts,
 * the bundle side in bundles.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devVerifier, generateDevKeys, signDevToken } from '../../shared/api/identity.ts';

describe('the development token issuer in Lambda', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('works outside Lambda (for npm start and the tests)', async () => {
    const keys = generateDevKeys();
    const token = signDevToken(keys, { id: 'dg-pe', role: 'director_general', administrationId: 'PE' });
    await expect(devVerifier(keys).verify(token)).resolves.toMatchObject({ userId: 'dg-pe', role: 'director_general' });
  });

  it('refuses to make keys, sign or verify once AWS_LAMBDA_FUNCTION_NAME is set', () => {
    const keys = generateDevKeys();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'ActionPlanTracker-prod-ApiFunction');
    expect(() => generateDevKeys()).toThrow('cannot run in AWS Lambda');
    expect(() => devVerifier(keys)).toThrow('cannot run in AWS Lambda');
    expect(() => signDevToken(keys, { id: 'admin', role: 'admin' })).toThrow('cannot run in AWS Lambda');
  });
});
