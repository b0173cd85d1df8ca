/**
 * The probe round a scan runs (`scan --probe`), in process with a real pool emulator and a real
 * nginx: two home hosts whose flow records look like mining to outside servers. The one whose
 * server the prober finds to be a pool becomes high with confirmed pool-address evidence; the
 * one whose server is nginx over TLS falls to the watch list, its flow-shape guess refuted.
 * `dial` stands the documentation addresses for the loopback servers; the allowlist and home
 * checks still see the original addresses.
 */
import { detectors } from '../../detectors';
import { Analysis } from '../../src/analysis';
import { configSchema } from '../../src/config/schema';
import { loadIndicators } from '../../src/detect/indicators';
import { cidrMatcher } from '../../src/flow/ip';
import { confirmAndSweep } from '../../src/probe/confirm';
import { scoreStore } from '../../src/report/build';
import { MemoryStore } from '../../src/store/memory-store';
import { startPoolEmulator, type PoolEmulator } from '../../fixtures/lib/pool-emulator';
import { startNginx, stopAllRealServers, type NginxServers } from '../../fixtures/lib/real-servers';
import { miner } from '../detectors/flow-behaviour/records';

const POOL = '198.51.100.7';
const WEB = '198.51.100.8';
const MINER = '192.168.1.10';
const LOOK_ALIKE = '192.168.1.11';
const HOURS = 4 * 3600;

let emulator: PoolEmulator;
let nginx: NginxServers;

beforeAll(async () => {
  emulator = await startPoolEmulator({ dialect: 'xmrig' });
  nginx = await startNginx();
}, 30_000);

afterAll(async () => {
  await emulator.close();
  await stopAllRealServers();
});

function setup(allow: string[]) {
  const config = configSchema.parse({ probe: { enabled: true, allow, perSecond: 0, perPrefixPerMinute: 0 } });
  const store = new MemoryStore();
  const analysis = new Analysis(config, store, { detectors, indicators: loadIndicators(config.indicators) });
  for (const r of miner({ client: MINER, server: POOL, serverPort: 3333, seconds: HOURS, recordSeconds: 300, seed: 1 })) analysis.accept(r);
  for (const r of miner({ client: LOOK_ALIKE, server: WEB, serverPort: 443, seconds: HOURS, recordSeconds: 300, seed: 2 })) analysis.accept(r);
  return { config, store, analysis };
}

const dial = (address: string) => (address === POOL ? { host: emulator.host, port: emulator.port } : { host: nginx.tls.host, port: nginx.tls.port });

it('confirms the pool (high), refutes the web server (watch), and says why', async () => {
  const { config, store, analysis } = setup(['198.51.100.0/24']);
  await analysis.sweep();
  const lines: Array<Record<string, unknown>> = [];
  const round = await confirmAndSweep(analysis, store, config, detectors, config.probe, { isHome: cidrMatcher(config.homeNetworks), dial, log: (l) => lines.push(l) });
  const level = (hosts: typeof round.before, ip: string) => hosts.find((h) => h.ip === ip)?.level;
  // Before: both are flow-shape guesses of the same strength.
  expect(level(round.before, MINER)).toBe('medium');
  expect(level(round.before, LOOK_ALIKE)).toBe('medium');
  expect(round.verdicts.map((v) => [v.address, v.port, v.outcome]).sort()).toEqual([
    [POOL, 3333, 'pool'],
    [WEB, 443, 'not-pool'],
  ]);
  const after = (await scoreStore(store, config, detectors)).hosts;
  const miner_ = after.find((h) => h.ip === MINER)!;
  expect(miner_.level).toBe('high');
  expect(miner_.evidence.find((e) => e.code === 'pool-endpoint.confirmed')).toMatchObject({ peer: `${POOL}:3333`, facts: expect.objectContaining({ source: 'probe', dialect: 'xmrig' }) });
  const lookAlike = after.find((h) => h.ip === LOOK_ALIKE)!;
  expect(lookAlike.level).toBe('low');
  expect(lookAlike.score).toBe(0);
  expect(lookAlike.evidence.map((e) => e.code)).toContain('pool-endpoint.not-pool');
  // Every probe is logged with where it really went.
  expect(lines.filter((l) => l.event === 'probe').map((l) => [l.address, l.outcome, typeof l.dialAddress]).sort()).toEqual([
    [POOL, 'pool', 'string'],
    [WEB, 'not-pool', 'string'],
  ]);
}, 120_000);

it('contacts nothing outside the allowlist: the guesses stay as they were', async () => {
  const { config, store, analysis } = setup(['198.51.100.7/32']);
  await analysis.sweep();
  const before = emulator.connections();
  const round = await confirmAndSweep(analysis, store, config, detectors, config.probe, { isHome: cidrMatcher(config.homeNetworks), dial, log: () => {} });
  expect(round.planned.find((p) => p.target.address === WEB)?.decision).toBe('not-allowed');
  expect(round.verdicts.map((v) => v.address)).toEqual([POOL]);
  expect(emulator.connections()).toBeGreaterThan(before);
  const after = (await scoreStore(store, config, detectors)).hosts;
  expect(after.find((h) => h.ip === LOOK_ALIKE)?.level).toBe('medium');
}, 120_000);
