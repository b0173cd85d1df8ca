import { codes, conversationFlow, inspect, lines, only, T0 } from './helpers';

const wallet = '48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD';
const blob = '0707d5efb9d6057e95a35f868231780b3a8649c4e57f3c77eaf437329243eef0b9f4b6987d05b900000000';
const login = {
  id: 1,
  jsonrpc: '2.0',
  method: 'login',
  params: { login: wallet, pass: 'x', agent: 'XMRig/6.21.0 (Linux x86_64) libuv/1.44.2 gcc/11.2.0', algo: ['rx/0', 'cn/r'], rigid: 'rig-7' },
};
const loginReply = {
  id: 1,
  jsonrpc: '2.0',
  error: null,
  result: { id: '1be0b7b6', job: { blob, job_id: 'q7PL', target: 'b88d0600', algo: 'rx/0' }, status: 'OK' },
};
const submit = (jobId: string, id: number) => ({
  id,
  jsonrpc: '2.0',
  method: 'submit',
  params: { id: '1be0b7b6', job_id: jobId, nonce: 'd0030040', result: 'e1364b8782719d7683e2ccd3d8f724bc59dfa780a9e960e7c0e0046acdb40100' },
});

describe('XMRig stratum', () => {
  it('flags a miner-shaped login and values shares by the job target (b88d0600 → 0xFFFFFFFF/0x68db8)', () => {
    const evidence = inspect(
      conversationFlow({
        toServer: lines([
          [T0, login],
          [T0 + 60, submit('q7PL', 2)],
          [T0 + 120, submit('q7PL', 3)],
          [T0 + 150, { id: 4, jsonrpc: '2.0', method: 'keepalived', params: { id: '1be0b7b6' } }],
        ]),
        toClient: lines([[T0 + 0.2, loginReply]]),
      }),
    );
    const client = only(evidence, 'stratum.client');
    const difficulty = 0xffffffff / 0x00068db8;
    expect(client.facts).toMatchObject({
      dialect: 'xmrig',
      worker: 'rig-7',
      login: wallet,
      algorithm: 'rx/0',
      shares: 2,
    });
    expect(client.facts.difficulty).toBe(10000); // reported to six significant digits
    expect(client.measures).toEqual({
      algorithm: 'randomx',
      algorithmStated: true,
      shares: 2,
      hashes: 2 * difficulty,
      windowSeconds: 60,
    });
    expect(only(evidence, 'stratum.server').count).toBe(1);
  });

  it('keeps peer-supplied names bounded and free of control characters', () => {
    const noisy = { ...login, params: { ...login.params, rigid: `rig\u0000\u001b[31m${'x'.repeat(500)}` } };
    const worker = String(only(inspect(conversationFlow({ toServer: lines([[T0, noisy]]) })), 'stratum.client').facts.worker);
    expect(worker).toHaveLength(128);
    expect(worker.endsWith('…')).toBe(true);
    expect(worker).not.toMatch(/[\u0000-\u001f]/);
  });

  it('reads an 8-byte target as 2^64 / t', () => {
    const evidence = inspect(
      conversationFlow({
        toServer: lines([[T0 + 5, submit('j8', 2)]]),
        toClient: lines([[T0, { jsonrpc: '2.0', method: 'job', params: { blob, job_id: 'j8', target: '0000000000001000' } }]]),
      }),
    );
    // little-endian 0x0010000000000000 = 2^52
    expect(only(evidence, 'stratum.client').measures?.hashes).toBe(2 ** 64 / 2 ** 52);
  });

  it('infers randomx when no algorithm is stated', () => {
    const evidence = inspect(
      conversationFlow({
        toServer: lines([[T0 + 5, submit('j1', 2)]]),
        toClient: lines([[T0, { jsonrpc: '2.0', method: 'job', params: { blob, job_id: 'j1', target: 'b88d0600' } }]]),
      }),
    );
    expect(only(evidence, 'stratum.client').measures).toMatchObject({ algorithm: 'randomx', algorithmStated: false });
  });

  it('takes a login with only login and pass as mining once the pool answers with a job', () => {
    const bare = { id: 1, method: 'login', params: { login: wallet, pass: 'x' } };
    expect(inspect(conversationFlow({ toServer: lines([[T0, bare]]) }))).toEqual([]);
    const answered = inspect(conversationFlow({ toServer: lines([[T0, bare]]), toClient: lines([[T0 + 1, loginReply]]) }));
    expect(codes(answered)).toEqual(['stratum.client', 'stratum.server']);
  });

  it('does not flag a web-app login with a username and password', () => {
    const webLogin = { jsonrpc: '2.0', id: 7, method: 'login', params: { username: 'alice', password: 'hunter2' } };
    const reply = { jsonrpc: '2.0', id: 7, result: { token: 'abc', expires: 3600 } };
    expect(inspect(conversationFlow({ toServer: lines([[T0, webLogin]]), toClient: lines([[T0 + 1, reply]]) }))).toEqual([]);
  });

  it('does not flag login/pass when the reply is not a mining job', () => {
    const apiLogin = { id: 3, method: 'login', params: { login: 'admin', pass: 'secret' } };
    const reply = { id: 3, result: { session: 'xyz' }, error: null };
    expect(inspect(conversationFlow({ toServer: lines([[T0, apiLogin]]), toClient: lines([[T0 + 1, reply]]) }))).toEqual([]);
  });
});
