import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ipPacket, type SegmentSpec } from '../../../fixtures/lib/frames';
import { codes, readBytes, type Collected } from './capture-kit';

const RAW = 101;
const seg: SegmentSpec = { src: '10.9.8.7', dst: '10.9.8.6', srcPort: 5000, dstPort: 6000, protocol: 'tcp', seq: 0xdeadbeef, ack: 0x01020304, flags: 0x12, payload: Buffer.from('payload!') };

function read(...frames: Buffer[]): Promise<Collected> {
  const w = new PcapWriter({ linkType: RAW });
  frames.forEach((f, i) => w.add(i, f));
  return readBytes(w.toBuffer(), 'pcap');
}

/** TCP packet with `optionWords` 4-byte option words (NOPs) inserted before the payload. */
function tcpWithOptions(optionWords: number): Buffer {
  const base = ipPacket(seg);
  const options = Buffer.alloc(optionWords * 4, 0x01);
  const packet = Buffer.concat([base.subarray(0, 40), options, base.subarray(40)]);
  packet.writeUInt16BE(packet.length, 2);
  packet[32] = (5 + optionWords) << 4;
  return packet;
}

describe('TCP', () => {
  it('reads ports, raw sequence numbers, flags and the payload after options', async () => {
    const { packets, issues } = await read(tcpWithOptions(3));
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ srcPort: 5000, dstPort: 6000, tcp: { seq: 0xdeadbeef, ack: 0x01020304, flags: 0x12 } });
    expect(packets[0].payload.toString()).toBe('payload!');
  });

  it('includes the NS flag bit', async () => {
    const packet = ipPacket(seg);
    packet[32] |= 0x01;
    const { packets } = await read(packet);
    expect(packets[0].tcp?.flags).toBe(0x112);
  });

  it('reports a data offset below 5 words or past the packet', async () => {
    const small = ipPacket(seg);
    small[32] = 4 << 4;
    const large = ipPacket(seg);
    large[32] = 15 << 4; // 60 bytes, but the segment is 28
    const { packets, issues, stats } = await read(small, large);
    expect(packets).toEqual([]);
    expect(codes(issues)).toEqual(['tcp.bad-offset', 'tcp.bad-offset']);
    expect(stats.skipped.malformed).toBe(2);
  });

  it('reports a header cut before 20 bytes', async () => {
    const { issues } = await read(ipPacket(seg).subarray(0, 35));
    expect(codes(issues)).toEqual(['tcp.bad-offset']);
  });

  it('keeps a packet whose options the snapshot length cut (empty payload)', async () => {
    const full = tcpWithOptions(10);
    const w = new PcapWriter({ linkType: RAW, snapLength: 48 });
    const { packets, issues } = await readBytes(Buffer.concat([w.header(), w.record(1, full.subarray(0, 48), full.length)]), 'pcap');
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ srcPort: 5000, ipLength: full.length });
    expect(packets[0].payload.length).toBe(0);
  });
});

describe('UDP', () => {
  const udp: SegmentSpec = { ...seg, protocol: 'udp', payload: Buffer.from('datagram') };

  it('bounds the payload by the UDP length when it is shorter than the IP packet', async () => {
    const packet = Buffer.concat([ipPacket(udp), Buffer.from('trailer')]);
    packet.writeUInt16BE(packet.length, 2);
    const { packets } = await read(packet);
    expect(packets[0].payload.toString()).toBe('datagram');
    expect(packets[0].tcp).toBeUndefined();
  });

  it('falls back to the IP length when the UDP length is nonsense', async () => {
    const packet = ipPacket(udp);
    packet.writeUInt16BE(3, 24);
    const { packets } = await read(packet);
    expect(packets[0].payload.toString()).toBe('datagram');
  });

  it('reports a header cut short', async () => {
    const { packets, issues } = await read(ipPacket(udp).subarray(0, 26));
    expect(packets).toEqual([]);
    expect(codes(issues)).toEqual(['udp.truncated']);
  });
});
