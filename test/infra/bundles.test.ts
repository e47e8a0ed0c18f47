/**
 * The real function bundles, built once with the deployed esbuild options (infra/bundling.ts),
 * each imported in a fresh Node module context as Lambda's runtime does, and the API and web
 * bundles driven end to end with API Gateway HTTP API events against DynamoDB Local.
 *
 * Tokens: the bundle runs the deployed `cognitoVerifier` untouched. The test plays Cognito for a
 * made-up user pool (support/cognito.ts): it signs ID tokens with its own key, and the worker
 * that hosts the bundle answers the pool's JWKS URL with the matching public key.
 * DynamoDB and Secrets Manager: the bundle's clients are pointed at DynamoDB Local and a local
 * GetSecretValue stand-in with the AWS SDK's standard AWS_ENDPOINT_URL_<SERVICE> variables, which
 * no deployed function sets (least-privilege.test.ts); the code has no switch of its own for them.
 * Cognito's admin API (people's accounts): the same, with AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
 * pointed at a local stand-in that records each call (support/cognito-admin.ts). The Cognito
 * client is not in the API or web bundle: it is the accounts module beside them (accounts.mjs),
 * which they import on the first invitation or change of a person.
 * Message catalogs: no bundle carries them; each reads the JSON files beside it (i18n/<area>.<language>.json),
 * written at bundling time from the TypeScript catalogs, on the first use of a language.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTrackerApp } from '../../infra/app.ts';
import {
  ACCOUNTS_FILE,
  SHEETS_FILE,
  UPLOADS_FILE,
  BESIDE_BUNDLE,
  buildBundles,
  CATALOG_MODULES,
  catalogFiles,
  CATALOGS_BESIDE,
  DESCRIPTION_FILE,
  FUNCTION_ENTRIES,
  ICALENDAR_FILE,
  type BuiltBundle,
  type CatalogArea,
  type FunctionName,
} from '../../infra/bundling.ts';
import { COGNITO_ACTIONS } from '../../shared/accounts/cognito.ts';
import { DEV_ISSUER } from '../../shared/api/identity.ts';
import { catalogsBeside } from '../../shared/i18n/beside.ts';
import { LANGUAGES, type Catalogs } from '../../shared/i18n/index.ts';
import { mail } from '../../shared/i18n/mail.ts';
import { resultsMail } from '../../shared/i18n/mail-results.ts';
import { sheets } from '../../shared/i18n/sheets.ts';
import { donorReport } from '../../shared/i18n/donor-report.ts';
import { web as webCatalogs } from '../../shared/i18n/web.ts';
import { CALLBACK_PATH } from '../../shared/web/cognito.ts';
import { resetCalendarFeed } from '../../shared/commands/index.ts';
import { createStore, type Store } from '../../shared/store/index.ts';
import { testTables } from '../support/dynamo.ts';
import { fakeCognito, type FakeCognito } from './support/cognito.ts';
import { fakeCognitoAdmin, type FakeCognitoAdmin } from './support/cognito-admin.ts';
import { httpApiEvent, lambdaContext, type HttpApiResult, type Request } from './support/http-api-event.ts';
import { startLambdaWorker, type LambdaWorker } from './support/lambda-worker.ts';
import { fakeSecretsManager, type FakeSecretsManager } from './support/secrets-manager.ts';

/**
 * Size budgets in KB of minified code a cold start loads (the bundle and the chunks it imports
 * statically; source maps excluded), a few percent above today's (api 441 KB, web 639 KB, jobs
 * 448 KB each). What only `import()` reaches is a chunk beside the bundle, not counted here: the
 * API's route groups few calls need, the AWS SDK's own credential providers. The API bundle carries
 * the AWS SDK's DynamoDB client, Hono, zod/mini and the routes; the web bundle adds the pages and
 * Secrets Manager (for the mail links); the jobs the SDK (DynamoDB, SESv2, Secrets Manager),
 * Powertools, middy, zod/mini and the mail templates. None carries the message catalogs (JSON
 * beside them). A jump past a budget means something arrived at init that should not (a second SDK
 * copy, a dev dependency, the full zod in a job, the web pages in the API, the catalogs, a route
 * group registered at init that could be loaded later: shared/later.ts).
 */
const BUDGET_KB: Record<FunctionName, number> = { api: 500, web: 760, reminders: 490, digests: 490 }; // web: 749 KB measured after the donor's report page, translation fieldsets and names in the reader's language (session 6), 753 KB with the uploads port and page (session 7; api 494 KB)
/**
 * The accounts module beside the API and web bundles (about 320 KB): the Cognito client with its
 * own copy of the SDK's core (smithy, signing, credentials), which a separate file cannot share
 * with the bundle; loaded only on the first invitation or change of a person.
 */
const ACCOUNTS_BUDGET_KB = 400;
/** The TypeScript catalogs, by area: what the JSON files beside the bundles must hold. */
const CATALOGS: Record<CatalogArea, Catalogs> = { web: webCatalogs, mail, resultsMail, sheets, donorReport };
const POOL = { region: 'us-east-1', userPoolId: 'us-east-1_BundleTest', clientId: 'bundletestclient123' };

