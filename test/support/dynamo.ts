/**
 * For test files: fresh tables on the shared DynamoDB Local (started in `global-setup.ts`), with
 * a counter of the requests the store sends, so tests can pin down the cost of each read path.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables, dynamoClients } from '../../local/dynamodb-local.ts';
import { trackerTable } from '../../shared/store/tables.ts';

/** DocumentClient command names mapped to the low-level operation they send. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  GetCommand: 'GetItemCommand',
  PutCommand: 'PutItemCommand',
  UpdateCommand: 'UpdateItemCommand',
  DeleteCommand: 'DeleteItemCommand',
  BatchGetCommand: 'BatchGetItemCommand',
  BatchWriteCommand: 'BatchWriteItemCommand',
  TransactGetCommand: 'TransactGetItemsCommand',
  TransactWriteCommand: 'TransactWriteItemsCommand',
};

/** 'GetItem', 'GetCommand' and 'GetItemCommand' all name the GetItem operation. */
function normalise(name: string): string {
  const withSuffix = name.endsWith('Command') ? name : `${name}Command`;
  return DOCUMENT_COMMANDS[withSuffix] ?? withSuffix;
}

/**
 * Records the name of every command sent through a client (once per call, not per retry), as
 * the low-level operation name: 'GetItemCommand', 'QueryCommand', 'TransactWriteItemsCommand'...
 */
export class RequestCounter {
  readonly commands: string[] = [];

  get total(): number {
    return this.commands.length;
  }

  /** How many times the operation was sent; `name` may be 'GetItem', 'GetItemCommand' or 'GetCommand'. */
  count(name: string): number {
    const wanted = normalise(name);
    return this.commands.filter((command) => command === wanted).length;
  }

  reset(): void {
    this.commands.length = 0;
  }

  /** Adds the counting middleware to the client (document clients share its stack). */
  attach(client: DynamoDBClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.commands.push(normalise(context.commandName ?? 'UnknownCommand'));
        return next(args);
      },
      { step: 'initialize', name: 'testRequestCounter', override: true },
    );
    return this;
  }
}

export interface TestTables {
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  counter: RequestCounter;
}

/** Creates the tracker table under a name no other call uses, with counted clients. */
export async function testTables(): Promise<TestTables> {
  const endpoint = inject('dynamoEndpoint');
  const prefix = `t_${randomBytes(6).toString('hex')}_`;
  const names = await createTables(endpoint, prefix);
  const tableName = names[trackerTable.logicalName];
  if (!tableName) throw new Error(`createTables did not create ${trackerTable.logicalName}`);
  const { client, doc } = dynamoClients(endpoint);
  const counter = new RequestCounter().attach(client);
  return { tableName, client, doc, counter };
}
