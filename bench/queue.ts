/**
 * Queue figures for `npm run bench`: the same rotating nfdump CSV exports scanned in one process
 * by `rigsweep scan`, and ingested through BullMQ on a private redis-server by 1 and then 2
 * `rigsweep worker` processes — timed from the start of `rigsweep enqueue --wait` until it
 * returns (every file's evidence and window parts stored in Redis), with the sweeping
 * `rigsweep report` timed apart — plus what the stored state costs Redis per tracked address.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStillFlagged, type Report } from '../src/report/model';
import { countMachineCpu, processCpuSeconds, type CpuUse } from './cpu-usage';
import { removeNow, removeOnExit } from './leftovers';
import { measure, warmPageCache } from './measure';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { rotatingExports, type RotatingExports } from './rotating-exports';
import { timedOrFail } from './timed-command';
import { startWorkers } from './worker-processes';

/** Files of the rotating export: enough that 2 workers share the work evenly. */
export const QUEUE_BENCH_FILES = 8;
/** Long enough that no scheduled sweep runs during a timed run (each worker sweeps once at start, before any input). */
const SWEEP_SECONDS = 3600;

export interface QueueRow {
  label: string;
  /** Undefined for the in-process scan. */
  workers?: number;
  /** Scan: the whole command. Queued: enqueue --wait, from its start until it returned. */
  seconds: number;
  records: number;
  peakRssMb: number;
  /** Over `seconds`: cores the machine kept busy, and how many were ours (scan; or workers, their children and redis-server). */
  cpu: CpuUse;
  flagged: string[];
  /** Queued: the sweeping `report --format json`, timed apart. */
  reportSeconds?: number;
  /** Queued: how long each ingest job ran inside a worker, as the workers logged it. */
  jobSeconds?: number[];
  /** Queued: Redis' used_memory growth from before enqueue to after the report, its keys, tracked addresses. */
  redis?: { bytes: number; keys: number; addresses: number; largest: Array<[string, number]> };
}

export interface QueueBench {
  input: RotatingExports;
  rows: QueueRow[];
}

const flaggedAddresses = (report: Report) => report.hosts.filter(isStillFlagged).map((h) => h.ip).sort();
const recordsRead = (report: Report) => report.inputs.reduce((sum, i) => sum + i.flows, 0);

function warmAll(files: readonly string[]): void {
  for (const file of files) warmPageCache(file);
}

function scanRow(cli: string, input: RotatingExports, reportFile: string): QueueRow {
  warmAll(input.files);
  const machine = countMachineCpu();
  const run = measure(process.execPath, [cli, 'scan', ...input.files, '--format', 'json', '--out', reportFile, '--no-progress']);
  const cpu = machine.stop(run.cpuSeconds, run.seconds);
  if (run.exitCode !== 0) throw new Error(`rigsweep scan exited ${run.exitCode}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  return { label: 'rigsweep scan (1 process)', seconds: run.seconds, records: recordsRead(report), peakRssMb: run.peakRssMb, cpu, flagged: flaggedAddresses(report) };
}

async function queuedRow(cli: string, input: RotatingExports, redis: PrivateRedis, workerCount: number): Promise<QueueRow> {
  // Private server: start each run from nothing, so its memory is this run's alone.
  await redis.flushAll();
  const dir = removeOnExit(mkdtempSync(join(tmpdir(), 'rigsweep-bench-queue-')));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ queue: { sweepSeconds: SWEEP_SECONDS } }));
  const env = { ...process.env, REDIS_URL: redis.url, RIGSWEEP_PREFIX: `bench-${workerCount}w-${process.pid}`, RIGSWEEP_CONFIG: config };
  const workers = await startWorkers(cli, workerCount, env);
  try {
    const baseline = await redis.usedMemory();
    warmAll(input.files);
    const ownPids = () => [...workers.pids(), redis.pid];
    const ownBefore = processCpuSeconds(ownPids());
    const machine = countMachineCpu();
    const enqueued = await timedOrFail(process.execPath, [cli, 'enqueue', '--wait', ...input.files], env);
    const cpu = machine.stop(processCpuSeconds(ownPids()) - ownBefore, enqueued.seconds);
    const reported = await timedOrFail(process.execPath, [cli, 'report', '--format', 'json'], env);
    const report = JSON.parse(reported.stdout) as Report;
    return {
      label: `queued, ${workerCount} worker${workerCount > 1 ? 's' : ''}`,
      workers: workerCount,
      seconds: enqueued.seconds,
      records: recordsRead(report),
      peakRssMb: workers.peakRssMb(),
      cpu,
      flagged: flaggedAddresses(report),
      reportSeconds: reported.seconds,
      jobSeconds: workers.jobSeconds(),
      redis: { bytes: (await redis.usedMemory()) - baseline, keys: await redis.keyCount(), addresses: report.hosts.length, largest: await redis.largestKeys(3) },
    };
  } finally {
    await workers.stop();
    removeNow(dir);
  }
}

export async function benchQueue(outDir: string, cli: string, records: number): Promise<QueueBench> {
  const input = await rotatingExports(outDir, records, QUEUE_BENCH_FILES);
  const rows = [scanRow(cli, input, join(outDir, 'report-queue-scan.json'))];
  const redis = await startPrivateRedis();
  try {
    for (const workerCount of [1, 2]) rows.push(await queuedRow(cli, input, redis, workerCount));
  } finally {
    await redis.stop();
  }
  return { input, rows };
}
