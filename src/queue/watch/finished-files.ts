/**
 * Watches a directory that exporters rotate into (nfcapd, tcpdump -G/-C, softflowd, pmacct,
 * goflow2, or people copying files in) and hands over each finished file version exactly once.
 * It polls rather than using fs.watch because inotify misses changes on NFS/SMB mounts, where
 * export directories often live, and because "finished" needs repeated looks anyway.
 *
 * A file is finished when its name is not temporary and its size and mtime have not changed
 * for `settleSeconds` of the watcher's own observations (see settle-tracker.ts for the rule on
 * files already there at start). Non-recursive: subdirectories are ignored.
 *
 * Exactly-once contract: `claim` first, then `onFinished`.
 * - `claim` is the only guard shared between processes (the next run after a restart, or a
 *   second watcher started on the same directory by mistake), so it comes first: claiming only
 *   after the hand-over would hand every file over again on each restart before learning that
 *   it had been handed over already.
 * - When `onFinished` fails after a successful claim, this watcher remembers that it holds the
 *   claim and retries `onFinished` alone on later polls while that version is still there. A
 *   running watcher therefore neither loses nor repeats a file.
 * - What remains is at most once, not at least once: if the process dies (or is stopped)
 *   between a successful claim and a successful `onFinished`, or a claim succeeds in Redis but
 *   its reply is lost, that version is never handed over. The window is one hand-over long. A
 *   caller that must close it can claim with an expiry (SET NX EX) and make the claim
 *   permanent inside `onFinished` (PERSIST), so an unconfirmed claim lapses and a later poll or
 *   watcher claims the file again.
 *
 * A failed claim or hand-over ends that poll's hand-overs: the next files would most likely
 * fail for the same reason (the queue is down), and handing them over first would break the
 * time order of rotated files. The failed file is first in line on the next poll.
 *
 * Nothing escapes the timer: every failure goes to `onError` and polling continues.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import type { FinishedFile } from './finished-file';
import { listFiles, type FileLook } from './list-files';
import { SettleTracker } from './settle-tracker';

export type { FinishedFile } from './finished-file';

export interface WatchProblem {
  /** list: reading the directory; stat: one file; claim/hand-over: the caller's hooks. */
  stage: 'list' | 'stat' | 'claim' | 'hand-over';
  path: string;
}

export interface FinishedFileWatcherOptions {
  dir: string;
  pollSeconds: number;
  settleSeconds: number;
  /** Resolves true when this version was never handed over before, marking it as handed over. */
  claim(file: FinishedFile): Promise<boolean>;
  /** Called only for claimed versions; a rejection makes the watcher retry it on the next poll. */
  onFinished(file: FinishedFile): Promise<void> | void;
  onError(error: unknown, problem: WatchProblem): void;
}

export class FinishedFileWatcher {
  private readonly dir: string;
  private readonly tracker: SettleTracker;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private started = false;
  private stopped = false;

  constructor(private readonly options: FinishedFileWatcherOptions) {
    if (!(options.pollSeconds > 0)) throw new RangeError(`pollSeconds must be > 0, not ${options.pollSeconds}`);
    if (!(options.settleSeconds >= 0)) throw new RangeError(`settleSeconds must be >= 0, not ${options.settleSeconds}`);
    this.dir = resolve(options.dir);
    this.tracker = new SettleTracker(options.settleSeconds * 1000);
  }

  /** Polls at once, then `pollSeconds` after each poll ends, so polls never overlap. */
  start(): void {
    if (this.started || this.stopped) throw new Error('FinishedFileWatcher can only be started once; create a new one');
    this.started = true;
    this.schedule(0);
  }

  /**
   * Resolves once no poll is running; nothing is claimed after that. A hand-over already
   * claimed when stop() is called is completed first rather than abandoned with its claim.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.poll().finally(() => {
        this.inFlight = undefined;
        if (!this.stopped) this.schedule(this.options.pollSeconds * 1000);
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    let files: FileLook[];
    try {
      files = await listFiles(this.dir, (error, path) => this.report(error, { stage: 'stat', path }));
    } catch (error) {
      this.report(error, { stage: 'list', path: this.dir });
      return;
    }
    for (const file of this.tracker.look(files, performance.now(), Date.now())) {
      if (this.stopped || !(await this.handOver(file))) return;
    }
  }

  /** False when the file must be retried on the next poll. */
  private async handOver(file: FinishedFile): Promise<boolean> {
    if (!this.tracker.isClaimed(file)) {
      let claimed: boolean;
      try {
        claimed = await this.options.claim(file);
      } catch (error) {
        this.report(error, { stage: 'claim', path: file.path });
        return false;
      }
      if (!claimed) {
        this.tracker.markHandedOver(file);
        return true;
      }
      this.tracker.markClaimed(file);
    }
    try {
      await this.options.onFinished(file);
    } catch (error) {
      this.report(error, { stage: 'hand-over', path: file.path });
      return false;
    }
    this.tracker.markHandedOver(file);
    return true;
  }

  /** A throwing onError must not become an unhandled rejection that kills the process. */
  private report(error: unknown, problem: WatchProblem): void {
    try {
      this.options.onError(error, problem);
    } catch {
      // Nowhere left to report to; polling goes on.
    }
  }
}
