/**
 * The prober against the pool emulator on loopback: every dialect is confirmed as a pool, plain
 * and over TLS (and over TLS only when the right SNI is named), with the right dialect and
 * transport; a `dial` mapping probes a loopback pool for a suspected address and reports the
 * original; and what the emulator says is what the stratum detector recognises as Stratum.
 */
import { inspect, conversationFlow, lines as detectorLines, T0 } from '../detectors/stratum/helpers';
import { createProber } from '../../src/probe';
import { startPoolEmulator, type EmulatedDialect, type EmulatorOptions, type PoolEmulator } from '../../fixtures/lib/pool-emulator';
import { isHome, probeOnce, probeSettings, recorder } from './support';

const emulators: PoolEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

async function emulator(options: EmulatorOptions): Promise<PoolEmulator> {
  const e = await startPoolEmulator(options);
  emulators.push(e);
  return e;
}

const DIALECTS: Array<[EmulatedDialect, string]> = [
  ['stratum-v1', 'stratum-v1'],
  ['ethereum-stratum', 'ethereum-stratum'],
  ['eth-proxy', 'eth-proxy'],
  ['xmrig', 'xmrig'],
  ['getblocktemplate', 'getblocktemplate'],
  ['getwork', 'getwork'],
  ['monero-daemon', 'getblocktemplate'],
];

describe('every emulated dialect is a pool', () => {
  it.each(DIALECTS)('%s over plain TCP', async (dialect, expected) => {
    const e = await emulator({ dialect });
    const v = await probeOnce(e.port);
    expect(v).toMatchObject({ address: '127.0.0.1', port: e.port, outcome: 'pool', dialect: expected, transport: 'tcp' });
    expect(v!.reason).toMatch(/answered with|followed by/);
  });

  it.each(DIALECTS)('%s over TLS (self-signed), after plain TCP got nothing', async (dialect, expected) => {
    const e = await emulator({ dialect, tls: true });
    const v = await probeOnce(e.port);
    expect(v).toMatchObject({ outcome: 'pool', dialect: expected, transport: 'tls' });
  });

  it.each(DIALECTS)('%s over TLS only with the SNI it requires (given in names)', async (dialect, expected) => {
    const e = await emulator({ dialect, tls: true, requireSni: 'eu.pool.example' });
    const v = await probeOnce(e.port, {}, { names: ['198.51.100.1', 'other.example', 'eu.pool.example', 'third.example'] });
    // An address is never sent as SNI; the first two names are tried, in order.
    expect(v).toMatchObject({ outcome: 'pool', dialect: expected, transport: 'tls-sni' });
    expect(e.conversations.map((c) => c.servername).filter(Boolean)).toEqual(expect.arrayContaining(['other.example', 'eu.pool.example']));
    expect(e.conversations.some((c) => c.servername === 'third.example')).toBe(false);
  });

  it('without the SNI it requires, a TLS pool is not confirmed', async () => {
    const e = await emulator({ dialect: 'stratum-v1', tls: true, requireSni: 'eu.pool.example' });
    expect((await probeOnce(e.port, {}, { names: ['wrong.example'] }))?.outcome).not.toBe('pool');
  });

  it('with probe.tls off, a TLS-only pool is not tried over TLS', async () => {
    const e = await emulator({ dialect: 'xmrig', tls: true });
    expect(await probeOnce(e.port, { tls: false })).toMatchObject({ outcome: 'not-pool', transport: 'tcp' });
  });

  it('a pool that ignores the first connection is still confirmed by a later request', async () => {
    const e = await emulator({ dialect: 'stratum-v1', silentFirst: true });
    const v = await probeOnce(e.port, { readTimeoutMs: 300 });
    expect(v).toMatchObject({ outcome: 'pool', dialect: 'stratum-v1', transport: 'tcp' });
    expect(v!.elapsedMs).toBeGreaterThanOrEqual(290);
  });

  it('sends the banner as the agent, the wallet as the XMRig login, one request per connection', async () => {
    const settings = probeSettings();
    const stratum = await emulator({ dialect: 'stratum-v1' });
    await probeOnce(stratum.port);
    expect(JSON.parse(stratum.requests[0])).toEqual({ id: 1, method: 'mining.subscribe', params: [settings.banner] });
    const xmrig = await emulator({ dialect: 'xmrig' });
    await probeOnce(xmrig.port);
    const loginLine = xmrig.requests.map((r) => JSON.parse(r)).find((m) => m.method === 'login');
    expect(loginLine).toEqual({ id: 1, jsonrpc: '2.0', method: 'login', params: { login: settings.wallet, pass: 'x', agent: settings.banner, algo: ['rx/0', 'cn/r', 'gr', 'kawpow'] } });
    // subscribe, subscribe (EthereumStratum), eth-proxy, login: each on its own connection.
    expect(xmrig.connections()).toBe(4);
    const eth = await emulator({ dialect: 'eth-proxy' });
    await probeOnce(eth.port);
    expect(eth.requests.map((r) => JSON.parse(r).method).slice(-2)).toEqual(['eth_submitLogin', 'eth_getWork']);
    const gbt = await emulator({ dialect: 'getblocktemplate' });
    await probeOnce(gbt.port);
    expect(gbt.requests.at(-1)).toBe('POST / {"id":1,"method":"getblocktemplate","params":[{"rules":["segwit"]}]}');
  });
});

