/**
 * A real redis-server for one test file: spawned on a free 127.0.0.1 port in a temp dir with
 * persistence off, stopped after the file. With REDIS_URL set, that server is used instead (and
 * each test's keys are deleted afterwards, since it is shared). Each test gets its own prefix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../fixtures/lib/free-port';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { storeKeys } from '../../src/store/redis/keys';

export interface TestRedis {
  url(): string;
  /** A prefix no other test (or test process sharing REDIS_URL) uses. */
  newPrefix(): string;
}

const STARTUP_TIMEOUT_MS = 10_000;

async function waitForPong(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`redis-server exited with ${server.exitCode} before answering`);
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within ${STARTUP_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** Every key of the store with this prefix: a full SCAN, since one call may cover part of the keyspace. */
export async function keysOfStore(client: Redis, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', storeKeys(prefix).pattern, 'COUNT', 1000);
    for (const key of keys) found.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...found].sort();
}

async function deleteKeys(url: string, prefixes: readonly string[]): Promise<void> {
  const client = new Redis(url);
  try {
    for (const prefix of prefixes) {
      const keys = await keysOfStore(client, prefix);
      if (keys.length) await client.del(...keys);
    }
  } finally {
    await client.quit();
  }
}

export interface OwnRedis {
  url: string;
  /** Stops the server (SIGTERM: it writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory: what was written is back. */
  start(): Promise<void>;
}

/** A redis-server this test stops and restarts, with an append-only file (as production runs it). */
export async function ownRedisServer(): Promise<OwnRedis> {
  const port = await freeLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-redis-own-'));
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const own: OwnRedis = {
    url,
    async start() {
      server = spawn('redis-server', ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { stdio: 'ignore' });
      await waitForPong(url, server);
    },
    async stop() {
      if (server) await stop(server);
    },
  };
  await own.start();
  return own;
}

/** Call at the top level of a test file: registers beforeAll/afterAll. */
export function useRedisServer(): TestRedis {
  const shared = process.env.REDIS_URL;
  const prefixes: string[] = [];
  let url = shared ?? '';
  let server: ChildProcess | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    if (shared) return;
    const port = await freeLoopbackPort();
    dir = mkdtempSync(join(tmpdir(), 'rigsweep-redis-'));
    server = spawn('redis-server', ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { stdio: 'ignore' });
    url = `redis://127.0.0.1:${port}`;
    await waitForPong(url, server);
  });

  afterAll(async () => {
    if (shared) await deleteKeys(shared, prefixes);
    if (server) await stop(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    url: () => url,
    newPrefix: () => {
      const prefix = `test-${process.pid}-${prefixes.length}-${randomUUID()}`;
      prefixes.push(prefix);
      return prefix;
    },
  };
}
