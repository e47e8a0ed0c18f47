/** The DynamoDB client every host builds: no work for a logger nobody gave it. */
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../shared/store/client.ts';

describe('the DynamoDB client', () => {
  it('leaves out the SDK logger middleware, which copies every response for a logger we do not give it', () => {
    const { client, doc } = dynamoDocumentClient({ region: 'eu-west-1' });
    expect(client.middlewareStack.identify().some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    expect(doc.middlewareStack.identify().some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    // The rest of the stack stays: retries, signing, serialisation.
    expect(client.middlewareStack.identify().some((name) => name.startsWith('retryMiddleware'))).toBe(true);
  });
});
