/**
 * Builds the CDK app: parameters from context or environment (validated first), the stack, and
 * the cdk-nag checks. `main.ts` synthesizes it for the CLI; the tests build it with their own
 * context (and bundling skipped).
 */
import { readFileSync } from 'node:fs';
import { App, type AppProps } from 'aws-cdk-lib';
import { addNagChecks } from './nag.ts';
import { contextOrEnvironment, resolveParameters, type DeploymentParameters } from './parameters.ts';
import { TrackerStack } from './stack.ts';

export interface TrackerAppOptions extends AppProps {
  /** Where parameters not given as context come from (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Run cdk-nag during synthesis (default true). */
  readonly nag?: boolean;
}

/**
 * The feature flags in cdk.json's context: the CLI applies them to `cdk synth` and `cdk deploy`, and
 * the app applies them itself too, so the tests synthesize with exactly the flags a deployment has.
 * They are the recommended flags of the aws-cdk-lib version this project started on.
 */
export const FEATURE_FLAGS: Record<string, unknown> = (
  JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context?: Record<string, unknown> }
).context ?? {};

export const stackName = (parameters: DeploymentParameters) => `ActionPlanTracker-${parameters.stage}`;

export function createTrackerApp(options: TrackerAppOptions = {}): { app: App; stack: TrackerStack; parameters: DeploymentParameters } {
  const { env, nag = true, ...appProps } = options;
  const app = new App({ ...appProps, context: { ...FEATURE_FLAGS, ...appProps.context } });
  const parameters = resolveParameters(contextOrEnvironment((key) => app.node.tryGetContext(key), env));
  const stack = new TrackerStack(app, stackName(parameters), {
    parameters,
    description: `Regional action plan tracker (${parameters.stage}): API, web app, scheduled reminders and digests`,
    tags: { app: 'action-plan-tracker', stage: parameters.stage },
  });
  if (nag) addNagChecks(app);
  return { app, stack, parameters };
}
