/**
 * The safety rules, proven with servers that count their connections: nothing outside
 * probe.allow, no home address it does not list, nothing when disabled or in a dry run, no second
 * probe of a cached endpoint; the rate limits (overall per second, per /24 per minute) and
 * concurrency hold, close() cancels their waits; every probe and every skip is logged and counted
 * exactly once.
 */
import { createServer, type Socket } from 'node:net';
import { createProber, type ProbeVerdict } from '../../src/probe';
import { startPoolEmulator, type PoolEmulator } from '../../fixtures/lib/pool-emulator';
import { startSilent, stopAllRealServers } from '../../fixtures/lib/real-servers';
import { isHome, probeSettings, recorder } from './support';

const emulators: PoolEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  await stopAllRealServers();
});

async function pool(host = '127.0.0.1'): Promise<PoolEmulator> {
  const e = await startPoolEmulator({ dialect: 'stratum-v1', host });
  emulators.push(e);
  return e;
}

describe('plan (pure)', () => {
  const prober = createProber(probeSettings({ allow: ['203.0.113.0/24', '10.20.0.0/16', '2001:db8::/32'] }), { isHome });
  afterAll(() => prober.close());

  it.each<[string, number, string, RegExp]>([
    ['203.0.113.9', 3333, 'probe', /^inside probe\.allow \(203\.0\.113\.0\/24\)$/],
    ['::ffff:203.0.113.9', 3333, 'probe', /inside probe\.allow/],
    ['2001:db8::7', 443, 'probe', /inside probe\.allow \(2001:db8::\/32\)/],
    ['10.20.1.2', 3333, 'probe', /^a home address listed in probe\.allow \(10\.20\.0\.0\/16\)$/],
    ['198.51.100.1', 3333, 'not-allowed', /^outside probe\.allow$/],
    ['10.1.2.3', 3333, 'home', /^a home-network address: probed only when/],
    ['192.168.1.1', 3333, 'home', /home-network/],
    ['127.0.0.1', 3333, 'home', /^a loopback address/],
    ['::1', 3333, 'home', /^a loopback address/],
    ['224.0.0.1', 3333, 'invalid', /multicast/],
    ['255.255.255.255', 3333, 'invalid', /broadcast/],
    ['0.0.0.0', 3333, 'invalid', /unspecified/],
    ['ff02::1', 3333, 'invalid', /multicast/],
    ['::', 3333, 'invalid', /unspecified/],
    ['not-an-ip', 3333, 'invalid', /is not an IP address/],
    ['pool.example.com', 3333, 'invalid', /is not an IP address/],
    ['203.0.113.9', 0, 'invalid', /^port 0 is not 1\.\.65535$/],
    ['203.0.113.9', 65536, 'invalid', /port 65536/],
    ['203.0.113.9', 33.5, 'invalid', /port 33\.5/],
  ])('%s:%d → %s', (address, port, decision, reason) => {
    const [planned] = prober.plan([{ address, port }]);
    expect(planned).toEqual({ target: { address, port }, decision, reason: expect.stringMatching(reason) });
  });

  it('a catch-all allow range opens the outside, never the home networks or loopback', () => {
    const open = createProber(probeSettings({ allow: ['0.0.0.0/0', '::/0'] }), { isHome });
    expect(open.plan(['8.8.8.8', '10.0.0.1', '127.0.0.1', '::1', 'fd00::1'].map((address) => ({ address, port: 3333 }))).map((p) => p.decision)).toEqual([
      'probe',
      'home',
      'home',
      'home',
      'home',
    ]);
    open.close();
  });

  it('an empty allow list probes nothing, and says so', () => {
    const closed = createProber(probeSettings({ allow: [] }), { isHome });
    expect(closed.plan([{ address: '198.51.100.1', port: 3333 }])[0]).toMatchObject({ decision: 'not-allowed', reason: 'probe.allow is empty: nothing is probed' });
    closed.close();
  });

  it('an endpoint listed twice in one batch is probed once', () => {
    const decisions = prober.plan([
      { address: '203.0.113.9', port: 3333 },
      { address: '::ffff:203.0.113.9', port: 3333 },
      { address: '203.0.113.9', port: 3334 },
    ]);
    expect(decisions.map((p) => p.decision)).toEqual(['probe', 'cached', 'probe']);
  });

  it('a throwing isHome counts as home (the side never probed)', () => {
    const wary = createProber(probeSettings({ allow: ['198.51.100.0/24'] }), {
      isHome: () => {
        throw new Error('no idea');
      },
    });
    expect(wary.plan([{ address: '198.51.100.1', port: 3333 }])[0]).toMatchObject({ decision: 'home', reason: expect.stringMatching(/isHome failed/) });
    wary.close();
  });
});

