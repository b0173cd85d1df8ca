/** Reads, validates and resolves the config: file values over defaults, environment over both. */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { configSchema, type Config } from './schema';
import { environmentOverrides } from './env';
import { packageRoot } from './package-root';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message);
    this.name = 'ConfigError';
  }
}

/** Validates a plain object; every problem is listed with its path. */
export function parseConfig(raw: unknown, baseDir = packageRoot()): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new ConfigError('invalid config', issues);
  }
  return resolvePaths(result.data, baseDir);
}

export function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env): Config {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`config ${file} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const overrides = environmentOverrides(env);
  // The queue section is merged key by key: REDIS_URL must not wipe the file's other queue settings.
  const queue = overrides.queue ? { queue: { ...(raw.queue as object | undefined), ...(overrides.queue as object) } } : {};
  const merged = { ...raw, ...overrides, ...queue };
  return parseConfig(merged, file ? dirname(resolve(file)) : packageRoot());
}

/** Default indicator files live in the package; files named in a config are relative to it. */
function resolvePaths(config: Config, baseDir: string): Config {
  const defaults = configSchema.parse({});
  const resolveList = (list: string[], defaultList: string[]) =>
    list.map((p) => (isAbsolute(p) ? p : resolve(defaultList.includes(p) ? packageRoot() : baseDir, p)));
  return {
    ...config,
    indicators: {
      ...config.indicators,
      poolDomains: resolveList(config.indicators.poolDomains, defaults.indicators.poolDomains),
      poolEndpoints: resolveList(config.indicators.poolEndpoints, defaults.indicators.poolEndpoints),
    },
    intel: {
      ...config.intel,
      files: resolveList(config.intel.files, defaults.intel.files),
      poolHosts: resolveList(config.intel.poolHosts, defaults.intel.poolHosts),
    },
    owners: config.owners === undefined ? undefined : resolve(baseDir, config.owners),
  };
}
