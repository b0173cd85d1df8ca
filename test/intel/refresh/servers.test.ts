/** intel.refresh.servers entries: the forms node's Resolver takes pass, anything else is named in the error. */
import { configSchema } from '../../../src/config/schema';
import { checkServers, refreshPoolEndpoints, ResolverAddressError } from '../../../src/intel/refresh';

it('accepts IPv4, IPv4:port, bare IPv6 and [IPv6]:port', () => {
  const good = ['127.0.0.1', '127.0.0.1:5353', '::1', '2001:db8::53', '[::1]', '[::1]:53', '[2001:db8::53]:5353'];
  expect(checkServers(good)).toEqual(good);
});

it.each([
  ['127.0.0.1:99999', /port "99999" is not 1-65535/],
  ['127.0.0.1:0', /port "0" is not 1-65535/],
  ['127.0.0.1:', /port "" is not 1-65535/],
  ['dns.example', /"dns\.example" is not an IP address \(host names are not resolved here\)/],
  ['dns.example:53', /"dns\.example" is not an IP address/],
  ['[::1]:x', /port "x"/],
  ['[127.0.0.1.5]', /is not an IP address/],
  ['[127.0.0.1]:53', /brackets are for IPv6 addresses/],
  ['300.1.1.1', /is not an IP address/],
  ['', /empty/],
])('rejects %j with the entry and the expected forms', (entry, detail) => {
  expect(() => checkServers(['127.0.0.1', entry])).toThrow(ResolverAddressError);
  expect(() => checkServers([entry])).toThrow(new RegExp(`^intel\\.refresh\\.servers: ${JSON.stringify(entry).replace(/[.[\]]/g, '\\$&')} is not ADDRESS, ADDRESS:PORT or \\[IPv6\\]:PORT`));
  expect(() => checkServers([entry])).toThrow(detail);
});

it('refreshPoolEndpoints rejects a bad entry before any lookup, even with an injected resolver', async () => {
  let lookups = 0;
  const resolver = {
    resolve4: async () => (lookups++, []),
    resolve6: async () => (lookups++, []),
  };
  const settings = configSchema.parse({ intel: { refresh: { servers: ['127.0.0.1:53', 'resolver.example'] } } }).intel.refresh;
  await expect(refreshPoolEndpoints([{ name: 'eu.pool.example', pool: 'P', coin: 'X', via: 'pool-hosts' }], settings)).rejects.toThrow(/"resolver\.example" is not an IP address/);
  await expect(refreshPoolEndpoints([{ name: 'eu.pool.example', pool: 'P', coin: 'X', via: 'pool-hosts' }], settings, { resolver })).rejects.toThrow(ResolverAddressError);
  expect(lookups).toBe(0);
});