describe('dial', () => {
  it('probes a suspected address at the loopback server it is mapped to, and reports the original address', async () => {
    const e = await emulator({ dialect: 'xmrig' });
    const { log, counted, hooks } = recorder();
    const dialled: string[] = [];
    const prober = createProber(probeSettings({ allow: ['203.0.113.0/24'] }), {
      isHome,
      dial: (address, port) => {
        dialled.push(`${address}:${port}`);
        return { host: '127.0.0.1', port: e.port };
      },
      ...hooks,
    });
    try {
      const v = await prober.probe({ address: '203.0.113.7', port: 3333 });
      expect(v).toMatchObject({ address: '203.0.113.7', port: 3333, outcome: 'pool', dialect: 'xmrig', transport: 'tcp' });
      expect(dialled).toEqual(['203.0.113.7:3333']);
      expect(log).toEqual([
        expect.objectContaining({ event: 'probe', address: '203.0.113.7', port: 3333, dialAddress: `127.0.0.1:${e.port}`, outcome: 'pool', dialect: 'xmrig', transport: 'tcp', banner: 'extensions: algo,nicehash,connect,tls,keepalive' }),
      ]);
      expect(counted).toEqual(['pool']);
      // The allowlist is checked on the original address, not the dialled one.
      expect(await prober.probe({ address: '198.51.100.1', port: 3333 })).toBeUndefined();
      expect(dialled).toHaveLength(1);
    } finally {
      prober.close();
    }
  });
});

describe('the emulator speaks what the stratum detector knows as Stratum', () => {
  it.each<[EmulatedDialect, string]>([
    ['stratum-v1', 'stratum-v1'],
    ['ethereum-stratum', 'ethereum-stratum-1'],
    ['eth-proxy', 'eth-proxy'],
    ['xmrig', 'xmrig'],
  ])('%s', async (dialect, detected) => {
    const e = await emulator({ dialect });
    await probeOnce(e.port);
    // The prober stops at the confirming request: the last connection is the mining conversation.
    const answered = e.conversations.at(-1);
    expect(answered?.sent).toBeTruthy();
    const toServer = detectorLines(answered!.received.split('\n').filter(Boolean).map((l, i) => [T0 + i * 0.1, l] as const));
    const toClient = detectorLines(answered!.sent.split('\n').filter(Boolean).map((l, i) => [T0 + 0.05 + i * 0.1, l] as const));
    const evidence = inspect(conversationFlow({ toServer, toClient }));
    const server = evidence.find((ev) => ev.code === 'stratum.server');
    expect(server).toBeDefined();
    expect(server!.facts.dialect).toBe(detected);
  });
});
