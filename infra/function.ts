/**
 * Every function of the stack, with the same defaults (in the spirit of Powertools'
 * `function-with-logstream-construct.ts`): Node 24 on arm64, the shared esbuild options, X-Ray
 * tracing, JSON logs into its own log group with a retention, and a role that starts empty: each
 * permission is added by name (`bindTable`, grants), never by an AWS managed policy.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, ApplicationLogLevel, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { TableDefinition } from '../shared/store/tables.ts';
import { FUNCTION_ENTRIES, PROJECT_ROOT, bundlingFor, type FunctionName } from './bundling.ts';


/** Log retention for function and access logs: long enough to look back over a monthly digest cycle. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** DynamoDB actions by kind; `TransactWriteItems` is authorised per item as Put/Update/Delete/ConditionCheck. */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
} as const;

export type TableAction = (typeof TABLE_ACTIONS)[keyof typeof TABLE_ACTIONS][number];

export interface TrackerFunctionProps {
  /** Which function of `functions/` this is. */
  readonly name: FunctionName;
  readonly description: string;
  /** Chosen per function, with the reason written where it is set. */
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  /** Asynchronous invocations that still fail after Lambda's retries land here. */
  readonly deadLetterQueue?: IQueue;
}

export class TrackerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TrackerFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: LOG_RETENTION });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function; every permission is granted by name.`,
    });
    super(scope, id, {
      entry: `${PROJECT_ROOT}${FUNCTION_ENTRIES[props.name]}`,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      bundling: bundlingFor(props.name),
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: `tracker-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'ActionPlanTracker',
      },
    });
    logGroup.grantWrite(role);
    // Tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to the role's policy.
    // The least-privilege test proves these are the only actions on "*".
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray\'s xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html); test/infra/least-privilege.test.ts fails if any other action gets "*".',
    });
  }

  /**
   * Gives the function the table's name (TABLE_NAME) and exactly the listed actions on the table
   * and, when it queries, on each index of the definition by name (no `index/*` wildcard).
   */
  bindTable(table: ITable, definition: TableDefinition, actions: readonly TableAction[]): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const queries = actions.includes('dynamodb:Query');
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [
          table.tableArn,
          ...(queries ? definition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`) : []),
        ],
      }),
    );
  }
}

export { Duration };
