/**
 * Plays Amazon Cognito for one user pool, so the real API bundle can verify real tokens offline:
 * it signs ID tokens with its own RSA key and publishes the matching JWKS, which the Lambda
 * worker (lambda-worker.ts) serves at the pool's JWKS URL.
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

export interface CognitoPool {
  region: string;
  userPoolId: string;
  clientId: string;
}

export interface FakeCognito {
  readonly issuer: string;
  readonly jwksUri: string;
  /** The JSON document Cognito serves at `jwksUri`. */
  readonly jwks: string;
  /** An ID token as Cognito issues it after hosted sign-in, with the given claims added. */
  idToken(claims: Record<string, unknown>, options?: { now?: Date; audience?: string }): string;
}

export function fakeCognito(pool: CognitoPool): FakeCognito {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `fake-${randomUUID()}`;
  const issuer = `https://cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    jwks: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }),
    idToken(claims, options = {}) {
      const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
      const payload = {
        sub: randomUUID(),
        aud: options.audience ?? pool.clientId,
        iss: issuer,
        token_use: 'id',
        auth_time: iat,
        iat,
        exp: iat + 3600,
        jti: randomUUID(),
        origin_jti: randomUUID(),
        event_id: randomUUID(),
        email_verified: true,
        ...claims,
      };
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const input = `${encode({ kid, alg: 'RS256' })}.${encode(payload)}`;
      return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    },
  };
}
