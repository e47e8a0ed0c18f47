/**
 * The DynamoDB tables, built from the one definition in `shared/store/tables.ts` that the local
 * stack and the tests also use, so deployed and local tables cannot drift.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { trackerTable, type KeyDefinition, type TableDefinition } from '../shared/store/tables.ts';

const attribute = (key: KeyDefinition['partitionKey']): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * A production table from a definition: on-demand, point-in-time recovery, deletion protection,
 * kept when the stack goes (RETAIN), encrypted with the AWS managed key, TTL where defined.
 */
export function tableFromDefinition(scope: Construct, id: string, def: TableDefinition): Table {
  const table = new Table(scope, id, {
    partitionKey: attribute(def.partitionKey),
    ...(def.sortKey ? { sortKey: attribute(def.sortKey) } : {}),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    encryption: TableEncryption.AWS_MANAGED,
    ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
  });
  for (const index of def.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
    });
  }
  return table;
}

export class Data extends Construct {
  readonly table: Table;
  readonly definition = trackerTable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = tableFromDefinition(this, trackerTable.logicalName, trackerTable);
  }
}
