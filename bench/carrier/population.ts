/**
 * The subscriber population: N hosts over H hours from seed S, each with a class (its label),
 * its long-lived sessions and its background traffic profile. Everything is drawn per host from
 * the seed, so the same parameters always give the same population.
 */
import { Prng } from '../../fixtures/lib/prng';
import { BENIGN_PLANNERS, householdExtras } from './benign';
import type { BulkProfile } from './bulk';
import { addMiner, miningPeriods, pickPool, poolsOf, POOL_PORTS, shareMean, type Coin, type Pool } from './mining';
import { dataCentreAddress, ipText, outsideAddress, subscriberAddress } from './net';
import { lognormal } from './persistent';
import { coveredSeconds, rngOf, type HostPlan, type Planner } from './plan';

export interface CarrierParams {
  hosts: number;
  hours: number;
  seed: number;
  /** Unix seconds of the window's start (default 2024-03-05 16:00 UTC, a weekday afternoon). */
  start?: number;
}

export const DEFAULT_START = 1_709_654_400;

export const BENIGN_CLASSES = Object.keys(BENIGN_PLANNERS);
export const MINER_CLASSES = [
  'cpu-stratum', 'cpu-tls', 'cpu-port80', 'cryptojacked-server', 'reconnecting-miner', 'gpu-ethproxy',
  'gpu-stratum', 'asic-bitcoin', 'nat-farm', 'internal-proxy', 'proxy-rig',
];

/** Share of hosts per class (web-only takes what is left). proxy-rig follows internal-proxy. */
const WEIGHTS: Record<string, number> = {
  'chat-websocket': 0.14, 'game-gateway': 0.05, 'sip-tcp': 0.03, 'imap-idle': 0.07, 'push-channel': 0.12,
  'iot-mqtt': 0.08, 'local-app': 0.06, 'openvpn-tcp': 0.03, ssh: 0.04, 'blockchain-node': 0.015,
  'json-rpc-poller': 0.03, video: 0.09, backup: 0.04,
  'cpu-stratum': 0.014, 'cpu-tls': 0.007, 'cpu-port80': 0.004, 'cryptojacked-server': 0.005,
  'reconnecting-miner': 0.005, 'gpu-ethproxy': 0.004, 'gpu-stratum': 0.005, 'asic-bitcoin': 0.004,
  'nat-farm': 0.004, 'internal-proxy': 0.0015,
};
const RIGS_PER_PROXY = 0.0135 / 0.0015;

/** Classes always in the data-centre/enterprise range, and those sometimes there. */
const DATA_CENTRE = new Set(['cryptojacked-server', 'internal-proxy', 'proxy-rig']);
const SOMETIMES_DC = new Set(['ssh', 'json-rpc-poller', 'blockchain-node', 'backup']);
/** Dedicated machines: little browsing, no household devices. */
const DEDICATED = new Set(['gpu-ethproxy', 'gpu-stratum', 'asic-bitcoin', 'proxy-rig', 'cryptojacked-server', 'internal-proxy']);

export interface Population {
  params: Required<CarrierParams>;
  hosts: HostPlan[];
  pools: Pool[];
}

function classCounts(n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [cls, w] of Object.entries(WEIGHTS)) counts.set(cls, Math.max(1, Math.round(w * n)));
  counts.set('proxy-rig', Math.max(2 * counts.get('internal-proxy')!, Math.round(RIGS_PER_PROXY * counts.get('internal-proxy')! * (n >= 1000 ? 1 : 0.5))));
  const used = [...counts.values()].reduce((a, b) => a + b, 0);
  counts.set('web-only', Math.max(1, n - used));
  return counts;
}

function bulkProfile(rng: Prng, cls: string, dedicated: boolean): BulkProfile {
  const streamer = cls === 'video' || rng.next() < 0.3;
  const backuper = cls === 'backup' || rng.next() < 0.08;
  return {
    visitGap: dedicated ? lognormal(rng, 1800, 0.6) : lognormal(rng, 260, 0.7),
    videoGap: streamer ? (cls === 'video' ? lognormal(rng, 1200, 0.5) : lognormal(rng, 7200, 0.7)) : Infinity,
    videoBitrate: [rng.between(1e6, 3e6), rng.between(4e6, 16e6)],
    backupGap: backuper ? (cls === 'backup' ? lognormal(rng, 1800, 0.5) : lognormal(rng, 14400, 0.5)) : Infinity,
    backupRate: [rng.between(2e6, 5e6), rng.between(8e6, 40e6)],
    gameGap: cls === 'game-gateway' ? lognormal(rng, 5400, 0.5) : Infinity,
    serveGap: cls === 'cryptojacked-server' ? lognormal(rng, 20, 1) : Infinity,
    resolver: outsideAddress(`resolver-${rng.int(0, 3)}`),
  };
}

interface RigSpec {
  proxy: number;
  port: number;
  pool: Pool;
  shareMean: number;
}

