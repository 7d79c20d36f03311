/**
 * CDK app entry point (cdk.json: `npx tsx infra/bin/app.ts`). Select the stage with
 * `cdk synth -c stage=prod`; the default stage comes from cdk.json (`dev`).
 */
import { buildApp } from '../app-builder.js';

buildApp().app.synth();
