/**
 * Token checks beyond the signature (issue 10, item 12): a token without `exp` and one with a
 * `crit` header are refused, in the development path here and in the Cognito path through the same
 * `strict` step (cognitoVerifier runs it before aws-jwt-verify).
 */
import { createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devVerifier, generateDevKeys, signDevToken, strict } from '../../shared/api/identity.ts';

const keys = generateDevKeys();
const verifier = devVerifier(keys);

/** A token signed with the development key, header and claims as given. */
function signed(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'dev-1', ...header })}.${encode(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(keys.privateKeyPem).toString('base64url')}`;
}
const now = Math.floor(Date.now() / 1000);
const claims = { iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'coord-pe', iat: now, 'custom:person': 'coord-pe', 'custom:role': 'coordinator', 'custom:administration': 'PE' };

describe('token checks', () => {
  it('accept a well-formed, expiring token', async () => {
    await expect(verifier.verify(signed({}, { ...claims, exp: now + 600 }))).resolves.toMatchObject({ userId: 'coord-pe', role: 'coordinator' });
    await expect(verifier.verify(signDevToken(keys, { id: 'admin', role: 'admin' }))).resolves.toMatchObject({ userId: 'admin' });
  });

  it('refuse a correctly signed token that never expires', async () => {
    await expect(verifier.verify(signed({}, claims))).rejects.toThrow('token has no expiry');
    await expect(verifier.verify(signed({}, { ...claims, exp: 'never' }))).rejects.toThrow('token has no expiry');
  });

  it('refuse a critical header extension the verifier does not implement', async () => {
    await expect(verifier.verify(signed({ crit: ['b64'], b64: false }, { ...claims, exp: now + 600 }))).rejects.toThrow('not acceptable');
    await expect(verifier.verify(signed({ crit: [] }, { ...claims, exp: now + 600 }))).rejects.toThrow('not acceptable');
  });

  it('refuse what is not a token at all before any signature work', () => {
    expect(() => strict('not-a-token')).toThrow();
    expect(() => strict(`${Buffer.from('[]').toString('base64url')}.e30.x`)).toThrow();
  });
});
