/** What every queue component shares: the setup, the Redis connection and the store over it. */
import type { Logger } from 'pino';
import { detectors } from '../../detectors';
import type { RunSetup } from '../cli/setup';
import { RedisStore } from '../store/redis-store';
import { bullPrefix } from './names';
import { connectRedis, type ConnectionOptions } from './redis-connection';
import type Redis from 'ioredis';

export interface QueueContext extends RunSetup {
  detectors: typeof detectors;
  redis: Redis;
  store: RedisStore;
  /** BullMQ's prefix for this deployment (same hash tag as the store's keys). */
  prefix: string;
}

export function openQueueContext(setup: RunSetup, connection: Omit<ConnectionOptions, 'log'> & { log?: Logger }): QueueContext {
  const redis = connectRedis(setup.config.queue.redisUrl, connection);
  return { ...setup, detectors, redis, store: new RedisStore(redis, setup.config.queue.prefix), prefix: bullPrefix(setup.config.queue.prefix) };
}
