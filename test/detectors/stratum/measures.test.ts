import { conversationFlow, inspect, lines, only, T0 } from './helpers';

const setDifficulty = (d: number) => ({ id: null, method: 'mining.set_difficulty', params: [d] });
const notify = (job: string) => ({ id: null, method: 'mining.notify', params: [job, 'aa', 'bb', 'cc', [], '20000000', '1703a30c', '65b2c1f0', true] });
const submit = (job: string, id: number) => ({ id, method: 'mining.submit', params: ['farm.rig1', job, '00000001', '65b2c1f0', 'b2957c02'] });

describe('share measures', () => {
  it('values 10 shares at difficulty 8 as 10·8·2^32 hashes over the time between the first and last', () => {
    const submits = Array.from({ length: 10 }, (_, i) => [T0 + 100 + 30 * i, submit('j1', 10 + i)] as const);
    const flow = conversationFlow({
      toServer: lines([[T0, { id: 1, method: 'mining.subscribe', params: [] }], ...submits]),
      toClient: lines([
        [T0 + 1, setDifficulty(8)],
        [T0 + 2, notify('j1')],
      ]),
    });
    expect(only(inspect(flow), 'stratum.client').measures).toEqual({
      algorithm: 'sha256',
      algorithmStated: false,
      shares: 10,
      hashes: 10 * 8 * 2 ** 32,
      windowSeconds: 270,
    });
  });

  it('applies a new difficulty to jobs announced after it, not to shares for earlier jobs', () => {
    const flow = conversationFlow({
      toServer: lines([
        [T0 + 10, submit('j1', 2)],
        [T0 + 21, submit('j1', 3)], // job j1 was announced at difficulty 8
        [T0 + 30, submit('j2', 4)],
        [T0 + 40, submit('j2', 5)],
      ]),
      toClient: lines([
        [T0, setDifficulty(8)],
        [T0 + 1, notify('j1')],
        [T0 + 20, setDifficulty(16)],
        [T0 + 25, notify('j2')],
      ]),
    });
    const measures = only(inspect(flow), 'stratum.client').measures;
    expect(measures?.hashes).toBe((8 + 8 + 16 + 16) * 2 ** 32);
    expect(only(inspect(flow), 'stratum.client').facts.difficulty).toBe(16);
  });

  it('values a share for an unseen job by the difficulty in force when it was sent', () => {
    const flow = conversationFlow({
      toServer: lines([
        [T0 + 10, submit('old', 2)],
        [T0 + 30, submit('old', 3)],
      ]),
      toClient: lines([
        [T0, setDifficulty(4)],
        [T0 + 20, setDifficulty(32)],
      ]),
    });
    expect(only(inspect(flow), 'stratum.client').measures?.hashes).toBe((4 + 32) * 2 ** 32);
  });

  it('orders both directions by arrival, and leaves shares sent before any difficulty out of the estimate', () => {
    const flow = conversationFlow({
      toServer: lines([
        [T0 + 1, submit('a', 2)],
        [T0 + 3, submit('b', 3)],
      ]),
      toClient: lines([[T0 + 2, setDifficulty(2)]]),
    });
    const client = only(inspect(flow), 'stratum.client');
    expect(client.facts.shares).toBe(2);
    expect(client.measures).toMatchObject({ shares: 1, hashes: 2 * 2 ** 32, windowSeconds: 0 });
  });

  it('gives no measures when no share could be valued and nothing was self-reported', () => {
    const flow = conversationFlow({ toServer: lines([[T0, submit('a', 2)]]) });
    expect(only(inspect(flow), 'stratum.client').measures).toBeUndefined();
  });

  it('reads mining.set_target as a 256-bit target', () => {
    const target = `0000000${'f'.repeat(57)}`; // 2^228 - 1: about 2^28 hashes per share
    const flow = conversationFlow({
      toServer: lines([[T0 + 5, submit('j', 2)]]),
      toClient: lines([[T0, { id: null, method: 'mining.set_target', params: [target] }]]),
    });
    expect(only(inspect(flow), 'stratum.client').measures?.hashes).toBeCloseTo(2 ** 28, 0);
  });
});
