/** Both intel stores, on a temp file and a real redis-server: the same facts in, the same facts out, idempotent writes. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { FileIntelStore, inForce, RedisIntelStore, type IntelFact, type IntelStore, type NameFact } from '../../src/intel';
import { storeKeys } from '../../src/store/redis/keys';
import { useRedisServer } from '../helpers/redis-server';

const redis = useRedisServer();
let client: Redis;
beforeAll(() => {
  client = new Redis(redis.url());
});
afterAll(async () => {
  await client.quit();
});

const NOW = 1_790_000_000;
const fact = (over: Partial<IntelFact> = {}): IntelFact => ({
  address: '198.51.100.7',
  port: 3333,
  verdict: 'pool',
  source: 'dns-resolved',
  confidence: 0.9,
  firstSeen: NOW,
  lastSeen: NOW,
  expiresAt: NOW + 86_400,
  name: 'xmr.pool.example',
  ...over,
});
const name = (over: Partial<NameFact> = {}): NameFact => ({ name: 'coinhive.example', source: 'feed:nocoin', confidence: 0.7, firstSeen: NOW, lastSeen: NOW, expiresAt: NOW + 100, ...over });

const stores: Array<[string, () => IntelStore]> = [
  ['file', () => new FileIntelStore(join(mkdtempSync(join(tmpdir(), 'rigsweep-intel-')), 'intel.jsonl'))],
  ['redis', () => new RedisIntelStore(client, storeKeys(redis.newPrefix()))],
];

describe.each(stores)('%s intel store', (_kind, open) => {
  it('starts empty, keeps one fact per source and endpoint, and widens its dates on a later sighting', async () => {
    const store = open();
    expect((await store.load()).facts).toEqual({ endpoints: [], names: [] });
    await store.put({ endpoints: [fact(), fact({ source: 'probe', dialect: 'xmrig' })], names: [name()] });
    await store.put({ endpoints: [fact({ firstSeen: NOW + 10, lastSeen: NOW + 3600, expiresAt: NOW + 90_000 })], names: [] });
    const { facts, problems } = await store.load();
    expect(problems).toEqual([]);
    const resolved = facts.endpoints.find((f) => f.source === 'dns-resolved')!;
    expect(resolved).toMatchObject({ firstSeen: NOW, lastSeen: NOW + 3600, expiresAt: NOW + 90_000 });
    expect(facts.endpoints).toHaveLength(2);
    expect(facts.names).toEqual([name()]);
  });

  it('writes the same facts twice to the same result, and forgets what it is told to', async () => {
    const store = open();
    const batch = { endpoints: [fact(), fact({ address: '2001:db8::7', port: undefined })], names: [name()] };
    await store.put(batch);
    const once = (await store.load()).facts;
    await store.put(batch);
    expect((await store.load()).facts).toEqual(once);
    await store.remove({ endpoints: [batch.endpoints[0]], names: [] });
    expect((await store.load()).facts.endpoints.map((f) => f.address)).toEqual(['2001:db8::7']);
  });
});

it('reports a broken line of a fact file with its line, keeping the rest', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'rigsweep-intel-')), 'intel.jsonl');
  const store = new FileIntelStore(path);
  await store.put({ endpoints: [fact()], names: [] });
  writeFileSync(path, `${readFileSync(path, 'utf8')}{"kind":"endpoint","address":"not-an-ip"}\nnot json\n`);
  const { facts, problems } = await store.load();
  expect(facts.endpoints).toHaveLength(1);
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: `));
});

it('reports a Redis field that is not a fact instead of failing the load', async () => {
  const keys = storeKeys(redis.newPrefix());
  const store = new RedisIntelStore(client, keys);
  await store.put({ endpoints: [fact({ source: 'feed:firehol' })], names: [] });
  await client.hset(keys.intel('feed:firehol'), 'e|junk', '{"address":1}', 'e|worse', 'not json');
  const { facts, problems } = await store.load();
  expect(facts.endpoints).toHaveLength(1);
  expect(problems.sort()).toEqual([expect.stringMatching(/e\|junk: /), expect.stringMatching(/e\|worse: not JSON/)]);
});

it('keeps in force what has not expired, and learned facts whatever the wall clock says', () => {
  const live = inForce(
    { endpoints: [fact({ expiresAt: NOW - 1 }), fact({ source: 'learned-dns', expiresAt: NOW - 1 }), fact()], names: [name({ expiresAt: NOW - 1 }), name()] },
    NOW,
  );
  expect(live.endpoints.map((f) => [f.source, f.expiresAt])).toEqual([['learned-dns', NOW - 1], ['dns-resolved', NOW + 86_400]]);
  expect(live.names).toHaveLength(1);
});
