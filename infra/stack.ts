/**
 * The tracker's stack. One stack: the data (table, user pool) is kept by RETAIN and deletion
 * protection, so it outlives a deleted stack without the coupling of cross-stack exports.
 * Environment-agnostic, so it synthesizes without an AWS account.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import { Api } from './api.ts';
import { Data } from './data.ts';
import { Identity } from './identity.ts';
import { Mail } from './mail.ts';
import type { DeploymentParameters } from './parameters.ts';
import { Schedules } from './schedules.ts';
import { Uploads } from './uploads.ts';

export interface TrackerStackProps extends StackProps {
  readonly parameters: DeploymentParameters;
}

export class TrackerStack extends Stack {
  readonly data: Data;
  readonly identity: Identity;
  readonly mail: Mail;
  readonly uploads: Uploads;
  readonly api: Api;
  readonly schedules: Schedules;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: TrackerStackProps) {
    super(scope, id, props);
    const p = props.parameters;

    this.data = new Data(this, 'Data');
    this.identity = new Identity(this, 'Identity', { signInDomainPrefix: p.signInDomainPrefix });
    this.mail = new Mail(this, 'Mail', { senderEmail: p.senderEmail });
    this.uploads = new Uploads(this, 'Uploads');
    this.api = new Api(this, 'Api', { data: this.data, identity: this.identity, mail: this.mail, uploads: this.uploads, allowedOrigins: p.allowedOrigins });
    this.schedules = new Schedules(this, 'Jobs', { data: this.data, mail: this.mail, publicUrl: this.api.httpApi.apiEndpoint });
    this.alarms = new Alarms(this, 'Alarms', {
      alarmEmail: p.alarmEmail,
      httpApi: this.api.httpApi,
      functions: { Api: this.api.fn, Web: this.api.webFn, Reminders: this.schedules.reminders, Digests: this.schedules.digests },
      table: this.data.table,
      deadLetterQueue: this.schedules.deadLetterQueue,
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('AppUrl', this.api.httpApi.apiEndpoint, 'Base URL of the web app and the API (/api/v1, /api/docs)');
    output('SignInUrl', this.identity.signInUrl, 'Cognito hosted sign-in pages');
    output('UserPoolId', this.identity.userPool.userPoolId, 'User pool: create people here (README, "Create the first admin user")');
    output('UserPoolClientId', this.api.client.userPoolClientId, 'App client of the web app (authorization code + PKCE)');
    output('TableName', this.data.table.tableName, 'DynamoDB table');
    output('UploadsBucketName', this.uploads.bucket.bucketName, 'S3 bucket spreadsheets are uploaded to before an import (emptied after a day)');
    output('AlarmTopicArn', this.alarms.topic.topicArn, 'SNS topic the alarms publish to');
    output('DeadLetterQueueUrl', this.schedules.deadLetterQueue.queueUrl, 'Scheduled job events that could not be handled');
  }
}
