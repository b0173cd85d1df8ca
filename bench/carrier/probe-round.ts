/**
 * The probe round on the carrier population, in process: one scan of a variant's file, the
 * findings evaluated (probe off), every suspect probed the way `rigsweep scan --probe` does it,
 * a second sweep, the findings evaluated again (probe on). The population's addresses are not
 * real, so `dial` sends each probe to a server on loopback that stands for what the address is:
 * the endpoints the generator's miners mine at (pool address and port) to the pool emulator in
 * the pool's dialect (TLS on the ports TLS pools use), every other endpoint to a real server of the kind its port names (sshd on 22, mosquitto
 * on 1883, a JSON-RPC echo on 8545, nginx on plain web ports, nginx over TLS on everything else,
 * and a silent listener on 1194, as an OpenVPN server with tls-auth is to a stranger).
 * The allowlist and home rules stay on; the rate limits are off (loopback).
 */
import { detectors } from '../../detectors';
import { Analysis } from '../../src/analysis';
import { readInto } from '../../src/analyse';
import { parseConfig } from '../../src/config/load';
import type { IntelFact } from '../../src/detect/api';
import { loadIndicators } from '../../src/detect/indicators';
import { cidrMatcher } from '../../src/flow/ip';
import { confirmAndSweep } from '../../src/probe/confirm';
import type { ProbeVerdict } from '../../src/probe';
import { scoreStore } from '../../src/report/build';
import { MemoryStore } from '../../src/store/memory-store';
import { startPoolEmulator, type EmulatedDialect, type PoolEmulator } from '../../fixtures/lib/pool-emulator';
import { startHttpJsonRpcEcho, startMosquitto, startNginx, startSilent, startSshd, stopAllRealServers, type RealServer } from '../../fixtures/lib/real-servers';
import { printTable, thousands } from '../table';
import { evaluateReport, type Evaluation } from './evaluate';
import type { Coin } from './mining';
import { HOME_NETWORKS, ipText } from './net';
import type { HostLabel, Population } from './population';

const DIALECT: Record<Coin, EmulatedDialect> = { xmr: 'xmrig', btc: 'stratum-v1', rvn: 'stratum-v1', kas: 'stratum-v1', 'etc-proxy': 'eth-proxy', etc: 'ethereum-stratum', erg: 'ethereum-stratum' };
/** Ports XMRig pools serve TLS on (the generator's cpu-tls class uses these). */
const TLS_POOL_PORTS = new Set([443, 9000, 10443, 14433]);

export interface ProbeRound {
  off: Evaluation;
  on: Evaluation;
  verdicts: ProbeVerdict[];
  skipped: number;
  probeSeconds: number;
  scanSeconds: number;
  factsBySource: Map<string, number>;
}

interface Servers {
  dial(address: string, port: number): { host: string; port: number };
  close(): Promise<void>;
}

/** Where the population's miners mine: pool address:port → the pool's dialect (rigs behind a home proxy excluded). */
function poolEndpoints(population: Population): Map<string, EmulatedDialect> {
  const coinOf = new Map(population.pools.map((p) => [p.address, p.coin]));
  const out = new Map<string, EmulatedDialect>();
  for (const host of population.hosts) {
    for (const s of host.sessions) {
      const coin = s.mining ? coinOf.get(s.server) : undefined;
      if (coin) out.set(`${ipText(s.server)}:${s.serverPort}`, DIALECT[coin]);
    }
  }
  return out;
}

async function startServers(population: Population): Promise<Servers> {
  const emulators = new Map<string, PoolEmulator>();
  for (const dialect of new Set(Object.values(DIALECT))) {
    for (const tls of [false, true]) emulators.set(`${dialect}/${tls}`, await startPoolEmulator({ dialect, tls }));
  }
  const pools = poolEndpoints(population);
  const nginx = await startNginx();
  const byPort = new Map<number, RealServer>([
    [22, await startSshd()],
    [1883, await startMosquitto()],
    [8545, await startHttpJsonRpcEcho()],
    [1194, await startSilent()],
    [80, nginx.http],
    [8080, nginx.http],
    [5060, nginx.http],
  ]);
  return {
    dial(address, port) {
      const dialect = pools.get(`${address}:${port}`);
      const server = dialect ? emulators.get(`${dialect}/${TLS_POOL_PORTS.has(port)}`)! : (byPort.get(port) ?? nginx.tls);
      return { host: server.host, port: server.port };
    },
    async close() {
      await Promise.all([...emulators.values()].map((e) => e.close()));
      await stopAllRealServers();
    },
  };
}

