/** What is sent, byte for byte; the transports tried; the per-endpoint time bound; verdicts as intel facts. */
import { parseFact } from '../../src/intel/fact';
import { endpointBoundMs, probeRequests, transportsFor, verdictFact, type ProbeVerdict } from '../../src/probe';
import { hostHeader } from '../../src/probe/requests';
import { defaults, probeSettings } from './support';

describe('probeRequests', () => {
  const banner = 'rigsweep-probe/1 (security team, soc@example.org)';
  const wallet = defaults.probe.wallet;
  const requests = probeRequests(banner, wallet, '198.51.100.7:3333');

  it('sends the seven requests in order, each a newline-terminated JSON line or a whole HTTP request', () => {
    expect(requests.map((r) => [r.dialect, r.kind])).toEqual([
      ['stratum-v1', 'line'],
      ['ethereum-stratum', 'line'],
      ['eth-proxy', 'line'],
      ['xmrig', 'line'],
      ['getblocktemplate', 'http'],
      ['getwork', 'http'],
      ['getblocktemplate', 'http'],
    ]);
    expect(requests.map((r) => r.steps)).toEqual([
      [`{"id":1,"method":"mining.subscribe","params":["${banner}"]}\n`],
      [`{"id":1,"method":"mining.subscribe","params":["${banner}","EthereumStratum/1.0.0"]}\n`],
      [
        '{"id":1,"jsonrpc":"2.0","method":"eth_submitLogin","params":["0x0000000000000000000000000000000000000001"],"worker":"probe"}\n',
        '{"id":2,"jsonrpc":"2.0","method":"eth_getWork","params":[]}\n',
      ],
      [`{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"${wallet}","pass":"x","agent":"${banner}","algo":["rx/0","cn/r","gr","kawpow"]}}\n`],
      [
        [
          'POST / HTTP/1.1',
          'Host: 198.51.100.7:3333',
          `User-Agent: ${banner}`,
          'Content-Type: application/json',
          'Content-Length: 68',
          'Connection: close',
          '',
          '{"id":1,"method":"getblocktemplate","params":[{"rules":["segwit"]}]}',
        ].join('\r\n'),
      ],
      [`POST / HTTP/1.1\r\nHost: 198.51.100.7:3333\r\nUser-Agent: ${banner}\r\nContent-Type: application/json\r\nContent-Length: 39\r\nConnection: close\r\n\r\n{"id":1,"method":"getwork","params":[]}`],
      [expect.stringMatching(/^POST \/json_rpc HTTP\/1\.1\r\n[\s\S]*\r\n\r\n\{"jsonrpc":"2\.0","id":1,"method":"get_block_template","params":\{"wallet_address":"44AFF[^"]+","reserve_size":60\}\}$/)],
    ]);
    for (const r of requests.filter((r) => r.kind === 'http')) {
      const [head, body] = r.steps[0].split('\r\n\r\n');
      expect(Number(/Content-Length: (\d+)/.exec(head)![1])).toBe(Buffer.byteLength(body));
    }
  });

  it('keeps a banner with a newline from splitting a request', () => {
    const [first] = probeRequests('evil\r\nX-Injected: 1', wallet, 'h');
    expect(first.steps[0].split('\n')).toHaveLength(2);
    expect(probeRequests('evil\r\nX-Injected: 1', wallet, 'h')[4].steps[0]).not.toMatch(/\r\nX-Injected/);
  });

  it('spells the Host header as HTTP wants it', () => {
    expect(hostHeader('198.51.100.7', 3333)).toBe('198.51.100.7:3333');
    expect(hostHeader('2001:db8::1', 8332)).toBe('[2001:db8::1]:8332');
    expect(hostHeader('pool.example', 443)).toBe('pool.example');
  });
});

describe('transports and the per-endpoint bound', () => {
  it('plain TCP, then TLS without SNI, then at most two SNI host names (never an address)', () => {
    expect(transportsFor({ tls: true }, ['192.0.2.1', 'a.example', 'A.example.', 'b.example', 'c.example', 'bad name'])).toEqual([
      { transport: 'tcp' },
      { transport: 'tls' },
      { transport: 'tls-sni', sni: 'a.example' },
      { transport: 'tls-sni', sni: 'b.example' },
    ]);
    expect(transportsFor({ tls: false }, ['a.example'])).toEqual([{ transport: 'tcp' }]);
  });

  it('is transports × (7 × connectTimeoutMs + 8 × readTimeoutMs): 106 s by default, 212 s with two names', () => {
    const p = defaults.probe;
    expect(endpointBoundMs(p)).toBe(2 * (7 * 3000 + 8 * 4000));
    expect(endpointBoundMs(p)).toBe(106_000);
    expect(endpointBoundMs(p, ['a.example', 'b.example', 'c.example'])).toBe(212_000);
    expect(endpointBoundMs({ ...p, tls: false })).toBe(53_000);
  });
});

describe('verdictFact', () => {
  const settings = probeSettings({ cacheSeconds: 86_400 });
  const base: ProbeVerdict = { address: '203.0.113.7', port: 3333, outcome: 'pool', reason: 'mining.subscribe answered with …', startedAt: 1_800_000_000_500, elapsedMs: 12 };

  it('a pool: a certain probe fact holding for cacheSeconds, with dialect, banner, transport, reason', () => {
    const fact = verdictFact({ ...base, dialect: 'xmrig', transport: 'tls-sni', banner: 'extensions: algo,nicehash' }, settings);
    expect(fact).toEqual({
      address: '203.0.113.7',
      port: 3333,
      verdict: 'pool',
      source: 'probe',
      confidence: 1,
      firstSeen: 1_800_000_000.5,
      lastSeen: 1_800_000_000.5,
      expiresAt: 1_800_000_000.5 + 86_400,
      dialect: 'xmrig',
      banner: 'extensions: algo,nicehash',
      transport: 'tls-sni',
      reason: 'mining.subscribe answered with …',
    });
    expect(parseFact(fact)).toEqual({ fact });
  });

  it('not-pool: a refuting fact at 0.9', () => {
    const fact = verdictFact({ ...base, outcome: 'not-pool', transport: 'tcp', banner: 'SSH-2.0-OpenSSH_9.2p1', reason: 'replied with non-JSON (SSH-2.0-OpenSSH_9.2p1)' }, settings);
    expect(fact).toMatchObject({ verdict: 'not-pool', source: 'probe', confidence: 0.9, banner: 'SSH-2.0-OpenSSH_9.2p1' });
    expect(fact).not.toHaveProperty('dialect');
    expect(parseFact(fact)).toEqual({ fact });
  });

  it('unreachable: no fact', () => {
    expect(verdictFact({ ...base, outcome: 'unreachable', reason: 'refused' }, settings)).toBeUndefined();
  });

  it('keeps within the fact schema limits', () => {
    const fact = verdictFact({ ...base, reason: 'r'.repeat(900), banner: 'b'.repeat(300) }, settings)!;
    expect(fact.reason).toHaveLength(500);
    expect(fact.banner).toHaveLength(200);
    expect(parseFact(fact)).toEqual({ fact });
  });
});
