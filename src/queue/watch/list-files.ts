/**
 * One look at a watched directory: the regular files whose names may be inputs, with the size
 * and mtime that decide whether they have settled. Non-recursive on purpose: rotating exporters
 * write flat directories, and a subdirectory is more often an archive or a tool's workspace
 * than something to ingest.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isTemporaryName } from '../../readers/source/temporary-names';

export interface FileLook {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Rejects when the directory itself cannot be read. A file that disappears between readdir and
 * stat is skipped silently (rotation and cleanup do that all the time); any other per-file
 * failure is skipped and passed to `onFileError`, so one unreadable file never hides the rest.
 */
export async function listFiles(
  dir: string,
  onFileError: (error: unknown, path: string) => void,
): Promise<FileLook[]> {
  const names = (await readdir(dir)).filter((name) => !isTemporaryName(name));
  const looks = await Promise.all(
    names.map(async (name): Promise<FileLook | undefined> => {
      const path = join(dir, name);
      try {
        const stats = await stat(path);
        return stats.isFile() ? { path, size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onFileError(error, path);
        return undefined;
      }
    }),
  );
  return looks.filter((look): look is FileLook => look !== undefined);
}
