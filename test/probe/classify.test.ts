/**
 * The classifier as a pure function over reply bytes: replies shaped as real pool software sends
 * them (ckpool, slush/braiins, NOMP, NiceHash, 2miners/open-ethereum-pool, nodejs-pool,
 * xmrig-proxy, bitcoind-style getblocktemplate, monerod) are pools; everything else that answers —
 * SSH, redis, MQTT, HTTP error pages, JSON-RPC errors, echoes of our own request — is not.
 */
import fc from 'fast-check';
import { classifyReply, probeRequests, type ProbeRequest } from '../../src/probe';
import { parseReply } from '../../src/probe/reply';
import { defaults } from './support';

const { banner, wallet } = defaults.probe;
const requests = probeRequests(banner, wallet, '198.51.100.7:3333');
const byLabel = (label: string): ProbeRequest => {
  const found = requests.find((r) => r.label === label);
  if (!found) throw new Error(`no request ${label}`);
  return found;
};
const subscribe = byLabel('mining.subscribe');
const es1Subscribe = byLabel('mining.subscribe (EthereumStratum/1.0.0)');
const ethProxy = byLabel('eth_submitLogin + eth_getWork');
const login = byLabel('login');
const gbt = byLabel('HTTP getblocktemplate');
const getwork = byLabel('HTTP getwork');
const moneroTemplate = byLabel('HTTP /json_rpc get_block_template');

const lines = (...messages: Array<object | string>) => messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m)) + '\n').join('');
const http = (status: string, body: string, headers: Record<string, string> = {}) =>
  [`HTTP/1.1 ${status}`, ...Object.entries({ 'Content-Length': String(Buffer.byteLength(body)), ...headers }).map(([k, v]) => `${k}: ${v}`), '', body].join('\r\n');

const H64 = (c: string) => c.repeat(64);
const xmrBlob = `1010${'8f'.repeat(37)}a1b2c3d4`;

