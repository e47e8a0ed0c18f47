/**
 * Synthesizes the tracker app as `cdk synth` does, but with bundling skipped (context
 * `aws:cdk:bundling-stacks: []`) so it takes seconds. cdk-nag runs as part of synthesis: a finding
 * that is not acknowledged makes `synthesize` throw.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createTrackerApp } from '../../../infra/app.ts';

export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

export function synthesize(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'tracker-synth-'));
  // Parameters come from context only: the machine's environment must not change the template.
  const { app, stack, parameters } = createTrackerApp({ outdir, env: {}, context: { ...NO_BUNDLING, ...context } });
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const template = Template.fromJSON(artifact.template as Record<string, unknown>);
  return { app, stack, parameters, assembly, template, json: artifact.template as CfnTemplate };
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/** Resources of one type, by logical id. */
export function resourcesOf(json: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}
