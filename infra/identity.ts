/**
 * Who may sign in: a Cognito user pool (email sign-in, invitation only, strong passwords, TOTP
 * MFA required, threat protection), the custom attributes and groups the app reads (see
 * `shared/api/identity.ts`), the web app's client (authorization code + PKCE, no secret) and the
 * hosted sign-in domain.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { COGNITO_ACTIONS } from '../shared/accounts/cognito.ts';
import { SESSION_SECONDS } from '../shared/domain/constants.ts';
import { ROLES } from '../shared/domain/resources.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../shared/web/cognito.ts';

/** The custom attributes, as the app reads them (`custom:<name>` claims of the ID token). */
export const CUSTOM_ATTRIBUTES = {
  role: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
  administration: new StringAttribute({ minLen: 2, maxLen: 2, mutable: true }),
  donor: new StringAttribute({ minLen: 1, maxLen: 128, mutable: true }),
  person: new StringAttribute({ minLen: 1, maxLen: 128, mutable: true }),
};

export interface IdentityProps {
  readonly signInDomainPrefix: string;
}

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Users', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // Accounts are created by the secretariat (see README, "Create the first admin user").
      selfSignUpEnabled: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Officials sign off plans and donors see funding: TOTP for everyone (no SMS, no phone numbers kept).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential and adaptive-authentication checks, enforced.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: CUSTOM_ATTRIBUTES,
      userInvitation: {
        emailSubject: 'Your account on the action plan tracker',
        emailBody:
          'You have been given an account on the regional action plan tracker. Sign in with {username} and the temporary password {####}; you will choose your own password and set up an authenticator app.',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // One group per role: `cognito:groups` is the other way the app learns the role.
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Members act as ${role.replace('_', ' ')}` });
    }

    // Managed login (not the classic hosted UI): it shows its pages in the language the web app
    // asks for (`lang`), and each app client needs a branding (Cognito's defaults here).
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
  }

  /**
   * Lets a function keep people's users in step with the directory (shared/accounts/cognito.ts):
   * exactly the admin actions that adapter calls, on this pool only.
   */
  grantAccounts(grantee: IGrantable): void {
    this.userPool.grant(grantee, ...COGNITO_ACTIONS);
  }

  /** Base URL of the hosted sign-in pages. */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }

  /**
   * The web app's client. Its URLs are known only once the HTTP API exists, so the API construct
   * adds it: `appUrls` are the base URLs the web app is served from.
   */
  addWebClient(appUrls: string[]): UserPoolClient {
    const callbackUrls = appUrls.map((url) => `${url}${CALLBACK_PATH}`);
    const logoutUrls = appUrls.map((url) => `${url}${SIGNED_OUT_PATH}`);
    const client = this.userPool.addClient('WebClient', {
      // A public client: the browser flow uses PKCE, so there is no secret to keep.
      generateSecret: false,
      // Sign-in happens on the hosted pages; SRP (never a plain password) is the only direct flow
      // left, so Cognito's default of also allowing custom authentication does not apply.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls,
      },
      preventUserExistenceErrors: true,
      // Sessions are short and end on sign-out (issue 10, item 8): the web app keeps the ID token in
      // its session cookie and renews it with the refresh token, which sign-out revokes (RevokeToken)
      // and deactivation revokes with AdminUserGlobalSignOut; a replayed cookie then works only until
      // its ID token expires. The lifetimes are the app's (SESSION_SECONDS), read by the dev issuer too.
      enableTokenRevocation: true,
      idTokenValidity: Duration.seconds(SESSION_SECONDS.idToken),
      accessTokenValidity: Duration.seconds(SESSION_SECONDS.idToken),
      refreshTokenValidity: Duration.seconds(SESSION_SECONDS.refreshToken),
      // Role, administration, donor and person are set by administrators only: users may change
      // their name and language, nothing that decides what they may do.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
    });
    new CfnManagedLoginBranding(this, 'WebClientBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    return client;
  }
}
