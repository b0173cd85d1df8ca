import { PcapngWriter, PcapWriter } from '../../fixtures/lib/capture-writer';
import { sniffFormat, sniffHead } from '../../src/readers/sniff';
import { writeTemp } from './pcap/capture-kit';

describe('sniffFormat', () => {
  it.each([
    ['µs little-endian', { nanosecond: false, bigEndian: false }],
    ['µs big-endian', { nanosecond: false, bigEndian: true }],
    ['ns little-endian', { nanosecond: true, bigEndian: false }],
    ['ns big-endian', { nanosecond: true, bigEndian: true }],
  ])('recognises classic pcap, %s', async (_name, options) => {
    expect(await sniffFormat(writeTemp(new PcapWriter(options).toBuffer()))).toBe('pcap');
  });

  it('recognises pcapng in both byte orders', async () => {
    const little = new PcapngWriter().toBuffer();
    expect(await sniffFormat(writeTemp(little))).toBe('pcapng');
    const big = Buffer.from(little);
    big.writeUInt32BE(0x1a2b3c4d, 8);
    expect(await sniffFormat(writeTemp(big))).toBe('pcapng');
  });

  it('says unknown for other files, empty files and near misses', async () => {
    expect(await sniffFormat(writeTemp(Buffer.from('ts,src,dst\n1,2,3\n')))).toBe('unknown');
    expect(await sniffFormat(writeTemp(Buffer.alloc(0)))).toBe('unknown');
    expect(sniffHead(Buffer.from([0xd4, 0xc3, 0xb2]))).toBe('unknown');
    // A text file that happens to start with \n\r\r\n is not pcapng without the byte-order magic.
    expect(sniffHead(Buffer.from('\n\r\r\nhello world and more'))).toBe('unknown');
  });

  it('rejects when the file cannot be read', async () => {
    await expect(sniffFormat('/nonexistent/rigsweep/capture.pcap')).rejects.toThrow(/ENOENT/);
  });
});
