/**
 * How long one endpoint can take, at most, and which transports it is tried on. Every request is a
 * fresh connection (≤ connectTimeoutMs to connect, TLS handshake included) and every step a wait
 * (≤ readTimeoutMs for its reply), so an endpoint costs at most
 *
 *   transports × (7 × connectTimeoutMs + 8 × readTimeoutMs)
 *
 * (7 requests, 8 steps: eth-proxy's login and getWork share a connection), with transports = 1
 * (TCP) + 1 (TLS, no SNI) + up to 2 SNI names when probe.tls is on. The prober also enforces this
 * bound as a deadline, so no surprise can stretch it.
 */
import type { Config } from '../config/schema';
import { parseIp } from '../flow/ip';
import { REQUESTS_PER_TRANSPORT, STEPS_PER_TRANSPORT } from './requests';
import type { Transport } from './verdict';

/** SNI names tried per endpoint at most: every name is another full round of requests. */
export const MAX_SNI_NAMES = 2;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Names usable as SNI: host names (not addresses, which SNI forbids), each once. */
export function sniNames(names: readonly string[] | undefined): string[] {
  const usable = (Array.isArray(names) ? names : []).filter((n) => typeof n === 'string' && HOSTNAME.test(n) && !parseIp(n)).map((n) => n.toLowerCase().replace(/\.$/, ''));
  return [...new Set(usable)].slice(0, MAX_SNI_NAMES);
}

export function transportsFor(settings: Pick<Config['probe'], 'tls'>, names: readonly string[] | undefined): Array<{ transport: Transport; sni?: string }> {
  const list: Array<{ transport: Transport; sni?: string }> = [{ transport: 'tcp' }];
  if (!settings.tls) return list;
  list.push({ transport: 'tls' });
  for (const sni of sniNames(names)) list.push({ transport: 'tls-sni', sni });
  return list;
}

/** The most one endpoint can take, in ms, with this many SNI names (rate-limit waits excluded). */
export function endpointBoundMs(settings: Pick<Config['probe'], 'tls' | 'connectTimeoutMs' | 'readTimeoutMs'>, names?: readonly string[]): number {
  const transports = transportsFor(settings, names).length;
  return transports * (REQUESTS_PER_TRANSPORT * settings.connectTimeoutMs + STEPS_PER_TRANSPORT * settings.readTimeoutMs);
}
