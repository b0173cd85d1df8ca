/**
 * Prints the queue benchmark: one table of the runs, then the figures the scale-out targets are
 * about — each worker's share of the in-process throughput (target ≥ 70%), what a second worker
 * adds (target: more, while there are cores for it) — and Redis memory per tracked address.
 */
import { availableParallelism } from 'node:os';
import type { QueueBench, QueueRow } from './queue';
import { printTable, thousands } from './table';

const PER_WORKER_TARGET = 0.7;

const rate = (r: QueueRow) => r.records / r.seconds;
const perCpuSecond = (r: QueueRow) => r.records / (r.cpu.ownCores * r.seconds);
const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function printQueueBench({ input, rows }: QueueBench): void {
  const [scan, ...queued] = rows;
  const perWorker = (r: QueueRow) => rate(r) / (r.workers ?? 1) / rate(scan);
  // The scan must find exactly the generated miners; the queued runs exactly what the scan found.
  const found = (r: QueueRow) => `${r.flagged.length} ${sameSet(r.flagged, r === scan ? input.minerAddresses : scan.flagged) ? '✓' : '✗'}`;
  printTable(
    ['run', 'wall s', 'records', 'records/s', 'per worker vs scan', 'report s', 'peak RSS MB', 'cores ours/busy', `flagged (${input.minerAddresses.length} miners)`],
    rows.map((r) => [
      r.label,
      r.seconds.toFixed(1),
      thousands(r.records),
      thousands(rate(r)),
      r.workers === undefined ? '-' : `${(perWorker(r) * 100).toFixed(0)}%`,
      r.reportSeconds === undefined ? '-' : r.reportSeconds.toFixed(1),
      r.peakRssMb.toFixed(0),
      `${r.cpu.ownCores.toFixed(2)}/${r.cpu.machineCores.toFixed(2)}`,
      found(r),
    ]),
  );
  console.log('queued wall s: enqueue --wait from start to return (every file stored in Redis); report s: `report --format json`, which sweeps, timed apart');
  console.log('peak RSS: scan process; queued: the largest worker or sandboxed ingest child');
  console.log(`cores ours/busy: average cores used over the wall time by the run's processes (queued: workers, ingest children, redis-server) / by the whole machine, of ${availableParallelism()}`);
  for (const r of queued) {
    const jobs = r.jobSeconds ?? [];
    const busy = sum(jobs) / (r.workers ?? 1);
    console.log(`${r.label}: ${jobs.length} ingest jobs, ${(sum(jobs) / Math.max(1, jobs.length)).toFixed(2)} s each on average; ${busy.toFixed(1)} s busy per worker of ${r.seconds.toFixed(1)} s wall`);
  }
  for (const r of queued) {
    const share = perWorker(r);
    // Per CPU second of our own processes: the same comparison with other work on the machine taken out.
    const cpuShare = perCpuSecond(r) / perCpuSecond(scan);
    console.log(
      `${r.label}: ${(share * 100).toFixed(0)}% of scan's records/s per worker (target ≥ ${PER_WORKER_TARGET * 100}%) ${share >= PER_WORKER_TARGET ? '✓' : '✗'};` +
        ` ${thousands(perCpuSecond(r))} records per CPU second, ${(cpuShare * 100).toFixed(0)}% of scan's ${thousands(perCpuSecond(scan))}`,
    );
  }
  const [one, two] = queued;
  if (one && two) {
    const speedUp = rate(two) / rate(one);
    console.log(`2 workers: ${speedUp.toFixed(2)}× the records/s of 1 on ${availableParallelism()} cores (target > 1 while cores last) ${speedUp > 1 ? '✓' : '✗'}`);
  }
  const stored = one?.redis;
  if (stored) {
    const largest = stored.largest.map(([key, bytes]) => `${key.replace(/^rigsweep:\{[^}]*\}:/, '')} ${megabytes(bytes)} MB`).join(', ');
    console.log(
      `Redis after the 1-worker run: +${megabytes(stored.bytes)} MB used_memory over the baseline, ${stored.keys} keys, ${stored.addresses} tracked addresses` +
        ` → ${stored.addresses > 0 ? megabytes(stored.bytes / stored.addresses) : '-'} MB per address (${(stored.bytes / one.records).toFixed(0)} bytes per record); largest keys: ${largest}`,
    );
  }
}
