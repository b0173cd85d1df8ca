/** Real processes for integration tests: the built CLI and Debian's flow tools, always cleaned up. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './corpus';

export const cliPath = join(repoRoot, 'dist/src/cli/main.js');

export interface Running {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  exited: Promise<number | null>;
}

/** `detached`: the process leads its own group, so the test can kill it with its children (-pid). */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, options: { detached?: boolean } = {}): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: options.detached ?? false });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  running.add(child);
  void exited.then(() => running.delete(child));
  return { child, exited, stderr: () => err, stdout: () => out };
}

/** Waits until `test` passes on the process's output, or fails with what it printed. */
export async function waitFor(proc: Running, test: () => boolean, what: string, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; stderr:\n${proc.stderr()}`);
    if (proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}) before ${what}; stderr:\n${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts `rigsweep collect` on a free loopback port and resolves once it listens (its info log says where). */
export async function startCollector(args: string[]): Promise<Running & { port: number }> {
  const proc = start(process.execPath, [cliPath, 'collect', '--listen', 'udp://127.0.0.1:0', ...args]);
  let port = 0;
  await waitFor(
    proc,
    () => {
      const line = proc.stderr().split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) port = Number(/:(\d+)$/.exec(JSON.parse(line).listen as string)?.[1] ?? 0);
      return port > 0;
    },
    'the collector to listen',
  );
  return { ...proc, port };
}

const running = new Set<ChildProcess>();

/** Kills whatever a test left running (afterAll), so a failure never leaves processes behind. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}
