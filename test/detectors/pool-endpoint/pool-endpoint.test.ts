import { makeFlow } from '../../helpers/flows';
import type { FlowRecord, PoolEndpointIndicator } from '../../../src/detect/api';
import { POOL_ENDPOINT_CODES, poolEndpointDetector } from '../../../detectors/pool-endpoint';
import { curatedFact, FactIndex } from '../../../src/intel';
import { endpointRun } from './run';

const ENDPOINTS: PoolEndpointIndicator[] = [
  { address: '94.23.36.128', port: 4444, pool: 'eth-proxy pool', coin: 'ETH', source: 'capture', seen: '2017-12-25' },
  { address: '198.51.100.0/24', pool: 'range pool', coin: 'XMR', source: 'test', seen: '2024-01-01' },
  { address: '198.51.100.64/26', pool: 'narrow pool', coin: 'XMR', source: 'test', seen: '2024-01-02' },
  { address: '2001:db8:aa::/48', pool: 'v6 pool', coin: 'BTC', source: 'test', seen: '2024-01-03' },
  { address: 'not-an-address', pool: 'junk', coin: 'x', source: 'test', seen: '2024-01-04' },
  { address: '203.0.113.0/', pool: 'junk', coin: 'x', source: 'test', seen: '2024-01-04' },
  { address: '203.0.113.0/24/8', pool: 'junk', coin: 'x', source: 'test', seen: '2024-01-04' },
  { address: '203.0.113.0/40', pool: 'junk', coin: 'x', source: 'test', seen: '2024-01-04' },
];
const MINING_PORTS = [3333, 4444, 14444];

function run(endpoints = ENDPOINTS, miningPorts: unknown = MINING_PORTS) {
  const r = endpointRun(endpoints, { miningPorts });
  return { inspect: r.judge };
}

const codesOf = (flow: FlowRecord, r = run()) => r.inspect(flow).map((e) => e.code).sort();

describe('pool-endpoint indicators', () => {
  it('flags a flow to a listed address and port with the indicator facts', () => {
    const [e] = run().inspect(makeFlow({ server: '94.23.36.128', serverPort: 4444, toServer: 'x', toClient: 'y' })).filter(
      (x) => x.code === POOL_ENDPOINT_CODES.indicator,
    );
    expect(e.subject).toBe('192.168.1.10');
    expect(e.facts).toMatchObject({ pool: 'eth-proxy pool', coin: 'ETH', source: 'curated', seen: '2017-12-25', indicator: '94.23.36.128:4444' });
  });

  it('respects the port of an indicator that names one', () => {
    expect(codesOf(makeFlow({ server: '94.23.36.128', serverPort: 443 }))).toEqual([]);
  });

  it('matches CIDR ranges, most specific first, and IPv6 in any spelling', () => {
    const pool = (ip: string) => run().inspect(makeFlow({ server: ip, serverPort: 80 }))[0]?.facts.pool;
    expect(pool('198.51.100.5')).toBe('range pool');
    expect(pool('198.51.100.70')).toBe('narrow pool');
    expect(pool('::ffff:198.51.100.70')).toBe('narrow pool');
    expect(pool('2001:DB8:AA:0:0:0:0:1')).toBe('v6 pool');
    expect(pool('2001:db8:ab::1')).toBeUndefined();
    expect(pool('198.51.101.1')).toBeUndefined();
  });

  it('only looks at the server side (a pool is never the client)', () => {
    expect(codesOf(makeFlow({ client: '198.51.100.5', server: '203.0.113.9', serverPort: 80 }))).toEqual([]);
  });

  it('reports a contact once per sweep with only the records that are new since the last report', () => {
    const r = endpointRun(ENDPOINTS, { miningPorts: [] });
    const flow = makeFlow({ server: '198.51.100.5', serverPort: 80 });
    expect(r.judge(flow).map((e) => e.count)).toEqual([1]);
    expect(r.run.sweep!(flow.lastSeen)).toEqual([]);
    r.run.inspect(flow);
    r.run.inspect(flow);
    expect(r.run.sweep!(flow.lastSeen).map((e) => e.count)).toEqual([2]);
  });

  it('never counts DNS lookups or flows to home servers as contacts', () => {
    expect(codesOf(makeFlow({ server: '198.51.100.5', serverPort: 53, protocol: 17 }))).toEqual([]);
    const home = endpointRun([{ ...ENDPOINTS[1], address: '10.0.0.0/8' }], { miningPorts: [] });
    expect(home.judge(makeFlow({ server: '10.1.2.3', serverPort: 80 }))).toEqual([]);
  });

  it('hands back the oldest contact past its bound, judged on what it gathered', () => {
    const r = endpointRun(ENDPOINTS, { miningPorts: [], maxContacts: 2 });
    const found = ['198.51.100.1', '198.51.100.2', '198.51.100.3'].flatMap((ip) => r.run.inspect(makeFlow({ server: ip, serverPort: 80 })));
    expect(found.map((e) => e.peer.ip)).toEqual(['198.51.100.1']);
    expect(r.run.sweep!(1_700_000_600).map((e) => e.peer.ip).sort()).toEqual(['198.51.100.2', '198.51.100.3']);
  });

  it('exports its contacts and absorbs them in another run, skipping malformed rows', () => {
    const a = endpointRun([], { miningPorts: [] });
    a.run.inspect(makeFlow({ server: '198.51.100.5', serverPort: 80 }));
    const part = a.run.exportWindow!();
    const b = endpointRun(ENDPOINTS, { miningPorts: [] });
    expect(b.run.absorbWindow!({ ...part, rows: [...part.rows, ['x'], null, ['a', 'b', 1, 5, 2, 1]] })).toBe(3);
    expect(b.run.sweep!(part.lastSeen).map((e) => [e.code, e.subject, e.peer.ip])).toEqual([[POOL_ENDPOINT_CODES.indicator, '192.168.1.10', '198.51.100.5']]);
  });

  it('skips unparseable rows and survives unparseable flow addresses', () => {
    expect(new FactIndex(ENDPOINTS.map(curatedFact)).size).toBe(4);
    expect(codesOf(makeFlow({ server: 'garbage', serverPort: 4444 }))).toEqual([]);
    expect(codesOf(makeFlow({ server: '8.8.8.8', serverPort: 80 }))).toEqual([]); // no junk row became a /0
  });
});

