/**
 * Real servers that are not pools must never be one: Debian's redis-server, mosquitto, sshd and
 * nginx (plain and TLS), an HTTP JSON-RPC echo and a TCP line echo all answer, so they are
 * `not-pool`; a silent server is `unreachable` within the computed per-endpoint bound; a garbage
 * stream is read no further than maxReplyBytes per connection; a closed port is refused.
 */
import { classifyReply, endpointBoundMs, probeRequests } from '../../src/probe';
import { exchange } from '../../src/probe/transport';
import { freeLoopbackPort } from '../../fixtures/lib/free-port';
import {
  startGarbage,
  startHttpJsonRpcEcho,
  startLineEcho,
  startMosquitto,
  startNginx,
  startRedis,
  startSilent,
  startSshd,
  stopAllRealServers,
  type RealServer,
} from '../../fixtures/lib/real-servers';
import { probeOnce, probeSettings } from './support';

afterAll(() => stopAllRealServers());

describe('real servers are not pools', () => {
  it.each<[string, () => Promise<RealServer>, RegExp, RegExp | undefined]>([
    ['redis-server', startRedis, /^replied with non-JSON \(-ERR /, /^-ERR /],
    ['mosquitto (MQTT closes on a non-CONNECT packet)', startMosquitto, /^accepted and closed without a byte \(7 of 7 requests\)/, undefined],
    ['sshd', startSshd, /^replied with non-JSON \(SSH-2\.0-OpenSSH/, /^SSH-2\.0-OpenSSH_\S+/],
    ['an HTTP JSON-RPC echo', startHttpJsonRpcEcho, /HTTP 400|echoed our request back/, undefined],
    ['a TCP line echo', startLineEcho, /^echoed our request back \(mining\.subscribe\)/, undefined],
  ])('%s → not-pool', async (_name, start, reason, banner) => {
    const server = await start();
    try {
      const v = await probeOnce(server.port);
      expect(v).toMatchObject({ address: '127.0.0.1', port: server.port, outcome: 'not-pool', transport: 'tcp' });
      expect(v!.reason).toMatch(reason);
      if (banner) expect(v!.banner).toMatch(banner);
      expect(v!.banner ?? '').toMatch(/^[\x20-\x7e]{0,200}$/);
    } finally {
      await server.stop();
    }
  });

  it('nginx, plain and TLS → not-pool, with its Server banner', async () => {
    const nginx = await startNginx();
    try {
      for (const port of [nginx.http.port, nginx.tls.port]) {
        const v = await probeOnce(port);
        expect(v).toMatchObject({ outcome: 'not-pool', banner: expect.stringMatching(/^nginx\/\d/) });
        expect(v!.reason).toMatch(/HTTP 4\d\d/);
      }
    } finally {
      await nginx.stop();
    }
  });

  it('the HTTP JSON-RPC echo answers our getblocktemplate POST with our own request: an echo, not a pool', async () => {
    const echo = await startHttpJsonRpcEcho();
    try {
      const settings = probeSettings();
      const gbt = probeRequests(settings.banner, settings.wallet, `127.0.0.1:${echo.port}`).find((r) => r.label === 'HTTP getblocktemplate')!;
      const result = await exchange({ host: '127.0.0.1', port: echo.port }, gbt.steps, {
        transport: 'tcp',
        limits: settings,
        deadline: performance.now() + 5000,
        sockets: new Set(),
      });
      if (!result.connected) throw new Error(result.reason);
      expect(result.reply.toString('utf8')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*"result":\{"id":1,"method":"getblocktemplate"/);
      expect(classifyReply(gbt, result.reply)).toMatchObject({ pool: false, echo: true, reason: expect.stringMatching(/^echoed our request back/) });
    } finally {
      await echo.stop();
    }
  });
});

describe('bounded', () => {
  it('a silent server: unreachable (silent), within the per-endpoint bound', async () => {
    const silent = await startSilent();
    const settings = probeSettings({ connectTimeoutMs: 300, readTimeoutMs: 200 });
    try {
      const started = Date.now();
      const v = await probeOnce(silent.port, settings);
      const elapsed = Date.now() - started;
      expect(v).toMatchObject({ outcome: 'unreachable' });
      expect(v!.reason).toMatch(/^silent: accepted the connection but never answered \(7 requests, 200 ms each\); TLS: handshake timed out after 300 ms$/);
      const bound = endpointBoundMs(settings);
      expect(bound).toBe(2 * (7 * 300 + 8 * 200));
      expect(elapsed).toBeLessThan(bound);
      expect(v!.elapsedMs).toBeLessThan(bound);
      // Each of the 7 requests waited its read timeout: the silence was given every chance.
      expect(v!.elapsedMs).toBeGreaterThanOrEqual(7 * 200);
    } finally {
      await silent.stop();
    }
  });

  it('a garbage stream: finishes quickly, reads at most maxReplyBytes per connection, not a pool', async () => {
    const garbage = await startGarbage();
    try {
      const started = Date.now();
      const v = await probeOnce(garbage.port, { maxReplyBytes: 4096 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(v).toMatchObject({ outcome: 'not-pool', transport: 'tcp' });
      expect(v!.reason).toMatch(/^replied with 4096 bytes of binary/);
      // What the server managed to write is what the kernel buffers held when the socket was
      // destroyed: far below the gigabyte it would send a reader that kept reading.
      const written = garbage.written();
      expect(written.length).toBeGreaterThanOrEqual(7);
      for (const bytes of written) expect(bytes).toBeLessThan(16 << 20);
    } finally {
      await garbage.stop();
    }
  });

  it('one exchange keeps at most maxReplyBytes and reads at most one socket read past it', async () => {
    const garbage = await startGarbage();
    try {
      const sockets = new Set<import('node:net').Socket>();
      const result = await exchange({ host: '127.0.0.1', port: garbage.port }, ['{"id":1}\n'], {
        transport: 'tcp',
        limits: { connectTimeoutMs: 1000, readTimeoutMs: 1000, maxReplyBytes: 10_000 },
        deadline: performance.now() + 5000,
        sockets,
      });
      expect(result).toMatchObject({ connected: true, overflow: true });
      if (!result.connected) throw new Error('not connected');
      expect(result.reply.length).toBe(10_000);
      expect(result.bytesRead).toBeLessThanOrEqual(10_000 + 65_536);
      expect(sockets.size).toBe(0);
    } finally {
      await garbage.stop();
    }
  });

  it('a closed port: unreachable (refused), without trying TLS', async () => {
    const port = await freeLoopbackPort();
    expect(await probeOnce(port)).toMatchObject({ outcome: 'unreachable', reason: 'refused' });
  });
});
