import { SITE_CODES } from '../../../detectors/site-pattern/codes';
import type { Evidence } from '../../../src/detect/api';
import { connection, miner, PROFILES, T0, type MinerSketch } from '../flow-behaviour/records';
import { byEndTime } from '../flow-behaviour/parts';
import { sweepAfter } from '../flow-behaviour/run';
import { siteRun } from './run';

const HOUR = 3600;
/** An hour of a Poisson-like miner (records.ts); each rig its own seed. */
const session = (extra: Partial<MinerSketch>) => miner({ seconds: HOUR, recordSeconds: 300, ...extra });
const ofCode = (evidence: Evidence[], code: string) => evidence.filter((e) => e.code === code);

describe('site-pattern: a farm behind one NAT address', () => {
  // In the order an exporter writes them (by end time); rig after rig must give the same farm.
  const rigs = Array.from({ length: 8 }, (_, i) =>
    session({ seed: i + 1, client: '10.20.0.5', clientPort: 40_001 + i, server: i < 5 ? '203.0.113.40' : '203.0.113.41', start: T0 + i * 20 }),
  );
  const farm = byEndTime(rigs.flat());

  it('reports the address once, with its concurrent sessions and endpoints', () => {
    const evidence = sweepAfter(siteRun(), farm);
    expect(evidence.map((e) => e.code)).toEqual([SITE_CODES.farm]);
    expect(evidence[0]).toMatchObject({
      subject: '10.20.0.5',
      peer: { ip: '203.0.113.40', port: 3333 },
      count: 8,
      facts: { concurrentSessions: 8, sessions: 8, endpoints: 2, endpointList: '203.0.113.40:3333, 203.0.113.41:3333' },
    });
  });

  it('finds the same farm when the rigs\' records arrive rig after rig', () => {
    expect(sweepAfter(siteRun(), rigs.flat())).toEqual(sweepAfter(siteRun(), farm));
  });

  it('needs the sessions at the same time: the same eight one after another are one miner reconnecting', () => {
    const inTurn = Array.from({ length: 8 }, (_, i) => session({ seed: i + 1, client: '10.20.0.5', clientPort: 40_001 + i, start: T0 + i * (HOUR + 60) })).flat();
    expect(ofCode(sweepAfter(siteRun({ windowSeconds: 100 * HOUR }), inTurn), SITE_CODES.farm)).toEqual([]);
  });

  it('counts only stratum-like sessions: eight MQTT devices behind one address are no farm', () => {
    // Keepalive timers: constant-rate records (records.ts connection()), on an unlisted port.
    const plugs = Array.from({ length: 8 }, (_, i) => connection({ seconds: HOUR, recordSeconds: 300, client: '10.20.0.5', clientPort: 40_001 + i, serverPort: 7000, ...PROFILES.mqtt })).flat();
    expect(sweepAfter(siteRun(), plugs)).toEqual([]);
  });

  it('stays below its threshold with fewer concurrent sessions', () => {
    const three = farm.filter((r) => r.client.port < 40_004);
    expect(sweepAfter(siteRun(), three)).toEqual([]);
  });
});

describe('site-pattern: fan-in to one outside endpoint', () => {
  const clients = Array.from({ length: 6 }, (_, i) => `192.168.5.${10 + i}`);
  const fanIn = clients.flatMap((client, i) => session({ seed: i + 1, client, server: '203.0.113.50', start: T0 + i * 30 }));

  it('tells each converging client, naming how many share the endpoint', () => {
    const evidence = ofCode(sweepAfter(siteRun(), fanIn), SITE_CODES.fanIn);
    expect(evidence.map((e) => e.subject).sort()).toEqual([...clients].sort());
    for (const e of evidence) expect(e).toMatchObject({ peer: { ip: '203.0.113.50', port: 3333 }, facts: { clients: 6, endpoint: '203.0.113.50:3333' } });
  });

  it('needs enough clients', () => {
    expect(sweepAfter(siteRun(), fanIn.filter((r) => clients.slice(0, 4).includes(r.client.ip)))).toEqual([]);
  });

  it('never fans in on an excluded service: a building of SSH sessions to one bastion', () => {
    const ssh = clients.flatMap((client, i) => session({ seed: i + 1, client, server: '203.0.113.50', serverPort: 22 }));
    expect(sweepAfter(siteRun(), ssh)).toEqual([]);
  });
});

describe('site-pattern: a mining proxy inside the home networks', () => {
  const rigs = Array.from({ length: 5 }, (_, i) => `192.168.1.${31 + i}`);
  const served = rigs.flatMap((client, i) => session({ seed: i + 1, client, server: '192.168.1.2', start: T0 + i * 10 }));
  const relay = session({ seed: 99, client: '192.168.1.2', clientPort: 44_710, server: '203.0.113.60' });

  it('accuses the proxy, in the proxy role, with its clients, port and upstream', () => {
    const evidence = sweepAfter(siteRun(), [...served, ...relay]);
    expect(evidence.map((e) => e.code)).toEqual([SITE_CODES.proxy]);
    expect(evidence[0]).toMatchObject({
      subject: '192.168.1.2',
      peer: { ip: '203.0.113.60', port: 3333 },
      count: 5,
      facts: { clients: 5, listenPort: 3333, upstream: '203.0.113.60:3333' },
    });
  });

  it('is no proxy without its own session outside: a home server many rigs reach is a local pool at most', () => {
    expect(sweepAfter(siteRun(), served)).toEqual([]);
  });

  it('is no proxy without enough clients', () => {
    const two = served.filter((r) => rigs.slice(0, 2).includes(r.client.ip));
    expect(sweepAfter(siteRun(), [...two, ...relay])).toEqual([]);
  });
});
