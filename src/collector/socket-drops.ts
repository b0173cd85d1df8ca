/**
 * Datagrams the kernel dropped because the socket buffer was full: exporters send in bursts and
 * these losses are otherwise invisible. Linux reports them per socket in /proc/net/udp{,6}.
 */
import { readFileSync } from 'node:fs';

export function parseDrops(procText: string, port: number): number | undefined {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of procText.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 13) continue;
    const local = fields[1];
    if (local.slice(local.lastIndexOf(':') + 1) === portHex) return Number(fields[fields.length - 1]);
  }
  return undefined;
}

/** Drops counted by the kernel for the UDP socket bound to `port`; undefined where unavailable. */
export function socketDrops(port: number, family: 4 | 6): number | undefined {
  try {
    return parseDrops(readFileSync(family === 6 ? '/proc/net/udp6' : '/proc/net/udp', 'utf8'), port);
  } catch {
    return undefined;
  }
}
