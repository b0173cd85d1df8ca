/** The shared third-party corpus sits beside the clone (CI and developers alike). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');

export function corpusPath(relative = ''): string {
  const base = process.env.RIGSWEEP_SHARED ?? resolve(repoRoot, '../shared');
  const path = join(base, 'corpus', relative);
  if (!existsSync(path)) throw new Error(`corpus file missing: ${path} (set RIGSWEEP_SHARED to the shared/ folder)`);
  return path;
}
