import { makeFlow } from '../../helpers/flows';
import { codes, inspect, only } from './helpers';

function post(body: unknown, extraHeaders = ''): string {
  const text = JSON.stringify(body);
  return `POST / HTTP/1.1\r\nHost: pool.example:8332\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}
function reply(body: unknown): string {
  const text = JSON.stringify(body);
  return `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

describe('getwork / getblocktemplate over HTTP', () => {
  it('flags getwork and values solutions by the little-endian getwork target', () => {
    // difficulty-1 target 0x00000000ffff0000…, written little-endian as getwork does
    const target = `${'00'.repeat(26)}ffff00000000`;
    const flow = makeFlow({
      serverPort: 8332,
      toServer: `${post({ method: 'getwork', params: [], id: 1 })}\n${post({ method: 'getwork', params: ['0000000105'], id: 2 })}`,
      toClient: reply({ result: { data: '00000001', target, midstate: 'ab', hash1: 'cd' }, error: null, id: 1 }),
    });
    const evidence = only(inspect(flow), 'getwork.http');
    expect(evidence.facts).toMatchObject({ dialect: 'getwork', methods: 'getwork', shares: 1 });
    expect(evidence.count).toBe(2);
    expect(evidence.measures).toMatchObject({ algorithm: 'sha256', shares: 1 });
    expect(evidence.measures?.hashes).toBeCloseTo(2 ** 256 / (0xffff * 2 ** 208), 0);
  });

  it('flags getblocktemplate when it asks for mining capabilities or long polls, and submitblock', () => {
    const asks = (params: unknown) => inspect(makeFlow({ serverPort: 8332, toServer: post({ id: 1, method: 'getblocktemplate', params }) }));
    expect(codes(asks([{ capabilities: ['coinbasetxn', 'workid', 'coinbase/append'] }]))).toEqual(['getwork.http']);
    expect(codes(asks([{ rules: ['segwit'], longpollid: 'abc123' }]))).toEqual(['getwork.http']);
    expect(codes(inspect(makeFlow({ toServer: post({ id: 1, method: 'submitblock', params: ['0000aa'] }) })))).toEqual([
      'getwork.http',
    ]);
  });

  it('does not flag a block explorer asking a node for a template', () => {
    const flow = makeFlow({
      serverPort: 8332,
      toServer: [
        post({ id: 1, method: 'getblockchaininfo', params: [] }),
        post({ id: 2, method: 'getblocktemplate', params: [{ rules: ['segwit'] }] }),
      ].join(''),
    });
    expect(inspect(flow)).toEqual([]);
  });

  it('reads JSON-RPC batches in one body', () => {
    const flow = makeFlow({
      toServer: post([
        { id: 1, method: 'getblockcount', params: [] },
        { id: 2, method: 'getwork', params: [] },
      ]),
    });
    expect(only(inspect(flow), 'getwork.http').facts.methods).toBe('getwork');
  });

  it('resynchronises a mid-stream HTTP head at the next request', () => {
    const flow = makeFlow({
      toServer: `tent-Length: 10\r\n\r\n{"id":1,"m${post({ id: 3, method: 'getwork', params: [] })}`,
      midStream: true,
      extra: { http: { requestLine: 'POST / HTTP/1.1' } },
    });
    expect(codes(inspect(flow))).toEqual(['getwork.http']);
  });
});

describe('mining HTTP headers', () => {
  it('flags the client when the flow layer saw X-Mining-Extensions or a pool header', () => {
    const flow = makeFlow({
      serverPort: 8332,
      extra: { http: { requestLine: 'POST / HTTP/1.1', miningHeaders: { 'x-mining-extensions': 'longpoll midstate rollntime', 'x-long-polling': '/LP' } } },
    });
    const evidence = only(inspect(flow), 'mining-header.http');
    expect(evidence.subject).toBe('192.168.1.10');
    expect(evidence.facts).toEqual({ headers: 'x-mining-extensions,x-long-polling', extensions: 'longpoll midstate rollntime' });
  });

  it('ignores other headers', () => {
    const flow = makeFlow({ extra: { http: { requestLine: 'GET / HTTP/1.1', miningHeaders: { 'x-powered-by': 'php' } } } });
    expect(inspect(flow)).toEqual([]);
  });
});
