/**
 * Sampled heads (sFlow): each mark starts one sampled packet, cut at the agent's header length.
 * A cut Stratum message is evidence when its visible start is mining-shaped; look-alikes are not.
 */
import { stratumDetector } from '../../../detectors/stratum';
import { inspectFlow } from '../../../detectors/stratum/inspect-flow';
import { parseObjectPrefix, Cut } from '../../../detectors/stratum/wire/json-prefix';
import { Prng } from '../../../fixtures/lib/prng';
import { codes, conversationFlow, inspect, only, T0, type Piece } from './helpers';

/** What a 128-byte sampled header leaves of a packet over Ethernet + IPv4 + TCP with timestamps. */
const PAYLOAD = 62;
const SAMPLED = { sampled: true as const, midStream: true };

/** One packet per message, each cut at `keep` bytes as the agent copies it. */
function packets(start: number, messages: readonly unknown[], keep = PAYLOAD, every = 30): Piece[] {
  return messages.map((m, i) => [start + i * every, `${typeof m === 'string' ? m : JSON.stringify(m)}\n`.slice(0, keep)]);
}

function sampledFlow(toServer: Piece[], toClient: Piece[] = [], serverPort = 3333) {
  return conversationFlow({ toServer, toClient, serverOptions: SAMPLED, clientOptions: SAMPLED, sketch: { serverPort } });
}

const WORKER = 'acmefarm.s9-01';
const submit = (id: number) => ({ id, method: 'mining.submit', params: [WORKER, '8e500382', '88000000', '61510d26', 'b2957c02'] });
const WALLET = '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';

describe('the visible start of a JSON text', () => {
  it('reads whole what the text holds whole and marks what it cut', () => {
    expect(parseObjectPrefix('{"id":17,"method":"mining.submit","params":["bc1q')).toEqual({
      value: { id: 17, method: 'mining.submit', params: new Cut([new Cut('bc1q')]) },
      complete: false,
    });
    // A member whose value had not begun is still seen by name; one whose name was cut is not.
    expect(parseObjectPrefix('{"a":1,"params":')?.value).toEqual({ a: 1, params: new Cut(undefined) });
    expect(parseObjectPrefix('{"a":1,"par')?.value).toEqual({ a: 1 });
    // A number at the very end may have lost digits.
    expect(parseObjectPrefix('{"params":[65536')?.value).toEqual({ params: new Cut([new Cut(65536)]) });
  });

  it('agrees with JSON.parse on whole objects and never throws on any prefix', () => {
    const texts = [JSON.stringify(submit(4)), '{"a":[true,false,null,-1.5e3,"x\\u0041\\n"],"b":{"c":{}}}', '{ "id" : 1 , "method" : "login" }'];
    for (const text of texts) {
      expect(parseObjectPrefix(text)).toEqual({ value: JSON.parse(text), complete: true });
      for (let n = 1; n < text.length; n++) {
        const read = parseObjectPrefix(text.slice(0, n));
        expect(read?.complete).toBe(false);
      }
    }
  });

  it('is not JSON when the text stops being JSON before it ends', () => {
    expect(parseObjectPrefix('{"id":1 "method"')).toBeUndefined();
    expect(parseObjectPrefix('{"id":1}, trailing')).toBeUndefined();
    expect(parseObjectPrefix('<p>{"id":1')).toBeUndefined();
    expect(parseObjectPrefix('{"id":tru,')).toBeUndefined();
  });
});

