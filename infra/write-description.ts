/**
 * Writes the API description beside the API function's bundle: `tsx infra/write-description.ts
 * <file>`. NodejsFunction runs it after bundling (infra/bundling.ts), so the deployed function
 * serves a document made from its own routes without carrying the generator.
 */
import { writeFileSync } from 'node:fs';
import { builtDescription } from '../shared/api/description.ts';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx infra/write-description.ts <file>');
writeFileSync(file, JSON.stringify(await builtDescription()));
