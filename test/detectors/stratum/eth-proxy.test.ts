import { makeFlow } from '../../helpers/flows';
import { codes, conversationFlow, inspect, lines, only, T0 } from './helpers';

const header = `0x${'5e'.repeat(32)}`;
const seed = `0x${'88'.repeat(32)}`;
const boundary = '0x0112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba';
const hashesPerShare = 2 ** 256 / Number(BigInt(boundary));
const work = (id: number, h = header) => ({ id, jsonrpc: '2.0', result: [h, seed, boundary, '0x49264a'] });
const submitLogin = {
  worker: 'eth1.0',
  jsonrpc: '2.0',
  params: ['0xc1c427cD8E6B7Ee3b5F30c2e1D3f3c5536EC16f5', 'x'],
  id: 2,
  method: 'eth_submitLogin',
};
const getWork = { worker: '', jsonrpc: '2.0', params: [], id: 3, method: 'eth_getWork' };
const submitWork = { id: 4, method: 'eth_submitWork', params: ['0x93dc6cdc00d0d468', header, `0x${'5f'.repeat(32)}`] };
const hashrate = { id: 6, jsonrpc: '2.0', method: 'eth_submitHashrate', params: ['0x375198a', `0x${'00'.repeat(28)}16526810`] };

function httpPost(body: unknown, host = 'localhost:8545'): string {
  const text = JSON.stringify(body);
  return `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}
function httpReply(body: unknown): string {
  const text = JSON.stringify(body);
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

describe('eth-proxy over TCP lines', () => {
  const flow = conversationFlow({
    sketch: { serverPort: 4444 },
    toServer: lines([
      [T0, submitLogin],
      [T0 + 0.2, getWork],
      [T0 + 7, submitWork],
      [T0 + 9, hashrate],
    ]),
    toClient: lines([
      [T0 + 0.1, { id: 2, jsonrpc: '2.0', result: true }],
      [T0 + 0.3, work(3, `0x${'49'.repeat(32)}`)],
      [T0 + 6, work(0)],
      [T0 + 7.1, { id: 4, jsonrpc: '2.0', result: true }],
    ]),
  });

  it('flags the miner with its worker, login, shares and self-reported rate', () => {
    const client = only(inspect(flow), 'stratum.client');
    expect(client.facts).toMatchObject({
      dialect: 'eth-proxy',
      worker: 'eth1.0',
      login: '0xc1c427cD8E6B7Ee3b5F30c2e1D3f3c5536EC16f5',
      methods: 'eth_submitLogin,eth_getWork,eth_submitWork,eth_submitHashrate',
      shares: 1,
    });
    expect(client.measures).toEqual({
      algorithm: 'ethash',
      algorithmStated: false,
      shares: 1,
      hashes: hashesPerShare,
      windowSeconds: 0,
      selfReportedHashrate: 0x375198a,
    });
    // 2^256 / boundary is about 4.0 GH per share, a typical Ethereum pool difficulty in 2017
    expect(hashesPerShare / 1e9).toBeCloseTo(4.0, 1);
  });

  it('flags the pool side from its work packages and acknowledgements', () => {
    expect(only(inspect(flow), 'stratum.server').count).toBe(4);
  });

  it('takes eth_getWork over raw TCP as mining only when the server answers with work', () => {
    expect(inspect(conversationFlow({ toServer: lines([[T0, getWork]]) }))).toEqual([]);
    const answered = inspect(conversationFlow({ toServer: lines([[T0, getWork]]), toClient: lines([[T0 + 1, work(3)]]) }));
    expect(codes(answered)).toEqual(['stratum.client', 'stratum.server']);
  });
});

describe('Ethereum JSON-RPC over HTTP', () => {
  it('does not flag geth node queries (web3_clientVersion, eth_blockNumber, eth_getWork)', () => {
    const requests = [
      { id: 1, jsonrpc: '2.0', method: 'web3_clientVersion', params: [] },
      { id: 2, jsonrpc: '2.0', method: 'eth_blockNumber', params: [] },
      { id: 3, jsonrpc: '2.0', method: 'eth_getWork', params: [] },
    ];
    const replies = [
      { jsonrpc: '2.0', id: 1, result: 'Geth/v1.8.2-stable/linux-amd64/go1.9.2' },
      { jsonrpc: '2.0', id: 2, result: '0x49264a' },
      { jsonrpc: '2.0', id: 3, result: [header, seed, boundary] },
    ];
    const flow = makeFlow({
      client: '127.0.0.1',
      server: '127.0.0.1',
      serverPort: 8545,
      toServer: requests.map((r) => httpPost(r)).join(''),
      toClient: replies.map((r) => httpReply(r)).join(''),
    });
    expect(inspect(flow)).toEqual([]);
  });

  it('flags a getwork-mode miner that submits work and hashrate to a node or local proxy', () => {
    const flow = makeFlow({
      serverPort: 8545,
      toServer: [httpPost({ ...getWork, worker: undefined }), httpPost(submitWork), httpPost(hashrate)].join(''),
      toClient: [httpReply(work(3)), httpReply({ id: 4, jsonrpc: '2.0', result: true })].join(''),
    });
    const evidence = inspect(flow);
    expect(codes(evidence)).toEqual(['getwork.http']);
    const getwork = only(evidence, 'getwork.http');
    expect(getwork.facts).toMatchObject({ dialect: 'eth-proxy', methods: 'eth_getWork,eth_submitWork,eth_submitHashrate', shares: 1 });
    expect(getwork.measures).toMatchObject({ shares: 1, hashes: hashesPerShare, selfReportedHashrate: 0x375198a });
  });

  it('reads HTTP bodies as bodies, never as Stratum lines: a Stratum call posted is mining over HTTP', () => {
    const body = { id: 1, method: 'mining.subscribe', params: [] };
    const flow = makeFlow({ serverPort: 80, toServer: `${httpPost(body, 'example.com')}\n` });
    expect(codes(inspect(flow))).toEqual(['getwork.http']);
    // A node query in the same framing stays a node query.
    const query = makeFlow({ serverPort: 80, toServer: `${httpPost(getWork, 'example.com')}\n` });
    expect(inspect(query)).toEqual([]);
  });
});
