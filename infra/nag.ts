/**
 * cdk-nag v3: the AwsSolutions and Serverless packs run as policy-validation plugins during
 * synthesis, so `cdk synth` and the tests fail on any finding that is not acknowledged, next to
 * the construct it concerns, with a written reason (`Validations.of(construct).acknowledge`).
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

export const NAG_PACKS = ['AwsSolutions', 'Serverless'] as const;

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    new ServerlessChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
}
