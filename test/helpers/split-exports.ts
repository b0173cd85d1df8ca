/**
 * Consecutive nfdump CSV exports in which mining sessions run across file boundaries: a miner's
 * session is too short in any one file to be judged, long-lived over all of them. What a
 * rotating nfcapd directory holds, small enough for a test.
 */
import { join } from 'node:path';
import { writeNfdumpCsv, type NfdumpCsvRow } from '../../fixtures/lib/nfdump-csv-writer';
import { BASE_TIME } from '../../fixtures/lib/timeline';

const ACK_PSH = 0x18;
const SYN_ACK_PSH_FIN = 0x1b;
/** Export interval (active timeout) of long sessions, and the length of one file. */
const RECORD_SECONDS = 120;
const FILE_SECONDS = 240;

export const SPLIT_MINERS = ['10.20.0.11', '10.20.0.12', '10.20.0.13'];
/** One home address behind which five rigs mine to one pool: a farm behind NAT. */
export const SPLIT_FARM = '10.20.0.50';

function session(rows: NfdumpCsvRow[], first: number, client: string, clientPort: number, pool: string, poolPort: number, seed: number): void {
  const last = first + RECORD_SECONDS - 1;
  const shares = 30 + (seed % 17);
  rows.push({ first, last, src: client, dst: pool, srcPort: clientPort, dstPort: poolPort, protocol: 6, packets: shares, bytes: shares * 110, tcpFlags: ACK_PSH });
  rows.push({ first, last, src: pool, dst: client, srcPort: poolPort, dstPort: clientPort, protocol: 6, packets: shares, bytes: shares * 190, tcpFlags: ACK_PSH });
}

function web(rows: NfdumpCsvRow[], time: number, i: number): void {
  const client = `10.30.${i % 7}.${1 + (i % 200)}`;
  const server = `198.18.${i % 5}.${1 + (i % 250)}`;
  const port = 40000 + i;
  rows.push({ first: time, last: time + 3, src: client, dst: server, srcPort: port, dstPort: 443, protocol: 6, packets: 20, bytes: 4000, tcpFlags: SYN_ACK_PSH_FIN });
  rows.push({ first: time, last: time + 3, src: server, dst: client, srcPort: 443, dstPort: port, protocol: 6, packets: 40, bytes: 60000, tcpFlags: SYN_ACK_PSH_FIN });
}

/** Writes `files` consecutive exports into `dir`; answers their paths in time order. */
export async function writeSplitExports(dir: string, files = 4): Promise<string[]> {
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const rows: NfdumpCsvRow[] = [];
    const start = BASE_TIME + f * FILE_SECONDS;
    for (let t = start; t < start + FILE_SECONDS; t += RECORD_SECONDS) {
      SPLIT_MINERS.forEach((miner, i) => session(rows, t, miner, 41000 + i, `203.0.113.${60 + i}`, 3333, t + i));
      for (let rig = 0; rig < 5; rig++) session(rows, t, SPLIT_FARM, 42000 + rig, '203.0.113.70', 4444, t + rig);
    }
    for (let i = 0; i < 150; i++) web(rows, start + i, f * 1000 + i);
    rows.sort((a, b) => a.first - b.first);
    const path = join(dir, `nfcapd.2021092700${String(f * 4).padStart(2, '0')}.csv`);
    await writeNfdumpCsv(path, rows);
    paths.push(path);
  }
  return paths;
}
