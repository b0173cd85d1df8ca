/** Which intel store a command reads or writes: a JSON-lines file (`--store FILE`) or the deployment's Redis (`--redis`). */
import type { Config } from '../config/schema';
import { FileIntelStore, RedisIntelStore, type IntelStore } from '../intel';
import { closeRedis } from '../queue/redis-connection';
import { openQueueContext } from '../queue/queue-context';
import { UsageError } from './exit-codes';
import type { RunSetup } from './setup';

export const STORE_OPTIONS = {
  store: { type: 'string' },
  redis: { type: 'boolean', default: false },
} as const;

export interface OpenedStore {
  store: IntelStore;
  where: string;
  close(): Promise<void>;
}

export function openIntelStore(setup: RunSetup, values: { store?: string; redis?: boolean }, name: string): OpenedStore {
  if (values.store && values.redis) throw new UsageError('give --store FILE or --redis, not both');
  if (values.redis) {
    const context = openQueueContext(setup, { waitForever: false, name });
    return { store: new RedisIntelStore(context.redis, context.store.keys), where: `Redis (prefix ${setup.config.queue.prefix})`, close: () => closeRedis(context.redis) };
  }
  const file = values.store ?? defaultFile(setup.config);
  return { store: new FileIntelStore(file), where: file, close: async () => {} };
}

function defaultFile(config: Config): string {
  const [first] = config.intel.files;
  if (!first) throw new UsageError('name the intel store: --store FILE (JSON lines; list it in intel.files for scans to read it) or --redis');
  return first;
}
