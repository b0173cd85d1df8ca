/** Parses where to serve metrics: `HOST:PORT`, `:PORT` or a bare port (all IPv4 addresses), `[IPv6]:PORT`. */
import { isIP } from 'node:net';

export interface MetricsAddress {
  host: string;
  port: number;
}

const FORMS = 'HOST:PORT, e.g. 127.0.0.1:9464, :9464 or [::1]:9464';

export function parseMetricsAddress(text: string): MetricsAddress {
  const match = /^(?:(\[[^\]]*\]|[^:[\]]*):)?(\d+)$/.exec(text.trim());
  if (!match) {
    const hint = (text.match(/:/g) ?? []).length > 1 && !text.includes('[') ? ' (put an IPv6 address in brackets)' : '';
    throw new Error(`metrics address must be ${FORMS}, not "${text}"${hint}`);
  }
  const [, hostPart = '', portText] = match;
  const port = Number(portText);
  if (port > 65535) throw new Error(`metrics port out of range (0-65535): ${portText}`);
  if (hostPart === '') return { host: '0.0.0.0', port };

  const bracketed = hostPart.startsWith('[');
  const host = bracketed ? hostPart.slice(1, -1) : hostPart;
  const family = isIP(host);
  if (family === 0) throw new Error(`metrics address needs an IP address, not "${host}" (${FORMS})`);
  if (bracketed !== (family === 6)) throw new Error(`metrics address: brackets are for IPv6 addresses only, in "${text}"`);
  return { host, port };
}
