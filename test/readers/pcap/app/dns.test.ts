import { parseDnsMessage } from '../../../../src/readers/pcap/app/dns';
import { DnsFacts, MAX_DNS_ANSWERS, MAX_DNS_QUERIES } from '../../../../src/readers/pcap/app/dns-facts';
import type { InputIssue } from '../../../../src/readers/issues';
import { makeFlow } from '../../../helpers/flows';
import { assemble, TcpConversation } from '../flow-helpers';
import { dnsMessage, dnsQuery } from './dns-builder';

const chain = dnsMessage({
  response: true,
  questions: ['Pool.Example.com'],
  answers: [
    { name: 'pool.example.com', type: 'CNAME', value: 'edge.pool.example.com', ttl: 120 },
    { name: 'edge.pool.example.com', type: 'CNAME', value: 'lb.example.net', ttl: 60 },
    { name: 'lb.example.net', type: 'A', value: '198.51.100.7', ttl: 30 },
    { name: 'lb.example.net', type: 'AAAA', value: '2001:db8::7', ttl: 30 },
    { name: 'lb.example.net', type: 'TXT', value: 'ignored' },
  ],
});

describe('parseDnsMessage', () => {
  it('reads a compressed response with a CNAME chain, A and AAAA', () => {
    // The builder compresses: the message is much shorter than the names written out.
    expect(chain.length).toBeLessThan(12 + 22 + 5 * 25);
    expect(parseDnsMessage(chain)).toEqual({
      message: {
        isResponse: true,
        questions: ['pool.example.com'],
        answers: [
          { name: 'pool.example.com', type: 'CNAME', value: 'edge.pool.example.com', ttl: 120 },
          { name: 'edge.pool.example.com', type: 'CNAME', value: 'lb.example.net', ttl: 60 },
          { name: 'lb.example.net', type: 'A', value: '198.51.100.7', ttl: 30 },
          { name: 'lb.example.net', type: 'AAAA', value: '2001:db8::7', ttl: 30 },
        ],
      },
    });
  });

  it('reads the same answers without compression', () => {
    const plain = dnsMessage({ response: true, questions: ['a.example'], answers: [{ name: 'a.example', type: 'A', value: '192.0.2.1' }], compress: false });
    expect(parseDnsMessage(plain).message?.answers).toEqual([{ name: 'a.example', type: 'A', value: '192.0.2.1', ttl: 300 }]);
  });

  it('takes a TTL with the top bit set as zero (RFC 2181)', () => {
    const msg = dnsMessage({ response: true, questions: [], answers: [{ name: 'a.example', type: 'A', value: '192.0.2.1', ttl: 0x80000001 }] });
    expect(parseDnsMessage(msg).message?.answers[0].ttl).toBe(0);
  });

  it('reads a query', () => {
    expect(parseDnsMessage(dnsQuery('xmr.2miners.com'))).toEqual({ message: { isResponse: false, questions: ['xmr.2miners.com'], answers: [] } });
  });

  it('escapes dots and unprintable bytes inside labels, so they cannot fake a suffix', () => {
    const msg = Buffer.concat([header(1, 0), Buffer.from([8]), Buffer.from('pool.com', 'latin1'), Buffer.from([3, 0x41, 0x00, 0x42, 0]), Buffer.from([0, 1, 0, 1])]);
    expect(parseDnsMessage(msg).message?.questions).toEqual(['pool\\046com.a\\000b']);
  });

  it('reports a compression pointer loop', () => {
    // Question name at offset 12 is a pointer to itself.
    const self = Buffer.concat([header(1, 0), Buffer.from([0xc0, 12, 0, 1, 0, 1])]);
    expect(parseDnsMessage(self).problem).toMatch(/compression pointer to offset 12/);
    // Two names pointing at each other: "a" + pointer to 18, and at 18 "b" + pointer to 12.
    const pair = Buffer.concat([header(2, 0), Buffer.from([1, 0x61, 0xc0, 18, 0, 1]), Buffer.from([1, 0x62, 0xc0, 12, 0, 1, 0, 1])]);
    expect(pair.readUInt8(18)).toBe(1);
    expect(parseDnsMessage(pair).problem).toMatch(/does not lead back/);
  });

  it('reports names past the limits', () => {
    const manyLabels = Buffer.concat([header(1, 0), Buffer.alloc(128 * 2, 0).map((_, i) => (i % 2 === 0 ? 1 : 0x61)), Buffer.from([0, 0, 1, 0, 1])]);
    expect(parseDnsMessage(manyLabels).problem).toMatch(/more than 127 labels/);
    const label = Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)]);
    const long = Buffer.concat([header(1, 0), label, label, label, label, Buffer.from([0, 0, 1, 0, 1])]);
    expect(parseDnsMessage(long).problem).toMatch(/longer than 255 bytes/);
    const reserved = Buffer.concat([header(1, 0), Buffer.from([0x40, 0, 0, 1, 0, 1])]);
    expect(parseDnsMessage(reserved).problem).toMatch(/reserved label type 0x40/);
  });

  it('reports truncated messages, unless the sender set TC', () => {
    for (const cut of [5, 20, chain.length - 3]) {
      expect(parseDnsMessage(chain.subarray(0, cut)).problem).toBeDefined();
    }
    const tc = dnsMessage({ response: true, truncatedFlag: true, questions: ['a.example'], answers: [{ name: 'a.example', type: 'A', value: '192.0.2.1' }] });
    const cutTc = parseDnsMessage(tc.subarray(0, tc.length - 2));
    expect(cutTc).toEqual({ message: { isResponse: true, questions: ['a.example'], answers: [] } });
  });

  it('reports an A record with the wrong data length', () => {
    const msg = dnsMessage({ response: true, questions: [], answers: [{ name: 'a.example', type: 'A', value: '192.0.2.1' }] });
    const bad = Buffer.concat([msg.subarray(0, msg.length - 6), Buffer.from([0, 5]), msg.subarray(msg.length - 4), Buffer.from([9])]);
    expect(parseDnsMessage(bad).problem).toMatch(/A record with 5 bytes/);
  });
});

