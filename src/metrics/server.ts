/**
 * The HTTP endpoint Prometheus scrapes: GET /metrics and GET /healthz on node:http, nothing
 * else. No framework: two routes do not need one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics';
import type { MetricsAddress } from './metrics-address';

export interface MetricsServer {
  /** Where it listens, with the real port when asked for port 0, e.g. http://127.0.0.1:40123. */
  url: string;
  /** Stops accepting, closes idle keep-alive connections and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Connections still busy this long after close() are cut, so shutdown never waits on a slow client. */
const CLOSE_GRACE_MS = 3000;

export async function startMetricsServer(metrics: Pick<Metrics, 'registry'>, address: MetricsAddress): Promise<MetricsServer> {
  const server = createServer((request, response) => void answer(metrics, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`cannot serve metrics on ${address.host}:${address.port}: ${e.message}`)));
    server.listen(address.port, address.host, resolve);
  });

  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${bound.port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        server.close((e) => {
          clearTimeout(cut);
          if (e) reject(e);
          else resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

async function answer(metrics: Pick<Metrics, 'registry'>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/metrics' && path !== '/healthz') return send(response, 404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'use GET', { Allow: 'GET, HEAD' });
  if (path === '/healthz') return send(response, 200, 'ok');
  try {
    const text = await metrics.registry.metrics();
    send(response, 200, text, { 'Content-Type': metrics.registry.contentType });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
    send(response, 500, `cannot collect metrics: ${reason}`);
  }
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}
