import { makeFlow } from '../../helpers/flows';
import { codes, conversationFlow, inspect, lines, only, T0 } from './helpers';

const subscribe = { id: 1, method: 'mining.subscribe', params: ['cgminer/4.10.0'] };
const subscribeReply = {
  id: 1,
  result: [[['mining.set_difficulty', 'b4b6693b'], ['mining.notify', 'ae6812eb']], '08000002', 4],
  error: null,
};
const authorize = { params: ['slush.miner1', 'password'], id: 2, method: 'mining.authorize' };
const setDifficulty = { params: [8], id: null, method: 'mining.set_difficulty' };
const notify = {
  params: ['bf', '4d16b6f8', '01000000', '072f736c', [], '00000002', '1c2ac4af', '504e86b9', false],
  id: null,
  method: 'mining.notify',
};
const submit = { params: ['slush.miner1', 'bf', '00000001', '504e86ed', 'b2957c02'], id: 4, method: 'mining.submit' };

describe('Stratum v1', () => {
  const flow = conversationFlow({
    toServer: lines([
      [T0 + 1, subscribe],
      [T0 + 2, authorize],
      [T0 + 30, submit],
    ]),
    toClient: lines([
      [T0 + 1.1, subscribeReply],
      [T0 + 2.1, { error: null, id: 2, result: true }],
      [T0 + 2.2, setDifficulty],
      [T0 + 2.3, notify],
    ]),
  });

  it('flags the client as a miner with what it said about itself', () => {
    const client = only(inspect(flow), 'stratum.client');
    expect(client.subject).toBe('192.168.1.10');
    expect(client.peer).toEqual({ ip: '203.0.113.5', port: 3333 });
    expect(client.count).toBe(3);
    // The whole record: the rig hashed all that time, and the estimate divides by it.
    expect(client.firstSeen).toBe(flow.firstSeen);
    expect(client.lastSeen).toBe(flow.lastSeen);
    expect(client.facts).toMatchObject({
      dialect: 'stratum-v1',
      methods: 'mining.subscribe,mining.authorize,mining.submit',
      worker: 'slush.miner1',
      agent: 'cgminer/4.10.0',
      difficulty: 8,
      shares: 1,
    });
  });

  it('flags the server side, counting its replies and notifications', () => {
    const server = only(inspect(flow), 'stratum.server');
    expect(server.subject).toBe('203.0.113.5');
    expect(server.peer).toEqual({ ip: '192.168.1.10', port: 50000 });
    expect(server.count).toBe(4);
    expect(server.facts.methods).toBe('mining.set_difficulty,mining.notify');
  });

  it('emits one evidence per code for the flow', () => {
    expect(codes(inspect(flow))).toEqual(['stratum.client', 'stratum.server']);
  });

  it('reads any key order, inner whitespace and CRLF line ends', () => {
    const text =
      '{ "params" :\t[ "w.1" , "x" ] , "id":2 ,\t"method" : "mining.authorize" }\r\n' +
      '\r\n{"method":"mining.submit","id":3,"params":["w.1","j","00","5f","ab"]}\r\n';
    const client = only(inspect(conversationFlow({ toServer: [[T0, text]] })), 'stratum.client');
    expect(client.facts.worker).toBe('w.1');
    expect(client.facts.methods).toBe('mining.authorize,mining.submit');
  });

  it('reads a message split across segments, timed by its last segment', () => {
    const message = JSON.stringify(submit);
    const flowSplit = conversationFlow({
      toServer: [
        [T0 + 5, message.slice(0, 20)],
        [T0 + 6, message.slice(20, 50)],
        [T0 + 7, `${message.slice(50)}\n`],
        [T0 + 10, `${message}\n`],
      ],
      toClient: [[T0 + 1, `${JSON.stringify(setDifficulty)}\n`]],
    });
    const client = only(inspect(flowSplit), 'stratum.client');
    expect(client.facts.methods).toBe('mining.submit');
    // first share complete at T0+7, second at T0+10
    expect(client.measures?.windowSeconds).toBe(3);
  });

  it('picks a connection up mid-stream where only submits and notifications are visible', () => {
    const midFlow = conversationFlow({
      toServer: [[T0, `"b2957c02"], "id": 4, "method": "mining.submit"}\n${JSON.stringify(submit)}\n`]],
      toClient: [[T0, `86b9", false], "id": null}\n${JSON.stringify(notify)}\n`]],
      serverOptions: { midStream: true },
      clientOptions: { midStream: true },
    });
    const evidence = inspect(midFlow);
    expect(codes(evidence)).toEqual(['stratum.client', 'stratum.server']);
    expect(only(evidence, 'stratum.client').count).toBe(1);
  });

  it('resynchronises after a lost segment at the next line', () => {
    const whole = JSON.stringify(authorize);
    const damaged = `${JSON.stringify(subscribe).slice(0, 25)}${whole.slice(30)}\n${JSON.stringify(submit)}\n`;
    const evidence = inspect(conversationFlow({ toServer: [[T0, damaged]], serverOptions: { gaps: 1 } }));
    expect(only(evidence, 'stratum.client').facts.methods).toBe('mining.submit');
  });

  it('still flags the client when only the server side is visible', () => {
    const evidence = inspect(conversationFlow({ toClient: lines([[T0, setDifficulty], [T0 + 1, notify]]) }));
    expect(codes(evidence)).toEqual(['stratum.client', 'stratum.server']);
    expect(only(evidence, 'stratum.client').facts.methods).toBeUndefined();
  });

  it('recognises the BIP 310 and extranonce extensions', () => {
    const evidence = inspect(
      conversationFlow({
        toServer: lines([
          [T0, { id: 1, method: 'mining.configure', params: [['version-rolling'], { 'version-rolling.mask': '1fffe000' }] }],
          [T0 + 1, { id: 2, method: 'mining.extranonce.subscribe', params: [] }],
        ]),
        toClient: lines([
          [T0 + 2, { id: null, method: 'mining.set_version_mask', params: ['1fffe000'] }],
          [T0 + 3, { id: null, method: 'mining.set_extranonce', params: ['08000002', 4] }],
        ]),
      }),
    );
    expect(only(evidence, 'stratum.client').facts.methods).toBe('mining.configure,mining.extranonce.subscribe');
    expect(only(evidence, 'stratum.server').facts.methods).toBe('mining.set_version_mask,mining.set_extranonce');
  });

  it('ignores server-only methods sent by the client and vice versa', () => {
    const evidence = inspect(
      conversationFlow({ toServer: lines([[T0, notify]]), toClient: lines([[T0, submit]]) }),
    );
    expect(evidence).toEqual([]);
  });

  it('does not take a reply alone as evidence', () => {
    const evidence = inspect(conversationFlow({ toClient: lines([[T0, subscribeReply], [T0, { id: 2, result: true, error: null }]]) }));
    expect(evidence).toEqual([]);
  });

  it('counts the reply of a mining request towards the server', () => {
    const evidence = inspect(
      conversationFlow({ toServer: lines([[T0, authorize]]), toClient: lines([[T0 + 1, { id: 2, result: true, error: null }]]) }),
    );
    expect(only(evidence, 'stratum.server').count).toBe(1);
  });

  it('finds Stratum inside an HTTP CONNECT tunnel through a proxy', () => {
    const flow = conversationFlow({
      sketch: { serverPort: 3128, extra: { http: { requestLine: 'CONNECT pool.example:3333 HTTP/1.1' } } },
      toServer: [[T0, 'CONNECT pool.example:3333 HTTP/1.1\r\nHost: pool.example:3333\r\n\r\n'], ...lines([[T0 + 1, subscribe], [T0 + 2, authorize], [T0 + 3, submit]])],
      toClient: [[T0 + 0.5, 'HTTP/1.1 200 Connection established\r\n\r\n'], ...lines([[T0 + 1.5, setDifficulty], [T0 + 1.6, notify]])],
    });
    expect(codes(inspect(flow))).toEqual(['stratum.client', 'stratum.server']);
  });

  it('works on flows built by the shared makeFlow helper', () => {
    const flow = makeFlow({ toServer: `${JSON.stringify(subscribe)}\r\n${JSON.stringify(authorize)}\r\n` });
    expect(only(inspect(flow), 'stratum.client').facts.worker).toBe('slush.miner1');
  });
});