describe('nothing is contacted that may not be', () => {
  it('outside probe.allow: never connected to, even when dial points at a listening server', async () => {
    const server = await startSilent();
    const { log, counted, hooks } = recorder();
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'] }), { isHome, dial: () => ({ host: server.host, port: server.port }), ...hooks });
    try {
      expect(await prober.probe({ address: '198.51.100.7', port: 3333 })).toBeUndefined();
      expect(await prober.probeAll([{ address: '198.51.100.8', port: 3333 }, { address: '127.0.0.1', port: server.port }])).toEqual([]);
      expect(server.connections!()).toBe(0);
      expect(log.map((l) => [l.event, l.decision])).toEqual([
        ['probe-skipped', 'not-allowed'],
        ['probe-skipped', 'not-allowed'],
        ['probe-skipped', 'home'],
      ]);
      expect(counted).toEqual(['skipped', 'skipped', 'skipped']);
    } finally {
      prober.close();
      await server.stop();
    }
  });

  it('a home (loopback) address without an allow entry: home, not contacted', async () => {
    const server = await startSilent();
    const { log, hooks } = recorder();
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'] }), { isHome, ...hooks });
    try {
      expect(await prober.probe({ address: '127.0.0.1', port: server.port })).toBeUndefined();
      expect(server.connections!()).toBe(0);
      expect(log).toEqual([expect.objectContaining({ event: 'probe-skipped', decision: 'home', address: '127.0.0.1', port: server.port })]);
    } finally {
      prober.close();
      await server.stop();
    }
  });

  it('probe.enabled false: plan still lists, probe and probeAll contact nothing', async () => {
    const e = await pool();
    const { log, counted, hooks } = recorder();
    const prober = createProber(probeSettings({ enabled: false }), { isHome, ...hooks });
    try {
      const target = { address: '127.0.0.1', port: e.port };
      expect(prober.plan([target])).toEqual([{ target, decision: 'probe', reason: 'a home address listed in probe.allow (127.0.0.0/8)' }]);
      expect(await prober.probe(target)).toBeUndefined();
      expect(await prober.probeAll([target])).toEqual([]);
      expect(e.connections()).toBe(0);
      expect(log).toEqual([
        { event: 'probe-skipped', address: '127.0.0.1', port: e.port, decision: 'probe', reason: 'probe.enabled is false' },
        { event: 'probe-skipped', address: '127.0.0.1', port: e.port, decision: 'probe', reason: 'probe.enabled is false' },
      ]);
      expect(counted).toEqual(['skipped', 'skipped']);
    } finally {
      prober.close();
    }
  });

  it('dry run: the plan is listed and logged, nothing is contacted', async () => {
    const e = await pool();
    const { log, hooks } = recorder();
    const prober = createProber(probeSettings({ dryRun: true }), { isHome, ...hooks });
    try {
      const targets = [{ address: '127.0.0.1', port: e.port }, { address: '198.51.100.1', port: 3333 }];
      expect(prober.plan(targets).map((p) => p.decision)).toEqual(['probe', 'not-allowed']);
      expect(await prober.probeAll(targets)).toEqual([]);
      expect(await prober.probe(targets[0])).toBeUndefined();
      expect(e.connections()).toBe(0);
      expect(log.map((l) => [l.decision, l.reason])).toEqual([
        ['probe', 'dry run, not contacted: a home address listed in probe.allow (127.0.0.0/8)'],
        ['not-allowed', 'dry run, not contacted: outside probe.allow'],
        ['probe', 'dry run, not contacted: a home address listed in probe.allow (127.0.0.0/8)'],
      ]);
    } finally {
      prober.close();
    }
  });
});

