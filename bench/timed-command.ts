/**
 * Runs a command to completion and times it from spawn to exit, without blocking the event loop
 * (unlike measure(), which waits synchronously): the queue benchmark keeps reading its workers'
 * logs while `enqueue --wait` runs.
 */
import { spawn } from 'node:child_process';
import { killOnExit } from './leftovers';

export interface TimedResult {
  seconds: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function timedCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<TimedResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = killOnExit(spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, exitCode: code ?? -1, stdout, stderr }));
  });
}

/** Like timedCommand, but a non-zero exit is an error carrying the command's stderr. */
export async function timedOrFail(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<TimedResult> {
  const result = await timedCommand(command, args, env);
  if (result.exitCode !== 0) throw new Error(`${[command, ...args].slice(0, 4).join(' ')} … exited ${result.exitCode}:\n${result.stderr}`);
  return result;
}
