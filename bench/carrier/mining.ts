/**
 * Mining sessions: pools, their coins' block times and vardiff targets, and the Stratum
 * dialects (XMRig's JSON-RPC, Stratum v1 for Bitcoin and GPU coins, eth-proxy). Sources for
 * the numbers are in README.md ("Miner classes").
 */
import type { Prng } from '../../fixtures/lib/prng';
import { addTcp, tlsOverhead, type Planner } from './plan';
import { lognormal, type Timer } from './persistent';
import { outsideAddress } from './net';

export type Coin = 'xmr' | 'btc' | 'etc-proxy' | 'etc' | 'rvn' | 'erg' | 'kas';

export interface Pool {
  address: number;
  coin: Coin;
  /** Seconds between shares the pool's vardiff aims at. */
  target: number;
  /** The pool's periodic job refresh (new transactions), seconds; Infinity: only on blocks. */
  refresh: number;
}

/** Mean block time per coin, seconds. */
const BLOCK: Record<Coin, number> = { xmr: 120, btc: 600, 'etc-proxy': 13, etc: 13, rvn: 60, erg: 120, kas: 1 };

/** Pools of one coin: a few big ones (most miners) and a tail. Deterministic from the seed. */
export function poolsOf(seed: number, coin: Coin, count: number, rng: Prng): Pool[] {
  return Array.from({ length: count }, (_, i) => ({
    address: outsideAddress(`pool-${seed}-${coin}-${i}`),
    coin,
    target: coin === 'btc' ? rng.between(3, 15) : rng.between(10, 30),
    refresh: coin === 'xmr' || coin === 'btc' ? (rng.next() < 0.8 ? rng.between(30, 60) : Infinity) : Infinity,
  }));
}

/** Zipf-ish choice: pool 0 most popular. */
export function pickPool(rng: Prng, pools: readonly Pool[]): Pool {
  return pools[Math.min(pools.length - 1, Math.floor(Math.exp(rng.next() * Math.log(pools.length + 1))) - 1)];
}

interface Dialect {
  login: [number, number];
  submit: [number, number];
  result: [number, number];
  job: [number, number];
  keepalive?: [number, number];
}

const XMRIG: Dialect = { login: [250, 420], submit: [190, 250], result: [60, 80], job: [330, 480], keepalive: [90, 110] };
const STRATUM_BTC: Dialect = { login: [180, 320], submit: [140, 190], result: [37, 45], job: [700, 1200] };
const STRATUM_GPU: Dialect = { login: [150, 300], submit: [150, 220], result: [37, 45], job: [150, 330] };
const ETH_PROXY: Dialect = { login: [120, 200], submit: [180, 220], result: [38, 44], job: [200, 260] };

export interface MinerSpec {
  pool: Pool;
  port: number;
  tls: boolean;
  start: number;
  end: number;
  /** Mean seconds between this miner's shares (vardiff target × the host's lag/hashrate). */
  shareMean: number;
  close?: 'fin-client' | 'fin-server' | 'rst-server' | 'silent';
  /** Connect to this (home) address instead of the pool: a rig behind a mining proxy. */
  server?: number;
  /** XMRig sends `keepalived` after 60 s without sending (pools that accept it). */
  keepalive?: boolean;
}

function dialect(coin: Coin): Dialect {
  return coin === 'xmr' ? XMRIG : coin === 'btc' ? STRATUM_BTC : coin === 'etc-proxy' ? ETH_PROXY : STRATUM_GPU;
}

/** Adds one mining session (login, jobs, shares, results; keepalives or hashrate reports). */
export function addMiner(p: Planner, m: MinerSpec): void {
  const d = dialect(m.pool.coin);
  const block = BLOCK[m.pool.coin];
  const hashrateReport = m.pool.coin === 'etc-proxy' ? p.rng.between(20, 120) : 0;
  const retarget = p.rng.between(600, 1800);
  addTcp(p, {
    server: m.server ?? m.pool.address,
    port: m.port,
    start: m.start,
    end: m.end,
    tls: m.tls ? tlsOverhead(p.rng) : 0,
    mining: true,
    login: { up: p.rng.int(d.login[0], d.login[1]), down: p.rng.int(d.job[0], d.job[1]) + p.rng.int(50, 200) },
    close: m.close ?? 'fin-client',
    timers: (r: Prng): Timer[] => {
      const t: Timer[] = [
        { from: 0, gap: () => r.exponential(m.shareMean), size: () => r.int(d.submit[0], d.submit[1]), reply: () => r.int(d.result[0], d.result[1]), replyDelay: () => r.between(0.003, 0.15) },
        // New work: on each block, and on the pool's refresh timer when it has one.
        { from: 1, gap: () => Math.min(r.exponential(block), m.pool.refresh === Infinity ? Infinity : m.pool.refresh * r.between(0.9, 1.1)), size: () => r.int(d.job[0], d.job[1]) },
        // Vardiff retargets: set_difficulty (or a job with a new target).
        { from: 1, gap: () => r.exponential(retarget), size: () => r.int(60, 120) },
      ];
      if (d.keepalive && m.keepalive) t.push({ from: 0, idleOnly: true, gap: () => 60, size: () => r.int(d.keepalive![0], d.keepalive![1]), reply: () => r.int(60, 80) });
      if (hashrateReport > 0) t.push({ from: 0, gap: () => hashrateReport * r.between(0.98, 1.02), size: () => r.int(150, 190), reply: () => r.int(38, 44) });
      return t;
    },
  });
}

/** The host's share rate relative to the pool's target: vardiff lag, or too little hashrate. */
export function shareMean(rng: Prng, pool: Pool, slowChance: number): number {
  if (rng.next() < slowChance) return rng.between(40, 150);
  return pool.target * lognormal(rng, 1, 0.25);
}

/** Mining periods of a desktop: always on, or on and off (idle-time mining), or a short try. */
export function miningPeriods(rng: Prng, start: number, end: number, short: boolean): Array<[number, number]> {
  if (short) {
    const s = rng.between(start, end - 600);
    return [[s, s + rng.between(60, 540)]];
  }
  if (rng.next() < 0.55) return [[start - rng.between(0, 7200), end + 3600]];
  const out: Array<[number, number]> = [];
  let t = start + rng.between(-3600, 3600);
  while (t < end) {
    const on = lognormal(rng, 5400, 0.8);
    out.push([t, t + on]);
    t += on + lognormal(rng, 3600, 0.9);
  }
  return out;
}

export const POOL_PORTS = [3333, 4444, 5555, 7777, 14444, 10128, 10001, 20128, 3334, 1111, 9000, 8888, 6666, 14433];