/** The sources a file's source map names. */
const sourcesOf = (file: string) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources;
/** A bundle's files: the bundle and its chunks (code splitting: what `import()` reaches is a chunk beside it). */
const filesOf = (bundle: BuiltBundle) => [bundle.file, ...bundle.chunks];
/** Every source in a bundle or any of its chunks. */
const bundleSources = (bundle: BuiltBundle) => [...new Set(filesOf(bundle).flatMap(sourcesOf))];
/** The code of a bundle and all its chunks. */
const bundleCode = (bundle: BuiltBundle) => filesOf(bundle).map((file) => readFileSync(file, 'utf8')).join('\n');

let outdir: string;
let bundles: Record<FunctionName, BuiltBundle>;
let cognito: FakeCognito;
let api: LambdaWorker;
let web: LambdaWorker;
let secrets: FakeSecretsManager;
/** The API function's own stand-in, so each function's reads of the deployment secret are counted apart. */
let apiSecrets: FakeSecretsManager;
let cognitoAdmin: FakeCognitoAdmin;
/** The table the bundles run over, for data the tests need there. */
let store: Store;
/** The job functions' environment, as the stack sets it. */
const JOB_ENV = {
  TABLE_NAME: 'ActionPlanTracker-test-Tracker',
  PUBLIC_URL: 'https://abc123defg.execute-api.us-east-1.amazonaws.com',
  LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:LinkSigning-AbCdEf',
  MAIL_FROM: 'tracker@example.org',
  AWS_REGION: 'us-east-1',
};

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'tracker-bundles-'));
  bundles = await buildBundles(outdir);

  const { tableName, doc } = await testTables();
  store = createStore(doc, tableName);
  cognito = fakeCognito(POOL);
  secrets = await fakeSecretsManager({ [JOB_ENV.LINK_SIGNING_SECRET_ARN]: 'k'.repeat(64) });
  apiSecrets = await fakeSecretsManager({ [JOB_ENV.LINK_SIGNING_SECRET_ARN]: 'k'.repeat(64) });
  cognitoAdmin = await fakeCognitoAdmin();
  // What the stack sets for each function, plus the SDK's endpoint overrides for DynamoDB Local
  // and the Secrets Manager and Cognito stand-ins.
  const common = {
    TABLE_NAME: tableName,
    PUBLIC_URL: 'https://abc123defg.execute-api.us-east-1.amazonaws.com',
    USER_POOL_ID: POOL.userPoolId,
    USER_POOL_CLIENT_ID: POOL.clientId,
    AWS_REGION: POOL.region,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoAdmin.endpoint,
  };
  api = await startLambdaWorker(bundles.api.file, {
    env: { ...common, LINK_SIGNING_SECRET_ARN: JOB_ENV.LINK_SIGNING_SECRET_ARN, AWS_ENDPOINT_URL_SECRETS_MANAGER: apiSecrets.endpoint, CORS_ORIGINS: 'https://tracker.example.org' },
    https: { [cognito.jwksUri]: cognito.jwks },
  });
  web = await startLambdaWorker(bundles.web.file, {
    env: { ...common, LINK_SIGNING_SECRET_ARN: JOB_ENV.LINK_SIGNING_SECRET_ARN, SIGN_IN_URL: 'https://bundle-test.auth.us-east-1.amazoncognito.com' },
    https: { [cognito.jwksUri]: cognito.jwks },
  });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await web?.stop();
  await secrets?.stop();
  await apiSecrets?.stop();
  await cognitoAdmin?.stop();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('the function bundles', () => {
  it('are built for every deployed function, each within its size budget', () => {
    expect(Object.keys(bundles).sort()).toEqual(Object.keys(FUNCTION_ENTRIES).sort());
    for (const [name, bundle] of Object.entries(bundles) as [FunctionName, BuiltBundle][]) {
      expect(bundle.bytes / 1024, `${name}.mjs in KB`).toBeLessThanOrEqual(BUDGET_KB[name]);
    }
  });

  it('carry zod/mini only: not the full zod, its locales or @hono/zod-openapi (their load time is most of a cold start)', () => {
    for (const [name, bundle] of Object.entries(bundles)) {
      const sources = bundleSources(bundle);
      const unwanted = sources.filter(
        (s) => /zod\/v4\/classic\/|zod\/v3\/|@hono\/zod-openapi|@asteasolutions|zod\/v4\/locales\/(?!(?:en|index)\.js$)/.test(s),
      );
      expect(unwanted, `${name}.mjs sources`).toEqual([]);
    }
  });

  it('are ESM with a source map, importing nothing but Node built-ins (the AWS SDK is inside, not the runtime\'s copy)', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    for (const [name, bundle] of Object.entries(bundles)) {
      for (const file of filesOf(bundle)) {
        expect(readFileSync(file, 'utf8').endsWith(`//# sourceMappingURL=${basename(file)}.map\n`), `${basename(file)} names its source map`).toBe(true);
      }
      expect(bundle.file, name).toBe(join(outdir, `${name}.mjs`));
      for (const chunk of bundle.chunks) expect(dirname(chunk), `${name}: its chunks beside it`).toBe(outdir);
      expect(bundle.imports.filter((specifier) => !builtins.has(specifier)), `${name}.mjs imports`).toEqual([]);
    }
  });

  it('are byte for byte what the stack deploys (NodejsFunction\'s bundling step builds them with the same options and plugin), with the same files beside them', async () => {
    const { app } = createTrackerApp({ outdir: join(outdir, 'cdk.out'), env: {}, context: {} }); // bundling on
    const assembly = app.synth();
    // Built again right after the stack's, so both see the same sources; beside the assets, so the
    // source maps name the sources by the same relative paths (chunk names carry a hash of code and map).
    const again = join(outdir, 'cdk.out', 'again');
    const ours = await buildBundles(again);
    const template = assembly.stacks[0]!.template as { Resources: Record<string, { Type: string; Properties: any }> };
    const withoutMapName = (code: string) => code.replace(/\/\/# sourceMappingURL=\S+\.map\n$/, '');
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      const name = (fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string).replace('tracker-', '') as FunctionName;
      const assetHash = (fn.Properties.Code.S3Key as string).replace(/\.zip$/, '');
      const deployed = readFileSync(join(assembly.directory, `asset.${assetHash}`, 'index.mjs'), 'utf8');
      expect(withoutMapName(deployed) === withoutMapName(readFileSync(ours[name].file, 'utf8')), `${name}: the stack's bundle equals the tested build`).toBe(true);
      // Its chunks: the same files, byte for byte, and nothing else of code beside it but the modules of BESIDE_BUNDLE.
      const chunks = ours[name].chunks.map((file) => basename(file)).sort();
      expect(chunks.length, `${name} has chunks`).toBeGreaterThan(0);
      const code = readdirSync(join(assembly.directory, `asset.${assetHash}`)).filter((f) => f.endsWith('.mjs') && f !== 'index.mjs' && !BESIDE_BUNDLE[name].includes(f));
      expect(code.sort(), `${name}: its chunks`).toEqual(chunks);
      for (const chunk of chunks) {
        expect(readFileSync(join(assembly.directory, `asset.${assetHash}`, chunk), 'utf8') === readFileSync(join(again, chunk), 'utf8'), `${name}: ${chunk} equals the tested build's`).toBe(true);
      }
      // The API's description and the accounts module are written beside the bundles by the same code, at bundling time.
      const description = join(assembly.directory, `asset.${assetHash}`, DESCRIPTION_FILE);
      if (name === 'api') expect(readFileSync(description, 'utf8')).toBe(readFileSync(join(again, DESCRIPTION_FILE), 'utf8'));
      else expect(existsSync(description), `${name} carries no API description`).toBe(false);
      const accounts = join(assembly.directory, `asset.${assetHash}`, ACCOUNTS_FILE);
      if (name === 'api' || name === 'web') {
        expect(readFileSync(accounts, 'utf8') === readFileSync(join(again, ACCOUNTS_FILE), 'utf8'), `${name}: the stack's accounts module equals the tested build`).toBe(true);
      } else expect(existsSync(accounts), `${name} carries no accounts module`).toBe(false);
      const sheets = join(assembly.directory, `asset.${assetHash}`, SHEETS_FILE);
      if (name === 'api' || name === 'web') {
        expect(readFileSync(sheets, 'utf8') === readFileSync(join(again, SHEETS_FILE), 'utf8'), `${name}: the stack's spreadsheet module equals the tested build`).toBe(true);
      } else expect(existsSync(sheets), `${name} carries no spreadsheet module`).toBe(false);
      const uploads = join(assembly.directory, `asset.${assetHash}`, UPLOADS_FILE);
      if (name === 'api' || name === 'web') {
        expect(readFileSync(uploads, 'utf8') === readFileSync(join(again, UPLOADS_FILE), 'utf8'), `${name}: the stack's uploads adapter equals the tested build`).toBe(true);
      } else expect(existsSync(uploads), `${name} carries no uploads adapter`).toBe(false);
      // The catalogs' JSON files: exactly those the function's code uses, each equal to the tested build's.
      const i18n = join(assembly.directory, `asset.${assetHash}`, 'i18n');
      const expected = CATALOGS_BESIDE[name].flatMap(catalogFiles).sort();
      expect(expected.length, `${name} uses catalogs`).toBeGreaterThan(0);
      expect(readdirSync(i18n).map((f) => `i18n/${f}`).sort(), `${name}: its catalogs beside it`).toEqual(expected);
      for (const file of expected) {
        expect(readFileSync(join(assembly.directory, `asset.${assetHash}`, file), 'utf8'), `${name}: ${file}`).toBe(readFileSync(join(again, file), 'utf8'));
      }
    }
  }, 600_000); // four bundles (NodejsFunction's and again with the catalogs plugin, each built on its own with its chunks), the description, two accounts modules and the catalogs, twice: over 300 s on this shared 2-core machine under load

  it('leave the development token issuer out of the API and web bundles entirely', () => {
    for (const name of ['api', 'web'] as const) expect(bundleCode(bundles[name]), name).not.toContain(DEV_ISSUER);
  });

  it('keep the web pages, catalogs, Secrets Manager, the Cognito client and the OpenAPI generator out of the API bundle (its cold start carries only the JSON API)', () => {
    const sources = bundleSources(bundles.api);
    expect(sources.filter((s) => /shared\/web\/(?!headers\.ts|cognito\.ts)|shared\/i18n\/web\.ts|client-secrets-manager|client-cognito-identity-provider|shared\/api\/(openapi|description)\.ts|zod\/v4\/core\/(to-json-schema|json-schema-processors)\.js/.test(s))).toEqual([]);
    const webSources = bundleSources(bundles.web);
    expect(webSources.some((s) => s.includes('shared/web/pages/plan.tsx'))).toBe(true);
    expect(webSources.filter((s) => /shared\/api\/(routes\/(?!shared\.ts)|openapi\.ts|route\.ts)/.test(s))).toEqual([]);
  });

  it('import in Node and export a handler (neither reads a secret nor calls Cognito at init)', async () => {
    expect(api.exports).toContain('handler');
    expect(web.exports).toContain('handler');
    expect(secrets.calls).toEqual({});
    expect(apiSecrets.calls).toEqual({});
    expect(cognitoAdmin.calls).toEqual([]);
    for (const name of ['reminders', 'digests'] as const) {
      const job = await startLambdaWorker(bundles[name].file, { env: JOB_ENV });
      try {
        expect(job.exports, name).toContain('handler');
      } finally {
        await job.stop();
      }
    }
  });
});

