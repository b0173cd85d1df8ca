import { canonicalMethod } from '../../../detectors/stratum/wire/method-names';
import { codes, conversationFlow, inspect, lines, T0 } from './helpers';

describe('canonicalMethod', () => {
  it('reads the family names in any case as the dialects spell them', () => {
    expect(canonicalMethod('Mining.Subscribe')).toBe('mining.subscribe');
    expect(canonicalMethod('MINING.SET_DIFFICULTY')).toBe('mining.set_difficulty');
    expect(canonicalMethod('LOGIN')).toBe('login');
    expect(canonicalMethod('Eth_SubmitLogin')).toBe('eth_submitLogin');
    expect(canonicalMethod('eth_submitlogin')).toBe('eth_submitLogin');
  });

  it('keeps every other name as sent', () => {
    expect(canonicalMethod('Chat.Send')).toBe('Chat.Send');
    expect(canonicalMethod('mining.subscribe.count')).toBe('mining.subscribe.count');
  });
});

describe('method-name case changes (client side only)', () => {
  it('flag a recased Stratum v1 client and a recased XMRig login', () => {
    const v1 = conversationFlow({
      toServer: lines([
        [T0, { id: 1, method: 'Mining.Subscribe', params: ['cgminer/4.12.1'] }],
        [T0 + 1, { id: 2, method: 'MINING.AUTHORIZE', params: ['evader.rig1', 'x'] }],
      ]),
    });
    expect(codes(inspect(v1))).toEqual(['stratum.client']);
    const xmrig = conversationFlow({
      toServer: lines([[T0, { id: 1, method: 'LOGIN', params: { login: '44AFF', pass: 'x', agent: 'XMRig/6.21.0' } }]]),
    });
    expect(codes(inspect(xmrig))).toEqual(['stratum.client']);
  });

  it('still leave a web app Login with username and password alone', () => {
    const web = conversationFlow({ toServer: lines([[T0, { id: 1, method: 'Login', params: { username: 'alice', password: 'x' } }]]) });
    expect(inspect(web)).toEqual([]);
  });
});
