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
import { startWorker, type RunningWorker } from '../queue/worker';
import { deploymentExporter } from '../queue/deployment-metrics';
import type { QueueContext } from '../queue/queue-context';
import { parseCommandLine, positiveNumber, usageOf } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { createLogger } from './logger';
import { loadSetup } from './setup';
import { stopSignal } from './stop-signal';
import { resolve } from 'node:path';
import type { Logger } from 'pino';

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
  context.redis.on('error', () => metrics.redisUp.set(0));
  // Every Redis error of this process (connections, BullMQ scripts, jobs refused by a full Redis), by reason.
  context.health.onError((reason) => metrics.redisErrors.inc({ reason }));
  log.info({ redis: redactedUrl(config.queue.redisUrl), prefix: config.queue.prefix }, 'connecting');
  let server: MetricsServer | undefined;
  if (metricsAddress) {
    server = await startMetricsServer(metrics, metricsAddress);
    log.info({ metrics: server.url }, 'serving metrics');
  }
  // Listening before starting: a worker that never reached Redis (startWorker waits for it) still stops on a signal.
  const signal = stopSignal(duration);
  const started = await Promise.race([startWorker(context, log, metrics), signal.stopped.then((reason) => ({ reason }))]);
  if ('reason' in started) {
    log.info({ reason: started.reason }, 'stopped before Redis answered');
    process.exit(EXIT.ok);
  }
  const worker = started;
  metrics.onScrape(async () => {
    for (const [queue, counts] of Object.entries(await worker.jobCounts())) {
      for (const [state, count] of Object.entries(counts)) metrics.queueJobs.set({ queue, state }, count);
    }
  });
  const exportDeployment = deploymentExporter(metrics);
  metrics.onScrape(async () => exportDeployment(await worker.deployment()));
  const reason = await signal.stopped;
  signal.dispose();
  const forced = await stopWorker(worker, context, reason, log);
  await server?.close();
  await closeRedis(context.redis);
  // A forced close leaves BullMQ's watchdog on the abandoned blocking wait (up to its block
  // timeout plus 1 s) holding the process after everything is closed: nothing is left to do.
  if (forced) exitNow(log);
  log.info('stopped');
  return EXIT.ok;
}

/**
 * Stops taking jobs and lets running ones finish; a second signal stops at once. With Redis away
 * nothing a job does can be stored and BullMQ's polite close would wait for the reconnect, so the
 * worker stops at once then too, whether Redis was away at the signal or went during the close
 * (running jobs' locks lapse; another worker retries them, which changes nothing already stored).
 * Answers whether the stop was forced.
 */
async function stopWorker(worker: RunningWorker, context: QueueContext, reason: string, log: Logger): Promise<boolean> {
  if (context.health.down || context.redis.status !== 'ready') {
    log.info({ reason }, 'stopping at once: Redis is unavailable');
    await withinOrExit(worker.close(true), FORCED_CLOSE_MS, log);
    return true;
  }
  log.info({ reason }, 'stopping: finishing running jobs (signal again to stop at once)');
  const again = stopSignal(undefined);
  let onClose = () => {};
  const lost = new Promise<string>((resolve) => (onClose = () => resolve('redis lost')));
  // The shared connection closes only when Redis goes: BullMQ closes its own duplicates, not this one.
  context.redis.once('close', onClose);
  const forced = await Promise.race([worker.close(false).then(() => undefined), again.stopped, lost]);
  again.dispose();
  context.redis.off('close', onClose);
  if (forced === undefined) return false;
  // BullMQ's close(true) after close(false) returns the polite close still under way, so a
  // forced stop cannot wait on it: the process exits (its sandboxed children go with it).
  log.info({ reason: forced }, 'stopping at once');
  exitNow(log);
}

/** A forced stop never hangs: past this the process exits (its sandboxed children go with it). */
const FORCED_CLOSE_MS = 1500;

async function withinOrExit(closing: Promise<void>, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([closing.then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') exitNow(log);
}

function exitNow(log: Logger): never {
  log.info('stopped');
  process.exit(EXIT.ok);
}
