/**
 * Scale-out tests drive the built CLI as separate processes against a real redis-server: workers,
 * enqueue, report and followup, exactly as an operator runs them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model';
import { cliPath, start, waitFor, type Running } from './processes';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end (killed past `timeoutMs`), answering its exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  const run = start(process.execPath, [cliPath, ...args], env);
  // 'close', not 'exit': the output is complete only once its pipes are closed.
  const closed = new Promise<number | null>((resolve) => run.child.once('close', (code) => resolve(code)));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const code = await closed.finally(() => clearTimeout(timer));
  if (code === null) throw new Error(`rigsweep ${args.join(' ')} timed out; stderr:\n${run.stderr()}`);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A config file for queue tests: sweeps every second, locks that lapse in 2 s. */
export function queueConfig(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-queue-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ queue: { sweepSeconds: 1, lockSeconds: 2, backoffSeconds: 0.2, ...extra } }));
  return path;
}

export function queueEnv(url: string, prefix: string, configPath: string): NodeJS.ProcessEnv {
  return { ...process.env, REDIS_URL: url, RIGSWEEP_PREFIX: prefix, RIGSWEEP_CONFIG: configPath };
}

export async function startWorker(env: NodeJS.ProcessEnv, args: string[] = [], options: { detached?: boolean } = {}): Promise<Running> {
  const worker = start(process.execPath, [cliPath, 'worker', '--log-level', 'info', ...args], env, options);
  await waitFor(worker, () => worker.stderr().includes('worker started'), 'worker start');
  return worker;
}

/** SIGTERM, then waits for the exit code. */
export async function stopWorker(worker: Running): Promise<number | null> {
  if (worker.child.exitCode !== null) return worker.child.exitCode;
  worker.child.kill('SIGTERM');
  return worker.exited;
}

export async function reportJson(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Report> {
  const result = await runCli(['report', '--format', 'json', ...args], env);
  if (result.code !== 0) throw new Error(`report exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

/**
 * What must be equal between a scan and the queued path: per address its level, score, role,
 * evidence total and count per evidence code; per pool endpoint its clients.
 */
export function verdicts(report: Report) {
  const hosts = Object.fromEntries(
    report.hosts.map((h) => {
      const counts: Record<string, number> = {};
      for (const e of h.evidence) counts[e.code] = (counts[e.code] ?? 0) + e.count;
      return [h.ip, { level: h.level, score: h.score, role: h.role, evidenceTotal: h.evidenceTotal, counts }];
    }),
  );
  const pools = Object.fromEntries(report.pools.map((p) => [p.endpoint, p.clients]));
  return { hosts, pools };
}
