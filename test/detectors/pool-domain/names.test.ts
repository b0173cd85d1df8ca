import { makeFlow } from '../../helpers/flows';
import { SuffixIndex } from '../../../detectors/pool-domain/suffix-index';
import { POOL_DOMAIN_CODES } from '../../../detectors/pool-domain';
import { codes, poolDomainRun, TEST_DOMAINS } from './context';

describe('pool-domain suffix matching', () => {
  const index = new SuffixIndex(TEST_DOMAINS);

  it.each([
    ['nanopool.org', 'nanopool.org'],
    ['xmr-eu1.nanopool.org', 'nanopool.org'],
    ['BTC.F2Pool.COM.', 'f2pool.com'],
    ['a.b.c.pool.com', 'pool.com'],
    ['mine.c3pool.com', 'mine.c3pool.com'],
  ])('%s falls under %s', (name, suffix) => {
    expect(index.match(name)?.indicator.suffix).toBe(suffix);
  });

  it.each(['notf2pool.com', 'swimmingpool.com', 'poolparty.example.com', 'mypool-of-photos.com', 'pool.com.evil.net', 'c3pool.com', 'node.c3pool.com', 'com', ''])(
    '%s matches nothing (label boundaries only)',
    (name) => {
      expect(index.match(name)).toBeUndefined();
    },
  );

  it('prefers the most specific listed suffix', () => {
    const nested = new SuffixIndex([
      { suffix: 'example.net', pool: 'parent', coin: 'x', source: 't' },
      { suffix: 'pool.example.net', pool: 'child', coin: 'x', source: 't' },
    ]);
    expect(nested.match('eu.pool.example.net')?.indicator.pool).toBe('child');
    expect(nested.match('www.example.net')?.indicator.pool).toBe('parent');
  });
});

describe('pool-domain name evidence', () => {
  it('reports TLS SNI of a pool host as pool-domain.sni with its facts', () => {
    const [e] = poolDomainRun().inspect(makeFlow({ serverPort: 5555, extra: { tlsSni: 'xmr-eu1.nanopool.org' } }));
    expect(e.code).toBe(POOL_DOMAIN_CODES.sni);
    expect(e.subject).toBe('192.168.1.10');
    expect(e.facts).toMatchObject({ domain: 'xmr-eu1.nanopool.org', pool: 'Nanopool', coin: 'multi', via: 'sni' });
  });

  it('reports the HTTP Host (port stripped) as pool-domain.http-host', () => {
    const flow = makeFlow({ serverPort: 8080, extra: { http: { host: 'eth.f2pool.com:8080', requestLine: 'POST / HTTP/1.1' } } });
    expect(codes(poolDomainRun().inspect(flow))).toEqual([POOL_DOMAIN_CODES.httpHost]);
  });

  it('reports DNS questions and answer names as pool-domain.dns, once per domain', () => {
    const flow = makeFlow({
      protocol: 17,
      serverPort: 53,
      server: '192.168.1.1',
      extra: {
        dnsQueries: ['btc.f2pool.com'],
        dnsAnswers: [{ name: 'btc.f2pool.com', type: 'A', value: '198.51.100.7', ttl: 60 }],
      },
    });
    const evidence = poolDomainRun().inspect(flow);
    expect(codes(evidence)).toEqual([POOL_DOMAIN_CODES.dns]);
    expect(evidence[0].facts.via).toBe('dns');
  });

  it('demotes a visit to the pool web site (apex or www on a web port) to pool-domain.website', () => {
    const run = poolDomainRun();
    expect(codes(run.inspect(makeFlow({ serverPort: 443, extra: { tlsSni: 'www.f2pool.com' } })))).toEqual([POOL_DOMAIN_CODES.website]);
    expect(codes(run.inspect(makeFlow({ serverPort: 443, extra: { tlsSni: 'f2pool.com' } })))).toEqual([POOL_DOMAIN_CODES.website]);
    // The same apex on a Stratum port is a mining endpoint, and a stratum host on 443 is not a web site.
    expect(codes(run.inspect(makeFlow({ serverPort: 3333, extra: { tlsSni: 'f2pool.com' } })))).toEqual([POOL_DOMAIN_CODES.sni]);
    expect(codes(run.inspect(makeFlow({ serverPort: 443, extra: { tlsSni: 'btc.f2pool.com' } })))).toEqual([POOL_DOMAIN_CODES.sni]);
  });

  it.each(['poolparty.example.com', 'mypool-of-photos.com', 'swimmingpool.com', 'notf2pool.com'])('ignores TLS to %s', (sni) => {
    expect(poolDomainRun().inspect(makeFlow({ serverPort: 443, extra: { tlsSni: sni } }))).toEqual([]);
  });

  it('keys name evidence by domain, so one resolver does not merge different pools', () => {
    const run = poolDomainRun();
    const dns = (name: string) => makeFlow({ protocol: 17, serverPort: 53, extra: { dnsQueries: [name] } });
    const [a] = run.inspect(dns('xmr-eu1.nanopool.org'));
    const [b] = run.inspect(dns('btc.f2pool.com'));
    expect(a.dedupKey).not.toBe(b.dedupKey);
    expect(run.inspect(dns('xmr-eu1.nanopool.org'))[0].dedupKey).toBe(a.dedupKey);
  });

  it('bounds the evidence of a flow that names many pools', () => {
    const names = Array.from({ length: 40 }, (_, i) => `h${i}.nanopool.org`);
    const evidence = poolDomainRun().inspect(makeFlow({ protocol: 17, serverPort: 53, extra: { dnsQueries: names } }));
    expect(evidence.length).toBe(8);
  });

  it('does nothing with an empty list', () => {
    expect(poolDomainRun({}, []).inspect(makeFlow({ extra: { tlsSni: 'xmr-eu1.nanopool.org' } }))).toEqual([]);
  });
});
