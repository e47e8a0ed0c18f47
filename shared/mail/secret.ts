/** The link-signing secret, read from Secrets Manager once per container. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export async function loadLinkSecret(secretArn: string, client: SecretsManagerClient = new SecretsManagerClient({})): Promise<string> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const secret = out.SecretString;
  if (!secret || secret.length < 32) {
    throw new Error(`The link-signing secret ${secretArn} must be a string of at least 32 characters.`);
  }
  return secret;
}
