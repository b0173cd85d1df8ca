import { scoreSnapshot, type ScoringContext } from '../../src/score/findings';
import { codeSpecs } from '../../src/score/code-specs';
import { configSchema } from '../../src/config/schema';
import { cidrMatcher } from '../../src/flow/ip';
import { MemoryStore } from '../../src/store/memory-store';
import { parseOwnerMap } from '../../src/score/owners';
import { fakeDetector, fakeEvidence } from './fake-detector';

const config = configSchema.parse({});
const ctx = (overrides: Partial<ScoringContext> = {}): ScoringContext => ({
  specs: codeSpecs([fakeDetector]),
  score: config.score,
  estimates: config.estimates,
  isHome: cidrMatcher(config.homeNetworks),
  owners: () => undefined,
  ...overrides,
});

async function score(evidence: ReturnType<typeof fakeEvidence>[], c = ctx()) {
  const store = new MemoryStore();
  await store.add(evidence);
  return scoreSnapshot(await store.snapshot(), c);
}

describe('scoreSnapshot: what a flag stands on', () => {
  const rigs = (n: number) => ({ facts: { concurrentSessions: n, sessions: n } });

  it('names the bases, strongest first, and flags flow shape alone only when its code reaches medium', async () => {
    const sustained = await score([fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.5', 7000, rigs(3))]);
    expect(sustained.hosts[0]).toMatchObject({ level: 'medium', score: 45, bases: ['behaviour'] });
    const watch = await score([fakeEvidence('t.shape', '192.168.1.10', '203.0.113.5', 7000, rigs(3))]);
    expect(watch.hosts[0]).toMatchObject({ level: 'low', score: 34, bases: ['behaviour'] });
    const corroborated = await score([
      fakeEvidence('t.shape', '192.168.1.10', '203.0.113.5', 3333, rigs(1)),
      fakeEvidence('t.port', '192.168.1.10', '203.0.113.5', 3333),
    ]);
    expect(corroborated.hosts[0]).toMatchObject({ level: 'medium', score: 41, bases: ['behaviour', 'port'] });
  });

  it('gives a flagged flow-only host a coarse estimate from its concurrent sessions, and a host on watch none', async () => {
    const { hosts } = await score([fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.5', 7000, rigs(3))]);
    expect(hosts[0].estimate).toMatchObject({ coarse: true, rigs: { estimate: 3 } });
    expect(hosts[0].estimate!.power!.kwMax).toBeCloseTo(3 * config.estimates.flowOnly.kwPerRigMax);
    const watch = await score([fakeEvidence('t.shape', '192.168.1.10', '203.0.113.5', 7000, rigs(3))]);
    expect(watch.hosts[0].estimate).toBeUndefined();
  });

  it('prefers share-based estimates over flow shape when payload sessions exist', async () => {
    const { hosts } = await score([
      fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333),
      fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.5', 3333, rigs(5)),
    ]);
    expect(hosts[0].estimate?.coarse).toBeUndefined();
  });
});

describe('scoreSnapshot: probe verdicts', () => {
  it('makes sustained behaviour to a probe-confirmed pool high', async () => {
    const { hosts, pools } = await score([
      fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.5', 443),
      fakeEvidence('t.confirmed', '192.168.1.10', '203.0.113.5', 443),
    ]);
    expect(hosts[0]).toMatchObject({ level: 'high', score: 78, bases: ['pool-address', 'behaviour'] });
    expect(pools.map((p) => p.endpoint)).toEqual(['203.0.113.5:443']);
  });

  it('takes the refuted bases about that peer out of the score, and only about that peer', async () => {
    const refuted = await score([
      fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.5', 443),
      fakeEvidence('t.port', '192.168.1.10', '203.0.113.5', 443),
      fakeEvidence('t.not-pool', '192.168.1.10', '203.0.113.5', 443),
    ]);
    expect(refuted.hosts[0]).toMatchObject({ level: 'low', score: 0 });
    // The evidence stays visible: the analyst sees what was guessed and why it no longer counts.
    expect(refuted.hosts[0].evidence.map((e) => e.code).sort()).toEqual(['t.not-pool', 't.port', 't.sustained']);
    expect(refuted.pools).toEqual([]);
    const other = await score([
      fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.6', 443),
      fakeEvidence('t.not-pool', '192.168.1.10', '203.0.113.5', 443),
    ]);
    expect(other.hosts[0]).toMatchObject({ level: 'medium', score: 45 });
    const payload = await score([
      fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 443),
      fakeEvidence('t.not-pool', '192.168.1.10', '203.0.113.5', 443),
    ]);
    expect(payload.hosts[0]).toMatchObject({ level: 'high', score: 90 });
  });

  it('does not list a host for a verdict that refutes nothing it was suspected of', async () => {
    const alone = await score([fakeEvidence('t.not-pool', '192.168.1.10', '203.0.113.5', 443)]);
    expect(alone.hosts).toEqual([]);
    const elsewhere = await score([
      fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.6', 443),
      fakeEvidence('t.not-pool', '192.168.1.10', '203.0.113.5', 443),
    ]);
    expect(elsewhere.hosts[0].evidence.map((e) => e.code)).toEqual(['t.sustained']);
  });
});

describe('scoreSnapshot', () => {
  it('flags a miner high on payload evidence and lists its pool separately', async () => {
    const { hosts, pools } = await score([fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333)]);
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ ip: '192.168.1.10', level: 'high', role: 'miner', score: 90, pools: ['203.0.113.5:3333'] });
    expect(hosts[0].reasons[0]).toContain('t.protocol');
    expect(pools.map((p) => p.endpoint)).toEqual(['203.0.113.5:3333']);
    expect(pools[0].clients).toBe(1);
  });

  it('lists a server speaking the protocol outside the home networks as a pool, never as a host', async () => {
    const { hosts, pools } = await score([fakeEvidence('t.server', '203.0.113.5', '192.168.1.10', 50000)]);
    expect(hosts).toEqual([]);
    expect(pools[0]).toMatchObject({ endpoint: '203.0.113.5:3333', clients: 1, clientSample: ['192.168.1.10'] });
  });

  it('flags a server speaking the protocol inside the home networks as a proxy', async () => {
    const { hosts, pools } = await score([
      fakeEvidence('t.server', '192.168.1.2', '192.168.1.10', 50000),
      fakeEvidence('t.protocol', '192.168.1.10', '192.168.1.2', 3333),
      fakeEvidence('t.protocol', '192.168.1.2', '203.0.113.5', 3333),
    ]);
    const proxy = hosts.find((h) => h.ip === '192.168.1.2')!;
    expect(proxy.role).toBe('proxy');
    expect(proxy.level).toBe('high');
    // the internal proxy is not a pool; the external one is
    expect(pools.map((p) => p.endpoint)).toEqual(['203.0.113.5:3333']);
  });

  it('keeps a node-protocol-only address on watch with role node', async () => {
    const { hosts, pools } = await score([fakeEvidence('t.node', '192.168.1.142', '66.68.83.22', 8333)]);
    expect(hosts[0]).toMatchObject({ level: 'low', role: 'node' });
    expect(pools).toEqual([]);
  });

  it('keeps port-only evidence below the flagging level, and does not call the peer a pool', async () => {
    const { hosts, pools } = await score([fakeEvidence('t.port', '192.168.1.20', '203.0.113.9', 4444)]);
    expect(hosts[0].level).toBe('low');
    expect(pools).toEqual([]);
  });

  it('merges repeated evidence rather than counting it as new signal', async () => {
    const e = fakeEvidence('t.name', '10.0.0.5', '203.0.113.5', 443);
    const { hosts } = await score([e, e, e]);
    expect(hosts[0].score).toBe(60);
    expect(hosts[0].evidence[0].count).toBe(3);
    expect(hosts[0].evidenceTotal).toBe(1);
  });

  it('applies weight overrides from config', async () => {
    const c = ctx({ specs: codeSpecs([fakeDetector], { 't.name': 0.2 }) });
    const { hosts } = await score([fakeEvidence('t.name', '10.0.0.5', '203.0.113.5', 443)], c);
    expect(hosts[0]).toMatchObject({ score: 20, level: 'low' });
    expect(() => codeSpecs([fakeDetector], { 'no.such': 0.5 })).toThrow(/no\.such/);
  });

  it('names the owner from the owner map', async () => {
    const owners = parseOwnerMap('cidr,owner,nature\n192.168.0.0/16,Carrier,residential broadband\n192.168.1.0/24,Park Ltd,industrial park\n');
    const { hosts } = await score([fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333)], ctx({ owners }));
    expect(hosts[0].owner).toEqual({ name: 'Park Ltd', nature: 'industrial park', range: '192.168.1.0/24' });
  });
});
