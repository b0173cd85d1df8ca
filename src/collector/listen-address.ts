/** Parses `udp://HOST:PORT` (IPv6 as `udp://[::]:2055`); a bare port means all IPv4 addresses. */
import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
  family: 4 | 6;
}

export function parseListenAddress(text: string): ListenAddress {
  const bare = /^\d+$/.test(text) ? `udp://0.0.0.0:${text}` : text;
  const match = /^udp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(bare);
  if (!match) throw new Error(`--listen takes udp://HOST:PORT, not "${text}"`);
  const host = match[1].replace(/^\[|\]$/g, '');
  const port = Number(match[2]);
  const family = isIP(host);
  if (family === 0) throw new Error(`--listen needs an IP address, not "${host}"`);
  if (port > 65535) throw new Error(`--listen port out of range: ${port}`);
  return { host, port, family: family as 4 | 6 };
}
