/**
 * `rigsweep worker` processes for the queue benchmark, started as an operator would start them,
 * with what the benchmark reads from them: when they are ready, how long their ingest jobs took
 * (from their logs), and their peak memory (the sandboxed children that parse the inputs
 * included, since that is where a file's work happens).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { killOnExit, stopChild } from './leftovers';

const START_TIMEOUT_MS = 30_000;

export interface WorkerProcesses {
  /** The workers and their children (the sandboxed ingest processes), as they are now. */
  pids(): number[];
  /** Seconds each ingest job ran, as the workers logged them ('ingested' lines). */
  jobSeconds(): number[];
  /** The largest peak RSS (VmHWM) among the workers and their children, in MB; read before stop(). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

interface Worker {
  child: ChildProcess;
  stderr: string;
}

function startOne(cli: string, env: NodeJS.ProcessEnv): Worker {
  const child = killOnExit(spawn(process.execPath, [cli, 'worker', '--log-level', 'info'], { env, stdio: ['ignore', 'ignore', 'pipe'] }));
  const worker: Worker = { child, stderr: '' };
  child.stderr!.on('data', (d) => (worker.stderr += d));
  return worker;
}

/** Resolves once the worker logged 'worker started'; rejects if it exits or takes too long. */
async function started(worker: Worker): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!worker.stderr.includes('"worker started"')) {
    if (worker.child.exitCode !== null) throw new Error(`worker exited with ${worker.child.exitCode} before starting:\n${worker.stderr}`);
    if (Date.now() > deadline) throw new Error(`worker did not start within ${START_TIMEOUT_MS} ms:\n${worker.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The process and its descendants (BullMQ's sandbox children are the workers' children). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone meanwhile
  }
  return [pid, ...children.flatMap(processTree)];
}

function peakRssKb(pid: number): number {
  try {
    return Number(/^VmHWM:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function ingestSeconds(stderr: string): number[] {
  const seconds: number[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.includes('"ingested"')) continue;
    const entry = JSON.parse(line) as { seconds?: number };
    if (entry.seconds !== undefined) seconds.push(entry.seconds);
  }
  return seconds;
}

export async function startWorkers(cli: string, count: number, env: NodeJS.ProcessEnv): Promise<WorkerProcesses> {
  const workers = Array.from({ length: count }, () => startOne(cli, env));
  try {
    await Promise.all(workers.map(started));
  } catch (e) {
    await Promise.all(workers.map((w) => stopChild(w.child)));
    throw e;
  }
  return {
    pids: () => workers.flatMap((w) => processTree(w.child.pid!)),
    jobSeconds: () => workers.flatMap((w) => ingestSeconds(w.stderr)),
    peakRssMb: () => Math.max(...workers.flatMap((w) => processTree(w.child.pid!).map(peakRssKb))) / 1024,
    stop: async () => void (await Promise.all(workers.map((w) => stopChild(w.child)))),
  };
}