describe('EthereumStratum', () => {
  it('names EthereumStratum/1.0.0 from the subscribe and infers ethash', () => {
    const evidence = inspect(
      conversationFlow({
        toServer: lines([
          [T0, { id: 1, method: 'mining.subscribe', params: ['ethminer/0.19.0', 'EthereumStratum/1.0.0'] }],
          [T0 + 1, { id: 2, method: 'mining.authorize', params: ['0xabc.rig1', 'x'] }],
          [T0 + 10, { id: 5, method: 'mining.submit', params: ['0xabc.rig1', 'job1', '2a1b0000f0e1'] }],
        ]),
        toClient: lines([
          [T0 + 2, { id: null, method: 'mining.set_difficulty', params: [0.5] }],
          [T0 + 3, { id: null, method: 'mining.notify', params: ['job1', `0x${'aa'.repeat(32)}`, `0x${'bb'.repeat(32)}`, true] }],
        ]),
      }),
    );
    const client = only(evidence, 'stratum.client');
    expect(client.facts).toMatchObject({ dialect: 'ethereum-stratum-1', agent: 'ethminer/0.19.0', worker: '0xabc.rig1' });
    expect(client.measures).toMatchObject({ algorithm: 'ethash', algorithmStated: false, shares: 1, hashes: 0.5 * 2 ** 32 });
  });

  it('recognises an EthereumStratum/1.0.0 job mid-stream by its shape', () => {
    const evidence = inspect(
      conversationFlow({
        toClient: lines([[T0, { id: null, method: 'mining.notify', params: ['j', `${'aa'.repeat(32)}`, `${'bb'.repeat(32)}`, false] }]]),
      }),
    );
    expect(only(evidence, 'stratum.client').facts.dialect).toBe('ethereum-stratum-1');
  });

  it('names EthereumStratum/2.0.0 from mining.hello and values shares by the mining.set target', () => {
    const target = `00000000${'f'.repeat(56)}`; // 2^224-ish: about 2^32 hashes per share
    const evidence = inspect(
      conversationFlow({
        toServer: lines([
          [T0, { id: 0, method: 'mining.hello', params: { agent: 'ethminer-0.17', host: 'pool', port: '4d2', proto: 'EthereumStratum/2.0.0' } }],
          [T0 + 1, { id: 1, method: 'mining.subscribe' }],
          [T0 + 20, { id: 31, method: 'mining.submit', params: ['bf0488aa', '68765fccd712', 'w-123'] }],
          [T0 + 25, { id: 16, method: 'mining.hashrate', params: ['500000', 'w-123'] }],
        ]),
        toClient: lines([
          [T0 + 2, { method: 'mining.set', params: { epoch: 'dc', target, algo: 'ethash', extranonce: 'af4c' } }],
          [T0 + 3, { method: 'mining.notify', params: ['bf0488aa', '6526d5', 'aa'.repeat(32), '0'] }],
        ]),
      }),
    );
    const client = only(evidence, 'stratum.client');
    expect(client.facts).toMatchObject({ dialect: 'ethereum-stratum-2', agent: 'ethminer-0.17', algorithm: 'ethash' });
    expect(client.measures?.algorithmStated).toBe(true);
    expect(client.measures?.shares).toBe(1);
    expect(client.measures?.hashes).toBeCloseTo(2 ** 256 / Number(BigInt(`0x${target}`)), -3);
    expect(client.measures?.selfReportedHashrate).toBe(0x500000);
  });
});
