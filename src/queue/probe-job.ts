/**
 * The probe queue's consumer (only when probe.enabled): each job one suspected endpoint, probed
 * within the allowlist and limits, its verdict written to the intel store's `probe` family (its one
 * writer), where the next sweep judges every client of that endpoint with it.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { failIfNotJson, TolerantWorker } from './unparsable-job';
import type { Logger } from 'pino';
import { cidrMatcher } from '../flow/ip';
import { RedisIntelStore } from '../intel';
import type { Metrics } from '../metrics/metrics';
import { createProber, verdictFact } from '../probe';
import { QUEUE } from './names';
import { payloadIssues, probeJobSchema } from './payloads';
import type { QueueContext } from './queue-context';

export function startProbeWorker(context: QueueContext, log: Logger, metrics?: Metrics): Worker {
  const { config } = context;
  const intel = new RedisIntelStore(context.store.client, context.store.keys);
  const prober = createProber(config.probe, {
    isHome: cidrMatcher(config.homeNetworks),
    log: (line) => log.info(line, 'probe'),
    count: (outcome) => metrics?.probes.inc({ outcome }),
  });
  const worker = new TolerantWorker(
    QUEUE.probe,
    async (job: Job) => {
      failIfNotJson(job.data);
      const parsed = probeJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid probe job: ${payloadIssues(parsed.error)}`);
      const target = parsed.data;
      const verdict = await prober.probe(target);
      const fact = verdict && verdictFact(verdict, config.probe);
      if (fact) await intel.put({ endpoints: [fact], names: [] });
      return verdict ? { outcome: verdict.outcome, dialect: verdict.dialect, reason: verdict.reason } : { outcome: 'skipped' };
    },
    { connection: context.redis, prefix: context.prefix, concurrency: config.probe.concurrency, lockDuration: config.queue.lockSeconds * 1000 },
  );
  worker.on('failed', (job, error: Error) => log.error({ job: job?.id, err: error.message }, 'probe job failed'));
  worker.on('closing', () => prober.close());
  worker.on('error', (error: Error) => context.health.error(error, 'worker'));
  return worker;
}
