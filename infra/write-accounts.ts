/**
 * Builds the accounts module (shared/accounts/cognito.ts) beside a function's bundle: `tsx
 * infra/write-accounts.ts <dir>/accounts.mjs`. NodejsFunction runs it after bundling the API and
 * web functions (infra/bundling.ts); the bundle tests and the benchmark build it with the same code.
 */
import { buildAccountsModule } from './bundling.ts';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx infra/write-accounts.ts <file>');
await buildAccountsModule(file);
