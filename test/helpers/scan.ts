/** Runs the real pipeline in-process with the in-memory store, as `rigsweep scan` does. */
import { detectors } from '../../detectors';
import { analyse } from '../../src/analyse';
import { parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import { loadIndicators } from '../../src/detect/indicators';
import { reportFromStore } from '../../src/report/build';
import type { Report } from '../../src/report/model';
import { MemoryStore } from '../../src/store/memory-store';
import { join } from 'node:path';
import { corpusPath, repoRoot } from './corpus';

export { corpusPath, repoRoot };

export async function scanFiles(files: string[], raw: Record<string, unknown> = {}): Promise<Report> {
  const config: Config = parseConfig(raw);
  const store = new MemoryStore();
  const inputs = await analyse(files, config, store, { detectors, indicators: loadIndicators(config.indicators) });
  return reportFromStore(store, inputs, config, detectors, new Date(0));
}

export const fixturePath = (name: string) => join(repoRoot, 'fixtures/captures', name);

export const flaggedIps = (r: Report) => r.hosts.filter((h) => h.level !== 'low').map((h) => h.ip).sort();
