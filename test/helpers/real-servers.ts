/**
 * Real servers that are NOT pools, on 127.0.0.1 free ports, for the prober's negative tests: the
 * Debian daemons (redis-server, mosquitto, sshd, nginx plain and TLS), each in its own temp dir
 * and process group, and in-process look-alikes (an HTTP JSON-RPC echo, a TCP line echo, a silent
 * server, a garbage stream). Each start waits until the server accepts connections; each stop
 * kills the process group and removes the temp dir, and stopAllRealServers() (afterAll) plus an
 * exit hook catch whatever a failing test left running.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../fixtures/lib/free-port';
import { writeSelfSignedCert } from './pool-emulator';

export const LOOPBACK = '127.0.0.1';

export interface RealServer {
  name: string;
  host: string;
  port: number;
  /** Connections accepted (in-process servers only; daemons: undefined). */
  connections?(): number;
  stop(): Promise<void>;
}

export interface NginxServers {
  http: RealServer;
  tls: RealServer;
  stop(): Promise<void>;
}

export interface GarbageServer extends RealServer {
  /** Bytes written to each connection before it closed (or so far). */
  written(): number[];
}

const STARTUP_MS = 10_000;
const live = new Set<() => Promise<void>>();
const children = new Set<ChildProcess>();

process.once('exit', () => {
  // Last resort (a test process exiting without afterAll): no daemon outlives it.
  for (const child of children) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Stops every server still running (call in afterAll). */
export async function stopAllRealServers(): Promise<void> {
  await Promise.all([...live].map((stop) => stop()));
}

function register(stop: () => Promise<void>): () => Promise<void> {
  let stopped: Promise<void> | undefined;
  const once = () => {
    stopped ??= stop().finally(() => live.delete(once));
    return stopped;
  };
  live.add(once);
  return once;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}

async function waitForPort(name: string, host: string, port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const until = Date.now() + STARTUP_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before listening:\n${stderr()}`);
    if (await accepts(host, port)) return;
    if (Date.now() > until) throw new Error(`${name} did not accept on ${host}:${port} within ${STARTUP_MS} ms:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A daemon in its own process group (detached), its temp dir removed when stopped. */
async function startDaemon(name: string, command: string, args: string[], dir: string, ports: number[]): Promise<() => Promise<void>> {
  const child = spawn(command, args, { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = register(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    for (const port of ports) await waitForPort(name, LOOPBACK, port, child, () => err);
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `rigsweep-${name}-`));
}

export async function startRedis(): Promise<RealServer> {
  const port = await freeLoopbackPort();
  const dir = tempDir('redis');
  const stop = await startDaemon('redis-server', 'redis-server', ['--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no', '--dir', dir], dir, [port]);
  return { name: 'redis-server', host: LOOPBACK, port, stop };
}

export async function startMosquitto(): Promise<RealServer> {
  const port = await freeLoopbackPort();
  const dir = tempDir('mosquitto');
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, [`listener ${port} ${LOOPBACK}`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', 'log_type error', ''].join('\n'));
  const stop = await startDaemon('mosquitto', 'mosquitto', ['-c', config], dir, [port]);
  return { name: 'mosquitto', host: LOOPBACK, port, stop };
}

export async function startSshd(): Promise<RealServer> {
  const port = await freeLoopbackPort();
  const dir = tempDir('sshd');
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // sshd checks that its privilege-separation directory exists even when it never uses it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication no',
      'AuthorizedKeysFile none',
      'PermitRootLogin no',
      'StrictModes no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // sshd re-executes itself, so it wants its absolute path.
  const stop = await startDaemon('sshd', '/usr/sbin/sshd', ['-D', '-e', '-f', config, '-p', String(port), '-o', `ListenAddress=${LOOPBACK}`], dir, [port]);
  return { name: 'sshd', host: LOOPBACK, port, stop };
}

/** nginx serving a static page on one port and the same over TLS (the openssl certificate) on another. */
export async function startNginx(): Promise<NginxServers> {
  const [plain, secure] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const dir = tempDir('nginx');
  const { certPath, keyPath } = await writeSelfSignedCert(dir);
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>It works</title><p>nginx test page</p>\n');
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `# One process (no master): no worker user switch, every path in this temp dir.
master_process off;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  root ${dir}/www;
  server { listen ${LOOPBACK}:${plain}; }
  server { listen ${LOOPBACK}:${secure} ssl; ssl_certificate ${certPath}; ssl_certificate_key ${keyPath}; }
}
`,
  );
  const stop = await startDaemon('nginx', 'nginx', ['-p', dir, '-e', 'stderr', '-c', conf, '-g', 'daemon off;'], dir, [plain, secure]);
  return {
    http: { name: 'nginx', host: LOOPBACK, port: plain, stop },
    tls: { name: 'nginx (TLS)', host: LOOPBACK, port: secure, stop },
    stop,
  };
}

/** An in-process server on 127.0.0.1 (or another loopback address), with its connections counted. */
async function inProcess(name: string, server: Server, host = LOOPBACK): Promise<RealServer & { sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  server.on('connection', (socket: Socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const stop = register(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { name, host, port, connections: () => count, stop, sockets };
}

/** POST with a JSON body → {"jsonrpc":"2.0","id":<its id>,"result":<the whole request>}. */
export async function startHttpJsonRpcEcho(): Promise<RealServer> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      try {
        const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: request.id ?? null, result: request }));
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
      }
    });
  });
  return inProcess('HTTP JSON-RPC echo', server);
}

/** Every line comes straight back: the nastiest look-alike (it "answers" in JSON-RPC). */
export async function startLineEcho(): Promise<RealServer> {
  const server = createTcpServer((socket) => {
    let pending = '';
    socket.on('data', (d: Buffer) => {
      pending += d.toString('latin1');
      let eol: number;
      while ((eol = pending.indexOf('\n')) >= 0) {
        socket.write(pending.slice(0, eol + 1), 'latin1');
        pending = pending.slice(eol + 1);
      }
      if (pending.length > 1 << 20) socket.destroy();
    });
  });
  return inProcess('TCP line echo', server);
}

/** Accepts, reads, never answers. `host`: any 127.x address (for per-prefix tests). */
export async function startSilent(host = LOOPBACK): Promise<RealServer> {
  const server = createTcpServer((socket) => socket.resume());
  return inProcess('silent', server, host);
}

/** Answers every connection with random bytes, as fast as the reader takes them: 1 GB unless cut. */
export async function startGarbage(limitBytes = 1 << 30): Promise<GarbageServer> {
  const blocks = Array.from({ length: 8 }, () => randomBytes(64 * 1024));
  const written: number[] = [];
  const server = createTcpServer((socket) => {
    const slot = written.push(0) - 1;
    socket.resume();
    let i = 0;
    const pump = () => {
      while (!socket.destroyed && written[slot] < limitBytes) {
        const block = blocks[i++ % blocks.length];
        written[slot] += block.length;
        if (!socket.write(block)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end();
    };
    pump();
  });
  const base = await inProcess('garbage', server);
  return { ...base, written: () => [...written] };
}
