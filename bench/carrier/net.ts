/**
 * Address plan of the carrier benchmark. Subscribers sit in CGNAT space (100.64.0.0/10, RFC
 * 6598); data-centre and enterprise hosts in 10.0.0.0/8. Every outside server is drawn from
 * 198.18.0.0/15 (RFC 2544), so nothing about an address tells a pool from a CDN: named servers
 * (pools, chat gateways, brokers, resolvers) by a hash of their name from 198.18.0.0/16, one-off
 * servers (web pages, peers, game servers) at random from 198.19.0.0/16. The halves keep a random
 * web visit from landing on a pool's stratum port, which on the real internet it would not: with
 * one shared /15, millions of random draws hit every pool address many times over.
 */
import type { Prng } from '../../fixtures/lib/prng';

export const HOME_NETWORKS = ['100.64.0.0/10', '10.0.0.0/8'] as const;

const CGNAT_BASE = (100 << 24) | (64 << 16);
const DC_BASE = (10 << 24) | (20 << 16);
const NAMED_BASE = (198 << 24) | (18 << 16);
const ONE_OFF_BASE = (198 << 24) | (19 << 16);

export function ipText(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The i-th subscriber address: spread over the /10 the way a CGNAT pool hands them out. */
export function subscriberAddress(i: number): number {
  return (CGNAT_BASE + (((i + 1) * 2654435761) % (1 << 22))) >>> 0;
}

/** The i-th data-centre or enterprise address (10.20.0.0/16 upwards). */
export function dataCentreAddress(i: number): number {
  return (DC_BASE + 256 * (i >> 7) + 10 + (i & 127)) >>> 0;
}

/** A deterministic outside address from a label: the same label always names the same server. */
export function outsideAddress(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  const low = (h >>> 0) % (1 << 16);
  return (NAMED_BASE + (low & ~0xff) + 1 + ((low & 0xff) % 254)) >>> 0;
}

/** A random outside address (one-off servers, peers, game servers). */
export function randomOutside(rng: Prng): number {
  return (ONE_OFF_BASE + (rng.int(0, 255) << 8) + rng.int(1, 254)) >>> 0;
}

/** A client port from the Linux ephemeral range (32768-60999) or Windows' (49152-65535). */
export function ephemeralPort(rng: Prng, windows: boolean): number {
  return windows ? rng.int(49152, 65535) : rng.int(32768, 60999);
}
