/**
 * Builds a module beside a function's bundle: `tsx infra/write-accounts.ts <dir>/accounts.mjs`
 * for the accounts module (shared/accounts/cognito.ts), or with an entry as second argument, e.g.
 * `<dir>/sheets.mjs shared/sheets/index.ts` for the spreadsheet module. NodejsFunction runs it after
 * bundling the API and web functions (infra/bundling.ts); the bundle tests and the benchmark build
 * them with the same code.
 */
import { ACCOUNTS_ENTRY, buildModuleBeside } from './bundling.ts';

const [file, entry] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx infra/write-accounts.ts <file> [entry]');
// With an entry, another module beside the bundle built the same way (the web function's iCalendar writer).
await buildModuleBeside(file, entry ?? ACCOUNTS_ENTRY);
