/** Runs the real pipeline in-process with the in-memory store, as `rigsweep scan` does. */
import { detectors } from '../../detectors';
import { analyse } from '../../src/analyse';
import { parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import { loadIndicators } from '../../src/detect/indicators';
import { reportFromStore } from '../../src/report/build';
import type { Report } from '../../src/report/model';
import { MemoryStore } from '../../src/store/memory-store';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';

export async function scanFiles(files: string[], raw: Record<string, unknown> = {}): Promise<Report> {
  const config: Config = parseConfig(raw);
  const store = new MemoryStore();
  const inputs = await analyse(files, config, store, { detectors, indicators: loadIndicators(config.indicators) });
  return reportFromStore(store, inputs, config, detectors, new Date(0));
}

export const repoRoot = resolve(__dirname, '../..');
export const fixturePath = (name: string) => join(repoRoot, 'fixtures/captures', name);

/** The shared third-party corpus sits beside the clone (CI and developers alike). */
export function corpusPath(relative: string): string {
  const base = process.env.RIGSWEEP_SHARED ?? resolve(repoRoot, '../shared');
  const path = join(base, 'corpus', relative);
  if (!existsSync(path)) throw new Error(`corpus file missing: ${path} (set RIGSWEEP_SHARED to the shared/ folder)`);
  return path;
}

export const flaggedIps = (r: Report) => r.hosts.filter((h) => h.level !== 'low').map((h) => h.ip).sort();
