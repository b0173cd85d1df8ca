/**
 * The family rule: JSON-RPC of mining shape is read wherever it starts in a direction's stream
 * (after HTTP messages, in their bodies, in WebSocket frames, after any prefix, with any line end),
 * and pages stay pages. Each case here was missed before the rule.
 */
import { readDirection } from '../../../detectors/stratum/read-direction';
import { wsFrame, wsUpgradeRequest, wsUpgradeResponse } from '../../../fixtures/lib/protocols/websocket';
import { codes, conversationFlow, headOf, inspect, lines, T0 } from './helpers';

const subscribe = { id: 1, method: 'mining.subscribe', params: ['cgminer/4.12.1'] };
const authorize = { id: 2, method: 'mining.authorize', params: ['evader.rig1', 'x'] };
const notify = { id: null, method: 'mining.notify', params: ['j1', 'aa', 'bb', 'cc', [], '20000000', '17', '65', true] };
const login = { id: 1, jsonrpc: '2.0', method: 'login', params: { login: '44AFF', pass: 'x', agent: 'XMRig/6.21.0' } };
const MASK = Buffer.from([1, 2, 3, 4]);
const methods = (messages: ReadonlyArray<{ method?: string }>) => messages.map((m) => m.method);

describe('Stratum wherever it starts', () => {
  it('after an HTTP request with no body, on both sides', () => {
    const flow = conversationFlow({
      toServer: [[T0, 'GET / HTTP/1.1\r\n\r\n'], ...lines([[T0 + 1, subscribe], [T0 + 2, authorize]])],
      toClient: lines([[T0 + 3, notify]]),
    });
    expect(codes(inspect(flow))).toEqual(['stratum.client', 'stratum.server']);
  });

  it('inside a CONNECT tunnel, the proxy answer having no body', () => {
    const flow = conversationFlow({
      toServer: [[T0, 'CONNECT pool.example:3333 HTTP/1.1\r\nHost: pool.example:3333\r\n\r\n'], ...lines([[T0 + 1, subscribe]])],
      toClient: [[T0 + 0.5, 'HTTP/1.1 200 Connection established\r\nContent-Length: 0\r\n\r\n'], ...lines([[T0 + 2, notify]])],
    });
    expect(codes(inspect(flow))).toEqual(['stratum.client', 'stratum.server']);
  });

  it('in WebSocket frames after an Upgrade, client frames masked', () => {
    const flow = conversationFlow({
      toServer: [[T0, wsUpgradeRequest('pool.example', '/ws', 'dGhlIHNhbXBsZSBub25jZQ==')], [T0 + 1, wsFrame(JSON.stringify(login), { mask: MASK })]],
      toClient: [[T0 + 0.5, wsUpgradeResponse('dGhlIHNhbXBsZSBub25jZQ==')]],
    });
    expect(codes(inspect(flow))).toEqual(['stratum.client']);
  });

  it('in HTTP POST bodies to any path, keep-alive', () => {
    const post = (body: object) => `POST /api/v2/sync HTTP/1.1\r\nHost: x\r\nContent-Length: ${JSON.stringify(body).length}\r\n\r\n${JSON.stringify(body)}`;
    const flow = conversationFlow({ toServer: [[T0, post(login)], [T0 + 1, post({ id: 2, method: 'keepalived', params: { id: 'a' } })]] });
    expect(codes(inspect(flow))).toEqual(['getwork.http']);
  });

  it('with CR-only line ends and after a NUL', () => {
    const cr = conversationFlow({ toServer: [[T0, `${JSON.stringify(subscribe)}\r${JSON.stringify(authorize)}\r`]] });
    expect(codes(inspect(cr))).toEqual(['stratum.client']);
    const nul = conversationFlow({ toServer: [[T0, `\0${JSON.stringify(login)}\n`]] });
    expect(codes(inspect(nul))).toEqual(['stratum.client']);
  });
});

