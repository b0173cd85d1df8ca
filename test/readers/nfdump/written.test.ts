/**
 * What no tool here writes, built by nfcapd-writer.ts: NSEL/NEL (CGNAT) V3 records, checked
 * with nfdump 1.7.1 itself, and ZSTD-compressed blocks (nfdump 1.7.2+; 1.7.1 cannot read them,
 * so they are checked against nfdump's reading of the same file uncompressed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../helpers/scan';
import { expectSameAsNfdump, nfdumpJson, nfdumpMerge, nfpcapdFiles, readFile, tempDir } from './nfdump-kit';
import { natRecord, v2Blocks, v2File, zstdFrame, type NatFlow } from './nfcapd-writer';

const T = 1_700_000_000_000;
const subscriber = (i: number): NatFlow => ({
  src: `100.64.3.${10 + i}`,
  dst: '198.51.100.7',
  srcPort: 40000 + i,
  dstPort: 3333,
  protocol: 6,
  packets: 20 + i,
  bytes: 2000 + i,
  outPackets: 18 + i,
  outBytes: 9000 + i,
  msecFirst: T + i * 1000,
  msecLast: T + i * 1000 + 60_000,
  xlateSrc: '203.0.113.50',
  xlateDst: '198.51.100.7',
  xlateSrcPort: 61000 + i,
  xlateDstPort: 3333,
  natEvent: 1,
});

describe('NSEL / NEL records (CGNAT)', () => {
  const file = join(tempDir('nat'), 'nat.nfcapd');
  const flows = [0, 1, 2].map(subscriber);
  writeFileSync(file, v2File([flows.map(natRecord)]));

  it('nfdump 1.7.1 reads the written records as NAT events with the intended inside and outside sides', () => {
    const json = nfdumpJson(file);
    expect(json.map((j) => [j.src4_addr, j.src4_xlt_ip, Number(j.src_xlt_port)])).toEqual(flows.map((f) => [f.src, f.xlateSrc, f.xlateSrcPort]));
  });

  it('reports the inside (pre-NAT) source, the subscriber, with both directions counted, like nfdump', async () => {
    const read = await readFile(file);
    expect(read.issues).toEqual([]);
    expectSameAsNfdump(file, read);
    expect(read.flows.map((f) => f.client.ip)).toEqual(flows.map((f) => f.src));
    expect(read.flows.map((f) => f.toClient.bytes)).toEqual(flows.map((f) => f.outBytes));
    for (const flow of read.flows) expect(flow.exporter).toBe('192.0.2.1');
  });
});

describe('ZSTD blocks (nfdump 1.7.2+)', () => {
  it('the blocks of a real nfdump file, each made a ZSTD frame, read as nfdump reads the plain file', async () => {
    const plain = nfdumpMerge(nfpcapdFiles(fixturePath('demo.pcap')));
    const blocks = v2Blocks(readFileSync(plain));
    // keep nfdump's records and block boundaries; only the block bodies change
    const zstd = v2File(
      blocks.map((b) => [b.body]),
      4,
      zstdFrame,
    );
    // v2File counts one record per part: restore each block's record count
    let pos = 40;
    for (const b of blocks) {
      zstd.writeUInt32LE(b.numRecords, pos);
      pos += 12 + zstd.readUInt32LE(pos + 4);
    }
    const file = join(tempDir('zstd'), 'zstd.nfcapd');
    writeFileSync(file, zstd);
    const read = await readFile(file);
    expect(read.issues).toEqual([]);
    expectSameAsNfdump(plain, read);
  });
});
