/**
 * A real dnsmasq (Debian's /usr/sbin/dnsmasq) for one test file: authoritative for the names
 * the test gives it, on 127.0.0.1 and a free port (UDP and TCP), forwarding nothing (no
 * resolv.conf, no upstream), so a test never resolves a real name. Started in a temp dir and
 * stopped (the dir removed) after the file, and cleaned up when it fails to start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../fixtures/lib/free-port';

export const DNSMASQ = process.env.DNSMASQ ?? '/usr/sbin/dnsmasq';

export interface DnsmasqZone {
  /** Hosts-file lines (address → names), served with `ttl`. */
  hosts?: Array<[address: string, ...names: string[]]>;
  /** `--host-record`: A and/or AAAA for one name. */
  hostRecords?: Array<{ name: string; ipv4?: string; ipv6?: string }>;
  /** `--cname=alias,target`: the target must be a local name. */
  cnames?: Array<[alias: string, target: string]>;
  /** `--address=/domain/address` for the domain and every name under it; '#' answers 0.0.0.0 and :: (a sinkhole). */
  addresses?: Array<[domain: string, address: string]>;
  /** `--local=/domain/`: names under it that are not listed answer NXDOMAIN (others answer REFUSED: no upstream). */
  local?: string[];
  /** `--local-ttl`: the TTL of hosts-file, host-record and address answers. */
  ttl?: number;
}

export interface RunningDnsmasq {
  port: number;
  /** "127.0.0.1:<port>", an intel.refresh.servers entry. */
  server: string;
  /** What dnsmasq logged (startup, every query). */
  log(): string;
  stop(): Promise<void>;
}

/** Answers every readiness probe; not a name any test asks about. */
const READY_NAME = 'ready.dnsmasq.invalid';
const STARTUP_TIMEOUT_MS = 10_000;

async function udpFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

/** A port free for TCP (probed by listening) and UDP (probed by binding) on loopback. */
async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeLoopbackPort();
    if (await udpFree(port)) return port;
  }
  throw new Error('no loopback port free for both UDP and TCP after 20 tries');
}

function args(dir: string, port: number, zone: DnsmasqZone): string[] {
  const hostsFile = join(dir, 'hosts');
  writeFileSync(hostsFile, (zone.hosts ?? []).map((line) => line.join(' ')).join('\n') + '\n');
  // Started as root, dnsmasq drops to "nobody" before reading the hosts file: keep it readable.
  chmodSync(hostsFile, 0o644);
  return [
    '--keep-in-foreground',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--bind-interfaces',
    '--listen-address=127.0.0.1',
    `--port=${port}`,
    `--addn-hosts=${hostsFile}`,
    `--local-ttl=${zone.ttl ?? 300}`,
    '--log-queries',
    '--log-facility=-',
    `--pid-file=${join(dir, 'pid')}`,
    `--host-record=${READY_NAME},127.0.0.1`,
    ...(zone.hostRecords ?? []).map((r) => `--host-record=${[r.name, r.ipv4, r.ipv6].filter(Boolean).join(',')}`),
    ...(zone.cnames ?? []).map(([alias, target]) => `--cname=${alias},${target}`),
    ...(zone.addresses ?? []).map(([domain, address]) => `--address=/${domain}/${address}`),
    ...(zone.local ?? []).map((domain) => `--local=/${domain}/`),
  ];
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilAnswering(child: ChildProcess, server: string, log: () => string): Promise<void> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dnsmasq exited (${child.exitCode}) before answering:\n${log()}`);
    try {
      await resolver.resolve4(READY_NAME);
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`dnsmasq did not answer within ${STARTUP_TIMEOUT_MS} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts dnsmasq for `zone`; retries on a new port when another process took the port first. */
export async function startDnsmasq(zone: DnsmasqZone): Promise<RunningDnsmasq> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-dnsmasq-'));
    chmodSync(dir, 0o755);
    const port = await freeDnsPort();
    const child = spawn(DNSMASQ, args(dir, port, zone), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
    spawnFailed.catch(() => undefined); // an 'error' after startup must not be an unhandled rejection
    const server = `127.0.0.1:${port}`;
    const stop = async () => {
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await Promise.race([waitUntilAnswering(child, server, () => output), spawnFailed]);
      return { port, server, log: () => output, stop };
    } catch (e) {
      lastError = e;
      await stop();
      if (!/Address already in use/.test(output)) break;
    }
  }
  throw lastError;
}

/** Call at the top level of a test file: one dnsmasq for the file, stopped afterwards even when a test fails. */
export function useDnsmasq(zone: DnsmasqZone): () => RunningDnsmasq {
  let running: RunningDnsmasq | undefined;
  beforeAll(async () => {
    running = await startDnsmasq(zone);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (!running) throw new Error('dnsmasq is not running (did beforeAll fail?)');
    return running;
  };
}