export function buildPopulation(params: CarrierParams): Population {
  const p: Required<CarrierParams> = { start: DEFAULT_START, ...params };
  const end = p.start + p.hours * 3600;
  const poolRng = rngOf(p.seed, 0xb001);
  const pools: Record<Coin, Pool[]> = {
    xmr: poolsOf(p.seed, 'xmr', 14, poolRng),
    btc: poolsOf(p.seed, 'btc', 6, poolRng),
    'etc-proxy': poolsOf(p.seed, 'etc-proxy', 5, poolRng),
    etc: poolsOf(p.seed, 'etc', 4, poolRng),
    rvn: poolsOf(p.seed, 'rvn', 4, poolRng),
    erg: poolsOf(p.seed, 'erg', 3, poolRng),
    kas: poolsOf(p.seed, 'kas', 3, poolRng),
  };
  // Classes shuffled over host indexes, so nothing about the index or address tells the class.
  const classes: string[] = [];
  for (const [cls, count] of classCounts(p.hosts)) for (let i = 0; i < count; i++) classes.push(cls);
  const shuffle = rngOf(p.seed, 0x5bf1);
  for (let i = classes.length - 1; i > 0; i--) {
    const j = shuffle.int(0, i);
    [classes[i], classes[j]] = [classes[j], classes[i]];
  }
  let dc = 0;
  let sub = 0;
  const addresses = classes.map((cls, i) => {
    const inDc = DATA_CENTRE.has(cls) || (SOMETIMES_DC.has(cls) && rngOf(p.seed, i, 0xdc).next() < 0.3);
    return inDc ? dataCentreAddress(dc++) : subscriberAddress(sub++);
  });
  // Mining proxies first: their rigs' parameters decide the upstream's share rate.
  const rigs = new Map<number, RigSpec>();
  const upstream = new Map<number, { pool: Pool; share: number }>();
  const proxies = classes.map((c, i) => (c === 'internal-proxy' ? i : -1)).filter((i) => i >= 0);
  const rigHosts = classes.map((c, i) => (c === 'proxy-rig' ? i : -1)).filter((i) => i >= 0);
  proxies.forEach((host, k) => {
    const rng = rngOf(p.seed, host, 0x9b0);
    const pool = pickPool(rng, rng.next() < 0.7 ? pools.xmr : pools.btc);
    const port = rng.pick([3333, 3334, 8080, 14444, 5555]);
    let rate = 0;
    rigHosts.forEach((rig, j) => {
      if (j % proxies.length !== k) return;
      const mean = pool.coin === 'btc' ? rng.between(5, 30) : rng.between(10, 60);
      rate += 1 / mean;
      rigs.set(rig, { proxy: addresses[host], port, pool, shareMean: mean });
    });
    upstream.set(host, { pool, share: 1 / Math.max(rate, 1 / 30) });
  });
  const hosts: HostPlan[] = classes.map((cls, index) => {
    const seed = rngOf(p.seed, index, 0x4057).int(0, 0x7fffffff);
    const rng = new Prng(seed);
    const address = addresses[index];
    const miner = MINER_CLASSES.includes(cls);
    const dedicated = DEDICATED.has(cls);
    const planner: Planner = { rng, address, windows: rng.next() < 0.6, start: p.start, end, sessions: [] };
    if (!miner) BENIGN_PLANNERS[cls](planner);
    else planMiner(planner, cls, pools, rigs.get(index), upstream.get(index));
    if (!dedicated) householdExtras(planner);
    return { index, address, ip: ipText(address), cls, miner, windows: planner.windows, sessions: planner.sessions, bulk: bulkProfile(rng, cls, dedicated), seed };
  });
  return { params: p, hosts, pools: Object.values(pools).flat() };
}

