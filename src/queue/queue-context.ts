/** What every queue component shares: the setup, the Redis connection and the store over it. */
import type { Logger } from 'pino';
import { detectors } from '../../detectors';
import type { RunSetup } from '../cli/setup';
import { RedisStore } from '../store/redis-store';
import { bullPrefix } from './names';
import { connectRedis, redactedUrl, type ConnectionOptions } from './redis-connection';
import { RedisHealth } from './redis-health';
import type Redis from 'ioredis';

export interface QueueContext extends RunSetup {
  detectors: typeof detectors;
  redis: Redis;
  store: RedisStore;
  /** BullMQ's prefix for this deployment (same hash tag as the store's keys). */
  prefix: string;
  /** Where every client, queue and worker of this process reports its Redis errors (logged per state change). */
  health: RedisHealth;
}

export function openQueueContext(setup: RunSetup, connection: ConnectionOptions & { log?: Logger }): QueueContext {
  const url = setup.config.queue.redisUrl;
  const health = new RedisHealth(connection.log, { redis: redactedUrl(url), connection: connection.name });
  const redis = connectRedis(url, connection, health);
  return { ...setup, detectors, redis, store: new RedisStore(redis, setup.config.queue.prefix), prefix: bullPrefix(setup.config.queue.prefix), health };
}
