import { parseListenAddress } from '../../src/collector/listen-address';
import { parseDrops } from '../../src/collector/socket-drops';

describe('parseListenAddress', () => {
  it.each([
    ['udp://0.0.0.0:2055', { host: '0.0.0.0', port: 2055, family: 4 }],
    ['udp://[::]:4739', { host: '::', port: 4739, family: 6 }],
    ['udp://127.0.0.1:0', { host: '127.0.0.1', port: 0, family: 4 }],
    ['9995', { host: '0.0.0.0', port: 9995, family: 4 }],
  ])('reads %s', (text, want) => {
    expect(parseListenAddress(text)).toEqual(want);
  });

  it.each(['tcp://0.0.0.0:2055', 'udp://localhost:2055', 'udp://1.2.3.4:70000', 'udp://1.2.3.4', ''])('rejects %j with a reason', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/--listen/);
  });
});

describe('parseDrops', () => {
  const proc = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
    '  112: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 123 2 0000000000000000 17',
    '  113: 00000000:1283 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 124 2 0000000000000000 0',
  ].join('\n');

  it('finds the drop counter of the socket on a port', () => {
    expect(parseDrops(proc, 2055)).toBe(17);
    expect(parseDrops(proc, 4739)).toBe(0);
    expect(parseDrops(proc, 9995)).toBeUndefined();
  });
});