function planMiner(p: Planner, cls: string, pools: Record<Coin, Pool[]>, rig?: RigSpec, up?: { pool: Pool; share: number }): void {
  const rng = p.rng;
  // Some miners mine for less than 10 minutes in all (a trial run, a killed cryptojacker).
  const short = rng.next() < 0.07 && cls !== 'proxy-rig' && cls !== 'internal-proxy' && cls !== 'nat-farm';
  const desktop = (port: number, tls: boolean, close?: 'fin-client' | 'rst-server') => {
    const pool = pickPool(rng, pools.xmr);
    const share = shareMean(rng, pool, 0.15);
    const keepalive = rng.next() < 0.7;
    for (const [start, end] of miningPeriods(rng, p.start, p.end, short)) addMiner(p, { pool, port, tls, start, end, shareMean: share, keepalive, close });
  };
  switch (cls) {
    case 'cpu-stratum':
      return desktop(rng.pick(POOL_PORTS), false);
    case 'cpu-tls':
      return desktop(rng.next() < 0.8 ? 443 : rng.pick([9000, 10443, 14433]), true);
    case 'cpu-port80':
      return desktop(80, false);
    case 'cryptojacked-server': {
      const pool = pickPool(rng, pools.xmr);
      const port = rng.pick([3333, 443, 80, 5555, 8080, 14444, 45700]);
      const periods: Array<[number, number]> = short ? miningPeriods(rng, p.start, p.end, true) : [[p.start - rng.between(0, 86400), p.end + 3600]];
      for (const [start, end] of periods) addMiner(p, { pool, port, tls: port === 443 && rng.next() < 0.7, start, end, shareMean: shareMean(rng, pool, 0.1), keepalive: true });
      return;
    }
    case 'reconnecting-miner': {
      const pool = pickPool(rng, pools.xmr);
      const port = rng.pick(POOL_PORTS);
      const share = shareMean(rng, pool, 0.1);
      const drop = rng.between(120, 900);
      for (const [start, end] of miningPeriods(rng, p.start, p.end, short)) {
        for (let t = start; t < Math.min(end, p.end); ) {
          const e = Math.min(end, t + drop * rng.between(0.3, 1.7));
          addMiner(p, { pool, port, tls: false, start: t, end: e, shareMean: share, keepalive: true, close: rng.pick(['rst-server', 'fin-server', 'silent'] as const) });
          t = e + rng.between(1, 30);
        }
      }
      return;
    }
    case 'gpu-ethproxy': {
      const pool = pickPool(rng, pools['etc-proxy']);
      const port = rng.pick([4444, 8008, 8888, 1010, 5555]);
      for (const [start, end] of short ? miningPeriods(rng, p.start, p.end, true) : [[p.start - rng.between(0, 86400), p.end + 3600] as [number, number]]) addMiner(p, { pool, port, tls: false, start, end, shareMean: shareMean(rng, pool, 0.1) });
      return;
    }
    case 'gpu-stratum': {
      const coin = rng.pick(['etc', 'rvn', 'erg', 'kas'] as const);
      const pool = pickPool(rng, pools[coin]);
      const port = rng.pick(POOL_PORTS);
      for (const [start, end] of short ? miningPeriods(rng, p.start, p.end, true) : [[p.start - rng.between(0, 86400), p.end + 3600] as [number, number]]) addMiner(p, { pool, port, tls: rng.next() < 0.15, start, end, shareMean: shareMean(rng, pool, 0.1) });
      return;
    }
    case 'asic-bitcoin': {
      const pool = pickPool(rng, pools.btc);
      const port = rng.pick([3333, 443, 25, 700, 1800]);
      for (const [start, end] of short ? miningPeriods(rng, p.start, p.end, true) : [[p.start - rng.between(0, 86400), p.end + 3600] as [number, number]]) addMiner(p, { pool, port, tls: false, start, end, shareMean: shareMean(rng, pool, 0) });
      return;
    }
    case 'nat-farm': {
      const kind = rng.pick(['xmr', 'btc', 'rvn', 'etc-proxy'] as const);
      const pool = pickPool(rng, pools[kind]);
      const port = kind === 'btc' ? 3333 : rng.pick(POOL_PORTS);
      const n = Math.round(Math.min(50, Math.max(4, lognormal(rng, 10, 0.7))));
      for (let i = 0; i < n; i++) {
        const start = rng.next() < 0.8 ? p.start - rng.between(0, 86400) : rng.between(p.start, p.end);
        addMiner(p, { pool, port, tls: false, start, end: p.end + 3600, shareMean: shareMean(rng, pool, 0.05), keepalive: true });
      }
      return;
    }
    case 'internal-proxy': {
      const { pool, share } = up!;
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) addMiner(p, { pool, port: pool.coin === 'btc' ? 3333 : rng.pick(POOL_PORTS), tls: rng.next() < 0.3, start: p.start - rng.between(0, 86400), end: p.end + 3600, shareMean: share * n, keepalive: true });
      return;
    }
    case 'proxy-rig': {
      const r = rig!;
      addMiner(p, { pool: r.pool, port: r.port, tls: false, server: r.proxy, start: p.start - rng.between(0, 86400), end: p.end + 3600, shareMean: r.shareMean, keepalive: true });
      return;
    }
  }
}

export interface HostLabel {
  ip: string;
  class: string;
  miner: boolean;
  /** Benign: holds a persistent session longer than 5 minutes inside the window. */
  hasLongLived: boolean;
  /** Miners: seconds of the window covered by mining sessions. */
  miningSeconds: number;
}

export function labelsOf(pop: Population): HostLabel[] {
  const { start, hours } = pop.params;
  const end = start + hours * 3600;
  return pop.hosts.map((h) => ({
    ip: h.ip,
    class: h.cls,
    miner: h.miner,
    hasLongLived: h.sessions.some((s) => !s.mining && coveredSeconds([s], start, end) > 300),
    miningSeconds: Math.round(coveredSeconds(h.sessions.filter((s) => s.mining), start, end)),
  }));
}
