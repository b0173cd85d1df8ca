import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { Gauge } from 'prom-client';
import { createMetrics, type Metrics } from '../../src/metrics/metrics';
import { startMetricsServer, type MetricsServer } from '../../src/metrics/server';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function get(url: string, options: { agent?: Agent; method?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: options.agent, method: options.method ?? 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startMetricsServer', () => {
  let metrics: Metrics;
  let server: MetricsServer;

  beforeEach(async () => {
    metrics = createMetrics();
    server = await startMetricsServer(metrics, { host: '127.0.0.1', port: 0 });
  });
  afterEach(() => server.close());

  it('reports the real port when asked for port 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('serves the registry on GET /metrics with its content type', async () => {
    metrics.flows.inc({ kind: 'export' }, 12);
    const answer = await get(`${server.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe(metrics.registry.contentType);
    expect(answer.body).toContain('rigsweep_flows_total{kind="export"} 12\n');
  });

  it('runs the scrape callbacks for each scrape over HTTP', async () => {
    metrics.onScrape(() => metrics.queueJobs.set({ queue: 'ingest', state: 'waiting' }, 7));
    expect((await get(`${server.url}/metrics`)).body).toContain('rigsweep_queue_jobs{queue="ingest",state="waiting"} 7\n');
  });

  it('still answers 200 when a scrape callback throws, counting a redis error', async () => {
    metrics.onScrape(async () => {
      throw new Error('Connection is closed.');
    });
    const answer = await get(`${server.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('rigsweep_redis_errors_total{reason="connection"} 1\n');
  });

  it('answers 500 with a short reason when the registry cannot be read', async () => {
    new Gauge({
      name: 'broken_gauge',
      help: 'a collect that rejects',
      registers: [metrics.registry],
      collect: () => Promise.reject(new Error('disk on fire\nstack...')),
    });
    const answer = await get(`${server.url}/metrics`);
    expect(answer.status).toBe(500);
    expect(answer.body).toBe('cannot collect metrics: disk on fire');
  });

  it('answers GET /healthz with ok', async () => {
    expect(await get(`${server.url}/healthz`)).toMatchObject({ status: 200, body: 'ok' });
  });

  it('answers 404 elsewhere and 405 for other methods', async () => {
    expect((await get(`${server.url}/`)).status).toBe(404);
    expect((await get(`${server.url}/metrics/extra`)).status).toBe(404);
    expect((await get(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('closes promptly while a client holds an idle keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await get(`${server.url}/healthz`, { agent });
      await get(`${server.url}/metrics`, { agent });
      expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(1000);
      await expect(get(`${server.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      agent.destroy();
    }
  });

  it('closes, after a grace period, while a client stalls in the middle of a request', async () => {
    const port = Number(new URL(server.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'); // headers never finished
    socket.on('error', () => undefined);
    try {
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      socket.destroy();
    }
  });

  it('can be closed twice', async () => {
    await server.close();
    await expect(server.close()).resolves.toBeUndefined();
  });

  it('rejects with a one-line reason when the port is taken', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startMetricsServer(metrics, { host: '127.0.0.1', port })).rejects.toThrow(`cannot serve metrics on 127.0.0.1:${port}: listen EADDRINUSE`);
  });
});
