import { ACK, assemble, FIN, PSH, RST, SYN, TcpConversation, text } from './flow-helpers';

describe('FlowAssembler: one TCP connection', () => {
  it('orients by the SYN and counts each direction', () => {
    const c = new TcpConversation({ clientPort: 51000, serverPort: 3333 });
    const { feed, flows, assembler } = assemble();
    const packets = [
      ...c.handshake(),
      c.after(1).send('client', '{"id":1,"method":"mining.subscribe","params":[]}\n'),
      c.after(0.1).send('server', '{"id":1,"result":[],"error":null}\n'),
      c.after(5).control('client', FIN | ACK),
      c.control('server', FIN | ACK),
    ];
    feed(packets);
    expect(flows).toHaveLength(1);
    const flow = flows[0];
    expect(flow).toMatchObject({
      source: 'packet',
      protocol: 6,
      client: { ip: '192.168.1.10', port: 51000 },
      server: { ip: '203.0.113.5', port: 3333 },
      clientBy: 'syn',
      firstSeen: packets[0].time,
      lastSeen: packets[packets.length - 1].time,
      endReason: 'closed',
    });
    const fromClient = packets.filter((p) => p.srcPort === 51000);
    const sum = (list: typeof packets, f: (p: (typeof packets)[0]) => number) => list.reduce((n, p) => n + f(p), 0);
    expect(flow.toServer).toEqual({
      packets: fromClient.length,
      bytes: sum(fromClient, (p) => p.ipLength),
      payloadBytes: sum(fromClient, (p) => p.payload.length),
      tcpFlags: SYN | ACK | PSH | FIN,
    });
    expect(flow.toClient.packets).toBe(packets.length - fromClient.length);
    expect(text(flow.payload?.toServer.bytes)).toContain('mining.subscribe');
    expect(text(flow.payload?.toClient.bytes)).toBe('{"id":1,"result":[],"error":null}\n');
    expect(flow.payload?.toServer.midStream).toBe(false);
    expect(assembler.size).toBe(0);
  });

  it('takes the SYN+ACK sender as the server when the SYN was missed', () => {
    const c = new TcpConversation({ clientPort: 40000, serverPort: 45000 });
    const { feed, assembler, flows } = assemble();
    feed([c.control('server', SYN | ACK, -1), c.control('client', ACK), c.send('client', 'hi')]);
    assembler.flush();
    expect(flows[0]).toMatchObject({ client: { port: 40000 }, server: { port: 45000 }, clientBy: 'syn', endReason: 'end' });
  });

  it('without a SYN takes the mining port as the server even when the server talks first', () => {
    const c = new TcpConversation({ clientPort: 51000, serverPort: 3333 });
    const { feed, assembler, flows } = assemble();
    feed([c.send('server', '{"method":"mining.notify","params":[]}\n'), c.send('client', '{"method":"mining.submit"}\n')]);
    assembler.flush();
    expect(flows[0]).toMatchObject({ client: { port: 51000 }, server: { port: 3333 }, clientBy: 'guess' });
    expect(flows[0].payload?.toClient).toMatchObject({ midStream: true });
    expect(text(flows[0].payload?.toClient.bytes)).toContain('mining.notify');
  });

  it('guesses the lower service port, else the first talker', () => {
    const { feed, assembler, flows } = assemble();
    const both = new TcpConversation({ client: '10.0.0.1', clientPort: 8080, server: '10.0.0.2', serverPort: 443 });
    const neither = new TcpConversation({ client: '10.0.0.3', clientPort: 50001, server: '10.0.0.4', serverPort: 50002 });
    feed([both.send('client', 'x'), neither.send('server', 'first'), neither.send('client', 'second')]);
    assembler.flush();
    const byClient = new Map(flows.map((f) => [f.client.ip, f]));
    expect(byClient.get('10.0.0.1')?.server.port).toBe(443);
    // The "server" of the conversation spoke first, so it is taken as the client.
    expect(byClient.get('10.0.0.4')).toMatchObject({ server: { ip: '10.0.0.3' }, clientBy: 'guess' });
  });

  it('corrects a guess when a SYN turns up later', () => {
    const c = new TcpConversation({ clientPort: 50001, serverPort: 50002 });
    const { feed, assembler, flows } = assemble();
    feed([c.control('server', ACK), c.control('client', SYN, -1)]);
    assembler.flush();
    expect(flows[0]).toMatchObject({ client: { port: 50001 }, clientBy: 'syn' });
  });

  it('tracks IPv6 flows', () => {
    const c = new TcpConversation({ client: 'fd00::10', server: '2001:db8::5', serverPort: 4444 });
    const { feed, flows } = assemble();
    feed([...c.handshake(), c.send('client', 'login'), c.control('client', RST | ACK)]);
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ client: { ip: 'fd00::10' }, server: { ip: '2001:db8::5', port: 4444 }, endReason: 'closed' });
    expect(flows[0].toServer.bytes).toBe(4 * (40 + 20) + 5); // SYN, ACK, data, RST: IPv6 + TCP headers
  });

  it('keeps no payload when payloadBytes is 0', () => {
    const c = new TcpConversation();
    const { feed, assembler, flows } = assemble({ payloadBytes: 0 });
    feed([...c.handshake(), c.send('client', 'abc')]);
    assembler.flush();
    expect(flows[0].payload).toBeUndefined();
    expect(flows[0].toServer.payloadBytes).toBe(3);
  });

  it('reassembles out-of-order segments inside the flow', () => {
    const c = new TcpConversation();
    const { feed, assembler, flows } = assemble();
    feed([...c.handshake(), c.segment('client', 6, 'world\n'), c.segment('client', 0, 'hello '), c.segment('client', 0, 'hello ')]);
    assembler.flush();
    expect(text(flows[0].payload?.toServer.bytes)).toBe('hello world\n');
  });
});
