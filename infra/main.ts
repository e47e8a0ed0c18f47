/** CDK app entry (`cdk.json`): `npm run synth`, `npx cdk deploy -c senderEmail=...`. */
import { createTrackerApp } from './app.ts';

createTrackerApp().app.synth();
