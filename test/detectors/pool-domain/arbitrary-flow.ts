/**
 * Random FlowRecords for the never-throw properties of the pool-domain, pool-endpoint and
 * node-protocol detectors: junk addresses and names, odd times, random payload bytes, and
 * enough real-looking pool names and magics that the interesting paths run too.
 */
import fc from 'fast-check';
import type { DnsAnswer, FlowRecord, PayloadHead } from '../../../src/detect/api';

const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('198.51.100.7', '::ffff:198.51.100.7', '2001:db8::7'), fc.string());
const port = fc.oneof(fc.constantFrom(53, 80, 443, 3333, 8333, 18080, 30303), fc.integer({ min: -1, max: 70000 }));
const time = fc.oneof(fc.double({ min: 1.6e9, max: 1.8e9, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, Infinity));
const name = fc.oneof(
  fc.domain(),
  fc.string(),
  fc.constantFrom('xmr.pool.com', 'pool.com', 'www.pool.com', 'xmr-eu1.nanopool.org', 'notpool.com', '.', '..pool.com', 'POOL.COM.'),
);
const magic = fc.constantFrom('f9beb4d9', '0b110907', '0121010101010101', '01b8').map((h) => Buffer.from(h, 'hex'));
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.tuple(magic, fc.uint8Array({ maxLength: 64 })).map(([m, rest]) => Buffer.concat([m, Buffer.from(rest)])),
);

const head: fc.Arbitrary<PayloadHead> = fc.record({
  bytes,
  marks: fc.array(fc.record({ offset: fc.nat(400), time }), { maxLength: 4 }),
  truncated: fc.boolean(),
  midStream: fc.boolean(),
  gaps: fc.nat(3),
});

const answer: fc.Arbitrary<DnsAnswer> = fc.record({
  name,
  value: fc.oneof(address, name),
  type: fc.constantFrom('A', 'AAAA', 'CNAME'),
  ttl: fc.integer(),
});

const direction = fc.record({ packets: fc.nat(1000), bytes: fc.nat(1e6), payloadBytes: fc.nat(1e6), tcpFlags: fc.nat(255) });

export const arbitraryFlow: fc.Arbitrary<FlowRecord> = fc
  .record({
    source: fc.constantFrom('packet', 'flow-export'),
    protocol: fc.constantFrom(6, 17, 1, 0),
    client: fc.record({ ip: address, port }),
    server: fc.record({ ip: address, port }),
    clientBy: fc.constantFrom('syn', 'guess'),
    firstSeen: time,
    lastSeen: time,
    toServer: direction,
    toClient: direction,
    endReason: fc.constantFrom('closed', 'idle', 'active', 'end', 'evicted', 'export'),
    payload: fc.option(fc.record({ toServer: head, toClient: head }), { nil: undefined }),
    tlsSni: fc.option(name, { nil: undefined }),
    dnsQueries: fc.option(fc.array(name, { maxLength: 5 }), { nil: undefined }),
    dnsAnswers: fc.option(fc.array(answer, { maxLength: 8 }), { nil: undefined }),
    http: fc.option(fc.record({ host: fc.option(fc.oneof(name, fc.constant('[::1]:80')), { nil: undefined }) }), { nil: undefined }),
  })
  .map((f) => f as FlowRecord);
