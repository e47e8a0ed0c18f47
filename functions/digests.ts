/** Lambda entry of the digests run (EventBridge Scheduler): see shared/jobs/digests.ts. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { scheduledJob } from '../shared/jobs/lambda.ts';

const logger = new Logger({ serviceName: 'tracker-digests' });
const metrics = new Metrics({ namespace: 'ActionPlanTracker', serviceName: 'tracker-digests' });

export const handler = middy(scheduledJob('digests', logger, metrics))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
