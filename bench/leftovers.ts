/**
 * What the benchmark starts must not outlive it: child processes (redis-server, workers) and
 * temporary directories are registered here and removed when the benchmark exits, fails or is
 * interrupted, even when the code that started them never reaches its own cleanup.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const directories = new Set<string>();
let installed = false;

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Synchronous on purpose: an 'exit' handler cannot wait, so leftovers get SIGKILL. */
function removeAll(): void {
  for (const child of children) if (isRunning(child)) child.kill('SIGKILL');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  children.clear();
  directories.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', removeAll);
  // A signal's default action ends Node without running 'exit' handlers: catch the usual two.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      removeAll();
      process.exit(code);
    });
  }
}

/** Kills `child` when the benchmark ends, unless it has exited by then. */
export function killOnExit(child: ChildProcess): ChildProcess {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Removes `dir` when the benchmark ends, unless released before. */
export function removeOnExit(dir: string): string {
  install();
  directories.add(dir);
  return dir;
}

/** Removes `dir` now, and forgets it. */
export function removeNow(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  directories.delete(dir);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once `child` has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
