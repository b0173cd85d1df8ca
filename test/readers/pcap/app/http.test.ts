import { parseHttpRequestHead, readResponseMiningHeaders } from '../../../../src/readers/pcap/app/http';
import { assemble, TcpConversation } from '../flow-helpers';

const getworkRequest = [
  'POST / HTTP/1.1',
  'Host: Solo.CKPool.org:3333',
  'Authorization: Basic dXNlcjpwYXNz',
  'User-Agent: cgminer/4.12.0',
  'X-Mining-Extensions: longpoll midstate rollntime submitold',
  'X-Mining-Hashrate: 1000000',
  'Content-Type: application/json',
  'Content-Length: 44',
  '',
  '{"method":"getwork","params":[],"id":0}',
].join('\r\n');

const getworkResponse = [
  'HTTP/1.1 200 OK',
  'Content-Type: application/json',
  'X-Long-Polling: /LP',
  'x-stratum: stratum+tcp://solo.ckpool.org:3333',
  'X-Roll-NTime: expire=120',
  '',
  '{"result":{"data":"00"},"error":null,"id":0}',
].join('\r\n');

describe('parseHttpRequestHead', () => {
  it('reads the request line, host without port, agent and mining headers', () => {
    expect(parseHttpRequestHead(Buffer.from(getworkRequest))).toEqual({
      facts: {
        requestLine: 'POST / HTTP/1.1',
        host: 'solo.ckpool.org',
        userAgent: 'cgminer/4.12.0',
        miningHeaders: { 'x-mining-extensions': 'longpoll midstate rollntime submitold' },
      },
      problem: undefined,
    });
  });

  it('takes the host from an absolute target, and strips brackets and trailing dots', () => {
    const proxy = parseHttpRequestHead(Buffer.from('GET http://user@pool.example.com:8332/ HTTP/1.0\n\n'));
    expect(proxy.facts?.host).toBe('pool.example.com');
    const v6 = parseHttpRequestHead(Buffer.from('GET / HTTP/1.1\r\nhost: [2001:DB8::1]:8080\r\n\r\n'));
    expect(v6.facts?.host).toBe('2001:db8::1');
    const dotted = parseHttpRequestHead(Buffer.from('GET / HTTP/1.1\r\nHOST: Example.COM.\r\n\r\n'));
    expect(dotted.facts?.host).toBe('example.com');
  });

  it('reads the complete lines of a head that the payload limit cut', () => {
    const cut = getworkRequest.slice(0, getworkRequest.indexOf('X-Mining') + 5);
    expect(parseHttpRequestHead(Buffer.from(cut)).facts).toEqual({
      requestLine: 'POST / HTTP/1.1',
      host: 'solo.ckpool.org',
      userAgent: 'cgminer/4.12.0',
    });
    expect(parseHttpRequestHead(Buffer.from('POST /rpc HT'))).toEqual({});
  });

  it('reports a bad request line and a header line without a name, keeping what parsed', () => {
    expect(parseHttpRequestHead(Buffer.from('GET /\r\nHost: x\r\n\r\n')).problem).toMatch(/request line "GET \/"/);
    const outcome = parseHttpRequestHead(Buffer.from('GET / HTTP/1.1\r\nHost: a.example\r\nthis is not a header\r\nX-Stratum: 1\r\n\r\n'));
    expect(outcome.problem).toMatch(/header line "this is not a header"/);
    expect(outcome.facts).toMatchObject({ host: 'a.example', miningHeaders: { 'x-stratum': '1' } });
  });

  it('ignores what is not an HTTP request', () => {
    expect(parseHttpRequestHead(Buffer.from('{"method":"login"}\n'))).toEqual({});
    expect(parseHttpRequestHead(Buffer.from('GETTING / HTTP/1.1\r\n\r\n'))).toEqual({});
  });
});

describe('readResponseMiningHeaders', () => {
  it('finds the mining headers a getwork server sends', () => {
    expect(readResponseMiningHeaders(Buffer.from(getworkResponse))).toEqual({
      'x-long-polling': '/LP',
      'x-stratum': 'stratum+tcp://solo.ckpool.org:3333',
    });
    expect(readResponseMiningHeaders(Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n'))).toBeUndefined();
    expect(readResponseMiningHeaders(Buffer.from('X-Stratum: 1\r\n\r\n'))).toBeUndefined();
  });
});

describe('HTTP facets on a flow', () => {
  it('merges request and response mining headers and reports a malformed request', () => {
    const { feed, assembler, flows, issues } = assemble();
    const c = new TcpConversation({ clientPort: 50000, serverPort: 8332 });
    feed([...c.handshake(), c.send('client', getworkRequest), c.send('server', getworkResponse)]);
    const bad = new TcpConversation({ clientPort: 50001, serverPort: 80 });
    const [syn, ...rest] = bad.handshake();
    feed([syn, ...rest, bad.send('client', 'GET /index.html\r\n\r\n')]);
    assembler.flush();
    expect(flows.find((f) => f.client.port === 50000)?.http).toEqual({
      requestLine: 'POST / HTTP/1.1',
      host: 'solo.ckpool.org',
      userAgent: 'cgminer/4.12.0',
      miningHeaders: {
        'x-mining-extensions': 'longpoll midstate rollntime submitold',
        'x-long-polling': '/LP',
        'x-stratum': 'stratum+tcp://solo.ckpool.org:3333',
      },
    });
    expect(issues).toEqual([{ code: 'http.malformed', offset: syn.offset, message: expect.stringMatching(/request line/) }]);
  });
});