describe('mining messages cut by the sampled header length', () => {
  it('a Stratum v1 client seen only in cut submits gives the fragment code, with the worker name it shows whole', () => {
    const flow = sampledFlow(packets(T0, [submit(11), submit(12), submit(13)]));
    const evidence = inspect(flow);
    expect(codes(evidence)).toEqual(['stratum.sampled-fragment']);
    expect(only(evidence, 'stratum.sampled-fragment')).toMatchObject({
      subject: flow.client.ip,
      count: 3,
      facts: { dialect: 'stratum-v1', methods: 'mining.submit', worker: WORKER, fragments: 3 },
    });
  });

  it('keeps no worker name that the cut left short', () => {
    const evidence = inspect(sampledFlow(packets(T0, [submit(11)], 48)));
    const facts = only(evidence, 'stratum.sampled-fragment').facts;
    expect(facts.methods).toBe('mining.submit');
    expect(facts.worker).toBeUndefined();
  });

  it('a whole message in a sampled packet is evidence as in a capture', () => {
    const authorize = { id: 3, method: 'mining.authorize', params: [WORKER, 'x'] };
    // A 256-byte header (or a short message) holds the whole line.
    const evidence = inspect(sampledFlow(packets(T0, [authorize, submit(11)], 190)));
    expect(codes(evidence)).toEqual(['stratum.client']);
    expect(only(evidence, 'stratum.client').facts).toMatchObject({ worker: WORKER, methods: 'mining.authorize,mining.submit' });
  });

  it('server-side jobs and difficulties, cut, accuse the client that receives them', () => {
    const notify = { id: null, method: 'mining.notify', params: ['8e500382', 'aecf7da37acb5f2d'.repeat(4), '01000000', '', [], '20000000', '170e92aa', '61510d04', true] };
    const flow = sampledFlow([], packets(T0, [notify, notify]));
    expect(only(inspect(flow), 'stratum.sampled-fragment')).toMatchObject({ subject: flow.client.ip, facts: { serverMethods: 'mining.notify' } });
  });

  it('recognises each dialect of the family from its visible start', () => {
    const cases: Array<[string, Piece[], Piece[]]> = [
      ['xmrig login with an agent', packets(T0, [`{"id":1,"method":"login","params":{"agent":"XMRig/6.21.0 (Linux x86_64) libuv/1.44.2","login":"${WALLET}"`], 110), []],
      ['xmrig submit', packets(T0, [{ id: 11, jsonrpc: '2.0', method: 'submit', params: { job_id: 'q7PL'.repeat(5), nonce: 'd0030040', result: 'e1'.repeat(32) } }]), []],
      ['xmrig job', [], packets(T0, [{ jsonrpc: '2.0', method: 'job', params: { blob: '0707'.repeat(40), job_id: 'q7PL', target: 'b88d0600' } }])],
      ['eth-proxy login', packets(T0, [{ worker: 'eth1.0', jsonrpc: '2.0', params: ['0x0fcc'.padEnd(42, '0') + '.rig2', 'x'], id: 2, method: 'eth_submitLogin' }].map((m) => JSON.stringify({ id: m.id, method: m.method, params: m.params }))), []],
      ['EthereumStratum/2.0.0 hello', packets(T0, [{ id: 0, method: 'mining.hello', params: { agent: 'ethminer-0.17', host: 'pool', port: '4d2', proto: 'EthereumStratum/2.0.0' } }]), []],
      ['EthereumStratum/2.0.0 set', [], packets(T0, [{ method: 'mining.set', params: { epoch: 'dc', target: '0112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba', algo: 'ethash' } }])],
      ['subscribe', packets(T0, [{ id: 2, method: 'mining.subscribe', params: ['bmminer/2.0.0/Antminer S9/1.0', '01'] }]), []],
    ];
    for (const [name, toServer, toClient] of cases) {
      expect({ name, codes: codes(inspect(sampledFlow(toServer, toClient))) }).toEqual({ name, codes: ['stratum.sampled-fragment'] });
    }
  });

  it('a supporting prefix alone is not enough (eth_getWork is also a node query)', () => {
    expect(inspect(sampledFlow(packets(T0, [{ id: 1, jsonrpc: '2.0', method: 'eth_getWork', params: [] }], 30)))).toEqual([]);
  });
});