describe('the spreadsheet module beside the API and web bundles', () => {
  const sheetsFile = () => join(outdir, SHEETS_FILE);
  const LIBRARIES = /@e965\/xlsx|node_modules\/fflate|write-excel-file|csv-parse|csv-stringify|shared\/sheets\/(read|write|index)\.ts/;

  it('is written beside exactly the API and web bundles, which carry none of it (loaded on the first import or export)', () => {
    const withSheets = (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).filter((name) => BESIDE_BUNDLE[name].includes(SHEETS_FILE));
    expect(withSheets.sort()).toEqual(['api', 'web']);
    const sources = sourcesOf(sheetsFile());
    expect(sources.some((s) => s.includes('@e965/xlsx'))).toBe(true);
    expect(sources.some((s) => s.endsWith('shared/sheets/read.ts'))).toBe(true);
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      expect(bundleSources(bundles[name]).filter((s) => LIBRARIES.test(s)), `${name}.mjs sources`).toEqual([]);
    }
    for (const name of ['api', 'web'] as const) expect(bundleCode(bundles[name]), name).toContain(SHEETS_FILE);
  });

  it('works on its own in a fresh Node process: reads a semicolon CSV and writes a workbook', async () => {
    const script = `
      const sheets = await import(process.env.SHEETS_URL);
      const [table] = sheets.readSpreadsheet(new TextEncoder().encode('Título;Fecha prevista\\r\\nComité;30/06/2026'));
      const book = await sheets.writeXlsx([{ name: 'x', columns: [{ header: 'A', kind: 'text' }], rows: [['=1']] }]);
      console.log(JSON.stringify({ rows: table.rows, zip: book[0] === 0x50 && book[1] === 0x4b }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, SHEETS_URL: pathToFileURL(sheetsFile()).href }, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ rows: [['Título', 'Fecha prevista'], ['Comité', '30/06/2026']], zip: true });
  });
});

describe('the uploads adapter beside the API and web bundles', () => {
  const uploadsFile = () => join(outdir, UPLOADS_FILE);
  const S3 = /@aws-sdk\/client-s3|s3-presigned-post|shared\/sheets\/s3\.ts/;

  it('is written beside exactly the API and web bundles, which carry none of the S3 client, not even in a chunk', () => {
    const withUploads = (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).filter((name) => BESIDE_BUNDLE[name].includes(UPLOADS_FILE));
    expect(withUploads.sort()).toEqual(['api', 'web']);
    const sources = sourcesOf(uploadsFile());
    expect(sources.some((s) => s.includes('@aws-sdk/client-s3'))).toBe(true);
    expect(sources.some((s) => s.includes('@aws-sdk/s3-presigned-post'))).toBe(true);
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      expect(bundleSources(bundles[name]).filter((s) => S3.test(s)), `${name}.mjs sources`).toEqual([]);
    }
    for (const name of ['api', 'web'] as const) expect(bundleCode(bundles[name]), name).toContain(UPLOADS_FILE);
  });

  it('works on its own in a fresh Node process: signs a presigned POST for a plan\'s upload without calling S3', async () => {
    const script = `
      const { s3UploadsNow } = await import(process.env.UPLOADS_URL);
      const uploads = s3UploadsNow({ bucket: 'tracker-uploads-test', region: 'eu-west-1', config: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } } });
      const form = await uploads.form({ planId: 'ams-rm-2026', userId: 'coord-pe', fileName: 'taller.xlsx', now: new Date() });
      const policy = JSON.parse(Buffer.from(form.fields.Policy, 'base64').toString());
      console.log(JSON.stringify({ url: form.url, key: form.key, range: policy.conditions.find((c) => c[0] === 'content-length-range') }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, UPLOADS_URL: pathToFileURL(uploadsFile()).href }, timeout: 30_000 });
    const out = JSON.parse(stdout) as { url: string; key: string; range: unknown[] };
    expect(out.url).toBe('https://tracker-uploads-test.s3.eu-west-1.amazonaws.com/');
    expect(out.key).toMatch(/^uploads\/ams-rm-2026\/coord-pe\/[0-9a-f]{32}\/taller\.xlsx$/);
    expect(out.range).toEqual(['content-length-range', 1, 50 * 1024 * 1024]);
  });
});

