/**
 * Security headers for every response (pages and API alike): hono's secureHeaders with a
 * Content-Security-Policy that allows no inline script and no inline style. Pages load one CSS
 * file from /assets and no script at all; charts are inline SVG drawn with attributes, not styles.
 */
import type { Context } from 'hono';
import type { secureHeaders } from 'hono/secure-headers';
import type { CognitoSignIn } from './deps.ts';

type Options = NonNullable<Parameters<typeof secureHeaders>[0]>;

/** The API reference page (shared/api/docs.ts) keeps its small inline stylesheet; nothing else may. */
const inlineStyleFor = (c: Context) => (c.req.path === '/api/docs' ? "'unsafe-inline'" : '');

/** `uploadTarget`: the uploads bucket's origin, where the plan page's upload form posts (in AWS). */
export function secureHeaderOptions(cognito?: CognitoSignIn, uploadTarget?: string): Options {
  const signOutTarget = cognitoOrigin(cognito);
  return {
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'none'"],
      styleSrc: ["'self'", inlineStyleFor],
      imgSrc: ["'self'"],
      // Sign-out POSTs redirect to Cognito's /logout; browsers check form-action along redirects.
      formAction: ["'self'", ...(signOutTarget ? [signOutTarget] : []), ...(uploadTarget ? [uploadTarget] : [])],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    // `same-origin` (not `no-referrer`) so that form POSTs carry a real Origin header, which the CSRF check reads.
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  };
}

/** The origin of the Cognito domain (where sign-out redirects), if one is configured and valid. */
export function cognitoOrigin(cfg: CognitoSignIn | undefined): string | undefined {
  if (!cfg) return undefined;
  try {
    return new URL(cfg.domain).origin;
  } catch {
    return undefined;
  }
}
