/**
 * Vitest global setup: one in-memory DynamoDB Local on a free port for the whole run. Test files
 * reach it through `inject('dynamoEndpoint')` and create their own tables (see `dynamo.ts`).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The AWS SDK warns once per client on Node 20; the tests' env does not reach this process.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamo = await startDynamoDbLocal({ inMemory: true, heapMb: 512, quiet: true });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