describe('DnsFacts', () => {
  it('deduplicates and bounds what one flow collects', () => {
    const facts = new DnsFacts();
    const issues: InputIssue[] = [];
    for (let i = 0; i < 100; i++) facts.addMessage(dnsQuery(`host${i % 50}.example`), i, (x) => issues.push(x));
    for (let i = 0; i < 100; i++) {
      facts.addMessage(dnsMessage({ response: true, questions: [], answers: [{ name: 'h.example', type: 'A', value: `10.0.${i >> 8}.${i & 255}` }] }), i, () => undefined);
    }
    facts.addMessage(chain, 0, () => undefined);
    const record = makeFlow();
    facts.fill(record);
    expect(record.dnsQueries).toHaveLength(MAX_DNS_QUERIES);
    expect(new Set(record.dnsQueries).size).toBe(MAX_DNS_QUERIES);
    expect(record.dnsAnswers).toHaveLength(MAX_DNS_ANSWERS);
    expect(issues).toEqual([]);
  });

  it('reads DNS over TCP from both payload heads, message by message', () => {
    const { feed, assembler, flows, issues } = assemble();
    const c = new TcpConversation({ clientPort: 50000, serverPort: 53 });
    const framed = (m: Buffer) => Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m]);
    const query = framed(dnsQuery('pool.example.com'));
    const answer = framed(chain);
    feed([...c.handshake(), c.send('client', query.subarray(0, 3)), c.send('client', query.subarray(3)), c.send('server', answer.subarray(0, answer.length - 1))]);
    assembler.flush();
    // The answer's last byte never came: the cut message is left alone, not reported.
    expect(flows[0].dnsQueries).toEqual(['pool.example.com']);
    expect(flows[0].dnsAnswers).toBeUndefined();
    expect(issues).toEqual([]);
    const { feed: feed2, assembler: a2, flows: flows2 } = assemble();
    const c2 = new TcpConversation({ clientPort: 50001, serverPort: 53 });
    feed2([...c2.handshake(), c2.send('client', query), c2.send('server', answer)]);
    a2.flush();
    expect(flows2[0].dnsAnswers?.map((a) => a.value)).toEqual(['edge.pool.example.com', 'lb.example.net', '198.51.100.7', '2001:db8::7']);
  });
});

function header(questions: number, answers: number): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(0x4242, 0);
  h.writeUInt16BE(questions, 4);
  h.writeUInt16BE(answers, 6);
  return h;
}
