/** `npm run --silent token -- <person-id>`: prints a development bearer token for a person. */
import { signDevToken } from '../shared/api/identity.ts';
import { people } from './demo-data.ts';
import { loadDevKeys } from './dev-keys.ts';

const id = process.argv[2];
if (!id) {
  console.error(`Usage: npm run --silent token -- <person-id>   (demo people: ${people.map((p) => p.id).join(', ')})`);
  process.exit(2);
}
const port = process.env.PORT ?? '3000';
// Ask the running stack first: it knows people added through the API too.
const fromServer = await fetch(`http://localhost:${port}/dev/tokens/${encodeURIComponent(id)}`).then(
  (r) => (r.ok ? r.text() : r.status === 404 ? null : undefined),
  () => undefined,
);
if (typeof fromServer === 'string') {
  console.log(fromServer);
} else {
  const person = people.find((p) => p.id === id);
  if (!person || fromServer === null) {
    console.error(`No person "${id}". Demo people: ${people.map((p) => p.id).join(', ')}`);
    process.exit(1);
  }
  console.log(signDevToken(loadDevKeys(), person));
}
