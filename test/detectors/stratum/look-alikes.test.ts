import { makeFlow } from '../../helpers/flows';
import { conversationFlow, inspect, lines, T0 } from './helpers';

describe('look-alikes are not mining', () => {
  it('an HTML page quoting Stratum messages, with or without its HTTP head', () => {
    const page = [
      '<html><body><h1>How Stratum works</h1>',
      '<p>The miner sends {"id": 1, "method": "mining.subscribe", "params": []} first.</p>',
      '<pre>',
      '{"id": null, "method": "mining.notify", "params": ["bf", "4d16", "0100", "072f", [], "02", "1c2a", "504e", false]}',
      '</pre>',
      '<p>Then mining.set_difficulty and mining.notify follow.</p>',
      '</body></html>',
    ].join('\n');
    const response = `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n${page}`;
    const request = 'GET /blog/stratum HTTP/1.1\r\nHost: news.example\r\n\r\n';
    expect(inspect(makeFlow({ serverPort: 80, toServer: request, toClient: response }))).toEqual([]);
    // Picked up mid-page: no HTTP head to go by, but the stream is mostly not JSON.
    expect(inspect(makeFlow({ serverPort: 80, toClient: `x${page}\n`, midStream: true }))).toEqual([]);
  });

  it('a JSON log stream that mentions mining methods in strings', () => {
    const flow = conversationFlow({
      toServer: lines([
        [T0, { level: 'info', msg: 'mining.subscribe received', method: 'log' }],
        [T0 + 1, { level: 'info', msg: 'forwarded', method: 'mining.subscribe.count' }],
      ]),
    });
    expect(inspect(flow)).toEqual([]);
  });

  it('JSON-RPC with unrelated methods over raw TCP (an Electrum server)', () => {
    const flow = conversationFlow({
      sketch: { serverPort: 50001 },
      toServer: lines([
        [T0, { id: 0, method: 'server.version', params: ['electrum/4.4', '1.4'] }],
        [T0 + 1, { id: 1, method: 'blockchain.headers.subscribe', params: [] }],
      ]),
      toClient: lines([[T0 + 2, { jsonrpc: '2.0', id: 1, result: { height: 800000, hex: '00' } }]]),
    });
    expect(inspect(flow)).toEqual([]);
  });

  it('MQTT keepalives and an SSH session', () => {
    const mqttConnect = Buffer.from('101000044d5154540402003c0004746573740000', 'hex');
    const mqttPing = Buffer.from('c000', 'hex');
    const mqtt = conversationFlow({
      sketch: { serverPort: 1883 },
      toServer: [[T0, mqttConnect], [T0 + 60, mqttPing], [T0 + 120, mqttPing]],
      toClient: [[T0 + 0.1, Buffer.from('20020000', 'hex')], [T0 + 60.1, Buffer.from('d000', 'hex')]],
    });
    expect(inspect(mqtt)).toEqual([]);
    const ssh = conversationFlow({
      sketch: { serverPort: 22 },
      toServer: [[T0, 'SSH-2.0-OpenSSH_9.6\r\n'], [T0 + 1, Buffer.alloc(64, 7)]],
      toClient: [[T0, 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'], [T0 + 1, Buffer.alloc(234, 9)]],
    });
    expect(inspect(ssh)).toEqual([]);
  });

  it('flow exports and UDP carry nothing to read', () => {
    const text = `${JSON.stringify({ id: 1, method: 'mining.subscribe', params: [] })}\n`;
    expect(inspect(makeFlow({ source: 'flow-export', toServer: text }))).toEqual([]);
    expect(inspect(makeFlow({ protocol: 17, toServer: text }))).toEqual([]);
  });
});
