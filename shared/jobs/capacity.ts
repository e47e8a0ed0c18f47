/**
 * Consumed DynamoDB capacity, measured on a client: every data-plane request asks for
 * ReturnConsumedCapacity TOTAL and the units are added up by operation. The jobs report it as a
 * metric per run; the benchmark compares runs with it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const READS = new Set(['Get', 'BatchGet', 'Query', 'Scan', 'TransactGet']);
const WRITES = new Set(['Put', 'Update', 'Delete', 'BatchWrite', 'TransactWrite']);

/** 'GetCommand', 'GetItemCommand' and 'TransactWriteItemsCommand' to 'Get', 'Get', 'TransactWrite'. */
function operation(commandName: string | undefined): string {
  return (commandName ?? '').replace(/Command$/, '').replace(/Items?$/, '');
}

interface Consumed {
  CapacityUnits?: number;
}

export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  readRequests = 0;
  writeRequests = 0;

  reset(): void {
    this.readUnits = this.writeUnits = this.readRequests = this.writeRequests = 0;
  }

  snapshot() {
    return { readUnits: round(this.readUnits), writeUnits: round(this.writeUnits), readRequests: this.readRequests, writeRequests: this.writeRequests };
  }

  attach(client: DynamoDBClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = operation(context.commandName);
        const read = READS.has(op);
        if (!read && !WRITES.has(op)) return next(args);
        const input = args.input as Record<string, unknown>;
        if (input && typeof input === 'object' && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
        if (read) this.readRequests++;
        else this.writeRequests++;
        const out = await next(args);
        const consumed = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (read) this.readUnits += units;
        else this.writeUnits += units;
        return out;
      },
      { step: 'initialize', name: 'capacityMeter', override: true },
    );
    return this;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
