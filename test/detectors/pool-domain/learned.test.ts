import { makeFlow } from '../../helpers/flows';
import type { DnsAnswer, FlowRecord } from '../../../src/detect/api';
import { POOL_DOMAIN_CODES } from '../../../detectors/pool-domain';
import { learnedLimitsFrom } from '../../../detectors/pool-domain/learned-addresses';
import { codes, poolDomainRun } from './context';

const T0 = 1_700_000_000;

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

describe('pool-domain learned addresses', () => {
  it('flags a later flow-export record to an address a pool name resolved to', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '51.15.69.136')]));
    const flow = exportFlowTo('51.15.69.136', T0 + 60);
    expect(flow.payload).toBeUndefined();
    const [e] = run.inspect(flow);
    expect(e.code).toBe(POOL_DOMAIN_CODES.learned);
    expect(e.subject).toBe('10.0.0.23');
    expect(e.peer).toEqual({ ip: '51.15.69.136', port: 14444 });
    expect(e.facts).toMatchObject({ domain: 'xmr-eu1.nanopool.org', pool: 'Nanopool', via: 'learned' });
  });

  it('learns IPv6 addresses from AAAA answers whatever their spelling', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('btc.f2pool.com', '2001:DB8:0:0:0:0:0:7', 'AAAA')]));
    expect(codes(run.inspect(exportFlowTo('2001:db8::7', T0 + 5)))).toEqual([POOL_DOMAIN_CODES.learned]);
    expect(run.inspect(exportFlowTo('2001:db8::8', T0 + 5))).toEqual([]);
  });

  it('follows a CNAME chain that starts at a pool name, in any record order', () => {
    const run = poolDomainRun();
    run.inspect(
      dnsResponse([
        a('edge-7.hosting.example', '203.0.113.70'),
        a('relay.hosting.example', 'edge-7.hosting.example', 'CNAME'),
        a('xmr.pool.com', 'relay.hosting.example', 'CNAME'),
      ], T0, 'xmr.pool.com'),
    );
    const [e] = run.inspect(exportFlowTo('203.0.113.70', T0 + 10));
    expect(e.facts).toMatchObject({ domain: 'xmr.pool.com', resolvedName: 'edge-7.hosting.example' });
  });

  it('never learns addresses of names that no pool name leads to', () => {
    const run = poolDomainRun();
    run.inspect(
      dnsResponse([
        a('cdn.example', 'edge.hosting.example', 'CNAME'),
        a('edge.hosting.example', '203.0.113.80'),
        a('xmr.pool.com', '203.0.113.81'),
      ]),
    );
    expect(run.inspect(exportFlowTo('203.0.113.80', T0 + 10))).toEqual([]);
    expect(codes(run.inspect(exportFlowTo('203.0.113.81', T0 + 10)))).toEqual([POOL_DOMAIN_CODES.learned]);
  });

  it('learns through a CNAME from an ordinary name to a pool name', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('mining.corp.example', 'xmr-eu1.nanopool.org', 'CNAME'), a('xmr-eu1.nanopool.org', '203.0.113.90')]));
    expect(codes(run.inspect(exportFlowTo('203.0.113.90', T0 + 10)))).toEqual([POOL_DOMAIN_CODES.learned]);
  });

  it('forgets an address once its lifetime in capture time has passed', () => {
    const run = poolDomainRun({ learnedAddressTtlSeconds: 600 });
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.9')]));
    expect(codes(run.inspect(exportFlowTo('198.51.100.9', T0 + 590)))).toEqual([POOL_DOMAIN_CODES.learned]);
    expect(run.inspect(exportFlowTo('198.51.100.9', T0 + 601))).toEqual([]);
    // once forgotten, it stays forgotten even for a flow that would have overlapped
    expect(run.inspect(exportFlowTo('198.51.100.9', T0 + 100))).toEqual([]);
  });

  it('does not credit a flow that ended before the answer was seen', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.10')], T0 + 1000));
    expect(run.inspect(exportFlowTo('198.51.100.10', T0))).toEqual([]);
  });

  it('evicts the least recently learned address past the cap', () => {
    const run = poolDomainRun({ maxLearnedAddresses: 2 });
    run.inspect(dnsResponse([a('a.nanopool.org', '198.51.100.1')]));
    run.inspect(dnsResponse([a('b.nanopool.org', '198.51.100.2')], T0 + 1));
    run.inspect(dnsResponse([a('a.nanopool.org', '198.51.100.1')], T0 + 2)); // refreshed: now the newest
    run.inspect(dnsResponse([a('c.nanopool.org', '198.51.100.3')], T0 + 3));
    const hits = ['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((ip) => run.inspect(exportFlowTo(ip, T0 + 10)).length);
    expect(hits).toEqual([1, 0, 1]);
  });

  it('ignores answers in a record without usable times, keeping what it learned', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '198.51.100.11')]));
    run.inspect(dnsResponse([a('b.nanopool.org', '198.51.100.12')], Number.NaN));
    expect(run.inspect(exportFlowTo('198.51.100.11', T0 + 5)).length).toBe(1);
    expect(run.inspect(exportFlowTo('198.51.100.12', T0 + 5))).toEqual([]);
  });

  it('does not treat the resolver of a DNS flow as a pool', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '8.8.8.8')]));
    const evidence = run.inspect(dnsResponse([a('xmr-eu1.nanopool.org', '8.8.8.8')], T0 + 5));
    expect(codes(evidence)).toEqual([POOL_DOMAIN_CODES.dns]);
  });

  it('does not credit web-port flows to addresses learned from a pool web site name', () => {
    const run = poolDomainRun();
    run.inspect(dnsResponse([a('www.f2pool.com', '104.16.1.1'), a('f2pool.com', '104.16.1.2')]));
    expect(run.inspect(exportFlowTo('104.16.1.1', T0 + 5, 443))).toEqual([]);
    expect(run.inspect(exportFlowTo('104.16.1.2', T0 + 5, 80))).toEqual([]);
    expect(codes(run.inspect(exportFlowTo('104.16.1.2', T0 + 5, 3333)))).toEqual([POOL_DOMAIN_CODES.learned]);
  });

  it('narrows its settings, falling back where they are missing or invalid', () => {
    expect(learnedLimitsFrom({ learnedAddressTtlSeconds: 60, maxLearnedAddresses: 5 })).toEqual({ ttlSeconds: 60, max: 5 });
    const fallback = learnedLimitsFrom({ learnedAddressTtlSeconds: -1, maxLearnedAddresses: 1.5 });
    expect(fallback.ttlSeconds).toBeGreaterThan(0);
    expect(Number.isInteger(fallback.max)).toBe(true);
  });
});
