/**
 * Alarms to an encrypted SNS topic, with an optional email subscription: API 5xx, every
 * function's errors and throttles, DynamoDB throttling and the jobs' dead-letter queue.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TrackerFunction } from './function.ts';

export interface AlarmsProps {
  readonly alarmEmail?: string;
  readonly httpApi: HttpApi;
  /** Functions by the name used in alarm names. */
  readonly functions: Record<string, TrackerFunction>;
  readonly table: ITable;
  readonly deadLetterQueue: IQueue;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    // CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key, so the topic
    // has its own key that CloudWatch may use.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the alarm topic of the action plan tracker',
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: 'Action plan tracker alarms' });
    this.action = new SnsAction(this.topic);

    if (props.alarmEmail) {
      // Notifications SNS could not deliver are kept for two weeks instead of being dropped.
      const undelivered = new Queue(this, 'UndeliveredAlarms', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail, { deadLetterQueue: undelivered }));
      const reason =
        'This queue is the dead-letter queue of the alarm email subscription (an SNS redrive policy, which the rule does not recognise); it is read by hand and needs no dead-letter queue of its own.';
      Validations.of(undelivered).acknowledge({ id: 'AwsSolutions-SQS3', reason });
      Validations.of(undelivered).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
    }

    this.add('Api5xx', 'The HTTP API answered with server errors (5xx)', props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }));
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, `${name} failed (errors thrown or timeouts)`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
      this.add(`${name}Throttles`, `${name} was throttled (concurrency exhausted)`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }));
    }
    const tableMetric = (metricName: string) => props.table.metric(metricName, { period: Duration.minutes(5), statistic: 'Sum' });
    this.add(
      'TableThrottles',
      'DynamoDB throttled reads or writes on the tracker table',
      new MathExpression({
        expression: 'FILL(reads, 0) + FILL(writes, 0)',
        usingMetrics: { reads: tableMetric('ReadThrottleEvents'), writes: tableMetric('WriteThrottleEvents') },
        period: Duration.minutes(5),
        label: 'Throttle events',
      }),
    );
    this.add(
      'DeadLetters',
      'A scheduled job could not be delivered or kept failing: its event is in the dead-letter queue',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
  }

  /** Alarms as soon as the metric is above zero in one 5-minute period. */
  private add(id: string, description: string, metric: IMetric): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
