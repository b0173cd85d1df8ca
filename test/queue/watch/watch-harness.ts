/** Temp directories, condition waits and a recording watcher for the directory-watcher tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FinishedFileWatcher,
  type FinishedFile,
  type FinishedFileWatcherOptions,
  type WatchProblem,
} from '../../../src/queue/watch/finished-files';

export const pollSeconds = 0.05;
export const settleSeconds = 0.2;

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'rigsweep-watch-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Waits for a condition instead of sleeping a guessed time; the timeout is generous for CI. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Long enough for several polls and a full settle time: what "it never came" waits for. */
export const quietMs = (settleSeconds + 6 * pollSeconds) * 1000 * 2;

/** The claim store the caller would keep in Redis (SET NX), kept in memory. */
export function memoryClaims(): Set<string> {
  return new Set<string>();
}

export interface Recording {
  watcher: FinishedFileWatcher;
  handedOver: FinishedFile[];
  claimCalls: FinishedFile[];
  errors: Array<{ error: unknown; problem: WatchProblem }>;
  names(): string[];
}

/** A watcher whose hooks record every call; `overrides` replaces any option. */
export function recordingWatcher(
  dir: string,
  claims: Set<string>,
  overrides: Partial<FinishedFileWatcherOptions> = {},
): Recording {
  const handedOver: FinishedFile[] = [];
  const claimCalls: FinishedFile[] = [];
  const errors: Recording['errors'] = [];
  const watcher = new FinishedFileWatcher({
    dir,
    pollSeconds,
    settleSeconds,
    claim: async (file) => {
      claimCalls.push(file);
      if (claims.has(file.key)) return false;
      claims.add(file.key);
      return true;
    },
    onFinished: (file) => {
      handedOver.push(file);
    },
    onError: (error, problem) => {
      errors.push({ error, problem });
    },
    ...overrides,
  });
  return { watcher, handedOver, claimCalls, errors, names: () => handedOver.map((f) => f.path.slice(dir.length + 1)) };
}
