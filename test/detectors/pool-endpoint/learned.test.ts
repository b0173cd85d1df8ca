/**
 * Pool addresses taught by DNS answers (pool-domain teaches, pool-endpoint judges at the sweep),
 * through the whole pipeline as a scan runs it.
 */
import { makeFlow } from '../../helpers/flows';
import type { DnsAnswer, FlowRecord } from '../../../src/detect/api';
import { POOL_DOMAIN_CODES, poolDomainDetector } from '../../../detectors/pool-domain';
import { POOL_ENDPOINT_CODES, poolEndpointDetector } from '../../../detectors/pool-endpoint';
import { learnedLifetimeFrom } from '../../../detectors/pool-domain/learned-lifetime';
import { createPipeline } from '../../../src/detect/pipeline';
import { configSchema } from '../../../src/config/schema';
import { TEST_DOMAINS } from '../pool-domain/context';

const T0 = 1_700_000_000;

function pipeline(indicators: Record<string, unknown> = {}) {
  const config = configSchema.parse({ indicators, intel: { refresh: { skipRanges: [] } } });
  const p = createPipeline([poolDomainDetector, poolEndpointDetector], config, { poolDomains: TEST_DOMAINS, poolEndpoints: [] });
  return {
    inspect: (flow: FlowRecord) => [...p.inspect(flow), ...p.sweep(flow.lastSeen)].filter((e) => e.code !== 'port.mining'),
    pipeline: p,
  };
}

const codes = (evidence: { code: string }[]) => evidence.map((e) => e.code).sort();

function dnsResponse(answers: DnsAnswer[], at = T0, query = answers[0]?.name ?? 'x.example'): FlowRecord {
  return makeFlow({
    protocol: 17,
    client: '192.168.1.1', // the site resolver
    server: '8.8.8.8',
    clientPort: 40000,
    serverPort: 53,
    firstSeen: at,
    lastSeen: at + 0.05,
    extra: { dnsQueries: [query], dnsAnswers: answers },
  });
}

function a(name: string, value: string, type: DnsAnswer['type'] = 'A'): DnsAnswer {
  return { name, value, type, ttl: 300 };
}

/** A later TCP flow to `server` from a miner, as a NetFlow record: no payload, no names. */
function exportFlowTo(server: string, at: number, port = 14444): FlowRecord {
  return makeFlow({ source: 'flow-export', client: '10.0.0.23', server, serverPort: port, firstSeen: at, lastSeen: at + 300 });
}

