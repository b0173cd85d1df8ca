/**
 * nfcapd files made by Debian's nfdump 1.7.1 tools, and real 1.6 / 1.7 files from a public
 * repository (fixtures/nfcapd/PROVENANCE.md), read natively and checked record by record against
 * `nfdump -r FILE -o json` of the same file: count, addresses, ports, protocol, both directions'
 * packets and bytes, TCP flags, times, and the exporter where nfdump prints a router address.
 */
import { join } from 'node:path';
import { repoRoot } from '../../helpers/corpus';
import { killAll } from '../../helpers/processes';
import { fixturePath } from '../../helpers/scan';
import { expectSameAsNfdump, nfcapdFiles, nfdumpMerge, nfpcapdFiles, readFile, recompress } from './nfdump-kit';

afterAll(killAll);

const nfcapdFixture = (name: string) => join(repoRoot, 'fixtures/nfcapd', name);

describe('nfpcapd files', () => {
  it.each(['demo.pcap', 'xmrig.pcap', 'ipv6-miner.pcap', 'nat-farm.pcap'])('%s: every nfpcapd file, as written and recompressed', async (pcap) => {
    const files = nfpcapdFiles(fixturePath(pcap));
    expect(files.length).toBeGreaterThan(0);
    let total = 0;
    for (const file of files) {
      const read = await readFile(file);
      expect(read.issues).toEqual([]);
      total += expectSameAsNfdump(file, read);
    }
    expect(total).toBeGreaterThan(0);
    for (const flag of ['-y', '-j', '-z'] as const) {
      const merged = nfdumpMerge(files, flag);
      const read = await readFile(merged);
      expect(read.issues).toEqual([]);
      expect(read.totals.packets).toBeGreaterThan(0);
      expect(expectSameAsNfdump(merged, read)).toBe(total);
    }
  });
});

describe('nfcapd fed by softflowd over loopback', () => {
  it.each([5, 9, 10] as const)('NetFlow v%i: every record of every file, plain and LZ4/BZ2/LZO', async (version) => {
    const files = await nfcapdFiles(fixturePath('demo.pcap'), version);
    expect(files.length).toBeGreaterThan(0);
    let total = 0;
    for (const file of files) {
      const read = await readFile(file);
      expect(read.issues).toEqual([]);
      // nfcapd records carry the address the export came from
      for (const flow of read.flows) expect(flow.exporter).toBe('127.0.0.1');
      total += expectSameAsNfdump(file, read);
      for (const flag of ['-y', '-j', '-z'] as const) {
        const copy = recompress(file, flag);
        const again = await readFile(copy);
        expect(again.issues).toEqual([]);
        expectSameAsNfdump(copy, again);
      }
    }
    expect(total).toBeGreaterThan(0);
  });
});

describe('real files from elsewhere', () => {
  it.each([
    ['v1-lzo-small.nfcapd', 10],
    ['v1-bz2-first-block.nfcapd', 8950],
    ['v2-sample.nfcapd', 3018],
  ])('%s decodes as nfdump 1.7.1 reads it', async (name, atLeast) => {
    const read = await readFile(nfcapdFixture(name));
    expect(read.issues).toEqual([]);
    expect(expectSameAsNfdump(nfcapdFixture(name), read)).toBeGreaterThanOrEqual(atLeast);
  });

  it('a 1.6 file without flow records has none', async () => {
    const read = await readFile(nfcapdFixture('v1-empty.nfcapd'));
    expect(read.issues).toEqual([]);
    expect(expectSameAsNfdump(nfcapdFixture('v1-empty.nfcapd'), read)).toBe(0);
  });

  it('the 1.6 router file names each record\'s router (nfdump\'s ip4_router, compared above), not the file', async () => {
    const read = await readFile(nfcapdFixture('v1-lzo-small.nfcapd'));
    for (const flow of read.flows) expect(flow.exporter).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
