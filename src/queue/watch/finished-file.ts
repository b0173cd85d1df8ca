/**
 * One version of a finished input file. A file rewritten later with new content is a new
 * version and is handed over again, so identity includes size and mtime, not only the path.
 */
import { createHash } from 'node:crypto';

export interface FinishedFile {
  /** Absolute, so the same file has the same key whatever the watcher's working directory. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Hex sha1 of `path|size|mtimeMs` (40 chars): stable across restarts, safe as a BullMQ job id. */
  key: string;
}

export function finishedFile(path: string, size: number, mtimeMs: number): FinishedFile {
  const key = createHash('sha1').update(`${path}|${size}|${mtimeMs}`).digest('hex');
  return { path, size, mtimeMs, key };
}
