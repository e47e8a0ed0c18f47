/**
 * The dependency rules of .dependency-cruiser.cjs (no cycles; domain <- store <- commands <- doors <-
 * hosts; the API never loads the pages), checked on the real tree, and shown to catch a breach.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise, type ICruiseOptions, type IReporterOutput } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const rules = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: NonNullable<NonNullable<ICruiseOptions['ruleSet']>['forbidden']>; options: Record<string, unknown> };

async function violations(baseDir: string, paths: string[], tsConfig?: string) {
  const previous = process.cwd();
  process.chdir(baseDir);
  try {
    const result: IReporterOutput = await cruise(paths, {
      ...(rules.options as ICruiseOptions),
      ...(tsConfig ? {} : { tsConfig: undefined }),
      ruleSet: { forbidden: rules.forbidden },
      validate: true,
    } as ICruiseOptions);
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    return { list: output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`), cruised: output.summary.totalCruised };
  } finally {
    process.chdir(previous);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'deps-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('dependency rules', () => {
  it('hold for the whole tree: no cycle, every import in its direction', async () => {
    const { list, cruised } = await violations(ROOT, ['shared', 'functions', 'local', 'infra'], 'tsconfig.json');
    expect(cruised).toBeGreaterThan(120);
    expect(list).toEqual([]);
  }, 60_000);

  it('catch a cycle, the API loading a page, and the store reaching up to a command', async () => {
    const file = (path: string, text: string) => {
      mkdirSync(join(scratch, path, '..'), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    file('shared/store/plans.ts', "import { x } from './milestones.ts';\nimport { run } from '../commands/run.ts';\nexport const y = x + run;\n");
    file('shared/store/milestones.ts', "import { y } from './plans.ts';\nexport const x = 1; export const z = y;\n");
    file('shared/commands/run.ts', 'export const run = 1;\n');
    file('shared/web/page.ts', 'export const page = 1;\n');
    file('shared/api/app.ts', "import { page } from '../web/page.ts';\nexport const app = page;\n");
    const { list } = await violations(scratch, ['shared']);
    expect(list).toEqual(expect.arrayContaining([
      // A cycle is reported once, on one of its edges.
      expect.stringMatching(/^no-cycles: shared\/store\/(plans|milestones)\.ts -> shared\/store\/(milestones|plans)\.ts$/),
      'api-without-web: shared/api/app.ts -> shared/web/page.ts',
      'store-below-commands: shared/store/plans.ts -> shared/commands/run.ts',
    ]));
  }, 60_000);
});
