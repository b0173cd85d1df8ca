/**
 * Flow-export records of a small site through the real pipeline, store and scorer (the way
 * analyse() runs them), no payload anywhere: what the analyst would see from NetFlow alone.
 */
import { detectors } from '../../../detectors';
import type { FlowRecord } from '../../../src/detect/api';
import { createPipeline } from '../../../src/detect/pipeline';
import { reportFromStore } from '../../../src/report/build';
import type { Report } from '../../../src/report/model';
import { MemoryStore } from '../../../src/store/memory-store';
import { connection, miner, PROFILES, type MinerSketch } from '../flow-behaviour/records';
import { defaults } from '../flow-behaviour/run';

const HOUR = 3600;
/** Two hours of a Poisson-like miner (records.ts) in 60 s records; each session its own seed. */
const session = (seed: number, extra: Partial<MinerSketch>) => miner({ seed, seconds: 2 * HOUR, recordSeconds: 60, ...extra });

async function reportOf(...files: FlowRecord[][]): Promise<Report> {
  const config = defaults();
  const pipeline = createPipeline(detectors, config, { poolDomains: [], poolEndpoints: [] });
  const store = new MemoryStore();
  for (const file of files) await store.add(file.flatMap((r) => pipeline.inspect(r)));
  await store.add(pipeline.sweep());
  return reportFromStore(store, [], config, detectors, new Date(0));
}

const host = (report: Report, ip: string) => report.hosts.find((h) => h.ip === ip);

describe('flow exports of a site, scored', () => {
  let report: Report;
  beforeAll(async () => {
    const rigs = ['192.168.1.31', '192.168.1.32', '192.168.1.33', '192.168.1.34', '192.168.1.35'];
    const served = rigs.flatMap((client, i) => session(i + 1, { client, server: '192.168.1.2' }));
    const relay = session(50, { client: '192.168.1.2', clientPort: 44_710, server: '203.0.113.60' });
    const farm = Array.from({ length: 8 }, (_, i) => session(60 + i, { client: '10.20.0.5', clientPort: 40_001 + i, server: '203.0.113.40', serverPort: 443 })).flat();
    // An MQTT keepalive: a timer, constant-rate records.
    const plug = connection({ seconds: 2 * HOUR, recordSeconds: 60, client: '192.168.2.13', server: '198.51.100.52', serverPort: 1883, ...PROFILES.mqtt });
    const all = [...served, ...relay, ...farm, ...plug];
    // Two export files scanned together: each record goes to one of them.
    report = await reportOf(all.filter((_, i) => i % 2 === 0), all.filter((_, i) => i % 2 === 1));
  });

  it('flags the proxy in the proxy role', () => {
    // behaviour, site and port are independent bases: together they may reach high
    expect(host(report, '192.168.1.2')).toMatchObject({ role: 'proxy' });
    expect(['medium', 'high']).toContain(host(report, '192.168.1.2')?.level);
  });

  it('flags the rigs behind it and the farm address as miners, from behaviour alone (medium, never high)', () => {
    for (const ip of ['192.168.1.31', '192.168.1.35', '10.20.0.5']) expect(host(report, ip)).toMatchObject({ role: 'miner', level: 'medium' });
    expect(host(report, '10.20.0.5')!.reasons.join(' ')).toContain('site.farm');
  });

  it('lists the outside endpoints of stratum-like sessions as pools, never the in-house proxy', () => {
    const pools = report.pools.map((p) => p.endpoint);
    expect(pools).toEqual(expect.arrayContaining(['203.0.113.60:3333', '203.0.113.40:443']));
    expect(pools).not.toContain('192.168.1.2:3333');
  });

  it('leaves the MQTT plug alone', () => {
    expect(host(report, '192.168.2.13')).toBeUndefined();
  });
});
