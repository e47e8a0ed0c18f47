/**
 * The one definition of the DynamoDB tables. `infra/` builds the CDK tables from it and `local/`
 * and the tests create DynamoDB Local tables from it, so the two cannot drift apart.
 *
 * Single-table design (see README, "Data model"):
 *   ADM#<code>          / ADM                     administration            gsi1: ADMS / <code>
 *   ADM#<code>          / FEEDREV                 calendar feed marker: rev moves with the administration's milestones (feed-marks.ts)
 *   DONOR#<id>          / DONOR                   donor                     gsi1: DONORS / <id>
 *   PERSON#<id>         / PERSON                  person                    gsi1: PEOPLE / <id>
 *                                                                           gsi2: ADM#<code>#PEOPLE | DONOR#<id>#PEOPLE / <role>#<id>
 *   PERSON#<id>         / FEEDS                   the person's calendar feeds (token hashes), versioned
 *   STRAT#<id>          / STRAT                   strategy                  gsi1: STRATEGIES / <id>
 *   STRAT#<id>          / COORD#<adm>#<since>     co-coordinator term
 *   PLAN#<id>           / #PLAN                   action plan               gsi1: STRAT#<id>#PLANS / <createdAt>#<id>
 *   PLAN#<id>           / MS#<id>                 milestone                 due:  OPEN / <dueDate>#<id> (open ones only)
 *                                                                           gsi2: ADM#<owner>#OPEN / <dueDate>#<id> (open ones only)
 *   PLAN#<id>           / CONTRIB#<id>            contribution              gsi1: DONOR#<id>#CONTRIBS / <id>
 *   PLAN#<id>           / R#RES#<id>              result (output, outcome, impact)
 *   PLAN#<id>           / R#IND#<id>              indicator (baselines and targets on it)
 *   PLAN#<id>           / R#PER#<id>              reporting period          due:  PERIODS / <end>#<id>
 *   PLAN#<id>           / R#SUB#<id>              submission                gsi2: STRAT#<id>#REVIEW / <submittedAt>#<id> (waiting for review only)
 *                                                                           gsi2: STRAT#<id>#RETURNED / <reviewedAt>#<id> (returned only)
 *   RATES#<to>         / <from>#<date>           exchange rate (into <to>)  gsi1: RATES / <id> (jpy-usd-2026-03-02)
 *   HIST#<kind>/<id>    / v<version, 10 digits>   append-only history event (one per version)
 *   LEDGER#<key>        / LEDGER                  exactly-once send ledger  (TTL: expiresAt)
 *       <key> = reminder:<kind>#<person>#<milestone>#<day> | digest#<email>#<adm>#<period> | link#<link id>
 *             | result:<before|last-day>#<person>#<period>#<adm>#<day> | result:review#<person>#<submission>#<day>
 *             | result:returned#<person>#<submission>#v<version>
 *   DIGEST#<adm>        / <periodStart>#<period>  Director General digest (period 2026-12, 2026-W49, 2026-Q4)
 *   ENDED#<sha256(sid)> / ENDED                   a signed-out session      (TTL: expiresAt, once its ID tokens have expired)
 *   ENDED#PERSON#<id>   / ENDED                   tokens issued before a change of the person's access are ended (TTL as above)
 */

export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly partitionKey: { readonly name: string; readonly type: AttributeType };
  readonly sortKey?: { readonly name: string; readonly type: AttributeType };
}

export interface IndexDefinition extends KeyDefinition {
  readonly indexName: string;
  /** ALL: the index carries whole items so list pages need no second read. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition extends KeyDefinition {
  /** Logical name; the physical name is chosen by the host (CDK or the local stack). */
  readonly logicalName: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute?: string;
}

export const trackerTable = {
  logicalName: 'Tracker',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'ALL',
    },
    {
      // Open milestones by due date (sparse: done and cancelled ones leave it). Jobs query up to the
      // furthest reminder offset, so their cost grows with what is due, not with what is stored.
      indexName: 'due',
      partitionKey: { name: 'duePk', type: 'S' },
      sortKey: { name: 'dueSk', type: 'S' },
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const satisfies TableDefinition;

export const tables = [trackerTable] as const;

/** Shape accepted by DynamoDB's CreateTable, for DynamoDB Local and tests (on-demand billing). */
export function createTableInput(def: TableDefinition, tableName: string) {
  const attributes = new Map<string, AttributeType>();
  const keySchema = (k: KeyDefinition) => {
    attributes.set(k.partitionKey.name, k.partitionKey.type);
    const schema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] = [
      { AttributeName: k.partitionKey.name, KeyType: 'HASH' },
    ];
    if (k.sortKey) {
      attributes.set(k.sortKey.name, k.sortKey.type);
      schema.push({ AttributeName: k.sortKey.name, KeyType: 'RANGE' });
    }
    return schema;
  };
  const KeySchema = keySchema(def);
  const GlobalSecondaryIndexes = def.globalSecondaryIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index),
    Projection: { ProjectionType: index.projection },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    GlobalSecondaryIndexes,
  };
}
