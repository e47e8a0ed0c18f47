/** CDK app entry (`cdk.json`): `npm run synth`, `npx cdk deploy -c senderEmail=...` (README, "Deploy to AWS"). */
import { createTrackerApp } from './app.ts';
import { ParameterError } from './parameters.ts';

try {
  createTrackerApp().app.synth();
} catch (error) {
  // A wrong parameter is the operator's to fix: one sentence, no stack trace.
  if (!(error instanceof ParameterError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