describe('cache', () => {
  it('a second probe of the same endpoint reuses the verdict and makes no connection', async () => {
    const e = await pool();
    const { log, counted, hooks } = recorder();
    let clock = 1_800_000_000_000;
    const prober = createProber(probeSettings({ cacheSeconds: 600 }), { isHome, now: () => clock, ...hooks });
    try {
      const target = { address: '127.0.0.1', port: e.port };
      expect(await prober.probe(target)).toMatchObject({ outcome: 'pool', startedAt: clock });
      const connections = e.connections();
      clock += 599_000;
      expect(prober.plan([target])[0]).toMatchObject({ decision: 'cached', reason: 'probed 599 s ago (pool); verdicts are reused for probe.cacheSeconds (600 s)' });
      expect(await prober.probe(target)).toBeUndefined();
      expect(e.connections()).toBe(connections);
      clock += 2000; // older than cacheSeconds: asked again
      expect(await prober.probe(target)).toMatchObject({ outcome: 'pool' });
      expect(e.connections()).toBeGreaterThan(connections);
      expect(counted).toEqual(['pool', 'skipped', 'pool']);
      expect(log.map((l) => l.event)).toEqual(['probe', 'probe-skipped', 'probe']);
    } finally {
      prober.close();
    }
  });

  it("the caller's cache (its intel store) replaces the prober's own", async () => {
    const e = await pool();
    const earlier: ProbeVerdict = { address: '127.0.0.1', port: e.port, outcome: 'not-pool', reason: 'asked before', startedAt: Date.now() - 1000, elapsedMs: 3 };
    const asked: string[] = [];
    const prober = createProber(probeSettings(), {
      isHome,
      cached: (address, port) => {
        asked.push(`${address}:${port}`);
        return port === e.port ? earlier : undefined;
      },
    });
    try {
      expect(await prober.probe({ address: '127.0.0.1', port: e.port })).toBeUndefined();
      expect(e.connections()).toBe(0);
      expect(asked).toEqual([`127.0.0.1:${e.port}`]);
    } finally {
      prober.close();
    }
  });

  it('two probes of one endpoint at once: one connects, the other is skipped', async () => {
    const e = await pool();
    const { counted, hooks } = recorder();
    const prober = createProber(probeSettings(), { isHome, ...hooks });
    try {
      const target = { address: '127.0.0.1', port: e.port };
      const [a, b] = await Promise.all([prober.probe(target), prober.probe(target)]);
      expect([a?.outcome, b?.outcome]).toEqual(['pool', undefined]);
      expect(counted.sort()).toEqual(['pool', 'skipped']);
    } finally {
      prober.close();
    }
  });
});

