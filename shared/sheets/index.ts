/** The spreadsheet module: loaded on first use (port.ts), built on its own beside the API and web bundles. */
export { readSpreadsheet } from './read.ts';
export { writeCsv, writeXlsx } from './write.ts';