describe('pool replies (positive samples)', () => {
  it.each<[string, ProbeRequest, string, string]>([
    [
      'ckpool subscribe [[["mining.notify",id]],enonce1,8]',
      subscribe,
      lines({ result: [[['mining.notify', '5c47b4a4']], '5c47b4a4', 8], id: 1, error: null }),
      'stratum-v1',
    ],
    [
      'slush/braiins subscribe with set_difficulty and notify subscriptions',
      subscribe,
      lines({ id: 1, result: [[['mining.set_difficulty', 'b4b6693b72a50c7116db18d6497cac52'], ['mining.notify', 'ae6812eb4cd7735a302a8a9dd95cf71f']], '08000002', 4], error: null }),
      'stratum-v1',
    ],
    [
      'NOMP subscribe followed by set_difficulty and notify',
      subscribe,
      lines(
        { id: 1, result: [[['mining.set_difficulty', 'deadbeefcafebabe0300000000000000'], ['mining.notify', 'deadbeefcafebabe0300000000000000']], '03000000', 4], error: null },
        { id: null, method: 'mining.set_difficulty', params: [16] },
      ),
      'stratum-v1',
    ],
    ['flat subscription variant [["mining.notify",id],hex,n]', subscribe, lines({ id: 1, result: [['mining.notify', 'ae6812eb'], '08000002', 4], error: null }), 'stratum-v1'],
    [
      'NiceHash EthereumStratum/1.0.0 subscribe',
      es1Subscribe,
      lines({ id: 1, result: [['mining.notify', 'ae6812eb4cd7735a302a8a9dd95cf71f', 'EthereumStratum/1.0.0'], '080c'], error: null }),
      'ethereum-stratum',
    ],
    [
      'an unsolicited Stratum v1 mining.notify (9 fields)',
      subscribe,
      lines({
        id: null,
        method: 'mining.notify',
        params: ['bf', '4d16b6f85af6e2198f44ae2a6de67f78487ae5611b77c6c0440b921e00000000', '01000000010000', '072f736c7573682f000000000100f2052a010000001976a914', [], '00000002', '1c2ac4af', '504e86b9', false],
      }),
      'stratum-v1',
    ],
    [
      'an unsolicited EthereumStratum mining.notify (4 fields)',
      es1Subscribe,
      lines({ id: null, method: 'mining.notify', params: ['bf0488aa', H64('a'), H64('6'), true] }),
      'ethereum-stratum',
    ],
    ['an unsolicited mining.set_extranonce', subscribe, lines({ id: null, method: 'mining.set_extranonce', params: ['af4c', 4] }), 'stratum-v1'],
    [
      '2miners eth-proxy: submitLogin true, then a work package',
      ethProxy,
      lines(
        { id: 1, jsonrpc: '2.0', result: true },
        { id: 2, jsonrpc: '2.0', result: [`0x${H64('1')}`, `0x${H64('2')}`, '0x0000000112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba', '0xe0d4ad'] },
      ),
      'eth-proxy',
    ],
    [
      'eth-proxy work pushed with id 0',
      ethProxy,
      lines({ id: 0, jsonrpc: '2.0', result: [`0x${H64('3')}`, `0x${H64('4')}`, `0x${'0'.repeat(8)}${'f'.repeat(56)}`] }),
      'eth-proxy',
    ],
    [
      'nodejs-pool XMRig login with its first job',
      login,
      lines({
        id: 1,
        jsonrpc: '2.0',
        error: null,
        result: { id: '9a3e1f7c-34b2-4f1a-a1c0-2b1f0d9e8c7b', job: { blob: xmrBlob, job_id: 'Xf8kL2', target: 'b88d0600', id: '9a3e1f7c', height: 3112001, seed_hash: H64('c'), algo: 'rx/0' }, status: 'OK' },
      }),
      'xmrig',
    ],
    ['an XMRig job notification', login, lines({ jsonrpc: '2.0', method: 'job', params: { blob: xmrBlob, job_id: '42', target: '711b0d00', algo: 'rx/0' } }), 'xmrig'],
    [
      'a getblocktemplate result (bitcoind shape) over HTTP',
      gbt,
      http('200 OK', JSON.stringify({ result: { previousblockhash: `00000000000000000002${'a'.repeat(44)}`, bits: '17034219', height: 870001, coinbasevalue: 312500000, transactions: [] }, error: null, id: 1 }), { 'Content-Type': 'application/json' }),
      'getblocktemplate',
    ],
    [
      'a getwork result over chunked HTTP',
      getwork,
      (() => {
        const body = JSON.stringify({ result: { data: `00000002${'e'.repeat(248)}`, target: `${'ff'.repeat(28)}00000000`, midstate: H64('9') }, error: null, id: 1 });
        return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      })(),
      'getwork',
    ],
    [
      'monerod get_block_template (XMRig daemon mode)',
      moneroTemplate,
      http('200 Ok', JSON.stringify({ id: 1, jsonrpc: '2.0', result: { blocktemplate_blob: `1010${'7'.repeat(150)}`, blockhashing_blob: `1010${'8'.repeat(140)}`, difficulty: 289000000000, height: 3112001, status: 'OK' } })),
      'getblocktemplate',
    ],
  ])('%s', (_what, request, reply, dialect) => {
    const c = classifyReply(request, Buffer.from(reply));
    expect(c).toMatchObject({ pool: true, strength: 'structure', dialect });
    expect(c.reason).not.toMatch(/[\r\n]/);
  });

  it('names the software where the reply does (xmrig-proxy extensions, HTTP Server)', () => {
    const proxy = lines({ id: 1, jsonrpc: '2.0', error: null, result: { id: 'a1', job: { blob: xmrBlob, job_id: '1', target: 'b88d0600' }, extensions: ['algo', 'nicehash', 'connect', 'tls', 'keepalive'], status: 'OK' } });
    expect(classifyReply(login, proxy).banner).toBe('extensions: algo,nicehash,connect,tls,keepalive');
    const withVersion = lines({ id: 1, jsonrpc: '2.0', result: { id: 'a1', job: { blob: xmrBlob, job_id: '1', target: 'b88d0600' }, status: 'OK', version: 'xmrig-proxy/6.22.0\u0007' } });
    expect(classifyReply(login, withVersion).banner).toBe('xmrig-proxy/6.22.0');
    const body = JSON.stringify({ result: { previousblockhash: 'ab'.repeat(32), bits: '1d00ffff', height: 1 }, id: 1 });
    expect(classifyReply(gbt, http('200 OK', body, { Server: 'p2pool/17.0' })).banner).toBe('p2pool/17.0');
  });

  it('finds the subscribe reply even when it arrives after other lines', () => {
    const reply = lines('', { id: null, method: 'client.show_message', params: ['welcome'] }, { id: 1, result: [[['mining.notify', '01']], 'f8002a00', 4], error: null });
    expect(classifyReply(subscribe, reply)).toMatchObject({ pool: true, dialect: 'stratum-v1' });
  });
});

