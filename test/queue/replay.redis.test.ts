/**
 * Idempotence of the queued path against a real Redis: an ingest job processed twice (a retry
 * after a crash, a duplicate delivery) and a sweep run twice change nothing.
 */
import Redis from 'ioredis';
import { detectors } from '../../detectors';
import { parseConfig } from '../../src/config/load';
import { loadIndicators } from '../../src/detect/indicators';
import { ingest, type IngestContext } from '../../src/queue/ingest';
import { storeJobId } from '../../src/queue/job-ids';
import { sweepWindows } from '../../src/queue/sweep';
import { RedisStore } from '../../src/store/redis-store';
import { InputSummaryStore } from '../../src/store/redis/input-summaries';
import { WindowPartStore } from '../../src/store/redis/window-parts';
import { keysOfStore, useRedisServer } from '../helpers/redis-server';
import { fixturePath, flaggedIps, scanFiles } from '../helpers/scan';
import { SPLIT_MINERS, writeSplitExports } from '../helpers/split-exports';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFromStore } from '../../src/report/build';

const redis = useRedisServer();
const config = parseConfig({});
const indicators = loadIndicators(config.indicators);
let client: Redis;

beforeAll(() => {
  client = new Redis(redis.url());
});
afterAll(async () => {
  await client.quit();
});

function contextFor(prefix: string): IngestContext {
  return { config, indicators, detectors, store: new RedisStore(client, prefix) };
}

/** Everything the store holds under a prefix, values included (hashes, strings, sorted sets). */
async function dump(prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await keysOfStore(client, prefix)) {
    const type = await client.type(key);
    out[key] = type === 'hash' ? await client.hgetall(key) : type === 'zset' ? await client.zrange(key, '0', '-1', 'WITHSCORES') : type === 'set' ? (await client.smembers(key)).sort() : await client.get(key);
  }
  return out;
}

const demo = { kind: 'file' as const, path: fixturePath('demo.pcap'), order: 1 };

describe('an ingest job processed twice', () => {
  it('leaves the store exactly as one processing did', async () => {
    const prefix = redis.newPrefix();
    const context = contextFor(prefix);
    const id = storeJobId(1, 'file-demo');
    await ingest(demo, id, context);
    const once = await dump(prefix);
    await ingest(demo, id, context);
    expect(await dump(prefix)).toEqual(once);
    expect(Object.keys(once).some((k) => k.endsWith(':window-parts'))).toBe(true);
    expect(await new InputSummaryStore(client, context.store.keys).all()).toHaveLength(1);
  });

  it('counts twice only under two job ids (two inputs), so the test above could fail', async () => {
    const prefix = redis.newPrefix();
    const context = contextFor(prefix);
    await ingest(demo, storeJobId(1, 'a'), context);
    const single = await context.store.snapshot();
    await ingest({ ...demo, order: 2 }, storeJobId(2, 'b'), context);
    const double = await context.store.snapshot();
    const count = (s: typeof single) => [...s.subjects.values()].flat().reduce((n, e) => n + e.count, 0);
    expect(count(double)).toBe(2 * count(single));
    expect(await new WindowPartStore(client, context.store.keys).jobIds()).toHaveLength(2);
  });
});

describe('the sweep run twice', () => {
  it('replaces its own verdict instead of adding to it, and raises each follow-up once', async () => {
    const prefix = redis.newPrefix();
    const context = contextFor(prefix);
    await ingest(demo, storeJobId(1, 'demo'), context);
    const published: string[] = [];
    const sweep = () => sweepWindows({ ...context, publish: async (jobs) => void published.push(...jobs.map((j) => `${j.ip}:${j.reason}`)) });
    const first = await sweep();
    const snapshot = await context.store.snapshot();
    const second = await sweep();
    expect(await context.store.snapshot()).toEqual(snapshot);
    expect(first.raised.length).toBeGreaterThan(0);
    expect(second.raised).toEqual([]);
    expect(new Set(published).size).toBe(published.length);
  });
});

describe('retention of window parts', () => {
  it('drops parts past the horizon but keeps the verdicts judged from them', async () => {
    const prefix = redis.newPrefix();
    const context = contextFor(prefix);
    const exports = await writeSplitExports(mkdtempSync(join(tmpdir(), 'rigsweep-retention-')));
    // The exports end near midnight; demo.pcap was captured 12 hours later, past the 4-hour default.
    const inputs = [...exports, fixturePath('demo.pcap')];
    for (const [i, path] of inputs.entries()) await ingest({ kind: 'file', path, order: i + 1 }, storeJobId(i + 1, `f${i}`), context);
    const parts = new WindowPartStore(client, context.store.keys);
    expect(await parts.jobIds()).toHaveLength(inputs.length);
    const sweep = () => sweepWindows({ ...context, publish: async () => {} });
    const first = await sweep();
    expect(first.droppedParts).toBe(exports.length);
    expect(await parts.jobIds()).toHaveLength(1);
    const flagged = async () => flaggedIps(await reportFromStore(context.store, [], config, detectors));
    const afterFirst = await flagged();
    for (const miner of SPLIT_MINERS) expect(afterFirst).toContain(miner);
    expect(afterFirst).toEqual(flaggedIps(await scanFiles(inputs)));
    await sweep();
    expect(await flagged()).toEqual(afterFirst);
  });
});

describe('a corrupt window part', () => {
  it('is counted as unreadable and the sweep judges the rest', async () => {
    const prefix = redis.newPrefix();
    const context = contextFor(prefix);
    await ingest(demo, storeJobId(1, 'demo'), context);
    const keys = context.store.keys;
    await client.hset(keys.windowParts, storeJobId(2, 'broken'), 'not gzip, not json');
    await client.zadd(keys.windowTimes, 1, storeJobId(2, 'broken'));
    const outcome = await sweepWindows({ ...context, publish: async () => {} });
    expect(outcome.unreadableParts).toBe(1);
    expect(outcome.evidence).toBeGreaterThan(0);
    expect(outcome.report.hosts.filter((h) => h.level !== 'low')).toHaveLength(8);
  });
});
