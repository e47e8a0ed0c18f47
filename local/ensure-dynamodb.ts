/**
 * Run before the tests (`npm test`): makes sure DynamoDB Local is cached and Java can run it, so
 * a missing prerequisite shows up as one clear sentence instead of a failing test suite.
 */
import { checkJava, ensureDynamoDbLocal, SetupError } from './dynamodb-local.ts';

try {
  await checkJava();
  await ensureDynamoDbLocal();
} catch (error) {
  if (error instanceof SetupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
