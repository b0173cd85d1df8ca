/**
 * The collector's counters as Prometheus metrics, brought up to date at each scrape: the
 * receive path stays free of metric calls, and a scrape adds what changed since the last one.
 */
import type { Metrics } from '../metrics/metrics';
import type { BatcherStats } from './record-batcher';
import type { UdpCollector } from './udp-collector';

export function exportCollectorMetrics(metrics: Metrics, collector: UdpCollector, batcher?: { stats: BatcherStats }): void {
  const seen = { datagrams: 0, flows: 0, rejected: 0, malformed: 0, kernel: 0, batches: 0, droppedBatches: 0 };
  const advance = (key: keyof typeof seen, now: number, inc: (by: number) => void) => {
    if (now > seen[key]) inc(now - seen[key]);
    seen[key] = Math.max(seen[key], now);
  };
  metrics.onScrape(() => {
    collector.refreshDrops();
    const { stats } = collector;
    advance('datagrams', stats.datagrams, (n) => metrics.collectorDatagrams.inc(n));
    advance('flows', stats.flows, (n) => metrics.collectorRecords.inc(n));
    advance('rejected', stats.rejected, (n) => metrics.collectorDropped.inc({ reason: 'stranger' }, n));
    advance('malformed', stats.malformed, (n) => metrics.collectorDropped.inc({ reason: 'malformed' }, n));
    advance('kernel', stats.kernelDrops ?? 0, (n) => metrics.collectorDropped.inc({ reason: 'kernel' }, n));
    if (batcher) advance('batches', batcher.stats.batches, (n) => metrics.collectorBatches.inc(n));
  });
}
