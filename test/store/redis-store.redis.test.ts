import Redis from 'ioredis';
import { RedisStore } from '../../src/store/redis-store';
import { keysOfStore, useRedisServer } from '../helpers/redis-server';
import { fakeEvidence } from '../score/fake-detector';
import { storeContract } from './store-contract';

const redis = useRedisServer();

storeContract('RedisStore', () => new RedisStore(redis.url(), redis.newPrefix()));

describe('RedisStore keys and client', () => {
  it('keeps every key under one hash-tagged prefix, so a cluster puts them in one slot', async () => {
    const client = new Redis(redis.url());
    const prefix = redis.newPrefix();
    const store = new RedisStore(client, prefix);
    try {
      await store.add([fakeEvidence('t.protocol', '10.0.0.1', '203.0.113.5', 3333), fakeEvidence('t.name', '10.0.0.2', '203.0.113.5', 443)], { jobId: 'j' });
      const keys = await keysOfStore(client, prefix);
      expect(keys).toEqual([`rigsweep:{${prefix}}:ev:10.0.0.1`, `rigsweep:{${prefix}}:ev:10.0.0.2`, `rigsweep:{${prefix}}:subjects`]);
      // Cluster hashes only the text between the first '{' and the next '}': the same for every key.
      expect(new Set(keys.map((key) => /\{([^}]*)\}/.exec(key)?.[1]))).toEqual(new Set([prefix]));
    } finally {
      await store.close();
      expect(client.status).toBe('ready'); // a client passed in stays the caller's to close
      await client.quit();
    }
  });

  it('refuses a prefix that would break the hash tag', () => {
    expect(() => new RedisStore(redis.url(), 'a}b')).toThrow(/prefix/);
  });
});
