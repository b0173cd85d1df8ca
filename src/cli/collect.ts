/**
 * `rigsweep collect --listen udp://HOST:PORT`: a live NetFlow/IPFIX collector feeding the same
 * pipeline as `scan` (in-process store). It sweeps windowed detectors and rewrites its report
 * every `collector.sweepSeconds`, and on SIGINT/SIGTERM stops receiving, decodes what it held,
 * sweeps once more and writes the final report.
 */
import { detectors } from '../../detectors';
import { Analysis } from '../analysis';
import { UdpCollector } from '../collector/udp-collector';
import { parseListenAddress, type ListenAddress } from '../collector/listen-address';
import { reportFromStore } from '../report/build';
import { emptyInputSummary } from '../report/model';
import { MemoryStore } from '../store/memory-store';
import { parseCommandLine, positiveNumber, usageOf } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { createLogger } from './logger';
import { parseFormat, REPORT_OPTIONS, writeReport } from './output';
import { loadSetup, withIntel } from './setup';
import { stopSignal } from './stop-signal';
import { collectIntoQueue } from './collect-queue';
import { serveCollectorMetrics } from './collector-metrics-server';
import { parseMetricsAddress } from '../metrics/metrics-address';

export const COLLECT_USAGE = `usage: rigsweep collect --listen udp://HOST:PORT [--format table|json|csv|html] [--out FILE]
                        [--config FILE] [--owners FILE] [--duration SECONDS] [--log-level info]
                        [--metrics HOST:PORT]
       rigsweep collect --listen udp://HOST:PORT --queue [--config FILE] [--duration SECONDS] [--metrics HOST:PORT]`;

function parseCollectArgs(argv: string[]) {
  const { values } = parseCommandLine(
    argv,
    {
      ...REPORT_OPTIONS,
      listen: { type: 'string', short: 'l' },
      queue: { type: 'boolean', default: false },
      metrics: { type: 'string' },
      duration: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
    },
    false,
  );
  const { listen, metrics } = values;
  if (!listen) throw new UsageError('collect needs --listen udp://HOST:PORT');
  return {
    ...values,
    listen: usageOf(() => parseListenAddress(listen)),
    format: parseFormat(values.format),
    duration: positiveNumber(values.duration, '--duration'),
    logLevel: values['log-level'] ?? 'info',
    metrics: metrics === undefined ? undefined : usageOf(() => parseMetricsAddress(metrics)),
  };
}

export async function runCollect(argv: string[], io: Io): Promise<number> {
  const options = parseCollectArgs(argv);
  const log = createLogger(options.logLevel, io.stderr);
  if (options.queue) return collectIntoQueue(options.listen, loadSetup(options), { duration: options.duration, metrics: options.metrics }, log, io);
  const { config, indicators, facts } = await withIntel(loadSetup(options), io);
  const store = new MemoryStore();
  const analysis = new Analysis(config, store, { detectors, indicators, facts });
  const summary = emptyInputSummary('', 'netflow-live');
  const collector = new UdpCollector(options.listen, config, (flow) => analysis.accept(flow), (issue) => summary.issues.push(issue));
  const metricsServer = options.metrics && (await serveCollectorMetrics(options.metrics, collector, undefined, log));
  let bound: ListenAddress;
  try {
    bound = await collector.start();
  } catch (e) {
    log.error((e as Error).message);
    io.stderr.write(`rigsweep: ${(e as Error).message}\n`);
    return EXIT.unreadable;
  }
  summary.path = `udp://${bound.family === 6 ? `[${bound.host}]` : bound.host}:${bound.port}`;
  log.info({ listen: summary.path, exporters: config.collector.exporters, receiveBufferBytes: collector.stats.receiveBufferBytes }, 'listening');
  if ((collector.stats.receiveBufferBytes ?? 0) < config.collector.receiveBufferBytes) {
    log.warn({ wanted: config.collector.receiveBufferBytes, granted: collector.stats.receiveBufferBytes }, 'socket receive buffer capped by net.core.rmem_max: bursts may be dropped (counted as collector.socket-drops)');
  }

  const report = async () => {
    Object.assign(summary, { bytes: collector.stats.bytes, packets: collector.stats.datagrams, flows: collector.stats.flows, issueCounts: collector.issueCounts() });
    return reportFromStore(store, [summary], config, detectors);
  };
  let sweeping = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping.then(async () => {
      await analysis.sweep();
      const current = await report();
      if (options.out) await writeReport(current, options.format, options.out, io);
      log.info({ ...collector.stats, flagged: current.summary.flagged.total }, 'sweep');
    });
  }, config.collector.sweepSeconds * 1000);

  const signal = stopSignal(options.duration);
  const reason = await signal.stopped;
  signal.dispose();
  clearInterval(timer);
  await sweeping;
  await collector.stop();
  await metricsServer?.close();
  await analysis.sweep();
  const final = await report();
  await writeReport(final, options.format, options.out, io);
  log.info({ reason, ...collector.stats, flagged: final.summary.flagged.total }, 'stopped');
  return EXIT.ok;
}
