/** Runs a command under GNU time and returns its wall time, CPU time and peak resident memory. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measurement {
  seconds: number;
  /** User + system CPU seconds of the command (and the children it waited for). */
  cpuSeconds: number;
  peakRssMb: number;
  exitCode: number;
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function measure(command: string, args: string[]): Measurement {
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time is needed: apt-get install time');
  const statsDir = mkdtempSync(join(tmpdir(), 'rigsweep-bench-'));
  const statsFile = join(statsDir, 'time.txt');
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', statsFile, command, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The figures are on the last line: a command ended by a signal gets a line about it first.
  const [user, system, peakKb] = readFileSync(statsFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(statsDir, { recursive: true, force: true });
  return { seconds, cpuSeconds: user + system, peakRssMb: peakKb / 1024, exitCode: run.status ?? -1 };
}

/** Pages idle ~30 s get evicted on this machine: lock the file in cache, or at least read it once. */
export function warmPageCache(file: string): void {
  if (hasCommand('vmtouch')) spawnSync('vmtouch', ['-qt', file], { stdio: 'ignore' });
  else spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
}
