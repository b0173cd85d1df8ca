/**
 * The repeatable intel job (when intel.refresh.repeat): refreshes the dns-resolved family every
 * intel.refresh.everySeconds. DNS lookups are light, so it runs in the worker's own process.
 */
import { Queue, type Worker } from 'bullmq';
import { TolerantWorker } from './unparsable-job';
import type { Logger } from 'pino';
import { RedisIntelStore, refreshStore } from '../intel';
import { QUEUE } from './names';
import type { QueueContext } from './queue-context';

export const INTEL_SCHEDULER_ID = 'intel-refresh';

export async function startIntelRefresh(context: QueueContext, log: Logger): Promise<{ worker: Worker; queue: Queue }> {
  const { config } = context;
  const store = new RedisIntelStore(context.store.client, context.store.keys);
  const worker = new TolerantWorker(
    QUEUE.intel,
    async () => {
      const outcome = await refreshStore(config, context.indicators, store);
      const summary = { names: outcome.names, resolved: outcome.resolved, failed: outcome.failed.length, skipped: outcome.skipped.length, kept: outcome.kept, expired: outcome.expired };
      log.info(summary, 'intel refreshed');
      return summary;
    },
    { connection: context.redis, prefix: context.prefix, concurrency: 1, lockDuration: config.queue.lockSeconds * 1000 },
  );
  worker.on('failed', (_job, error: Error) => log.error({ err: error.message }, 'intel refresh failed'));
  const queue = new Queue(QUEUE.intel, { connection: context.redis, prefix: context.prefix });
  worker.on('error', (error: Error) => context.health.error(error, 'intel'));
  queue.on('error', (error: Error) => context.health.error(error, 'intel'));
  await queue.upsertJobScheduler(INTEL_SCHEDULER_ID, { every: config.intel.refresh.everySeconds * 1000 }, { name: 'refresh', opts: { removeOnComplete: 20, removeOnFail: 20 } });
  return { worker, queue };
}
