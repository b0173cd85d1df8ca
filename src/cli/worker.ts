/**
 * `rigsweep worker`: takes ingest and sweep jobs from Redis until SIGINT/SIGTERM. The first
 * signal lets running jobs finish; a second one stops at once (their locks lapse and another
 * worker retries them, which changes nothing already stored).
 */
import { createMetrics } from '../metrics/metrics';
import { parseMetricsAddress } from '../metrics/metrics-address';
import { startMetricsServer, type MetricsServer } from '../metrics/server';
import { openQueueContext } from '../queue/queue-context';
import { closeRedis, redactedUrl } from '../queue/redis-connection';
import { startWorker } from '../queue/worker';
import { parseCommandLine, positiveNumber, usageOf } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { createLogger } from './logger';
import { loadSetup } from './setup';
import { stopSignal } from './stop-signal';
import { resolve } from 'node:path';

export const WORKER_USAGE = `usage: rigsweep worker [--concurrency N] [--metrics HOST:PORT] [--config FILE] [--duration SECONDS] [--log-level info]`;

export async function runWorker(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandLine(
    argv,
    {
      concurrency: { type: 'string' },
      metrics: { type: 'string' },
      config: { type: 'string', short: 'c' },
      duration: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
    },
    false,
  );
  const log = createLogger(values['log-level'] ?? 'info', io.stderr);
  const concurrency = positiveNumber(values.concurrency, '--concurrency');
  if (concurrency !== undefined && !Number.isInteger(concurrency)) throw new UsageError('--concurrency takes a whole number');
  const duration = positiveNumber(values.duration, '--duration');
  const { metrics: metricsOption } = values;
  const metricsAddress = metricsOption === undefined ? undefined : usageOf(() => parseMetricsAddress(metricsOption));
  // The sandboxed ingest children load their setup from the environment they inherit.
  if (values.config) process.env.RIGSWEEP_CONFIG = resolve(values.config);
  const setup = loadSetup({ config: values.config });
  const config = concurrency === undefined ? setup.config : { ...setup.config, queue: { ...setup.config.queue, concurrency } };
  const metrics = createMetrics({ defaultMetrics: true });
  const context = openQueueContext({ ...setup, config }, { waitForever: true, name: 'worker', log });
  context.redis.on('ready', () => metrics.redisUp.set(1));
  context.redis.on('error', () => {
    metrics.redisUp.set(0);
    metrics.redisErrors.inc();
  });
  log.info({ redis: redactedUrl(config.queue.redisUrl), prefix: config.queue.prefix }, 'connecting');
  let server: MetricsServer | undefined;
  if (metricsAddress) {
    server = await startMetricsServer(metrics, metricsAddress);
    log.info({ metrics: server.url }, 'serving metrics');
  }
  const worker = await startWorker(context, log, metrics);
  metrics.onScrape(async () => {
    for (const [queue, counts] of Object.entries(await worker.jobCounts())) {
      for (const [state, count] of Object.entries(counts)) metrics.queueJobs.set({ queue, state }, count);
    }
  });
  const signal = stopSignal(duration);
  const reason = await signal.stopped;
  signal.dispose();
  log.info({ reason }, 'stopping: finishing running jobs (signal again to stop at once)');
  const again = stopSignal(undefined);
  const forced = again.stopped.then(() => true);
  await Promise.race([worker.close(false), forced.then(() => worker.close(true))]);
  again.dispose();
  await server?.close();
  await closeRedis(context.redis);
  log.info('stopped');
  return EXIT.ok;
}
