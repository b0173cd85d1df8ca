/** Shared by the probe tests: settings for loopback (fast timeouts, no rate limits unless asked) and a one-shot probe. */
import { configSchema, type Config } from '../../src/config/schema';
import { cidrMatcher } from '../../src/flow/ip';
import { createProber, type ProberOptions, type ProbeVerdict } from '../../src/probe';

export type ProbeSettings = Config['probe'];

/** Loopback answers in a few ms: short timeouts keep the silent cases fast. */
export function probeSettings(over: Partial<ProbeSettings> = {}): ProbeSettings {
  return configSchema.parse({
    probe: { enabled: true, allow: ['127.0.0.0/8'], perSecond: 0, perPrefixPerMinute: 0, connectTimeoutMs: 800, readTimeoutMs: 400, ...over },
  }).probe;
}

export const defaults = configSchema.parse({});
export const isHome = cidrMatcher(defaults.homeNetworks);

/** Collects the prober's log lines and counts. */
export function recorder(): { log: Record<string, unknown>[]; counted: string[]; hooks: Pick<ProberOptions, 'log' | 'count'> } {
  const log: Record<string, unknown>[] = [];
  const counted: string[] = [];
  return { log, counted, hooks: { log: (line) => void log.push(line), count: (outcome) => void counted.push(outcome) } };
}

/** Probes one endpoint with a fresh prober, closed afterwards. */
export async function probeOnce(
  port: number,
  over: Partial<ProbeSettings> = {},
  options: Partial<ProberOptions> & { address?: string; names?: string[] } = {},
): Promise<ProbeVerdict | undefined> {
  const { address = '127.0.0.1', names, ...rest } = options;
  const prober = createProber(probeSettings(over), { isHome, ...rest });
  try {
    return await prober.probe({ address, port, ...(names ? { names } : {}) });
  } finally {
    prober.close();
  }
}
