/** The facts a run starts with: every fact file the config names, and the deployment's Redis store when there is one. */
import type { Config } from '../config/schema';
import { FileIntelStore, inForce, type IntelFacts, type IntelStore } from './store';

export interface RunFacts extends IntelFacts {
  problems: string[];
}

export async function loadRunFacts(config: Config, stores: readonly IntelStore[] = [], now = Date.now() / 1000): Promise<RunFacts> {
  const all: RunFacts = { endpoints: [], names: [], problems: [] };
  for (const store of [...config.intel.files.map((f) => new FileIntelStore(f)), ...stores]) {
    const { facts, problems } = await store.load();
    const live = inForce(facts, now);
    all.endpoints.push(...live.endpoints);
    all.names.push(...live.names);
    all.problems.push(...problems);
  }
  return all;
}
