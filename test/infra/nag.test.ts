/**
 * cdk-nag (v3, AwsSolutions and Serverless packs) runs in every synthesis of the app. These tests
 * show the stack has no finding left, that each acknowledgement says why in words, and that the
 * checks do bite: an unacknowledged finding fails synthesis.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { createTrackerApp } from '../../infra/app.ts';
import { NO_BUNDLING, synthesize } from './support/synth.ts';

/** A synthesis takes seconds, more on a busy machine. */
const SYNTH_TIMEOUT = 120_000;

const EVERY_PARAMETER = {
  stage: 'prod',
  senderEmail: 'plans@example.org',
  alarmEmail: 'ops@example.org',
  allowedOrigins: 'https://tracker.example.org',
  signInDomainPrefix: 'strategy-tracker',
};

/** The acknowledged findings, each with its reason, as written into the template's metadata. */
function acknowledgements(template: { Resources: Record<string, { Metadata?: any }> }): Map<string, string> {
  const found = new Map<string, string>();
  for (const resource of Object.values(template.Resources)) {
    for (const { id, reason } of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) found.set(`${id} — ${reason}`, reason);
  }
  return found;
}

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the stack with every optional resource present', () => {
    const s = synthesize(EVERY_PARAMETER); // throws with the report if anything is left
    const reportFile = join(s.assembly.directory, 'validation-report.json');
    if (existsSync(reportFile)) {
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { violations: unknown[] }[] };
      expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    }

    const acks = acknowledgements(s.json);
    const ids = new Set([...acks.keys()].map((k) => k.split(' — ')[0]!.replace(/<(?!UploadsBucket)[^>]+>/, '<fn>').replace(/<UploadsBucket[^>]+>/, '<bucket>')));
    // Each of these is argued next to its construct; a new one has to be added here, in review.
    expect([...ids].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::<bucket>/uploads/*]',
      'AwsSolutions-IAM5[Resource::<fn>:*]',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
      'Serverless-LambdaDLQ',
      'Serverless-SQSRedrivePolicy',
    ]);
    for (const reason of acks.values()) {
      expect(reason.length, reason).toBeGreaterThan(80);
    }
  }, SYNTH_TIMEOUT);

  it('fails synthesis on a finding nobody acknowledged', () => {
    const { app, stack } = createTrackerApp({
      outdir: mkdtempSync(join(tmpdir(), 'tracker-nag-')),
      env: {},
      context: { ...NO_BUNDLING },
    });
    new Queue(stack, 'CarelessQueue'); // no encryption in transit, no dead-letter queue
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4[\s\S]*CarelessQueue|CarelessQueue[\s\S]*AwsSolutions-SQS4/);
  }, SYNTH_TIMEOUT);
});