describe('rate limits and concurrency', () => {
  it('perSecond 2: five probes spread over ≥ 1.5 s, each logged and counted once with its outcome', async () => {
    const e = await pool();
    const { log, counted, hooks } = recorder();
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'], perSecond: 2, concurrency: 5 }), {
      isHome,
      dial: () => ({ host: '127.0.0.1', port: e.port }),
      ...hooks,
    });
    try {
      const targets = [1, 2, 3, 4, 5].map((n) => ({ address: `203.0.113.${n}`, port: 3333 }));
      const verdicts = await prober.probeAll(targets);
      expect(verdicts.map((v) => v.outcome)).toEqual(['pool', 'pool', 'pool', 'pool', 'pool']);
      const probes = log.filter((l) => l.event === 'probe');
      expect(probes).toHaveLength(5);
      expect(new Set(probes.map((l) => l.address)).size).toBe(5);
      expect(counted).toEqual(['pool', 'pool', 'pool', 'pool', 'pool']);
      // A bucket of 2: two start at once, then one every 500 ms.
      const starts = probes.map((l) => l.startedAt as number).sort((a, b) => a - b);
      expect(starts[4] - starts[0]).toBeGreaterThanOrEqual(1400);
      expect(starts[2] - starts[0]).toBeGreaterThanOrEqual(400);
    } finally {
      prober.close();
    }
  });

  it('perPrefixPerMinute 2: a third host in the same /24 waits, other /24s do not; close() ends the wait', async () => {
    const [a, b, c, other] = await Promise.all(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.1.2'].map((host) => pool(host)));
    const { log, hooks } = recorder();
    const prober = createProber(probeSettings({ perPrefixPerMinute: 2, concurrency: 2 }), { isHome, ...hooks });
    const targets = [a, b, c, other].map((e) => ({ address: e.host, port: e.port }));
    const all = prober.probeAll(targets);
    const until = Date.now() + 5000;
    while (log.filter((l) => l.event === 'probe').length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    expect(log.filter((l) => l.event === 'probe').map((l) => l.address).sort()).toEqual(['127.0.0.2', '127.0.0.3', '127.0.1.2']);
    expect(c.connections()).toBe(0);
    const closing = Date.now();
    prober.close();
    const verdicts = await all;
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(verdicts).toHaveLength(3);
    expect(log.at(-1)).toEqual({ event: 'probe-skipped', address: '127.0.0.4', port: c.port, decision: 'probe', reason: 'the prober was closed before probing it' });
    expect(c.connections()).toBe(0);
  });

  it('concurrency 2: never more than two endpoints at once', async () => {
    let open = 0;
    let most = 0;
    const sockets = new Set<Socket>();
    // Closes each connection after 50 ms without a byte: a quick not-pool.
    const server = createServer((s) => {
      sockets.add(s);
      open++;
      most = Math.max(most, open);
      s.on('error', () => undefined);
      s.on('close', () => {
        open--;
        sockets.delete(s);
      });
      setTimeout(() => s.destroy(), 50);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'], concurrency: 2, tls: false }), { isHome, dial: () => ({ host: '127.0.0.1', port }) });
    try {
      const verdicts = await prober.probeAll([1, 2, 3, 4, 5, 6].map((n) => ({ address: `203.0.113.${n}`, port: 3333 })));
      expect(verdicts.map((v) => v.outcome)).toEqual(Array(6).fill('not-pool'));
      expect(most).toBe(2);
    } finally {
      prober.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('never throws', () => {
  it('a throwing dial, log or count hook still gives a verdict', async () => {
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'] }), {
      isHome,
      dial: () => {
        throw new Error('no route\nat all');
      },
      log: () => {
        throw new Error('log down');
      },
      count: () => {
        throw new Error('metrics down');
      },
    });
    try {
      expect(await prober.probe({ address: '203.0.113.1', port: 3333 })).toMatchObject({ outcome: 'unreachable', reason: 'probe failed: no route at all' });
    } finally {
      prober.close();
    }
  });

  it('after close(), probe and probeAll contact nothing', async () => {
    const e = await pool();
    const { log, hooks } = recorder();
    const prober = createProber(probeSettings(), { isHome, ...hooks });
    prober.close();
    expect(await prober.probe({ address: '127.0.0.1', port: e.port })).toBeUndefined();
    expect(await prober.probeAll([{ address: '127.0.0.1', port: e.port }])).toEqual([]);
    expect(e.connections()).toBe(0);
    expect(log.map((l) => l.reason)).toEqual(['the prober is closed', 'the prober is closed']);
  });

  it('close() during a probe ends it at once, as an interrupted unreachable verdict', async () => {
    const server = await startSilent();
    const prober = createProber(probeSettings({ readTimeoutMs: 5000 }), { isHome });
    const pending = prober.probe({ address: '127.0.0.1', port: server.port });
    await new Promise((r) => setTimeout(r, 200));
    const closing = Date.now();
    prober.close();
    expect(await pending).toMatchObject({ outcome: 'unreachable', reason: 'interrupted: the prober was closed' });
    expect(Date.now() - closing).toBeLessThan(500);
    await server.stop();
  });
});

describe('batches', () => {
  it('probeAll probes at most probe.maxPerSweep endpoints of one batch', async () => {
    const e = await pool();
    const { log, hooks } = recorder();
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'], maxPerSweep: 2 }), { isHome, dial: () => ({ host: '127.0.0.1', port: e.port }), ...hooks });
    try {
      const verdicts = await prober.probeAll([1, 2, 3].map((n) => ({ address: `203.0.113.${n}`, port: 3333 })));
      expect(verdicts).toHaveLength(2);
      expect(log.filter((l) => l.event === 'probe-skipped')).toEqual([
        { event: 'probe-skipped', address: '203.0.113.3', port: 3333, decision: 'probe', reason: 'beyond probe.maxPerSweep (2) in one batch' },
      ]);
    } finally {
      prober.close();
    }
  });
});
