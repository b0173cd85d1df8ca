/** What every command that analyses needs: the validated config and the indicator lists. */
import { loadConfig, ConfigError } from '../config/load';
import type { Config } from '../config/schema';
import type { Indicators } from '../detect/api';
import { loadIndicators } from '../detect/indicators';

export interface RunSetup {
  config: Config;
  indicators: Indicators;
}

export function loadSetup(options: { config?: string; owners?: string }): RunSetup {
  const loaded = loadConfig(options.config ?? process.env.RIGSWEEP_CONFIG);
  const config = options.owners ? { ...loaded, owners: options.owners } : loaded;
  try {
    return { config, indicators: loadIndicators(config.indicators) };
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}
