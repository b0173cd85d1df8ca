/**
 * What a command line names as inputs, turned into the inputs to read in order: files as given,
 * "-" for standard input, a directory's files in name order (not recursive: rotating collectors
 * write flat directories), and nfdump-style ranges of rotated files, FIRST:LAST (`nfdump -R`).
 * Files still being written (nfcapd.current.*, *.tmp, dot-files) are never taken from a
 * directory or a range.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { STDIN } from './index';
import { isTemporaryName } from './temporary-names';

/** A named input that cannot be expanded (a missing directory, a range whose ends do not exist). */
export class InputListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputListError';
  }
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  // A symlink counts as what it points to (as the watcher's stat does); a dangling one is skipped.
  const isInput = async (e: Dirent) =>
    e.isSymbolicLink() ? stat(join(dir, e.name)).then((s) => s.isFile() || s.isFIFO(), () => false) : e.isFile() || e.isFIFO();
  const kept = await Promise.all(entries.map(async (e) => !isTemporaryName(e.name) && (await isInput(e))));
  return entries
    .filter((_, i) => kept[i])
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}

/**
 * `FIRST:LAST`: every file in FIRST's directory whose name sorts from FIRST's name to LAST's,
 * both included (rotated names such as nfcapd.202612031400 sort by time). LAST may be a bare
 * name or a path in the same directory.
 */
export async function expandRange(range: string): Promise<string[]> {
  const colon = range.lastIndexOf(':');
  if (colon <= 0 || colon === range.length - 1) throw new InputListError(`range ${range}: expected FIRST:LAST`);
  const first = range.slice(0, colon);
  const last = range.slice(colon + 1);
  const dir = dirname(first);
  if (last.includes('/') && resolve(dirname(last)) !== resolve(dir)) throw new InputListError(`range ${range}: both ends must be in one directory`);
  const [from, to] = [basename(first), basename(last)];
  if (from > to) throw new InputListError(`range ${range}: ${from} sorts after ${to}`);
  let files: string[];
  try {
    files = await filesIn(dir);
  } catch (e) {
    throw new InputListError(`range ${range}: cannot list ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const names = new Set(files.map((f) => basename(f)));
  for (const end of [from, to]) if (!names.has(end)) throw new InputListError(`range ${range}: ${join(dir, end)} does not exist`);
  return files.filter((f) => basename(f) >= from && basename(f) <= to);
}

/**
 * The inputs in order: a directory becomes its files, anything else stays as named (a missing
 * file is the reader's to report, so it appears in the report with its reason), then the ranges.
 */
export async function inputList(paths: readonly string[], ranges: readonly string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      out.push(path);
      continue;
    }
    const isDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    out.push(...(isDir ? await filesIn(path) : [path]));
  }
  for (const range of ranges) out.push(...(await expandRange(range)));
  if (out.filter((p) => p === STDIN).length > 1) throw new InputListError('standard input ("-") can be read only once');
  return out;
}
