/**
 * A redis-server of the benchmark's own: a free loopback port, a temporary directory, persistence
 * off (the figures are about rigsweep, not about Redis writing snapshots), stopped at the end.
 * Being private, it may be flushed between runs and its whole memory counts as rigsweep's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../fixtures/lib/free-port';
import Redis from 'ioredis';
import { killOnExit, removeNow, removeOnExit, stopChild } from './leftovers';

const STARTUP_TIMEOUT_MS = 10_000;

export interface PrivateRedis {
  url: string;
  pid: number;
  /** Bytes Redis has allocated for data and overhead (`INFO memory` used_memory). */
  usedMemory(): Promise<number>;
  keyCount(): Promise<number>;
  /** Key → bytes (MEMORY USAGE) of the `count` largest keys, largest first. */
  largestKeys(count: number): Promise<Array<[string, number]>>;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

async function connectWhenUp(url: string, hasExited: () => boolean): Promise<Redis> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (hasExited()) throw new Error('redis-server exited before answering');
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined); // refused while starting: connect() rejects, and that is handled below
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return client;
    } catch {
      client.disconnect(); // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within ${STARTUP_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freeLoopbackPort();
  const dir = removeOnExit(mkdtempSync(join(tmpdir(), 'rigsweep-bench-redis-')));
  const server = killOnExit(
    spawn('redis-server', ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { stdio: 'ignore' }),
  );
  const url = `redis://127.0.0.1:${port}`;
  let client: Redis;
  try {
    client = await connectWhenUp(url, () => server.exitCode !== null);
  } catch (e) {
    await stopChild(server);
    removeNow(dir);
    throw e;
  }
  return {
    url,
    pid: server.pid!,
    usedMemory: async () => Number(/^used_memory:(\d+)/m.exec(await client.info('memory'))?.[1]),
    keyCount: () => client.dbsize(),
    async largestKeys(count) {
      const sizes: Array<[string, number]> = [];
      // SCAN, not KEYS: the same habit as on a shared server, though this one is private.
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
        for (const key of keys) sizes.push([key, Number(await client.memory('USAGE', key, 'SAMPLES', 0))]);
        cursor = next;
      } while (cursor !== '0');
      return sizes.sort((a, b) => b[1] - a[1]).slice(0, count);
    },
    flushAll: async () => void (await client.flushall()),
    async stop() {
      client.disconnect();
      await stopChild(server);
      removeNow(dir);
    },
  };
}