describe('mining error replies', () => {
  it.each<[string, ProbeRequest, string]>([
    ['nodejs-pool: Invalid payment address provided', login, lines({ id: 1, jsonrpc: '2.0', error: { code: -1, message: 'Invalid payment address provided' } })],
    ['a pool quoting the wallet it rejects', login, lines({ id: 1, jsonrpc: '2.0', error: { code: -1, message: `Invalid payment address provided: ${wallet}` } })],
    ['NOMP: Unauthorized worker (Stratum error array)', subscribe, lines({ id: 1, result: null, error: [24, 'Unauthorized worker', null] })],
    ['Unsupported algo', login, lines({ id: 1, jsonrpc: '2.0', error: { code: -1, message: 'Unsupported algo' } })],
    ['Invalid wallet', ethProxy, lines({ id: 1, jsonrpc: '2.0', error: { code: -1, message: 'Invalid wallet' } })],
  ])('%s → pool (error)', (_what, request, reply) => {
    const c = classifyReply(request, reply);
    expect(c).toMatchObject({ pool: true, strength: 'error', dialect: request.dialect });
    expect(c.reason).toMatch(/^mining error reply to /);
  });
});

describe('replies that are not pools (negative samples)', () => {
  it.each<[string, ProbeRequest, string, RegExp, string | undefined]>([
    ['an SSH banner', subscribe, 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\nInvalid SSH identification string.\r\n', /^replied with non-JSON \(SSH-2\.0-OpenSSH_9\.2p1/, 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'],
    ['a redis error', subscribe, `-ERR unknown command '{"id":1,"method":"mining.subscribe","params":["rigsweep', with args beginning with: \r\n`, /^replied with non-JSON \(-ERR unknown command/, undefined],
    ['an nginx 400 page', subscribe, http('400 Bad Request', '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n', { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' }), /HTTP 400 Bad Request$/, 'nginx/1.22.1'],
    ['an HTTP 404 HTML page', gbt, http('404 Not Found', '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>', { Server: 'Apache/2.4.62 (Debian)' }), /HTTP 404 Not Found$/, 'Apache/2.4.62 (Debian)'],
    ['an HTTP 401 from a node that wants credentials', gbt, http('401 Unauthorized', '', { 'WWW-Authenticate': 'Basic realm="jsonrpc"' }), /HTTP 401/, undefined],
    ['JSON-RPC Method not found (-32601)', login, lines({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } }), /JSON-RPC error without mining structure \(-32601 Method not found\)/, undefined],
    ['Stratum Other/Unknown', login, lines({ id: 1, result: null, error: [20, 'Other/Unknown', null] }), /JSON-RPC error/, undefined],
    ['a method-not-found that names our method', login, lines({ id: 1, jsonrpc: '2.0', error: { code: -1, message: "Unknown method 'login'" } }), /JSON-RPC error/, undefined],
    ['a web API that wants a login', login, lines({ id: 1, error: { code: 401, message: 'login required' } }), /JSON-RPC error/, undefined],
    ['geth without work: no mining work available yet', ethProxy, lines({ jsonrpc: '2.0', id: 1, result: true }, { jsonrpc: '2.0', id: 2, error: { code: -32000, message: 'no mining work available yet' } }), /JSON of no mining shape|JSON-RPC error/, undefined],
    ['eth_submitLogin true alone (no work followed)', ethProxy, lines({ id: 1, jsonrpc: '2.0', result: true }), /JSON of no mining shape/, undefined],
    ['a line echo of our subscribe', subscribe, subscribe.steps[0], /^echoed our request back/, undefined],
    ['a line echo of both eth-proxy steps', ethProxy, ethProxy.steps.join(''), /^echoed our request back/, undefined],
    ['a line echo of our login', login, login.steps[0], /^echoed our request back/, undefined],
    [
      'an HTTP JSON-RPC echo (result = our request)',
      gbt,
      http('200 OK', JSON.stringify({ jsonrpc: '2.0', id: 1, result: { id: 1, method: 'getblocktemplate', params: [{ rules: ['segwit'] }] } })),
      /^echoed our request back/,
      undefined,
    ],
    [
      'a JSON-RPC server reflecting our params in a result',
      login,
      lines({ jsonrpc: '2.0', id: 1, result: { login: wallet, pass: 'x', agent: banner, algo: ['rx/0', 'cn/r', 'gr', 'kawpow'] } }),
      /^echoed our request back/,
      undefined,
    ],
    [
      'an error that quotes our request (with its "algo" and wallet)',
      login,
      lines({ id: 1, error: { code: -1, message: `cannot handle ${JSON.stringify({ login: wallet, pass: 'x', agent: banner, algo: ['rx/0'] })}` } }),
      /^echoed our request back/,
      undefined,
    ],
    ['a line echo of the HTTP request', gbt, gbt.steps[0].split('\r\n').slice(0, -1).join('\r\n') + '\r\n', /^echoed our request back/, undefined],
    ['MQTT CONNACK bytes', subscribe, '\x20\x02\x00\x05', /^replied with 4 bytes of binary \(20 02 00 05\)/, undefined],
    ['a TLS alert', subscribe, '\x15\x03\x01\x00\x02\x02\x46', /bytes of binary/, undefined],
    ['JSON of no mining shape', subscribe, lines({ hello: 'world' }), /JSON of no mining shape/, undefined],
    ['three strings that are not a work package', ethProxy, lines({ id: 2, result: ['a', 'b', 'c'] }), /JSON of no mining shape/, undefined],
    ['a subscribe-like result without a hex extranonce', subscribe, lines({ id: 1, result: [[['mining.notify', '1']], 'not-hex!', 4] }), /JSON of no mining shape/, undefined],
    ['a notify with too few fields', subscribe, lines({ id: null, method: 'mining.notify', params: ['1', '00'] }), /JSON of no mining shape/, undefined],
    ['an XMRig-looking job without a blob', login, lines({ id: 1, result: { job: { job_id: '1', target: 'b88d0600' }, status: 'OK' } }), /JSON of no mining shape/, undefined],
    ['a template without a previous block', gbt, http('200 OK', JSON.stringify({ result: { height: 5, bits: '1d00ffff' }, id: 1 })), /JSON of no mining shape/, undefined],
  ])('%s', (_what, request, reply, reason, banner) => {
    const c = classifyReply(request, Buffer.from(reply, 'latin1'));
    expect(c.pool).toBe(false);
    expect(c.reason).toMatch(reason);
    expect(c.reason).not.toMatch(/[\r\n]/);
    if (banner !== undefined) expect(c.banner).toBe(banner);
  });

  it('keeps a redis error as the banner, sanitised and at most 200 characters', () => {
    const c = classifyReply(subscribe, `-ERR unknown command '${'\u0001x'.repeat(300)}'\r\n`);
    expect(c.banner).toMatch(/^-ERR unknown command/);
    expect(c.banner!.length).toBeLessThanOrEqual(200);
    expect(c.banner).toMatch(/^[\x20-\x7e]*$/);
  });

  it('an empty reply is no pool', () => {
    expect(classifyReply(subscribe, Buffer.alloc(0))).toMatchObject({ pool: false, reason: 'answered nothing' });
  });
});

describe('the classifier is total', () => {
  it('never throws and never finds a pool in random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...requests), (bytes, request) => {
        const c = classifyReply(request, Buffer.from(bytes));
        return c.pool === false && c.reason.length > 0 && !/[\r\n]/.test(c.reason);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random JSON lines, HTTP-wrapped or not', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.boolean(), fc.constantFrom(...requests), (values, wrap, request) => {
        const body = values.map((v) => JSON.stringify(v)).join('\n');
        const reply = wrap ? http('200 OK', body) : body;
        const c = classifyReply(request, reply);
        return typeof c.pool === 'boolean' && typeof c.reason === 'string';
      }),
      { numRuns: 300 },
    );
  });

  it('reads a truncated HTTP response and an unterminated last line', () => {
    expect(parseReply('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"a":1').http).toMatchObject({ status: 200, complete: false });
    expect(parseReply('{"id":1,"result":true}').messages).toEqual([{ id: 1, result: true }]);
  });
});
