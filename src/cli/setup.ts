/** What every command that analyses needs: the validated config, the indicator lists and the intel facts. */
import { loadConfig, ConfigError } from '../config/load';
import type { Config } from '../config/schema';
import type { Indicators, IntelFact } from '../detect/api';
import { loadIndicators } from '../detect/indicators';
import { loadRunFacts, withNameFacts, type IntelStore } from '../intel';
import { loadOwnerMap } from '../score/owners';
import type { Io } from './io';

export interface RunSetup {
  config: Config;
  indicators: Indicators;
}

/**
 * The intel a run starts with: fact files and stores, imported names joined to the pool-domain
 * suffixes. Rows that are not facts are reported on stderr and skipped, never fatal.
 */
export async function withIntel(setup: RunSetup, io: Io, stores: readonly IntelStore[] = []): Promise<RunSetup & { facts: IntelFact[] }> {
  const loaded = await loadRunFacts(setup.config, stores).catch((e: Error) => {
    throw new ConfigError(`cannot read the intel facts: ${e.message}`);
  });
  for (const problem of loaded.problems.slice(0, 20)) io.stderr.write(`rigsweep: intel: ${problem} (skipped)\n`);
  if (loaded.problems.length > 20) io.stderr.write(`rigsweep: intel: ${loaded.problems.length - 20} more rows skipped\n`);
  return { ...setup, indicators: withNameFacts(setup.indicators, loaded.names), facts: loaded.endpoints };
}

/**
 * Every file a run needs, read and checked before any input is: the config, the indicator
 * lists and the owner map. A mistake in one is an exit 2 in a second, not a stack trace after
 * an hour-long scan.
 */
export function loadSetup(options: { config?: string; owners?: string }): RunSetup {
  const loaded = loadConfig(options.config ?? process.env.RIGSWEEP_CONFIG);
  const config = options.owners ? { ...loaded, owners: options.owners } : loaded;
  let indicators: Indicators;
  try {
    indicators = loadIndicators(config.indicators);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  // Checked here, used when scoring (report/build.ts reads it again, for long-running workers).
  loadOwnerMap(config.owners);
  return { config, indicators };
}
