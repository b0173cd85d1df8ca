/**
 * Decides from successive looks at a directory which file versions have stopped changing.
 *
 * Settling is timed by the watcher's own clock between its observations, never by comparing a
 * file's mtime with now: mtimes come from whoever wrote the file (an NFS server, a collector
 * host with a skewed clock), and a skew larger than the settle time would otherwise hand over
 * a file mid-write or hold a finished one forever.
 *
 * The one use of mtime age is for files already present at the first look: waiting the full
 * settle time for a backlog of old files only delays work, so a file whose mtime is older than
 * the settle time at that first look is finished as soon as a second look confirms it did not
 * change. Later arrivals never get that shortcut, which keeps clock skew from mattering for
 * anything written while the watcher runs.
 *
 * It also remembers how far each version got (claimed, handed over) so that a failed hand-over
 * can be retried without claiming again. Only files present at the latest look are remembered.
 */
import { finishedFile, type FinishedFile } from './finished-file';
import type { FileLook } from './list-files';

type Progress = 'settling' | 'claimed' | 'handed-over';

interface Observation {
  size: number;
  mtimeMs: number;
  /** Watcher clock (monotonic ms) at the first look that saw this size and mtime. */
  since: number;
  oldAtFirstLook: boolean;
  progress: Progress;
}

export class SettleTracker {
  private readonly observations = new Map<string, Observation>();
  private looks = 0;

  constructor(private readonly settleMs: number) {}

  /**
   * Records one complete look at the directory (`now`: monotonic ms; `wallNow`: epoch ms, the
   * clock mtimes use) and returns the versions that are finished and not yet handed over, in
   * name order so rotated files go in time order.
   */
  look(files: readonly FileLook[], now: number, wallNow: number): FinishedFile[] {
    const firstLook = this.looks++ === 0;
    const present = new Set<string>();
    const finished: FinishedFile[] = [];
    for (const file of files) {
      present.add(file.path);
      const seen = this.observations.get(file.path);
      if (!seen || seen.size !== file.size || seen.mtimeMs !== file.mtimeMs) {
        this.observations.set(file.path, {
          size: file.size,
          mtimeMs: file.mtimeMs,
          since: now,
          oldAtFirstLook: firstLook && wallNow - file.mtimeMs > this.settleMs,
          progress: 'settling',
        });
      } else if (seen.progress !== 'handed-over' && (seen.oldAtFirstLook || now - seen.since >= this.settleMs)) {
        finished.push(finishedFile(file.path, file.size, file.mtimeMs));
      }
    }
    for (const path of this.observations.keys()) if (!present.has(path)) this.observations.delete(path);
    return finished.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  isClaimed(file: FinishedFile): boolean {
    return this.current(file)?.progress === 'claimed';
  }

  markClaimed(file: FinishedFile): void {
    this.advance(file, 'claimed');
  }

  markHandedOver(file: FinishedFile): void {
    this.advance(file, 'handed-over');
  }

  /** Files remembered; bounded by what the directory held at the latest look. */
  get size(): number {
    return this.observations.size;
  }

  /** The observation, only while it still describes this version: a rewrite starts afresh. */
  private current(file: FinishedFile): Observation | undefined {
    const seen = this.observations.get(file.path);
    return seen && seen.size === file.size && seen.mtimeMs === file.mtimeMs ? seen : undefined;
  }

  private advance(file: FinishedFile, progress: Progress): void {
    const seen = this.current(file);
    if (seen) seen.progress = progress;
  }
}