describe('the accounts module beside the API and web bundles', () => {
  const accountsFile = () => join(outdir, ACCOUNTS_FILE);

  it('is written beside exactly the API and web bundles', () => {
    const withAccounts = (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).filter((name) => BESIDE_BUNDLE[name].includes(ACCOUNTS_FILE));
    expect(withAccounts.sort()).toEqual(['api', 'web']);
    expect(existsSync(accountsFile())).toBe(true);
  });

  it('is small and carries the Cognito client with only the commands the adapter sends; the API and web bundles carry none of it', () => {
    expect(statSync(accountsFile()).size / 1024).toBeLessThanOrEqual(ACCOUNTS_BUDGET_KB);
    const sources = sourcesOf(accountsFile());
    expect(sources.some((s) => s.endsWith('shared/accounts/cognito.ts'))).toBe(true);
    const commands = sources.filter((s) => s.includes('client-cognito-identity-provider/dist-es/commands/')).map((s) => s.replace(/^.*\/commands\/|Command\.js$/g, ''));
    expect(commands.sort()).toEqual([...COGNITO_ACTIONS].map((a) => a.replace('cognito-idp:', '')).sort());
    // Nothing of ours but the adapter: no store, no app, no pages.
    expect(sources.filter((s) => s.includes('shared/') && !s.endsWith('shared/accounts/cognito.ts'))).toEqual([]);
    for (const name of ['api', 'web'] as const) {
      const bundle = bundleSources(bundles[name]);
      expect(bundle.filter((s) => /client-cognito-identity-provider|shared\/accounts\/cognito\.ts/.test(s)), `${name}.mjs sources`).toEqual([]);
      // The bundle finds the module at run time, beside itself; esbuild left that import alone.
      expect(bundleCode(bundles[name]), name).toContain(ACCOUNTS_FILE);
    }
  });

  it('works on its own in a fresh Node process: inviting sends AdminCreateUser, then AdminAddUserToGroup', async () => {
    const before = cognitoAdmin.calls.length;
    const script = `
      const { cognitoAccounts } = await import(process.env.ACCOUNTS_URL);
      await cognitoAccounts(process.env.USER_POOL_ID).invite({ id: 'dg-cl', name: 'Director General', email: 'dg@cl.example.org', role: 'director_general', administrationId: 'CL', language: 'es' });
    `;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        ACCOUNTS_URL: pathToFileURL(accountsFile()).href,
        USER_POOL_ID: POOL.userPoolId,
        AWS_REGION: POOL.region,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoAdmin.endpoint,
      },
      timeout: 30_000,
    });
    const calls = cognitoAdmin.calls.slice(before);
    expect(calls.map((c) => c.operation)).toEqual(['AdminCreateUser', 'AdminAddUserToGroup']);
    expect(calls[0]!.input).toMatchObject({
      UserPoolId: POOL.userPoolId,
      Username: 'dg@cl.example.org',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([{ Name: 'custom:person', Value: 'dg-cl' }, { Name: 'custom:administration', Value: 'CL' }]),
    });
    expect(calls[1]!.input).toEqual({ UserPoolId: POOL.userPoolId, Username: 'dg@cl.example.org', GroupName: 'director_general' });
  });
});

