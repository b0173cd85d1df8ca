/** `collect --metrics HOST:PORT`: the collector's counters and the process metrics on /metrics. */
import type { Logger } from 'pino';
import { exportCollectorMetrics } from '../collector/collector-metrics';
import type { BatcherStats } from '../collector/record-batcher';
import type { UdpCollector } from '../collector/udp-collector';
import type { MetricsAddress } from '../metrics/metrics-address';
import { createMetrics } from '../metrics/metrics';
import { startMetricsServer, type MetricsServer } from '../metrics/server';

export async function serveCollectorMetrics(address: MetricsAddress, collector: UdpCollector, batcher: { stats: BatcherStats } | undefined, log: Logger): Promise<MetricsServer> {
  const metrics = createMetrics({ defaultMetrics: true });
  exportCollectorMetrics(metrics, collector, batcher);
  const server = await startMetricsServer(metrics, address);
  log.info({ metrics: server.url }, 'serving metrics');
  return server;
}
