import { readTlsSni } from '../../../../src/readers/pcap/app/tls-sni';
import { assemble, TcpConversation } from '../flow-helpers';
import { captureClientHello, clientHelloMessage, inRecords, serverNameData } from './tls-builder';

describe('readTlsSni', () => {
  let nodeHello: Buffer;
  beforeAll(async () => {
    nodeHello = await captureClientHello('Pool.Example.COM');
  });

  it("reads the name from Node's own ClientHello, lower-cased", () => {
    expect(nodeHello[0]).toBe(0x16);
    expect(readTlsSni(nodeHello)).toEqual({ name: 'pool.example.com' });
  });

  it('joins a ClientHello split across records', () => {
    const message = nodeHello.subarray(5, 5 + nodeHello.readUInt16BE(3));
    const split = inRecords(message, 37);
    expect(split.length).toBeGreaterThan(nodeHello.length); // really more than one record
    expect(readTlsSni(split).name).toBe('pool.example.com');
  });

  it('says nothing when the head ends before the extension, however it is cut', () => {
    for (let cut = 0; cut < nodeHello.length; cut += 7) {
      const outcome = readTlsSni(nodeHello.subarray(0, cut));
      expect(outcome.problem).toBeUndefined();
    }
  });

  it('finds no name where there is none', async () => {
    expect(readTlsSni(await captureClientHello())).toEqual({});
    expect(readTlsSni(inRecords(clientHelloMessage({ omitExtensions: true })))).toEqual({});
    expect(readTlsSni(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toEqual({});
    const serverHello = inRecords(Buffer.concat([Buffer.from([2, 0, 0, 4]), Buffer.alloc(4)]));
    expect(readTlsSni(serverHello)).toEqual({});
  });

  it('reads a hand-built ClientHello with other extensions around server_name', () => {
    const hello = clientHelloMessage({
      extensions: [
        { type: 10, data: Buffer.from([0, 2, 0, 29]) },
        { type: 0, data: serverNameData([{ name: 'xmr.pool.minergate.com.' }]) },
        { type: 43, data: Buffer.from([2, 3, 4]) },
      ],
    });
    expect(readTlsSni(inRecords(hello))).toEqual({ name: 'xmr.pool.minergate.com' });
  });

  it.each([
    ['an extension longer than the block', [{ type: 0, data: serverNameData([{ name: 'a.example' }]) }], (b: Buffer) => b.writeUInt16BE(0xfff0, b.length - serverNameData([{ name: 'a.example' }]).length - 2), /extension 0 length 65520 exceeds/],
    ['a name list longer than its extension', [{ type: 0, data: serverNameData([{ name: 'a.example' }]) }], (b: Buffer) => b.writeUInt16BE(200, b.length - 14), /server_name list length 200 exceeds/],
    ['two host names', [{ type: 0, data: serverNameData([{ name: 'a.example' }, { name: 'b.example' }]) }], () => undefined, /two host_name entries/],
    ['a host name with a space', [{ type: 0, data: serverNameData([{ name: 'a example' }]) }], () => undefined, /byte 0x20/],
  ])('reports %s as malformed', (_what, extensions, corrupt, problem) => {
    const message = clientHelloMessage({ extensions });
    corrupt(message);
    const outcome = readTlsSni(inRecords(message));
    expect(outcome.problem).toMatch(problem);
  });

  it('reports a bad session id length and an oversized record', () => {
    expect(readTlsSni(inRecords(clientHelloMessage({ sessionIdLength: 33 }))).problem).toMatch(/session_id length 33/);
    const huge = Buffer.from(nodeHello);
    huge.writeUInt16BE(0x4001, 3);
    expect(readTlsSni(huge).problem).toMatch(/record length 16385/);
  });

  it('fills tlsSni on the flow, and reports a malformed hello at the first client packet', () => {
    const { feed, assembler, flows, issues } = assemble();
    const good = new TcpConversation({ clientPort: 50001, serverPort: 443 });
    const bad = new TcpConversation({ clientPort: 50002, serverPort: 443 });
    const badHello = inRecords(clientHelloMessage({ sessionIdLength: 40 }));
    const [badSyn, ...badRest] = bad.handshake();
    feed([...good.handshake(), good.send('client', nodeHello.subarray(0, 100)), good.send('client', nodeHello.subarray(100))]);
    feed([badSyn, ...badRest, bad.send('client', badHello)]);
    assembler.flush();
    expect(flows.find((f) => f.client.port === 50001)?.tlsSni).toBe('pool.example.com');
    expect(flows.find((f) => f.client.port === 50002)?.tlsSni).toBeUndefined();
    expect(issues).toEqual([{ code: 'tls.malformed', offset: badSyn.offset, message: expect.stringMatching(/session_id/) }]);
  });
});
