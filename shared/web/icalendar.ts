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