describe('pool addresses learned from DNS answers', () => {
  it('flags a later flow-export record to an address a pool name resolved to', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '51.15.69.136')]));
    const flow = exportFlowTo('51.15.69.136', T0 + 60);
    expect(flow.payload).toBeUndefined();
    const [e] = run.inspect(flow);
    expect(e.code).toBe(POOL_ENDPOINT_CODES.learned);
    expect(e.subject).toBe('10.0.0.23');
    expect(e.peer).toEqual({ ip: '51.15.69.136', port: 14444 });
    expect(e.facts).toMatchObject({ name: 'xmr-eu1.nanopool.org', pool: 'Nanopool', source: 'learned-dns' });
  });

  it('learns IPv6 addresses from AAAA answers whatever their spelling', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('btc.f2pool.com', '2001:DB8:0:0:0:0:0:7', 'AAAA')]));
    expect(codes(run.inspect(exportFlowTo('2001:db8::7', T0 + 5)))).toEqual([POOL_ENDPOINT_CODES.learned]);
    expect(run.inspect(exportFlowTo('2001:db8::8', T0 + 5))).toEqual([]);
  });

  it('follows a CNAME chain that starts at a pool name, in any record order', () => {
    const run = pipeline();
    run.inspect(
      dnsResponse([a('edge-7.hosting.example', '203.0.113.70'), a('relay.hosting.example', 'edge-7.hosting.example', 'CNAME'), a('xmr.pool.com', 'relay.hosting.example', 'CNAME')], T0, 'xmr.pool.com'),
    );
    const [e] = run.inspect(exportFlowTo('203.0.113.70', T0 + 10));
    expect(e.facts).toMatchObject({ name: 'xmr.pool.com' });
  });

  it('never learns addresses of names that no pool name leads to', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('cdn.example', 'edge.hosting.example', 'CNAME'), a('edge.hosting.example', '203.0.113.80'), a('xmr.pool.com', '203.0.113.81')]));
    expect(run.inspect(exportFlowTo('203.0.113.80', T0 + 10))).toEqual([]);
    expect(codes(run.inspect(exportFlowTo('203.0.113.81', T0 + 10)))).toEqual([POOL_ENDPOINT_CODES.learned]);
  });

  it('learns through a CNAME from an ordinary name to a pool name', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('mining.corp.example', 'xmr-eu1.nanopool.org', 'CNAME'), a('xmr-eu1.nanopool.org', '203.0.113.90')]));
    expect(codes(run.inspect(exportFlowTo('203.0.113.90', T0 + 10)))).toEqual([POOL_ENDPOINT_CODES.learned]);
  });

  it('applies an address for its lifetime in capture time only', () => {
    const run = pipeline({ learnedAddressTtlSeconds: 600 });
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.9')]));
    expect(codes(run.inspect(exportFlowTo('198.51.100.9', T0 + 590)))).toEqual([POOL_ENDPOINT_CODES.learned]);
    expect(run.inspect(exportFlowTo('198.51.100.9', T0 + 601, 3333))).toEqual([]);
  });

  it('applies an answer to a flow held from before it arrived, whatever the order the records are read in', () => {
    const run = pipeline();
    // The connection is read first (another file), the answer later: the sweep still joins them.
    expect(run.pipeline.inspect(exportFlowTo('198.51.100.30', T0 + 10)).filter((e) => e.code !== 'port.mining')).toEqual([]);
    run.pipeline.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.30')], T0));
    expect(codes(run.pipeline.sweep(T0 + 400))).toEqual([POOL_ENDPOINT_CODES.learned]);
  });

  it('does not credit a flow that ended before the answer was seen', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.10')], T0 + 1000));
    expect(run.inspect(exportFlowTo('198.51.100.10', T0))).toEqual([]);
  });

  it('evicts the least recently learned address past the cap', () => {
    const run = pipeline({ maxLearnedAddresses: 2 });
    run.pipeline.inspect(dnsResponse([a('a.nanopool.org', '198.51.100.1')]));
    run.pipeline.inspect(dnsResponse([a('b.nanopool.org', '198.51.100.2')], T0 + 1));
    run.pipeline.inspect(dnsResponse([a('a.nanopool.org', '198.51.100.1')], T0 + 2)); // refreshed: now the newest
    run.pipeline.inspect(dnsResponse([a('c.nanopool.org', '198.51.100.3')], T0 + 3));
    const hits = ['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((ip) => run.inspect(exportFlowTo(ip, T0 + 10)).length);
    expect(hits).toEqual([1, 0, 1]);
  });

  it('ignores answers in a record without usable times, keeping what it learned', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.11')]));
    run.pipeline.inspect(dnsResponse([a('b.nanopool.org', '198.51.100.12')], Number.NaN));
    expect(run.inspect(exportFlowTo('198.51.100.11', T0 + 5)).length).toBe(1);
    expect(run.inspect(exportFlowTo('198.51.100.12', T0 + 5))).toEqual([]);
  });

  it('does not treat the resolver of a DNS flow as a pool', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '8.8.8.8')]));
    const evidence = run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '8.8.8.8')], T0 + 5));
    expect(codes(evidence)).toEqual([POOL_DOMAIN_CODES.dns]);
  });

  it('learns nothing from a pool web site name (its address serves dashboards)', () => {
    const run = pipeline();
    run.inspect(dnsResponse([a('www.f2pool.com', '104.16.1.1'), a('f2pool.com', '104.16.1.2')]));
    expect(run.inspect(exportFlowTo('104.16.1.1', T0 + 5, 443))).toEqual([]);
    expect(run.inspect(exportFlowTo('104.16.1.2', T0 + 5, 3333))).toEqual([]);
  });

  it('never learns an address inside the configured CDN/anycast ranges', () => {
    const config = configSchema.parse({ intel: { refresh: { skipRanges: ['203.0.113.0/24'] } } });
    const p = createPipeline([poolDomainDetector, poolEndpointDetector], config, { poolDomains: TEST_DOMAINS, poolEndpoints: [] });
    p.inspect(dnsResponse([a('xmr.pool.com', '203.0.113.5'), a('xmr.pool.com', '198.51.100.5')]));
    p.inspect(exportFlowTo('203.0.113.5', T0 + 5));
    p.inspect(exportFlowTo('198.51.100.5', T0 + 5));
    expect(p.sweep(T0 + 400).filter((e) => e.code === POOL_ENDPOINT_CODES.learned).map((e) => e.peer.ip)).toEqual(['198.51.100.5']);
  });

  it('narrows its lifetime setting, falling back where it is missing or invalid', () => {
    expect(learnedLifetimeFrom({ learnedAddressTtlSeconds: 60 })).toBe(60);
    expect(learnedLifetimeFrom({ learnedAddressTtlSeconds: -1 })).toBeGreaterThan(0);
  });
});
