/** Debian's softflowd and nfdump, driven the way an operator would, for integration tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { start } from './processes';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Replays a capture through softflowd as NetFlow v5/v9 or IPFIX (10) to 127.0.0.1:port.
 * -a: flow times from the capture; -c none: no control socket (with one, -r waits in accept()).
 */
export async function softflowdReplay(pcap: string, port: number, version: 5 | 9 | 10, extra: string[] = []): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-softflowd-'));
  const args = ['-r', pcap, '-n', `127.0.0.1:${port}`, '-v', String(version), '-a', '-d', '-p', join(dir, 'pid'), '-c', 'none', ...extra];
  const proc = start('softflowd', args);
  const code = await proc.exited;
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`softflowd exited ${code}: ${proc.stderr()}`);
}

/** Runs nfcapd on a loopback port, replays the capture into it, and writes nfdump's CSV of it. */
export async function nfdumpCsvOf(pcap: string, port: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-nfcapd-'));
  const nfcapd = start('nfcapd', ['-l', dir, '-p', String(port), '-b', '127.0.0.1']);
  await pause(500);
  await softflowdReplay(pcap, port, 9);
  await pause(500);
  nfcapd.child.kill('SIGTERM'); // nfcapd writes its current file out on SIGTERM
  await nfcapd.exited;
  const csv = join(mkdtempSync(join(tmpdir(), 'rigsweep-csv-')), 'flows.csv');
  writeFileSync(csv, execFileSync('nfdump', ['-R', dir, '-o', 'csv'], { env: { ...process.env, TZ: 'UTC' } }));
  return csv;
}
