import fc from 'fast-check';
import { parseDnsMessage } from '../../../../src/readers/pcap/app/dns';
import { addTcpDnsStream, DnsFacts } from '../../../../src/readers/pcap/app/dns-facts';
import { parseHttpRequestHead, readResponseMiningHeaders } from '../../../../src/readers/pcap/app/http';
import { readTlsSni } from '../../../../src/readers/pcap/app/tls-sni';
import { dnsMessage } from './dns-builder';
import { clientHelloMessage, inRecords, serverNameData } from './tls-builder';

/** A valid input with some bytes overwritten and maybe cut short: near-misses find more bugs than noise. */
function mutated(valid: Buffer): fc.Arbitrary<Buffer> {
  return fc
    .record({
      edits: fc.array(fc.record({ at: fc.nat(valid.length - 1), value: fc.nat(255) }), { maxLength: 6 }),
      cut: fc.nat(valid.length),
    })
    .map(({ edits, cut }) => {
      const copy = Buffer.from(valid);
      for (const { at, value } of edits) copy[at] = value;
      return copy.subarray(0, cut);
    });
}

const anyBytes = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));

const hello = inRecords(
  clientHelloMessage({
    extensions: [
      { type: 0, data: serverNameData([{ name: 'pool.example.com' }]) },
      { type: 16, data: Buffer.from([0, 3, 2, 0x68, 0x32]) },
    ],
  }),
);
const response = dnsMessage({
  response: true,
  questions: ['pool.example.com'],
  answers: [
    { name: 'pool.example.com', type: 'CNAME', value: 'edge.example.net' },
    { name: 'edge.example.net', type: 'A', value: '198.51.100.7' },
  ],
});
const request = Buffer.from('POST / HTTP/1.1\r\nHost: pool.example.com:8332\r\nX-Stratum: 1\r\nUser-Agent: bfgminer\r\n\r\n{}');

const runs = { numRuns: 1000 };

describe('app parsers on hostile bytes', () => {
  it('readTlsSni never throws, and a reported problem is a string', () => {
    // A leading 0x16 0x03 makes random bytes reach the record and handshake parsing.
    const tlsish = anyBytes.map((b) => Buffer.concat([Buffer.from([0x16, 0x03]), b]));
    fc.assert(
      fc.property(fc.oneof(anyBytes, tlsish, mutated(hello)), (bytes) => {
        const outcome = readTlsSni(bytes);
        expect(['undefined', 'string']).toContain(typeof outcome.problem);
      }),
      runs,
    );
  });

  it('parseDnsMessage never throws and keeps its bounds', () => {
    fc.assert(
      fc.property(fc.oneof(anyBytes, mutated(response)), (bytes) => {
        const { message } = parseDnsMessage(bytes);
        for (const name of [...(message?.questions ?? []), ...(message?.answers ?? []).map((a) => a.name)]) {
          expect(name.length).toBeLessThanOrEqual(255 * 4); // 255 wire bytes, each at most "\DDD"
        }
      }),
      runs,
    );
  });

  it('DNS over TCP framing never throws', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        addTcpDnsStream(new DnsFacts(), bytes, 0, () => undefined);
      }),
      runs,
    );
  });

  it('the HTTP head parsers never throw', () => {
    const httpish = fc
      .array(fc.oneof(fc.string(), fc.constantFrom('\r\n', '\n', ': ', 'Host:', 'X-Stratum:', ' HTTP/1.1', '[', ']:')), { maxLength: 40 })
      .map((parts) => Buffer.from(`GET ${parts.join('')}`, 'latin1'));
    fc.assert(
      fc.property(fc.oneof(anyBytes, httpish, mutated(request)), (bytes) => {
        parseHttpRequestHead(bytes);
        readResponseMiningHeaders(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), bytes]));
      }),
      runs,
    );
  });
});
