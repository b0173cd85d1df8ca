import { dnsMessage, dnsQuery } from './app/dns-builder';
import { assemble, SYN, TcpConversation, tcpPacket, udpPacket } from './flow-helpers';

describe('FlowAssembler: DNS', () => {
  it('emits a DNS exchange as soon as the response arrives, ahead of the connection it announces', () => {
    const { feed, assembler, flows } = assemble();
    const query = dnsQuery('pool.example.com');
    const response = dnsMessage({
      response: true,
      questions: ['pool.example.com'],
      answers: [{ name: 'pool.example.com', type: 'A', value: '198.51.100.7', ttl: 60 }],
    });
    const c = new TcpConversation({ server: '198.51.100.7', time: 2 });
    feed([
      udpPacket({ src: '192.168.1.10', dst: '192.168.1.1', srcPort: 53000, dstPort: 53, time: 1, payload: query }),
      udpPacket({ src: '192.168.1.1', dst: '192.168.1.10', srcPort: 53, dstPort: 53000, time: 1.01, payload: response }),
      ...c.handshake(),
    ]);
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({
      protocol: 17,
      endReason: 'closed',
      client: { port: 53000 },
      server: { port: 53 },
      dnsQueries: ['pool.example.com'],
      dnsAnswers: [{ name: 'pool.example.com', type: 'A', value: '198.51.100.7', ttl: 60 }],
    });
    assembler.flush();
    expect(flows[1]).toMatchObject({ server: { ip: '198.51.100.7' } });
  });

  it('parses DNS datagrams even when no payload is kept, and reports a malformed one', () => {
    const { feed, assembler, flows, issues } = assemble({ payloadBytes: 0 });
    const mdns = dnsMessage({ response: true, questions: [], answers: [{ name: 'printer.local', type: 'A', value: '192.168.1.50' }] });
    feed([
      udpPacket({ src: '192.168.1.50', dst: '224.0.0.251', srcPort: 5353, dstPort: 5353, time: 1, payload: mdns }),
      udpPacket({ src: '192.168.1.50', dst: '224.0.0.251', srcPort: 5353, dstPort: 5353, time: 2, payload: mdns.subarray(0, 20), offset: 4242 }),
    ]);
    assembler.flush();
    expect(flows).toHaveLength(1);
    expect(flows[0].dnsAnswers).toEqual([{ name: 'printer.local', type: 'A', value: '192.168.1.50', ttl: 300 }]);
    expect(issues).toEqual([expect.objectContaining({ code: 'dns.malformed', offset: 4242 })]);
  });

  it('tells a stray TCP packet to port 53 from DNS over UDP', () => {
    const { feed, assembler, flows } = assemble();
    feed([tcpPacket({ src: '10.0.0.1', dst: '10.0.0.53', srcPort: 50000, dstPort: 53, seq: 1, flags: SYN, time: 1 })]);
    assembler.flush();
    expect(flows[0]).toMatchObject({ protocol: 6, endReason: 'end' });
  });
});