export async function probeRound(file: string, labels: readonly HostLabel[], population: Population): Promise<ProbeRound> {
  const config = parseConfig({
    homeNetworks: [...HOME_NETWORKS],
    probe: { enabled: true, allow: ['0.0.0.0/0', '::/0'], perSecond: 0, perPrefixPerMinute: 0, concurrency: 64, maxPerSweep: 1_000_000 },
  });
  const indicators = loadIndicators(config.indicators);
  const store = new MemoryStore();
  const analysis = new Analysis(config, store, { detectors, indicators });
  const scanStarted = process.hrtime.bigint();
  await readInto(analysis, [file], config);
  await analysis.sweep();
  const scanSeconds = Number(process.hrtime.bigint() - scanStarted) / 1e9;
  const servers = await startServers(population);
  let skipped = 0;
  const probeStarted = process.hrtime.bigint();
  try {
    const round = await confirmAndSweep(analysis, store, config, detectors, config.probe, {
      isHome: cidrMatcher(config.homeNetworks),
      dial: servers.dial,
      log: (line) => {
        if ((line as { event?: string }).event === 'probe-skipped') skipped++;
      },
    });
    // Probing and the second sweep: what --probe adds to a scan.
    const probeSeconds = Number(process.hrtime.bigint() - probeStarted) / 1e9;
    const after = await scoreStore(store, config, detectors);
    return {
      off: evaluateReport(labels, round.before),
      on: evaluateReport(labels, after.hosts),
      verdicts: round.verdicts,
      skipped,
      probeSeconds,
      scanSeconds,
      factsBySource: countBySource([...round.facts, ...analysis.pipeline.intel.learned()]),
    };
  } finally {
    await servers.close();
  }
}

function countBySource(facts: readonly IntelFact[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of facts) {
    const key = `${f.source} ${f.verdict}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const pct = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '-');

export function printProbeRound(r: ProbeRound, log: (line: string) => void = console.log): void {
  log(`\nprobe round (in process: scan ${r.scanSeconds.toFixed(1)} s, probes and second sweep ${r.probeSeconds.toFixed(1)} s, rate limits off, concurrency 64)`);
  const minerClasses = r.off.miners.map((m) => m.cls);
  printTable(
    ['miner class', 'eligible', 'medium+ off', 'medium+ on', 'high off', 'high on'],
    minerClasses.map((cls) => {
      const a = r.off.miners.find((m) => m.cls === cls)!;
      const b = r.on.miners.find((m) => m.cls === cls)!;
      return [cls, String(a.eligible), `${a.flagged} (${pct(a.flagged, a.eligible)})`, `${b.flagged} (${pct(b.flagged, b.eligible)})`, String(a.high), String(b.high)];
    }),
  );
  printTable(
    ['benign class', 'hosts', 'false alarms off', 'false alarms on', 'watch off', 'watch on', 'codes of false alarms (on)'],
    r.off.benign.map((a) => {
      const b = r.on.benign.find((x) => x.cls === a.cls)!;
      return [a.cls, String(a.hosts), String(a.falseAlarms), String(b.falseAlarms), String(a.watch), String(b.watch), b.topCodes.map(([c, n]) => `${c}×${n}`).join(' ') || '-'];
    }),
  );
  const [off, on] = [r.off.totals, r.on.totals];
  log(`  miners ≥ 10 min flagged: probe off ${off.flagged}/${off.eligible} (${pct(off.flagged, off.eligible)}), on ${on.flagged}/${on.eligible} (${pct(on.flagged, on.eligible)}; goal ≥ 99 %); high ${off.high} → ${on.high}`);
  log(`  benign flagged medium+: probe off ${off.falseAlarms}/${off.benignHosts}, on ${on.falseAlarms}/${on.benignHosts} (goal 0); watch ${off.watch} → ${on.watch}`);
  const outcomes = new Map<string, number[]>();
  for (const v of r.verdicts) {
    const list = outcomes.get(v.outcome) ?? [];
    list.push(v.elapsedMs);
    outcomes.set(v.outcome, list);
  }
  printTable(
    ['verdict', 'endpoints', 'p50 ms', 'p95 ms', 'max ms'],
    [...outcomes].map(([outcome, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return [outcome, String(ms.length), percentile(sorted, 0.5).toFixed(0), percentile(sorted, 0.95).toFixed(0), sorted[sorted.length - 1]!.toFixed(0)];
    }),
  );
  const wall = r.verdicts.length ? (Math.max(...r.verdicts.map((v) => v.startedAt + v.elapsedMs)) - Math.min(...r.verdicts.map((v) => v.startedAt))) / 1000 : 0;
  log(`  ${thousands(r.verdicts.length)} endpoints probed (${r.skipped} skipped: home or not allowed) in ${wall.toFixed(1)} s: ${wall > 0 ? (r.verdicts.length / wall).toFixed(1) : '-'} endpoints/s`);
  log(`  intel facts made by the run, by source: ${[...r.factsBySource].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
}
