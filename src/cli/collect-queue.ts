/**
 * `rigsweep collect --queue`: the collector of a scale-out deployment. It decodes NetFlow/IPFIX
 * (templates per exporter stay here, with the socket) and batches the records into ingest jobs;
 * workers do the detection. On SIGINT/SIGTERM it stops receiving, decodes what it held, sends
 * the last batch and waits until every batch is queued.
 */
import type { Logger } from 'pino';
import type { ListenAddress } from '../collector/listen-address';
import { RecordBatcher } from '../collector/record-batcher';
import { UdpCollector } from '../collector/udp-collector';
import { toExportedFlow, type ExportedFlow } from '../queue/exported-flow';
import { openQueueContext } from '../queue/queue-context';
import { Producers } from '../queue/queues';
import { closeRedis } from '../queue/redis-connection';
import type { RunSetup } from './setup';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { stopSignal } from './stop-signal';
import { serveCollectorMetrics } from './collector-metrics-server';
import type { MetricsAddress } from '../metrics/metrics-address';

/** Batches waiting for Redis, at most: about this many times batchRecords records in memory. */
const MAX_WAITING_BATCHES = 200;

export async function collectIntoQueue(
  listen: ListenAddress,
  setup: RunSetup,
  { duration, metrics }: { duration?: number; metrics?: MetricsAddress },
  log: Logger,
  io: Io,
): Promise<number> {
  const context = openQueueContext(setup, { waitForever: true, name: 'collector', log });
  const producers = new Producers(context);
  let origin = '';
  const send = async (records: ExportedFlow[]) => {
    await producers.addIngest({ kind: 'records', origin, order: await producers.nextOrder(), records });
  };
  const { batchRecords, batchSeconds } = setup.config.queue;
  const batcher = new RecordBatcher({ maxRecords: batchRecords, maxSeconds: batchSeconds, maxWaitingBatches: MAX_WAITING_BATCHES }, (flows) => send(flows.map(toExportedFlow)), (error, records) =>
    log.error({ err: (error as Error).message, records }, 'batch could not be queued: dropped'),
  );
  const collector = new UdpCollector(listen, setup.config, (flow) => batcher.add(flow), () => {});
  try {
    const bound = await collector.start();
    origin = `udp://${bound.family === 6 ? `[${bound.host}]` : bound.host}:${bound.port}`;
  } catch (e) {
    io.stderr.write(`rigsweep: ${(e as Error).message}\n`);
    await closeRedis(context.redis);
    return EXIT.unreadable;
  }
  const metricsServer = metrics && (await serveCollectorMetrics(metrics, collector, batcher, log));
  log.info({ listen: origin, exporters: setup.config.collector.exporters, batchRecords, batchSeconds }, 'listening: batching records into ingest jobs');
  const signal = stopSignal(duration);
  const reason = await signal.stopped;
  signal.dispose();
  await collector.stop();
  await batcher.close();
  await metricsServer?.close();
  log.info({ reason, ...collector.stats, issues: collector.issueCounts(), ...batcher.stats }, 'stopped');
  await producers.close();
  await closeRedis(context.redis);
  return EXIT.ok;
}
