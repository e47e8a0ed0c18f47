/**
 * Least privilege, read from the synthesized policies: no wildcard actions, "*" resources only
 * where AWS offers nothing narrower (and cdk-nag has a written acknowledgement), each function
 * with exactly the table actions it uses, and the API and web functions alone with the Cognito
 * actions of the accounts adapter, on the user pool alone. And no setting anywhere that could turn on the
 * development token issuer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TABLE_ACTIONS } from '../../infra/api.ts';
import { JOB_TABLE_ACTIONS } from '../../infra/schedules.ts';
import { UPLOAD_ACTIONS } from '../../infra/uploads.ts';
import { COGNITO_ACTIONS } from '../../shared/accounts/cognito.ts';
import { trackerTable } from '../../shared/store/tables.ts';
import { resourcesOf, synthesize, type CfnTemplate } from './support/synth.ts';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
}
interface Granted {
  policy: string;
  actions: string[];
  resources: unknown[];
}

/** Every Allow statement of every identity policy (policies, inline role policies, managed policies). */
function grants(json: CfnTemplate): Granted[] {
  const documents: [string, { Statement: Statement[] }][] = [
    ...resourcesOf(json, 'AWS::IAM::Policy').map(([id, r]) => [id, r.Properties!.PolicyDocument] as [string, { Statement: Statement[] }]),
    ...resourcesOf(json, 'AWS::IAM::ManagedPolicy').map(([id, r]) => [id, r.Properties!.PolicyDocument] as [string, { Statement: Statement[] }]),
    ...resourcesOf(json, 'AWS::IAM::Role').flatMap(([id, r]) =>
      ((r.Properties!.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).map((p) => [id, p.PolicyDocument] as [string, { Statement: Statement[] }]),
    ),
  ];
  return documents.flatMap(([policy, doc]) =>
    doc.Statement.filter((st) => st.Effect === 'Allow').map((st) => ({
      policy,
      actions: [st.Action].flat(),
      resources: [st.Resource].flat(),
    })),
  );
}

const XRAY = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

let json: CfnTemplate;
let all: Granted[];
beforeAll(() => {
  json = synthesize().json;
  all = grants(json);
}, 120_000);

describe('least privilege', () => {
  it('grants no wildcard action anywhere (no "*", no "dynamodb:*", no "s3:Get*")', () => {
    expect(all.length).toBeGreaterThan(10);
    const wild = all.flatMap((g) => g.actions.filter((a) => a.includes('*')).map((a) => `${g.policy}: ${a}`));
    expect(wild).toEqual([]);
  });

  it('uses the resource "*" only for X-Ray, which has no resource-level permissions', () => {
    const star = all.filter((g) => g.resources.includes('*'));
    expect(star.length).toBe(4); // one per function
    for (const g of star) expect(g.actions.sort()).toEqual([...XRAY].sort());
  });

  it('has no other wildcard in a resource than the scheduler\'s "<function arn>:*" (versions of that one function) and the uploads bucket\'s "uploads/*"', () => {
    const uploads = all.filter((g) => g.actions.some((a) => a.startsWith('s3:')));
    const [bucketId] = resourcesOf(json, 'AWS::S3::Bucket')[0]!;
    expect(uploads).toHaveLength(2); // the API and web functions
    for (const g of uploads) {
      expect(g.actions.sort()).toEqual([...UPLOAD_ACTIONS].sort());
      expect(g.resources).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/uploads/*']] }]);
    }
    const partial = all.filter((g) => !uploads.includes(g) && !g.resources.includes('*') && JSON.stringify(g.resources).includes('*'));
    expect(partial.length).toBeGreaterThan(0);
    const wildcards = partial.flatMap((g) => {
      expect(g.actions).toEqual(['lambda:InvokeFunction']);
      const versions = g.resources.filter((r) => JSON.stringify(r).includes('*')) as { 'Fn::Join': [string, [unknown, string]] }[];
      for (const v of versions) {
        // Each "<arn>:*" sits beside the function's own ARN in the same statement.
        expect(v['Fn::Join'][0]).toBe('');
        expect(v['Fn::Join'][1][1]).toBe(':*');
        expect(g.resources).toContainEqual(v['Fn::Join'][1][0]);
      }
      return versions;
    });
    expect(wildcards).toHaveLength(2); // the reminders and digests functions, invoked by the scheduler
  });

  it('attaches no AWS managed policy to any role', () => {
    for (const [id, role] of resourcesOf(json, 'AWS::IAM::Role')) {
      expect(role.Properties!.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('gives each function exactly the table actions it uses, on the table and its indexes by name', () => {
    const [tableId] = resourcesOf(json, 'AWS::DynamoDB::Table')[0]!;
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const expected = [tableArn, ...trackerTable.globalSecondaryIndexes.map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i.indexName}`]] }))];
    const dynamo = all.filter((g) => g.actions.some((a) => a.startsWith('dynamodb:')));
    const byFunction = Object.fromEntries(dynamo.map((g) => [g.policy.replace(/Role.*$/, ''), g]));
    expect(Object.keys(byFunction).sort()).toEqual(['ApiFunction', 'ApiWebFunction', 'JobsDigestsFunction', 'JobsRemindersFunction']);
    expect(byFunction.ApiFunction!.actions.sort()).toEqual([...API_TABLE_ACTIONS].sort());
    expect(byFunction.ApiWebFunction!.actions.sort()).toEqual([...API_TABLE_ACTIONS].sort());
    expect(byFunction.JobsRemindersFunction!.actions.sort()).toEqual([...JOB_TABLE_ACTIONS].sort());
    expect(byFunction.JobsDigestsFunction!.actions.sort()).toEqual([...JOB_TABLE_ACTIONS].sort());
    expect(byFunction.JobsRemindersFunction!.actions).not.toContain('dynamodb:DeleteItem');
    const sorted = (resources: unknown[]) => resources.map((r) => JSON.stringify(r)).sort();
    for (const g of dynamo) expect(sorted(g.resources)).toEqual(sorted(expected));
    expect(dynamo.flatMap((g) => g.actions)).not.toContain('dynamodb:Scan');
  });
});

describe('people\'s sign-in accounts', () => {
  it('are managed by the API and web functions alone, each with exactly the adapter\'s Cognito actions, on the user pool alone', () => {
    const pools = resourcesOf(json, 'AWS::Cognito::UserPool');
    expect(pools).toHaveLength(1);
    const cognito = all.filter((g) => g.actions.some((a) => a.startsWith('cognito-idp:')));
    expect(cognito.map((g) => g.policy.replace(/Role.*$/, '')).sort()).toEqual(['ApiFunction', 'ApiWebFunction']);
    for (const g of cognito) {
      // COGNITO_ACTIONS is checked against the calls the adapter really makes (test/unit/accounts-cognito.test.ts).
      expect([...g.actions].sort(), g.policy).toEqual([...COGNITO_ACTIONS].sort());
      expect(g.resources, g.policy).toEqual([{ 'Fn::GetAtt': [pools[0]![0], 'Arn'] }]);
    }
    // No other statement names the pool.
    const onPool = all.filter((g) => JSON.stringify(g.resources).includes(JSON.stringify({ 'Fn::GetAtt': [pools[0]![0], 'Arn'] })));
    expect(onPool).toEqual(cognito);
  });
});

describe('the development token issuer', () => {
  it('has no setting in any deployed function: no variable that could enable it or point elsewhere', () => {
    const functions = resourcesOf(json, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    for (const [id, fn] of functions) {
      const variables = fn.Properties!.Environment?.Variables ?? {};
      for (const [name, value] of Object.entries(variables)) {
        expect(name, `${id} ${name}`).not.toMatch(/DEV|ISSUER|JWKS|LOCAL|ENDPOINT|TOKEN|KEY/i);
        expect(JSON.stringify(value), `${id} ${name}`).not.toMatch(/dev-issuer|localhost|127\.0\.0\.1|dev-keys|\.local/i);
      }
      expect(Object.keys(variables)).not.toContain('NODE_ENV');
    }
  });
});
