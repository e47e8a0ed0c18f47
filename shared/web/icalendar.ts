/**
 * The iCalendar writer (ical-generator, about 36 KB minified) for the calendar feeds, loaded on the
 * first feed a container serves, never at init. In Lambda it is its own file beside the web bundle
 * (`ICALENDAR_FILE`, built by infra/bundling.ts); locally and in the tests it comes from
 * node_modules. Both imports take a specifier made at run time, so esbuild leaves them alone and
 * the library is not in the web bundle.
 */
export type ICalendar = typeof import('ical-generator');

export const ICALENDAR_FILE = 'icalendar.mjs';
/** What `ICALENDAR_FILE` is built from: the package itself. */
export const ICALENDAR_ENTRY = 'ical-generator';

const once = (load: () => Promise<ICalendar>) => {
  let loaded: Promise<ICalendar> | undefined;
  return () => (loaded ??= load().catch((error: unknown) => {
    loaded = undefined; // try again on the next feed
    throw error;
  }));
};

/** The writer beside the bundle at `bundleUrl` (the deployed web function). */
export function icalendarBeside(bundleUrl: string): () => Promise<ICalendar> {
  const file = new URL(`./${ICALENDAR_FILE}`, bundleUrl).href;
  return once(() => import(file) as Promise<ICalendar>);
}

/** The writer from node_modules (the local server and the tests). */
export function icalendarFromPackage(): () => Promise<ICalendar> {
  const name: string = ICALENDAR_ENTRY;
  return once(() => import(name) as Promise<ICalendar>);
}

/** RFC 5545 3.1: content lines are folded at 75 octets, a continuation starting with one space. */
const FOLD_OCTETS = 75;

function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    // A continuation line's leading space counts towards its 75 octets.
    if (octets + size > FOLD_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/**
 * A calendar with `SUMMARY;LANGUAGE=<lang>:` on the events whose summary is in another language
 * than the feed's (RFC 5545 3.2.10; a title not yet translated, given in its original), keyed by
 * the event's UID. The writer has no such parameter: the text is unfolded, the parameter added and
 * the changed lines folded again.
 */
export function withSummaryLanguages(text: string, languages: ReadonlyMap<string, string>): string {
  if (languages.size === 0) return text;
  let uid: string | undefined;
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map((line) => {
      if (line === 'BEGIN:VEVENT') uid = undefined;
      else if (line.startsWith('UID:')) uid = line.slice(4);
      else if (line.startsWith('SUMMARY:') && uid !== undefined && languages.has(uid)) return fold(`SUMMARY;LANGUAGE=${languages.get(uid)}:${line.slice(8)}`);
      return fold(line);
    })
    .join('\r\n');
}
