/**
 * Redis connections for every scale-out component: one place that knows the URL (password and
 * TLS ride in it: rediss:// turns TLS on), the reconnect backoff and how outages are logged.
 */
import Redis from 'ioredis';
import type { Logger } from 'pino';

export interface ConnectionOptions {
  /**
   * Long-running components (workers, collector, watcher) wait for Redis as long as it takes:
   * commands queue while it is away. One-shot commands give up after a few tries with an error.
   */
  waitForever: boolean;
  log?: Logger;
  /** Names the connection in logs and in Redis CLIENT LIST. */
  name: string;
}

/** Reconnect delay: doubling from 100 ms, capped at 5 s, so an outage costs little and recovery is quick. */
export const reconnectDelay = (attempt: number): number => Math.min(100 * 2 ** Math.min(attempt, 10), 5000);

/** Repeated connection errors are logged once per this many milliseconds, not once per retry. */
const ERROR_LOG_INTERVAL_MS = 30_000;

export function connectRedis(url: string, options: ConnectionOptions): Redis {
  const client = new Redis(url, {
    connectionName: `rigsweep-${options.name}`,
    // BullMQ workers require null: a command waits for the reconnect instead of failing.
    maxRetriesPerRequest: options.waitForever ? null : 3,
    retryStrategy: reconnectDelay,
    connectTimeout: 5000,
    lazyConnect: false,
  });
  watchConnection(client, url, options);
  return client;
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

function watchConnection(client: Redis, url: string, { log, name }: ConnectionOptions): void {
  let lastLogged = 0;
  let down = false;
  client.on('error', (e: Error) => {
    const now = Date.now();
    if (!down || now - lastLogged >= ERROR_LOG_INTERVAL_MS) {
      log?.error({ redis: redactedUrl(url), connection: name, err: e.message }, 'redis unavailable: retrying with backoff');
      lastLogged = now;
    }
    down = true;
  });
  client.on('ready', () => {
    if (down) log?.info({ redis: redactedUrl(url), connection: name }, 'redis reachable again');
    down = false;
  });
}

/** Closes politely when connected; a client still retrying is cut off instead of waiting on it. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

/** Whether an error means Redis could not be reached (as opposed to a bug or a bad reply). */
export function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string };
  return e?.name === 'MaxRetriesPerRequestError' || e?.code === 'ECONNREFUSED' || /Connection is closed|ECONNREFUSED|ETIMEDOUT|ENOTFOUND/.test(e?.message ?? '');
}
