import { ACK, assemble, FIN, RST, SYN, TcpConversation, text, udpPacket } from './flow-helpers';

describe('FlowAssembler: expiry', () => {
  it('expires idle flows in capture time, TCP and UDP each by their own timeout', () => {
    const { feed, flows } = assemble({ tcpIdleSeconds: 120, udpIdleSeconds: 30 });
    const t = 1_000;
    const c = new TcpConversation({ time: t });
    feed([...c.handshake(), udpPacket({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 50000, dstPort: 9999, time: t, payload: 'u' })]);
    // Another flow's packet 31 s later moves the clock: the UDP flow is idle, the TCP one not yet.
    feed([udpPacket({ src: '10.0.0.9', dst: '10.0.0.8', srcPort: 50000, dstPort: 123, time: t + 31 })]);
    expect(flows.map((f) => [f.protocol, f.endReason])).toEqual([[17, 'idle']]);
    feed([udpPacket({ src: '10.0.0.9', dst: '10.0.0.8', srcPort: 50000, dstPort: 123, time: t + 121 })]);
    expect(flows.map((f) => [f.protocol, f.endReason])).toEqual([
      [17, 'idle'],
      [6, 'idle'],
      [17, 'idle'],
    ]);
  });

  it('ends an idle flow when its own next packet comes too late', () => {
    const c = new TcpConversation({ time: 0 });
    const { feed, assembler, flows } = assemble({ tcpIdleSeconds: 10 });
    feed([...c.handshake(), c.after(11).send('client', 'late')]);
    assembler.flush();
    expect(flows.map((f) => f.endReason)).toEqual(['idle', 'end']);
    expect(flows[1]).toMatchObject({ clientBy: 'guess', firstSeen: 11 });
  });

  it('cuts a long flow into records and continues mid-stream with the same orientation', () => {
    const c = new TcpConversation({ time: 0, clientPort: 50000, serverPort: 50001 });
    const { feed, assembler, flows } = assemble({ activeTimeoutSeconds: 300, tcpIdleSeconds: 120 });
    feed(c.handshake());
    for (let minute = 1; minute <= 11; minute++) feed([c.after(60).send('client', `share ${minute}\n`)]);
    assembler.flush();
    expect(flows.map((f) => f.endReason)).toEqual(['active', 'active', 'end']);
    expect(flows.every((f) => f.client.port === 50000 && f.clientBy === 'syn')).toBe(true);
    expect(flows.map((f) => f.firstSeen)).toEqual([0, 300, 600]);
    expect(text(flows[0].payload?.toServer.bytes)).toBe('share 1\nshare 2\nshare 3\nshare 4\n');
    expect(text(flows[1].payload?.toServer.bytes)).toBe('share 5\nshare 6\nshare 7\nshare 8\nshare 9\n');
    expect(flows[1].payload?.toServer.midStream).toBe(true);
    expect(flows[1].payload?.toClient.midStream).toBe(true);
    expect(flows[0].payload?.toServer.midStream).toBe(false);
  });

  it('emits on RST and on FIN both ways, and a late packet makes no new flow', () => {
    const c = new TcpConversation({ clientPort: 50000, serverPort: 60000 });
    const { feed, assembler, flows } = assemble();
    feed([...c.handshake(), c.send('client', 'bye'), c.control('client', FIN | ACK), c.control('server', FIN | ACK)]);
    expect(flows.map((f) => f.endReason)).toEqual(['closed']);
    // The last ACK of the close and a retransmitted FIN: absorbed. The server side, on port 60000
    // with no known service, would otherwise be guessed as the client of a new flow.
    feed([c.after(0.01).control('server', ACK), c.control('server', FIN | ACK)]);
    assembler.flush();
    expect(flows).toHaveLength(1);
    expect(assembler.stats.afterClose).toBe(2);
  });

  it('opens a new flow for a new SYN on a closed 5-tuple, and after the linger time', () => {
    const c = new TcpConversation({ time: 0 });
    const { feed, assembler, flows } = assemble();
    feed([...c.handshake(), c.control('client', RST)]);
    feed([c.after(1).control('client', SYN, -1)]);
    feed([c.control('server', RST | ACK)]);
    feed([c.after(100).control('server', ACK)]);
    assembler.flush();
    expect(flows.map((f) => [f.endReason, f.clientBy])).toEqual([
      ['closed', 'syn'],
      ['closed', 'syn'],
      ['end', 'guess'],
    ]);
  });

  it('ends a flow whose 5-tuple is reused with a new initial sequence number', () => {
    const first = new TcpConversation({ clientIsn: 100, time: 0 });
    const second = new TcpConversation({ clientIsn: 777777, time: 5 });
    const { feed, assembler, flows } = assemble();
    feed([...first.handshake(), first.send('client', 'one'), ...second.handshake(), second.send('client', 'two')]);
    assembler.flush();
    expect(flows.map((f) => text(f.payload?.toServer.bytes))).toEqual(['one', 'two']);
    expect(flows[0].endReason).toBe('closed');
  });

  it('expires the least recently active flow when the table is full, reporting it once', () => {
    const { feed, assembler, flows, issues } = assemble({ maxFlows: 16 });
    const packet = (i: number, time: number) =>
      udpPacket({ src: `10.0.1.${i}`, dst: '10.0.2.1', srcPort: 40000, dstPort: 7777, time, payload: 'x' });
    for (let i = 0; i < 16; i++) feed([packet(i, i)]);
    feed([packet(0, 16)]); // flow 0 is active again: flow 1 is now the least recently active
    for (let i = 16; i < 20; i++) feed([packet(i, i + 1)]);
    expect(flows.map((f) => [f.client.ip, f.endReason])).toEqual(
      [1, 2, 3, 4].map((i) => [`10.0.1.${i}`, 'evicted']),
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'flow.table-full' })]);
    expect(assembler.stats.evicted).toBe(4);
    expect(assembler.size).toBe(16);
  });
});
