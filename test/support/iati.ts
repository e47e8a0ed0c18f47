/**
 * Checks an IATI 2.03 activity file: against the official schema in ../shared/iati/ (xmllint from
 * Debian's libxml2-utils; .ci/run installs it), and against the rules the schema does not enforce:
 * no transaction dated after today, budget periods of at most 12 months, a value-date on every
 * value, codes from the codelists in ../shared/iati/codelists/ (result types and indicator measures
 * included), and a value on every target, actual and baseline of a non-qualitative indicator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addDays } from '../../shared/domain/dates.ts';

/** The reference material beside the repository, as CI has it. */
export const IATI_DIR = resolve(import.meta.dirname, '../../../shared/iati');

/** xmllint's verdict: '' when valid, else its messages. */
export function schemaErrors(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'iati-'));
  const file = join(dir, 'activity.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(IATI_DIR, 'iati-activities-schema.xsd'), file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const codelists = new Map<string, Set<string>>();
export function codes(list: string): Set<string> {
  let found = codelists.get(list);
  if (!found) {
    const text = readFileSync(join(IATI_DIR, 'codelists', `${list}.xml`), 'utf8');
    found = new Set([...text.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!));
    codelists.set(list, found);
  }
  return found;
}

const attr = (xml: string, element: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

/** The rules beyond the schema that the file breaks (empty when none). */
export function ruleBreaches(xml: string, today: string): string[] {
  const out: string[] = [];
  for (const date of attr(xml, 'transaction-date', 'iso-date')) if (date > today) out.push(`transaction dated ${date}, after today ${today}`);
  for (const m of xml.matchAll(/<budget\b[\s\S]*?<period-start iso-date="([^"]+)"\/>[\s\S]*?<period-end iso-date="([^"]+)"\/>/g)) {
    const [start, end] = [m[1]!, m[2]!];
    const [y, mo, d] = start.split('-');
    if (end > addDays(`${Number(y) + 1}-${mo}-${d}`, -1)) out.push(`budget period ${start}..${end} is over 12 months`);
    if (end < start) out.push(`budget period ${start}..${end} ends before it starts`);
  }
  for (const m of xml.matchAll(/<value\b([^>]*)>/g)) if (!/\svalue-date="\d{4}-\d{2}-\d{2}"/.test(m[1]!)) out.push(`value without value-date: ${m[0]}`);
  const check = (list: string, values: string[], what: string) => {
    for (const v of values) if (!codes(list).has(v)) out.push(`${what} ${v} is not in ${list}`);
  };
  check('TransactionType', attr(xml, 'transaction-type', 'code'), 'transaction-type');
  check('ActivityStatus', attr(xml, 'activity-status', 'code'), 'activity-status');
  check('ActivityDateType', attr(xml, 'activity-date', 'type'), 'activity-date type');
  check('OrganisationRole', attr(xml, 'participating-org', 'role'), 'participating-org role');
  check('OrganisationType', [...attr(xml, 'participating-org', 'type'), ...attr(xml, 'reporting-org', 'type'), ...attr(xml, 'provider-org', 'type')], 'organisation type');
  check('Currency', [...attr(xml, 'value', 'currency'), ...attr(xml, 'iati-activity', 'default-currency')], 'currency');
  check('Country', attr(xml, 'recipient-country', 'code'), 'recipient-country');
  check('DocumentCategory', attr(xml, 'category', 'code'), 'document category');
  check('BudgetType', attr(xml, 'budget', 'type'), 'budget type');
  check('BudgetStatus', attr(xml, 'budget', 'status'), 'budget status');
  check('ResultType', attr(xml, 'result', 'type'), 'result type');
  check('IndicatorMeasure', attr(xml, 'indicator', 'measure'), 'indicator measure');
  check('Language', [...xml.matchAll(/xml:lang="([^"]+)"/g)].map((m) => m[1]!), 'xml:lang');
  for (const m of xml.matchAll(/<indicator measure="([125])"[\s\S]*?<\/indicator>/g)) {
    const figures = [...m[0].matchAll(/<(baseline|target|actual)\b([^>]*)>/g)];
    if (m[1] !== '5') for (const f of figures) if (!/\svalue="\d+(\.\d+)?"/.test(f[2]!)) out.push(`${f[1]} without a number in a measure ${m[1]} indicator: ${f[0]}`);
  }
  for (const m of xml.matchAll(/<iati-activity\b[\s\S]*?<\/iati-activity>/g)) {
    const percentages = attr(m[0], 'recipient-country', 'percentage').map(Number);
    if (percentages.length > 1 && percentages.reduce((a, b) => a + b, 0) !== 100) out.push(`recipient-country percentages add up to ${percentages.reduce((a, b) => a + b, 0)}`);
  }
  return out;
}
