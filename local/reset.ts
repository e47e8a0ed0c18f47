/** `npm run reset`: wipes the local data (DynamoDB Local files, outbox); the next npm start seeds again. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_DIR, runningStackPid } from './dev-keys.ts';

const pid = runningStackPid();
if (pid) {
  console.error(`npm start (process ${pid}) is using ${LOCAL_DIR}: stop it (Ctrl-C) first, then run npm run reset again.`);
  process.exit(1);
}
for (const folder of ['dynamodb', 'outbox']) await rm(join(LOCAL_DIR, folder), { recursive: true, force: true });
console.log('Local data wiped: the next npm start loads the demo data again.');
