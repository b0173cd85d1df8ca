/** Reads, validates and resolves the config: file values over defaults, environment over both. */
import { dirname, isAbsolute, resolve } from 'node:path';
import { isObject, readJson } from '../text/json';
import { readBoundedText, TextFileError } from './bounded-text';
import { configSchema, type Config } from './schema';
import { environmentOverrides } from './env';
import { packageRoot } from './package-root';

/** A config is a few kB; anything past this is another file named by mistake. */
export const MAX_CONFIG_BYTES = 1 << 20;

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
      text = readBoundedText(file, MAX_CONFIG_BYTES, 'config');
    } catch (e) {
      throw e instanceof TextFileError ? new ConfigError(e.message) : e;
    }
    // Not JSON.parse: its messages quote the text ("root:x:0:0"... for /etc/passwd) and give no line.
    const reading = readJson(text);
    if (!reading.ok) throw new ConfigError(`config ${file} is not valid JSON: line ${reading.line}, column ${reading.column}: ${reading.reason}`);
    if (!isObject(reading.doc.value)) throw new ConfigError(`config ${file}: the top level must be a JSON object ({ ... })`);
    raw = reading.doc.value;
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
