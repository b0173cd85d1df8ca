/**
 * Real nfcapd files from Debian's nfdump 1.7.1 tools (nfpcapd, nfcapd fed by softflowd, nfdump
 * -w with its compressions) and the oracle they are checked against: `nfdump -r FILE -o json`
 * under TZ=UTC, turned into the FlowRecords the same records must give.
 */
import { freeUdpPort } from '../../helpers/free-udp-port';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportToFlowRecord, type ExportRecord } from '../../../src/flow/export-record';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { parseConfig } from '../../../src/config/load';
import type { ReaderTotals } from '../../../src/readers/format-reader';
import type { InputIssue } from '../../../src/readers/issues';
import { readNfcapd } from '../../../src/readers/nfdump';
import { withSource } from '../../../src/readers/source';
import { softflowdReplay } from '../../helpers/flow-tools';
import { start } from '../../helpers/processes';

const UTC = { ...process.env, TZ: 'UTC' };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const tempDir = (tag: string) => mkdtempSync(join(tmpdir(), `rigsweep-nfdump-${tag}-`));

const filesIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('nfcapd.') && f !== 'nfcapd.current')
    .sort()
    .map((f) => join(dir, f));

/** nfpcapd's own files for a capture (it rotates every 5 minutes of capture time). */
export function nfpcapdFiles(pcap: string): string[] {
  const dir = tempDir('nfpcapd');
  execFileSync('nfpcapd', ['-r', pcap, '-w', dir], { stdio: 'pipe' });
  return filesIn(dir);
}

/** All of a directory's files merged into one by `nfdump -R DIR -w OUT` (plus a compression flag). */
export function nfdumpMerge(files: string[], flag?: '-y' | '-j' | '-z'): string {
  const out = join(tempDir('merge'), 'merged.nfcapd');
  const dir = files[0].slice(0, files[0].lastIndexOf('/'));
  execFileSync('nfdump', ['-R', dir, ...(flag ? [flag] : []), '-w', out], { stdio: 'pipe' });
  return out;
}

/** `nfdump -r IN -y|-j|-z -w OUT`: the same records, LZ4 / BZ2 / LZO compressed. */
export function recompress(file: string, flag: '-y' | '-j' | '-z'): string {
  const out = join(tempDir('recompress'), `recompressed${flag}.nfcapd`);
  execFileSync('nfdump', ['-r', file, flag, '-w', out], { stdio: 'pipe' });
  return out;
}


/** nfcapd's files after softflowd replays the capture into it over loopback as NetFlow v5/v9 or IPFIX. */
export async function nfcapdFiles(pcap: string, version: 5 | 9 | 10): Promise<string[]> {
  const dir = tempDir('nfcapd');
  const port = await freeUdpPort();
  const nfcapd = start('nfcapd', ['-l', dir, '-p', String(port), '-b', '127.0.0.1']);
  await pause(500);
  await softflowdReplay(pcap, port, version);
  await pause(500);
  nfcapd.child.kill('SIGTERM'); // nfcapd writes its current file out on SIGTERM
  await nfcapd.exited;
  return filesIn(dir);
}

export interface ReadResult {
  flows: FlowRecord[];
  issues: InputIssue[];
  totals: ReaderTotals;
}

export async function readFile(path: string, config = parseConfig({})): Promise<ReadResult> {
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const totals = await withSource(path, (source) => readNfcapd(source, config, { flow: (f) => flows.push(f), issue: (i) => issues.push(i) }));
  return { flows, issues, totals };
}

type JsonRecord = Record<string, string | number | undefined>;

/** `nfdump -r FILE -o json` (TZ=UTC), every record it prints. */
export function nfdumpJson(file: string): JsonRecord[] {
  const text = execFileSync('nfdump', ['-r', file, '-o', 'json'], { env: UTC, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const start = text.indexOf('[');
  if (start < 0 || text.includes('No matching flows')) return [];
  return JSON.parse(text.slice(start)) as JsonRecord[];
}

/** nfdump's flag letters, high bit first (output_util.c FlagsString). */
const FLAG_LETTERS = 'CEUAPRSF';
function tcpFlags(text: string | number | undefined): number {
  if (typeof text === 'number') return text;
  let flags = 0;
  for (let i = 0; i < 8; i++) if (text !== undefined && text[i] === FLAG_LETTERS[i]) flags |= 0x80 >> i;
  return flags;
}

/** nfdump's local-time stamps with milliseconds, printed under TZ=UTC. */
const seconds = (text: string | number | undefined) => Date.parse(`${String(text)}Z`) / 1000;

/** The ExportRecord nfdump's JSON describes, and so the FlowRecord the reader must give for it. */
export function expectedFlow(j: JsonRecord): { flow: FlowRecord; srcIsClient: boolean; router?: string } {
  const e: ExportRecord = {
    src: String(j.src4_addr ?? j.src6_addr),
    dst: String(j.dst4_addr ?? j.dst6_addr),
    srcPort: Number(j.src_port ?? 0),
    dstPort: Number(j.dst_port ?? 0),
    protocol: Number(j.proto),
    packets: Number(j.in_packets),
    bytes: Number(j.in_bytes),
    first: seconds(j.first),
    last: seconds(j.last),
    tcpFlags: tcpFlags(j.tcp_flags),
  };
  if (j.out_packets !== undefined) e.reversePackets = Number(j.out_packets);
  if (j.out_bytes !== undefined) e.reverseBytes = Number(j.out_bytes);
  const router = j.ip4_router ?? j.ip6_router;
  const flow = exportToFlowRecord(e);
  return { flow, srcIsClient: flow.client.ip === e.src && (flow.client.port === e.srcPort || flow.client.port === 0), router: router === undefined ? undefined : String(router) };
}

/** Compares the reader's records with nfdump's, one by one, in file order; returns how many. */
export function expectSameAsNfdump(file: string, read: ReadResult): number {
  const json = nfdumpJson(file);
  expect(read.flows).toHaveLength(json.length);
  json.forEach((j, i) => {
    const { flow, srcIsClient, router } = expectedFlow(j);
    const { exporter, sampling, ...mine } = read.flows[i];
    // nfdump's JSON says whether a record is sampled ("sampled": 1), not at which rate: an
    // unsampled one has none; a sampled one's rate (when the file tells it) divides its counters.
    if (!j.sampled) expect(sampling).toBeUndefined();
    else if (sampling !== undefined) expect(Number(j.in_packets) % sampling).toBe(0);
    // nfdump 1.7.1's JSON does not print the reverse direction's TCP flags: that one value is not compared
    const reverse = srcIsClient ? 'toClient' : 'toServer';
    mine[reverse] = { ...mine[reverse], tcpFlags: flow[reverse].tcpFlags };
    expect({ i, ...mine }).toEqual({ i, ...flow });
    if (router !== undefined) expect(exporter).toBe(router);
  });
  return json.length;
}
