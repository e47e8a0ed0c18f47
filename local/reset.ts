/** `npm run reset`: wipes the local data (DynamoDB Local files, outbox); the next npm start seeds again. */
import { rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { LOCAL_DIR } from './dev-keys.ts';

const port = Number(process.env.PORT ?? 3000);
const running = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ port, host: '127.0.0.1' });
  socket.once('connect', () => (socket.destroy(), resolve(true)));
  socket.once('error', () => resolve(false));
});
if (running) {
  console.error(`Something is listening on port ${port}: stop npm start (Ctrl-C) first, then run npm run reset again.`);
  process.exit(1);
}
for (const folder of ['dynamodb', 'outbox']) await rm(join(LOCAL_DIR, folder), { recursive: true, force: true });
console.log('Local data wiped: the next npm start loads the demo data again.');