describe('the message catalogs beside the bundles', () => {
  /** Messages long enough to be told from code (in each area and language). */
  const distinctive = (area: CatalogArea) => LANGUAGES.flatMap((language) => Object.values(CATALOGS[area][language]).filter((m) => m.length >= 40 && !m.includes('{')));

  it('are in no bundle: each loads the catalog modules its code imports from JSON beside it instead', () => {
    expect(distinctive('web').length).toBeGreaterThan(300);
    expect(distinctive('mail').length).toBeGreaterThan(30);
    for (const [name, bundle] of Object.entries(bundles) as [FunctionName, BuiltBundle][]) {
      const code = bundleCode(bundle);
      expect(code, name).not.toContain(webCatalogs.es['signIn.lead']);
      expect(code, name).not.toContain(mail.es['page.update.invalid']);
      for (const area of Object.keys(CATALOGS) as CatalogArea[]) {
        expect(distinctive(area).filter((m) => code.includes(m)), `${name}.mjs: ${area} messages`).toEqual([]);
      }
      expect(bundle.catalogs, name).toEqual([...CATALOGS_BESIDE[name]].sort());
      // The catalog modules are swapped for the loader; the message files behind them are not bundled at all.
      const sources = bundleSources(bundle);
      expect(sources.filter((s) => /shared\/i18n\/(?!index\.ts$|beside\.ts$)/.test(s) && !s.startsWith('catalogs-beside:')), `${name}.mjs sources`).toEqual([]);
      expect(sources.filter((s) => s.startsWith('catalogs-beside:')).sort(), `${name}.mjs sources`).toEqual(CATALOGS_BESIDE[name].map((area) => `catalogs-beside:${CATALOG_MODULES[area].file}`).sort());
    }
  });

  it('are written beside each bundle that uses them: one JSON file per area and language, listed in BESIDE_BUNDLE', () => {
    expect(CATALOGS_BESIDE).toEqual({ api: ['donorReport', 'resultsMail', 'sheets'], web: ['donorReport', 'mail', 'resultsMail', 'sheets', 'web'], reminders: ['resultsMail'], digests: ['resultsMail'] });
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      for (const area of CATALOGS_BESIDE[name]) {
        const files = LANGUAGES.map((language) => `i18n/${area}.${language}.json`);
        expect(catalogFiles(area)).toEqual(files);
        for (const file of files) {
          expect(BESIDE_BUNDLE[name], name).toContain(file);
          expect(existsSync(join(outdir, file)), file).toBe(true);
        }
      }
    }
  });

  it('hold every language fully merged, as the TypeScript catalogs build it, read back through the loader the bundles carry', () => {
    const bundleUrl = pathToFileURL(join(outdir, 'any-bundle.mjs')).href;
    for (const area of Object.keys(CATALOGS) as CatalogArea[]) {
      const beside = catalogsBeside(area, bundleUrl);
      expect(Object.keys(beside)).toEqual([...LANGUAGES]);
      for (const language of LANGUAGES) expect(beside[language], `${area}.${language}`).toEqual(CATALOGS[area][language]);
    }
    // Merged: the web catalog carries the messages of its parts (forms, directory, plans, words).
    const es = JSON.parse(readFileSync(join(outdir, 'i18n/web.es.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(es).length).toBe(Object.keys(webCatalogs.en).length);
  });
});

describe('the API bundle behind API Gateway', () => {
  const people = {
    admin: { 'custom:person': 'admin-1', 'custom:role': 'admin', name: 'Secretariat' },
    focalPoint: { 'custom:person': 'fp-pe', 'cognito:groups': ['focal_point'], 'custom:administration': 'PE' },
  };

  /**
   * A request as the HTTP API delivers it: the verified claims in the request context, the token
   * in the header; to the function its route names (infra/api.ts): the API for /api/, else the web app.
   */
  async function call(request: Request & { as?: keyof typeof people; token?: string }): Promise<HttpApiResult & { json: any }> {
    const claims = request.as ? people[request.as] : undefined;
    const token = request.token ?? (claims ? cognito.idToken(claims) : undefined);
    const event = httpApiEvent({
      ...request,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...request.headers },
      claims: claims ? { sub: 'x', ...Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : v])) } : undefined,
    });
    const fn = request.path.startsWith('/api/v1/') || request.path === '/api/docs' ? api : web;
    const result = await fn.invoke<HttpApiResult>(event, lambdaContext());
    const type = result.headers['content-type'] ?? '';
    return { ...result, json: /json/.test(type) && result.body ? JSON.parse(result.body) : undefined };
  }

  const administration = {
    id: 'PE',
    name: 'Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)',
    language: 'es',
    timeZone: 'America/Lima',
    directorGeneral: { name: 'Directora General', email: 'dg@sunat.example.org' },
  };

  it('creates a resource for an admin (a write checked against the real Cognito verifier)', async () => {
    const created = await call({ method: 'POST', path: '/api/v1/administrations', as: 'admin', body: administration });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json).toMatchObject({ id: 'PE', timeZone: 'America/Lima' });
    expect(api.fetched()).toEqual({ [cognito.jwksUri]: 1 });
  });

  it('reads it back for anyone signed in, with its ETag', async () => {
    const read = await call({ method: 'GET', path: '/api/v1/administrations/PE', as: 'focalPoint' });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json).toMatchObject({ id: 'PE', name: administration.name, version: 1 });
  });

  it('seals page cursors under the deployment secret, read on the first list that needs a cursor and only once', async () => {
    expect(apiSecrets.calls).toEqual({});
    expect((await call({ method: 'POST', path: '/api/v1/administrations', as: 'admin', body: { ...administration, id: 'CO', name: 'Colombia Customs (DIAN)' } })).statusCode).toBe(201);
    const first = await call({ method: 'GET', path: '/api/v1/administrations?limit=1', as: 'focalPoint' });
    expect(first.statusCode).toBe(200);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const next = await call({ method: 'GET', path: `/api/v1/administrations?limit=1&cursor=${first.json.nextCursor}`, as: 'focalPoint' });
    expect(next.statusCode).toBe(200);
    expect(next.json.items[0].id).not.toBe(first.json.items[0].id);
    expect(apiSecrets.calls).toEqual({ [JOB_ENV.LINK_SIGNING_SECRET_ARN]: 1 });
  });

  it('invites a person as a Cognito user through the accounts module beside the bundle, loaded on that first invitation', async () => {
    expect(cognitoAdmin.calls.filter((c) => c.input.Username === 'fp-pe@sunat.example.org')).toEqual([]);
    const before = cognitoAdmin.calls.length;
    const invited = await call({
      method: 'POST',
      path: '/api/v1/people',
      as: 'admin',
      body: { id: 'fp-pe-2', name: 'Punto Focal', email: 'fp-pe@sunat.example.org', role: 'focal_point', administrationId: 'PE', language: 'es' },
    });
    expect(invited.statusCode).toBe(201);
    const calls = cognitoAdmin.calls.slice(before);
    expect(calls.map((c) => c.operation)).toEqual(['AdminCreateUser', 'AdminAddUserToGroup']);
    expect(calls[0]!.input).toMatchObject({
      UserPoolId: POOL.userPoolId,
      Username: 'fp-pe@sunat.example.org',
      UserAttributes: expect.arrayContaining([{ Name: 'custom:person', Value: 'fp-pe-2' }, { Name: 'custom:role', Value: 'focal_point' }, { Name: 'locale', Value: 'es' }]),
    });
    expect(calls[1]!.input).toEqual({ UserPoolId: POOL.userPoolId, Username: 'fp-pe@sunat.example.org', GroupName: 'focal_point' });

    // A later change uses the module already loaded: deactivating disables the user and signs them out.
    const deactivated = await call({ method: 'POST', path: '/api/v1/people/fp-pe-2/deactivate', as: 'admin', headers: { 'If-Match': invited.headers.etag! } });
    expect(deactivated.statusCode).toBe(200);
    expect(cognitoAdmin.calls.slice(before + 2).map((c) => [c.operation, c.input.Username])).toEqual([
      ['AdminDisableUser', 'fp-pe@sunat.example.org'],
      ['AdminUserGlobalSignOut', 'fp-pe@sunat.example.org'],
    ]);
  });

  it('changes it with If-Match, and refuses a second change based on the same stale version (412)', async () => {
    const changed = await call({ method: 'PATCH', path: '/api/v1/administrations/PE', as: 'admin', headers: { 'If-Match': '"1"' }, body: { digestFrequency: 'quarterly' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json).toMatchObject({ digestFrequency: 'quarterly', version: 2 });

    const stale = await call({ method: 'PATCH', path: '/api/v1/administrations/PE', as: 'admin', headers: { 'If-Match': '"1"' }, body: { digestFrequency: 'weekly' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 403 with a problem document when the caller may not do it', async () => {
    const denied = await call({ method: 'PATCH', path: '/api/v1/administrations/PE', as: 'focalPoint', headers: { 'If-Match': '"2"' }, body: { name: 'Mine now' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(denied.json).toMatchObject({ status: 403, type: expect.stringMatching(/forbidden/) });
  });

  it('answers 400 naming each bad field, for input the schema refuses', async () => {
    const invalid = await call({ method: 'POST', path: '/api/v1/administrations', as: 'admin', body: { ...administration, id: 'peru', colour: 'red' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    const fields = (invalid.json.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining([expect.stringMatching(/id/)]));
    expect(JSON.stringify(invalid.json)).not.toMatch(/at .*\.mjs/); // no stack trace
  });

  it('verifies the bearer token itself: authorizer claims without a valid token get 401', async () => {
    const forged = await call({ method: 'GET', path: '/api/v1/administrations/PE', as: 'admin', token: 'not.a.token' });
    expect(forged.statusCode).toBe(401);
    const otherClient = await call({ method: 'GET', path: '/api/v1/administrations/PE', as: 'admin', token: cognito.idToken(people.admin, { audience: 'some-other-client' }) });
    expect(otherClient.statusCode).toBe(401);
    const none = await call({ method: 'GET', path: '/api/v1/administrations/PE' });
    expect(none.statusCode).toBe(401);
  });

  it('sends people to the Cognito hosted sign-in with PKCE, back to the app\'s callback', async () => {
    const signIn = await call({ method: 'GET', path: '/sign-in/cognito' });
    expect(signIn.statusCode).toBeGreaterThanOrEqual(302);
    expect(signIn.statusCode).toBeLessThan(304);
    const location = new URL(signIn.headers.location!);
    expect(location.origin + location.pathname).toBe('https://bundle-test.auth.us-east-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: POOL.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `https://abc123defg.execute-api.us-east-1.amazonaws.com${CALLBACK_PATH}`,
    });
  });

  it('reads the link-signing key when a mail link is first followed, and only once', async () => {
    const first = await call({ method: 'GET', path: '/mail/update/not-a-real-token' });
    expect(first.statusCode).toBe(400);
    const second = await call({ method: 'GET', path: '/mail/unsubscribe/not-a-real-token' });
    expect(second.statusCode).toBe(400);
    expect(secrets.calls).toEqual({ [JOB_ENV.LINK_SIGNING_SECRET_ARN]: 1 });
  });

  it('serves the pages in the visitor\'s language from the catalogs beside the bundle: Spanish, French, English', async () => {
    for (const [language, title] of [['es', 'Iniciar sesión'], ['fr', 'Se connecter'], ['en', 'Sign in']] as const) {
      const page = await call({ method: 'GET', path: '/sign-in', headers: { 'Accept-Language': `${language};q=0.9` } });
      expect(page.statusCode, language).toBe(200);
      expect(page.body, language).toContain(`<html lang="${language}"`);
      expect(page.body, language).toContain(`<h1>${title}</h1>`);
      expect(webCatalogs[language]['signIn.title']).toBe(title);
    }
    const es = await call({ method: 'GET', path: '/sign-in', headers: { 'Accept-Language': 'es-PE,es;q=0.9' } });
    expect(es.body).toContain(webCatalogs.es['signIn.lead']);
    const fr = await call({ method: 'GET', path: '/sign-in', headers: { 'Accept-Language': 'fr-FR' } });
    expect(fr.body).toContain(webCatalogs.fr['signIn.lead']!.replace(/'/g, '&#39;'));
  });

  it('answers a mail link in the visitor\'s language from the mail catalog beside the web bundle', async () => {
    for (const language of ['es', 'fr'] as const) {
      const page = await call({ method: 'GET', path: '/mail/update/not-a-real-token', headers: { 'Accept-Language': language } });
      expect(page.statusCode, language).toBe(400);
      expect(page.body, language).toContain(`<html lang="${language}"`);
      expect(page.body, language).toContain(`<h1>${mail[language]['page.title.update']}</h1>`);
      expect(page.body, language).toContain(mail[language]['page.update.invalid']!.replace(/'/g, '&#39;'));
    }
    expect(mail.es['page.title.update']).toBe('Actualizar un hito');
  });

  it('serves the public routes without the authorizer: the description from the API, the rest from the web app', async () => {
    const health = await call({ method: 'GET', path: '/health' });
    expect(health.statusCode).toBe(200);
    const description = await call({ method: 'GET', path: '/api/v1/openapi.json' });
    expect(description.statusCode).toBe(200);
    expect(description.json.openapi).toBe('3.1.0');
    expect(description.json.servers).toEqual([{ url: 'https://abc123defg.execute-api.us-east-1.amazonaws.com' }]);
    // The file made at build time, with the deployed URL: the same document the routes describe locally.
    const { servers: _, ...built } = description.json;
    expect(built).toEqual(JSON.parse(readFileSync(join(outdir, DESCRIPTION_FILE), 'utf8')));
    expect(Object.keys(description.json.paths)).toContain('/api/v1/milestones/{id}');
    const docs = await call({ method: 'GET', path: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('/api/v1/milestones/{id}');
  });

  it('answers a path under /api/ that the API does not serve with a problem, from either function', async () => {
    const viaDefault = await call({ method: 'GET', path: '/api/v2/plans' });
    expect(viaDefault.statusCode).toBe(404);
    expect(viaDefault.headers['content-type']).toMatch(/^application\/problem\+json/);
    const viaApi = await call({ method: 'GET', path: '/api/v1/nothing-here', as: 'admin' });
    expect(viaApi.statusCode).toBe(404);
    expect(viaApi.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves a plan\'s calendar feed with the iCalendar writer beside the web bundle (not in it), loaded on the first feed', async () => {
    const websources = bundleSources(bundles.web);
    expect(websources.filter((s) => s.includes('ical-generator'))).toEqual([]);
    expect(BESIDE_BUNDLE.web).toContain(ICALENDAR_FILE);
    expect(bundleCode(bundles.web)).toContain(ICALENDAR_FILE);
    const seed = { userId: 'seed', role: 'admin' as const };
    await store.people.create({ id: 'feed-reader', name: 'Feed Reader', email: 'feed-reader@example.org', role: 'admin', language: 'fr', remindersOptOut: false }, seed);
    const strategy = await store.strategies.create({ id: 'feed-s', region: 'Americas', title: 'Feed strategy', status: 'active', reminders: { offsetsDays: [7], graceDays: 14, attentionDays: 30 } }, seed);
    await store.plans.create(strategy, { id: 'feed-p', title: 'Feed plan', period: { start: '2026-01-01', end: '2026-12-31' }, status: 'active' }, seed);
    await store.milestones.create(await store.plans.require('feed-p'), { title: 'Workshop held', description: '', note: '', evidence: [], ownerAdministrationId: 'PE', ownerTimeZone: 'America/Lima', dueDate: '2026-06-12', baselineDueDate: '2026-06-12', status: 'planned', progress: 0 }, seed);
    const { token } = await resetCalendarFeed({ store, now: () => new Date() }, { userId: 'feed-reader', role: 'admin' }, { personId: 'feed-reader', feed: { kind: 'plan', id: 'feed-p' }, expectedVersion: 0 });
    const feed = await call({ method: 'GET', path: `/feeds/feed-reader/plans/feed-p/${token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    // Hono's Lambda adapter sends text/calendar base64-encoded (API Gateway decodes it for the client).
    const text = (feed as { isBase64Encoded?: boolean }).isBase64Encoded ? Buffer.from(feed.body!, 'base64').toString('utf8') : feed.body!;
    expect(text).toContain('DTSTART;VALUE=DATE:20260612');
    // A French reader, an English title with no French yet: the original, its language said (RFC 5545 LANGUAGE).
    expect(text).toContain('SUMMARY;LANGUAGE=en:Jalon 1 : Workshop held');
    const again = await call({ method: 'GET', path: `/feeds/feed-reader/plans/feed-p/${token}.ics`, headers: { 'if-none-match': feed.headers.etag! } });
    expect(again.statusCode).toBe(304);
  });

  it('serves the pages from the web function: an HTML page, a signed-out visitor sent to sign in', async () => {
    const home = await call({ method: 'GET', path: '/' });
    expect([302, 303]).toContain(home.statusCode);
    const signIn = await call({ method: 'GET', path: '/sign-in' });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers['content-type']).toMatch(/^text\/html/);
    const missing = await call({ method: 'GET', path: '/no-such-page' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
  });
});