describe('what nodes serve stays a node query', () => {
  const getWork = { jsonrpc: '2.0', id: 7, method: 'eth_getWork', params: [] };
  const work = { jsonrpc: '2.0', id: 7, result: [`0x${'5e'.repeat(32)}`, `0x${'88'.repeat(32)}`, '0x0112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba'] };

  it('eth_getWork answered with a work package in WebSocket messages (a dapp on a node), unlike eth-proxy lines', () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const overWebSocket = conversationFlow({
      sketch: { serverPort: 8546 },
      toServer: [[T0, wsUpgradeRequest('node.example', '/', key)], [T0 + 1, wsFrame(JSON.stringify(getWork), { mask: MASK })]],
      toClient: [[T0 + 0.5, wsUpgradeResponse(key)], [T0 + 1.1, wsFrame(JSON.stringify(work))]],
    });
    expect(inspect(overWebSocket)).toEqual([]);
    const asLines = conversationFlow({ toServer: lines([[T0 + 1, getWork]]), toClient: lines([[T0 + 1.1, work]]) });
    expect(codes(inspect(asLines))).toEqual(['stratum.client', 'stratum.server']);
  });
});

describe('pages stay pages', () => {
  const quoted = [subscribe, authorize, notify, notify, notify].map((m) => JSON.stringify(m));
  const intro = ['<!doctype html>', '<html><head><title>Stratum</title></head><body>', '<h1>Stratum in five lines</h1>', '<p>A miner and its pool say:</p>', '<pre>'];
  const page = [...intro, ...quoted, '</pre></body></html>', ''].join('\n');

  it('a page of Stratum lines served over HTTP, framed or read to the close', () => {
    const get = 'GET /stratum.html HTTP/1.1\r\nHost: docs.example\r\n\r\n';
    const framed = `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n${page}`;
    const toClose = `HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n${page}`;
    for (const response of [framed, toClose]) {
      expect(inspect(conversationFlow({ sketch: { serverPort: 80 }, toServer: [[T0, get]], toClient: [[T0 + 1, response]] }))).toEqual([]);
    }
  });

  it('the same page picked up mid-stream, with no HTTP head to go by: its markup counts line by line', () => {
    const flow = conversationFlow({ sketch: { serverPort: 80 }, toClient: [[T0, page]], clientOptions: { midStream: true } });
    expect(inspect(flow)).toEqual([]);
    // The same lines after as many lines of junk that is no markup: a prefix, weighing one line.
    const junk = ['\x01\x02', 'zz', 'yy', 'xx', 'ww'].join('\n');
    const prefixed = conversationFlow({ toClient: [[T0, [junk, ...quoted, 'ww', ''].join('\n')]], clientOptions: { midStream: true } });
    expect(codes(inspect(prefixed))).toEqual(['stratum.client', 'stratum.server']);
  });
});

describe('readDirection', () => {
  it('reads the tail window as lines when the head ended in lines, and keeps it apart', () => {
    const head = headOf([[T0, 'junk without a line end'.repeat(10)]], { truncated: true });
    head.tail = headOf([[T0 + 60, `ams":[]}\n${JSON.stringify(login)}\n`]], { midStream: true });
    const [reading, ...others] = readDirection(head, T0);
    expect(others).toEqual([]);
    expect(reading.stream).toEqual([]);
    expect(methods(reading.tail)).toEqual(['login']);
  });

  it('does not read a tail after HTTP bodies or WebSocket frames: it cannot be framed from the middle', () => {
    const body = JSON.stringify({ id: 1, method: 'eth_blockNumber', params: [] });
    const head = headOf([[T0, `POST / HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`]], { truncated: true });
    head.tail = headOf([[T0 + 60, `${JSON.stringify(login)}\n`]], { midStream: true });
    expect(readDirection(head, T0)[0].tail).toEqual([]);
  });

  it('gives a second reading with the later copies of overlapped bytes, and either one can show the mining', () => {
    const real = `${JSON.stringify(login)}\n`;
    // Garbage that parses as more JSON-RPC than the real copy: counting messages would pick it.
    const garbage = `${'{"id":9}'.padEnd(real.length / 2 - 1, ' ')}\n`.repeat(2).padEnd(real.length, ' ');
    for (const [first, later] of [[garbage, real], [real, garbage]]) {
      const head = headOf([[T0, first]]);
      head.laterCopies = headOf([[T0, later]]);
      expect(readDirection(head, T0).map((r) => methods(r.stream))).toEqual(first === real ? [['login'], [undefined, undefined]] : [[undefined, undefined], ['login']]);
      const flow = conversationFlow({ toServer: [[T0, first]] });
      flow.payload!.toServer.laterCopies = headOf([[T0, later]]);
      expect(codes(inspect(flow))).toEqual(['stratum.client']);
    }
  });
});
