/**
 * One version of a finished input file. A file rewritten later with new content is a new
 * version and is handed over again, so identity includes size and mtime, not only the path.
 */
import { fileVersionKey } from '../job-ids';

export interface FinishedFile {
  /** Absolute, so the same file has the same key whatever the watcher's working directory. */
  path: string;
  size: number;
  mtimeMs: number;
  /** The version's key (job-ids.ts fileVersionKey): stable across restarts, the one enqueueing uses. */
  key: string;
}

export function finishedFile(path: string, size: number, mtimeMs: number): FinishedFile {
  return { path, size, mtimeMs, key: fileVersionKey(path, size, mtimeMs) };
}
