import { parseMetricsAddress } from '../../src/metrics/metrics-address';

describe('parseMetricsAddress', () => {
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    [':9464', { host: '0.0.0.0', port: 9464 }],
    ['9464', { host: '0.0.0.0', port: 9464 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    ['[::]:9464', { host: '::', port: 9464 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
  ])('reads %s', (text, want) => {
    expect(parseMetricsAddress(text)).toEqual(want);
  });

  it.each([
    ['', /must be HOST:PORT/],
    ['127.0.0.1', /must be HOST:PORT/],
    ['127.0.0.1:', /must be HOST:PORT/],
    ['127.0.0.1:http', /must be HOST:PORT/],
    ['[::1]', /must be HOST:PORT/],
    ['::1:9464', /put an IPv6 address in brackets/],
    ['localhost:9464', /needs an IP address, not "localhost"/],
    ['[]:9464', /needs an IP address/],
    ['300.1.1.1:9464', /needs an IP address/],
    ['1.2.3.4:70000', /port out of range/],
    ['[1.2.3.4]:9464', /brackets are for IPv6/],
  ])('rejects %j with a reason', (text, reason) => {
    expect(() => parseMetricsAddress(text)).toThrow(reason);
  });
});
