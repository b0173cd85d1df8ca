/**
 * Redis connections for every scale-out component: one place that knows the URL (password and
 * TLS ride in it: rediss:// turns TLS on) and the reconnect backoff. Its errors go to the
 * process's RedisHealth, which logs them once per state change.
 */
import Redis from 'ioredis';
import { redisErrorReason } from './redis-failure';
import type { RedisHealth } from './redis-health';

export interface ConnectionOptions {
  /**
   * Long-running components (workers, collector, watcher) wait for Redis as long as it takes:
   * commands queue while it is away. One-shot commands give up after a few tries with an error.
   */
  waitForever: boolean;
  /** Names the connection in logs and in Redis CLIENT LIST. */
  name: string;
}

/** Reconnect delay: doubling from 100 ms, capped at 5 s, so an outage costs little and recovery is quick. */
export const reconnectDelay = (attempt: number): number => Math.min(100 * 2 ** Math.min(attempt, 10), 5000);

export function connectRedis(url: string, options: ConnectionOptions, health: RedisHealth): Redis {
  const client = new Redis(url, {
    connectionName: `rigsweep-${options.name}`,
    // BullMQ workers require null: a command waits for the reconnect instead of failing.
    maxRetriesPerRequest: options.waitForever ? null : 3,
    retryStrategy: reconnectDelay,
    connectTimeout: 5000,
    // A socket still connecting when closed holds the process this long (ioredis: 2 s); BullMQ's
    // duplicated connections inherit it. A stopping worker must not wait on a Redis that is away.
    disconnectTimeout: 300,
    lazyConnect: false,
  });
  // A listener must be there: without one ioredis prints every failed reconnect as a raw dump.
  client.on('error', (e: Error) => health.error(e, options.name));
  client.on('ready', () => health.ready());
  return client;
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/** Closes politely when connected; a client still retrying is cut off instead of waiting on it. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

/** Whether an error means Redis could not be reached or refused to work (as opposed to a bug or a bad reply). */
export function isUnavailable(error: unknown): boolean {
  const reason = redisErrorReason(error);
  return reason === 'connection' || reason === 'unavailable' || reason === 'timeout';
}