describe('sampled look-alikes are not mining', () => {
  const expectNothing = (toServer: Piece[], toClient: Piece[] = [], port = 3333) => expect(inspect(sampledFlow(toServer, toClient, port))).toEqual([]);

  it('web-app logins with "method":"login"', () => {
    expectNothing(packets(T0, [{ id: 1, method: 'login', params: { username: 'alice', password: 'hunter2' } }]), [], 443);
    expectNothing(packets(T0, [{ jsonrpc: '2.0', method: 'login', params: { login: 'alice@example.com', remember: true } }]));
    // login alone, cut: a web app's as much as a miner's.
    expectNothing(packets(T0, [`{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"${WALLET}"`]));
    expectNothing(packets(T0, [{ id: 1, method: 'login', params: ['alice', 'secret'] }]));
  });

  it('JSON-RPC node pollers, HTTP head sampled or not', () => {
    // Bodies sent in segments of their own, the request heads not sampled.
    const block = { jsonrpc: '2.0', method: 'eth_getBlockByNumber', params: ['latest', false], id: 7 };
    const getWork = { jsonrpc: '2.0', method: 'eth_getWork', params: [], id: 8 };
    const work = { jsonrpc: '2.0', id: 8, result: [`0x${'ab'.repeat(32)}`, `0x${'cd'.repeat(32)}`, `0x${'00'.repeat(4)}${'ff'.repeat(28)}`] };
    expectNothing(packets(T0, [block, getWork, block, getWork]), packets(T0 + 1, [work, work]), 8545);
    // A sampled packet starts with an HTTP request: the flow is HTTP, never read as Stratum lines.
    const request = 'POST / HTTP/1.1\r\nHost: 192.168.2.20:8545\r\nContent-Type: application/json\r\n';
    const login = { id: 1, method: 'eth_submitLogin', params: [`0x${'0f'.repeat(20)}.rig2`, 'x'] };
    expectNothing([...packets(T0, [login]), [T0 + 100, request]], [], 8545);
  });

  it('a news page that quotes Stratum, with one packet starting right at a quoted message', () => {
    const html = '<p>Filler paragraph of the article, repeated to give the page a realistic size.</p>\n';
    const quote = '{"id": 1, "method": "mining.subscribe", "params": ["cgminer/4.10.0"]}\n';
    expectNothing([], packets(T0, [html, html, quote, html, html]), 80);
  });

  it('chat over WebSocket frames and JSON objects that are not JSON-RPC', () => {
    const frame = (text: string) => Buffer.concat([Buffer.from([0x81, text.length]), Buffer.from(text)]);
    const chat = '{"type":"message","text":"{\\"method\\":\\"mining.submit\\"}"}';
    expectNothing([[T0, frame(chat)], [T0 + 20, frame(chat)]], [[T0 + 1, frame(chat)]], 443);
    expectNothing(packets(T0, [{ type: 'chat', method: 'mining.submit', params: [WORKER, '8e500382', '88000000'] }]));
    expectNothing(packets(T0, [{ channel: 'pool', method: 'job', params: { blob: 'ab' } }]), [], 443);
  });

  it('methods from the wrong side, or with params of the wrong shape', () => {
    // A client does not send jobs; a server does not submit.
    expectNothing(packets(T0, [{ id: null, method: 'mining.notify', params: ['8e500382', 'ab'.repeat(40)] }]));
    expectNothing([], packets(T0, [submit(1)]));
    expectNothing(packets(T0, [{ id: 1, method: 'mining.submit', params: { worker: 'w', job: 'j' } }]));
    expectNothing(packets(T0, [{ id: 1, method: 'submit', params: { form: 'contact', email: 'a@example.com' } }]));
    expectNothing([], packets(T0, [{ method: 'job', params: { blob: 'not hex at all, a print job', target: 'printer-2' } }]));
  });

  it('heads that are not sampled are read as streams, as before', () => {
    const cut = packets(T0, [submit(11), submit(12)]);
    expect(inspect(conversationFlow({ toServer: cut, serverOptions: { midStream: true, gaps: 2 } }))).toEqual([]);
  });
});

describe('sampled heads of any bytes', () => {
  it('never make the detector throw (cut messages, random bytes, empty packets)', () => {
    const prng = new Prng(7);
    const samples = [JSON.stringify(submit(1)), `{"id":1,"method":"login","params":{"login":"${WALLET}","agent":"XMRig"}}`, '{"method":"job","params":{"blob":"0707","target":"b88d0600"}}'];
    for (let run = 0; run < 300; run++) {
      const pieces: Piece[] = [];
      for (let i = 0; i < prng.int(0, 6); i++) {
        const base = prng.next() < 0.5 ? Buffer.from(prng.pick(samples)) : prng.bytes(prng.int(0, 80));
        const from = prng.int(0, 3) === 0 ? prng.int(0, base.length) : 0;
        pieces.push([T0 + i, base.subarray(from, from + prng.int(0, 80))]);
      }
      const flow = sampledFlow(pieces, [...pieces].reverse());
      expect(() => inspectFlow(stratumDetector, flow, { v2Ports: new Set() })).not.toThrow();
    }
  });
});