describe('port.mining', () => {
  const withData = { toServer: '{"id":1}\n', toClient: '{"id":1}\n' };

  it('fires for a TCP conversation with data both ways on a mining port', () => {
    const evidence = run().inspect(makeFlow({ serverPort: 3333, ...withData }));
    expect(evidence.map((e) => e.code)).toEqual([POOL_ENDPOINT_CODES.miningPort]);
    expect(evidence[0].facts.port).toBe(3333);
  });

  it('stays quiet without data both ways, on UDP, or on other ports', () => {
    expect(codesOf(makeFlow({ serverPort: 3333, toServer: 'x' }))).toEqual([]);
    expect(codesOf(makeFlow({ serverPort: 3333, protocol: 17, ...withData }))).toEqual([]);
    expect(codesOf(makeFlow({ serverPort: 443, ...withData }))).toEqual([]);
  });

  it('uses pushed segments for flow exports, which carry no payload sizes', () => {
    const exported = makeFlow({ source: 'flow-export', serverPort: 14444 });
    expect(codesOf(exported)).toEqual([POOL_ENDPOINT_CODES.miningPort]);
    const ackOnly = { ...exported, toClient: { ...exported.toClient, tcpFlags: 0x10 } };
    expect(codesOf(ackOnly)).toEqual([]);
  });

  it('counts a one-way export record (NetFlow v9, nfcapd) by its own direction, but not a pure ACK or a SYN', () => {
    const exported = makeFlow({ source: 'flow-export', serverPort: 3333 });
    const silent = { packets: 0, bytes: 0, payloadBytes: 0, tcpFlags: 0 };
    expect(codesOf({ ...exported, toClient: silent })).toEqual([POOL_ENDPOINT_CODES.miningPort]);
    expect(codesOf({ ...exported, toServer: silent })).toEqual([POOL_ENDPOINT_CODES.miningPort]);
    expect(codesOf({ ...exported, toClient: silent, toServer: { ...exported.toServer, tcpFlags: 0x10 } })).toEqual([]);
    expect(codesOf({ ...exported, toClient: silent, toServer: { ...exported.toServer, tcpFlags: 0x02 } })).toEqual([]);
    // A packet source's one-way flow (a capture cut mid-conversation) still needs data both ways.
    expect(codesOf(makeFlow({ serverPort: 3333, toServer: '{"id":1}\n' }))).toEqual([]);
  });

  it('weighs the port as weak evidence and the indicator as moderate', () => {
    const weight = (code: string) => poolEndpointDetector.codes.find((c) => c.code === code)!.weight;
    expect(weight(POOL_ENDPOINT_CODES.miningPort)).toBeLessThanOrEqual(0.15);
    expect(weight(POOL_ENDPOINT_CODES.indicator)).toBeGreaterThan(weight(POOL_ENDPOINT_CODES.miningPort));
  });

  it('ignores malformed mining-port settings instead of failing', () => {
    expect(codesOf(makeFlow({ serverPort: 3333, ...withData }), run(ENDPOINTS, 'all'))).toEqual([]);
    expect(codesOf(makeFlow({ serverPort: 3333, ...withData }), run(ENDPOINTS, [3333.5, -1, 3333]))).toEqual([POOL_ENDPOINT_CODES.miningPort]);
  });
});
