/**
 * Mail: the SES (v2) identity of the sender address, and the deployment secret: it signs the
 * one-click and unsubscribe links in that mail, and the API and web functions derive their
 * page-cursor key from it (HKDF under its own label, shared/store/cursors.ts).
 */
import { Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { TrackerFunction } from './function.ts';

export interface MailProps {
  readonly senderEmail: string;
}

export class Mail extends Construct {
  readonly senderEmail: string;
  readonly sender: EmailIdentity;
  readonly linkSigningSecret: Secret;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
    // SES mails a verification link to this address on deployment; sending works once it is clicked.
    this.sender = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.senderEmail) });

    this.linkSigningSecret = new Secret(this, 'LinkSigningSecret', {
      description: 'HMAC key for one-click and unsubscribe links in reminder and digest mail',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.linkSigningSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key signs links already sitting in people\'s inboxes; rotating it on a timer would silently break every one-click and unsubscribe link mailed before. It is rotated by hand when needed (README, "Deploy to AWS").',
    });
  }

  /** Lets the function send as the sender (MAIL_FROM), and only as the sender. */
  grantSend(fn: TrackerFunction): void {
    fn.addEnvironment('MAIL_FROM', this.senderEmail);
    this.sender.grantSendEmail(fn);
  }

  /** Lets the function read the deployment secret (LINK_SIGNING_SECRET_ARN): link signing, page cursors. */
  grantLinkSigning(fn: TrackerFunction & IGrantable): void {
    fn.addEnvironment('LINK_SIGNING_SECRET_ARN', this.linkSigningSecret.secretArn);
    this.linkSigningSecret.grantRead(fn);
  }
}
