/**
 * Real captures from the shared corpus decode without issues, and the packet count matches one
 * computed independently by walking the container (tshark/capinfos are not installed here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { sniffFormat } from '../../../src/readers/sniff';
import { readPath } from './capture-kit';
import { corpusPath } from '../../helpers/corpus';

const CORPUS = corpusPath();
const files = ['mining', 'negative'].flatMap((dir) =>
  readdirSync(join(CORPUS, dir))
    .filter((name) => /\.pcap(ng)?$/.test(name))
    .map((name) => join(CORPUS, dir, name)),
);

function countPcapRecords(file: Buffer): number {
  const le = file.readUInt32LE(0) === 0xa1b2c3d4 || file.readUInt32LE(0) === 0xa1b23c4d;
  let count = 0;
  for (let at = 24; at + 16 <= file.length; count++) at += 16 + (le ? file.readUInt32LE(at + 8) : file.readUInt32BE(at + 8));
  return count;
}

function countPcapngPackets(file: Buffer): number {
  let le = true;
  let count = 0;
  for (let at = 0; at + 12 <= file.length; ) {
    const type = le ? file.readUInt32LE(at) : file.readUInt32BE(at);
    if (type === 0x0a0d0d0a) le = file.readUInt32LE(at + 8) === 0x1a2b3c4d;
    if (type === 2 || type === 3 || type === 6) count++;
    at += le ? file.readUInt32LE(at + 4) : file.readUInt32BE(at + 4);
  }
  return count;
}

describe('shared corpus', () => {
  it('has captures to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s decodes cleanly', async (path) => {
    const format = await sniffFormat(path);
    expect(format).not.toBe('unknown');
    const bytes = readFileSync(path);
    const { packets, issues, stats } = await readPath(path, format as 'pcap' | 'pcapng');

    expect(issues).toEqual([]);
    expect(stats.bytes).toBe(bytes.length);
    expect(stats.packets).toBe(format === 'pcap' ? countPcapRecords(bytes) : countPcapngPackets(bytes));
    const skipped = Object.values(stats.skipped).reduce((n, v) => n + v, 0);
    expect(stats.decoded + skipped).toBe(stats.packets);
    expect(stats.skipped.malformed).toBe(0);
    expect(stats.decoded).toBeGreaterThan(stats.packets * 0.9);
    expect(packets).toHaveLength(stats.decoded);

    let previous = -1;
    for (const p of packets) {
      expect(isIP(p.src)).toBe(p.ipVersion);
      expect(isIP(p.dst)).toBe(p.ipVersion);
      expect([6, 17]).toContain(p.protocol);
      expect(p.offset).toBeGreaterThan(previous);
      expect(p.time).toBeGreaterThan(1e9); // real wall-clock captures
      expect(p.payload.length).toBeLessThanOrEqual(p.ipLength);
      previous = p.offset;
    }
  });
});
