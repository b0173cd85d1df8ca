/** The datagram decoder and the raw-file reader on hand-built datagrams: every layout branch and every bad length. */
import { ipPacket, ethernetFrame } from '../../../fixtures/lib/frames';
import { v5Message } from '../../../fixtures/lib/netflow-writer';
import {
  counterSample,
  extendedSwitchRecord,
  flowSample,
  rawHeaderRecord,
  sampledIpRecord,
  sflowDatagram,
  type SflowSample,
} from '../../../fixtures/lib/sflow-writer';
import { looksLikeExportFile } from '../../../src/readers/netflow/export-file';
import { looksLikeSflowFile } from '../../../src/readers/sflow/sflow-file';
import { sniffHead } from '../../../src/readers/sniff';
import { decodeDatagrams, readSflowBytes } from './sflow-kit';

const segment = { src: '192.168.7.20', dst: '203.0.113.77', srcPort: 40001, dstPort: 3333, protocol: 'tcp' as const, seq: 1000, flags: 0x18, payload: Buffer.from('{"id":4,"method":"mining.submit","params":["w1","j","0","1","2"]}\n') };
const frame = ethernetFrame(segment);
const ip = ipPacket(segment);
const rawSample = (rate = 100, extra: SflowSample['body'][] = []) => flowSample({ rate, records: [rawHeaderRecord(frame, frame.length + 4, 1, 4), ...extra.map((body) => ({ format: 1001, body }))] });
const dg = (samples: SflowSample[], agent = '10.1.1.1', sequence = 1) => sflowDatagram({ agent, sequence, uptimeMs: 5000, samples });
const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);

describe('sFlow datagram decoding', () => {
  it('weights a raw Ethernet header by its sampling rate and names the agent as exporter', () => {
    const { flows, issues, decoder } = decodeDatagrams([{ time: 100, payload: dg([rawSample(100)]) }]);
    expect(issues).toEqual([]);
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ exporter: '10.1.1.1', source: 'packet', protocol: 6, client: { ip: segment.src, port: 40001 }, server: { ip: segment.dst, port: 3333 }, firstSeen: 100 });
    expect(flows[0].toServer).toMatchObject({ packets: 100, bytes: 100 * ip.length, payloadBytes: 100 * segment.payload.length });
    expect(flows[0].payload?.toServer.bytes.toString()).toBe(segment.payload.toString());
    expect(decoder.stats).toMatchObject({ datagrams: 1, flowSamples: 1, sampledPackets: 1 });
  });

  it('decodes IPv4 (11) and IPv6 (12) raw headers, and an IPv6 agent with expanded samples', () => {
    const v6 = { ...segment, src: '2001:db8::20', dst: '2001:db8:1::77' };
    const ip6 = ipPacket(v6);
    const samples = [
      flowSample({ rate: 7, records: [rawHeaderRecord(ip, ip.length, 11)] }),
      flowSample({ rate: 9, expanded: true, input: 1 << 31 >>> 0, records: [rawHeaderRecord(ip6, ip6.length, 12)] }),
    ];
    const { flows, issues, samples: seen } = decodeDatagrams([{ time: 1, payload: dg(samples, '2001:db8:ff::1') }]);
    expect(issues).toEqual([]);
    expect(seen.map((s) => [s.agent, s.header?.samplingRate, s.packet?.src])).toEqual([
      ['2001:db8:ff::1', 7, segment.src],
      ['2001:db8:ff::1', 9, v6.src],
    ]);
    expect(seen[1].header).toMatchObject({ input: 1 << 31 >>> 0, inputFormat: 0 });
    expect(flows.map((f) => [f.exporter, f.toServer.packets, f.toServer.bytes]).sort()).toEqual([
      ['2001:db8:ff::1', 7, 7 * ip.length],
      ['2001:db8:ff::1', 9, 9 * ip6.length],
    ]);
  });

  it('uses sampled IPv4 / IPv6 records when no raw header is given (no payload), and when the header protocol is unsupported', () => {
    const v4 = sampledIpRecord({ length: 1500, protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5000, dstPort: 3333, tcpFlags: 0x12 });
    const v6 = sampledIpRecord({ length: 80, protocol: 17, src: 'fd00::1', dst: 'fd00::2', srcPort: 40000, dstPort: 3333 });
    const samples = [
      flowSample({ rate: 3, records: [extendedSwitchRecord(), v4] }),
      flowSample({ rate: 4, records: [v6] }),
      flowSample({ rate: 5, records: [rawHeaderRecord(Buffer.alloc(40, 1), 40, 15), v4] }),
    ];
    const { flows, issues } = decodeDatagrams([{ time: 1, payload: dg(samples) }]);
    expect(codes(issues)).toEqual(['sflow.unsupported-header']);
    const tcp = flows.find((f) => f.protocol === 6)!;
    // SYN+ACK from 10.0.0.1:5000 makes it the server.
    expect(tcp).toMatchObject({ server: { ip: '10.0.0.1', port: 5000 }, clientBy: 'syn', toClient: { packets: 8, bytes: 8 * 1500, payloadBytes: 0, tcpFlags: 0x12 } });
    expect(flows.find((f) => f.protocol === 17)).toMatchObject({ toServer: { packets: 4, bytes: 320 } });
  });

  it('counts counter samples and skips other enterprises and formats by their length', () => {
    const vendorSample = { format: (9 << 12) | 1, body: Buffer.alloc(12, 7) };
    const dropSample = { format: 5, body: Buffer.alloc(20) };
    const vendorRecord = { format: (4413 << 12) | 1, body: Buffer.alloc(8, 9) };
    const sample = flowSample({ rate: 2, records: [vendorRecord, rawHeaderRecord(frame, frame.length)] });
    const { flows, issues, decoder } = decodeDatagrams([{ time: 1, payload: dg([counterSample(), vendorSample, dropSample, sample, counterSample(2)]) }]);
    expect(issues).toEqual([]);
    expect(flows).toHaveLength(1);
    expect(decoder.stats).toMatchObject({ counterSamples: 2, otherSamples: 2, otherRecords: 1, flowSamples: 1, sampledPackets: 1 });
  });

  it('reports a bad record length and goes on with the next sample', () => {
    const broken = rawSample(10);
    broken.body.writeUInt32BE(10_000, 32 + 4); // the first record's length
    const { flows, issues } = decodeDatagrams([{ time: 1, payload: dg([broken, rawSample(20)]) }]);
    expect(codes(issues)).toEqual(['sflow.bad-length']);
    expect(issues[0].message).toContain('10000');
    expect(flows.map((f) => f.toServer.packets)).toEqual([20]);
  });

  it('reports a bad sample length, skips the rest of that datagram and reads the next', () => {
    const first = dg([rawSample(10), rawSample(11)]);
    first.writeUInt32BE(3, 28 + 4); // first sample: not a word multiple
    const { flows, issues } = decodeDatagrams([{ time: 1, payload: first }, { time: 2, payload: dg([rawSample(30)], '10.1.1.1', 2) }]);
    expect(codes(issues)).toEqual(['sflow.bad-length']);
    expect(flows.map((f) => f.toServer.packets)).toEqual([30]);
  });

  it('reports datagrams cut short (decoding their complete samples) and bad headers', () => {
    const two = dg([rawSample(10), rawSample(11)]);
    const cut = two.subarray(0, 28 + 8 + rawSample(10).body.length + 4);
    const badVersion = Buffer.from(two);
    badVersion.writeUInt32BE(4, 0);
    const badAddress = Buffer.from(two);
    badAddress.writeUInt32BE(3, 4);
    const { flows, issues } = decodeDatagrams([{ payload: cut }, { payload: badVersion }, { payload: badAddress }, { payload: two.subarray(0, 20) }]);
    expect(codes(issues)).toEqual(['sflow.truncated', 'sflow.bad-header', 'sflow.bad-header', 'sflow.bad-header']);
    expect(flows.map((f) => f.toServer.packets)).toEqual([10]);
  });
});

describe('raw sFlow files', () => {
  const datagrams = [dg([rawSample(10)], '10.1.1.1', 1), dg([counterSample(), rawSample(20)], '10.1.1.1', 2), dg([rawSample(30)], '10.2.2.2', 3)];
  const file = Buffer.concat(datagrams);

  it.each([1, 7, 64, 65536])('frames datagrams back to back whatever the chunk size (%d)', async (chunk) => {
    const { flows, issues, totals } = await readSflowBytes(file, chunk);
    expect(issues).toEqual([]);
    expect(totals).toMatchObject({ packets: 3, flows: 2 });
    expect(flows.map((f) => [f.exporter, f.toServer.packets]).sort()).toEqual([
      ['10.1.1.1', 30],
      ['10.2.2.2', 30],
    ]);
    // No clock in a file: the agent's uptime (5 s) times the samples.
    expect(flows[0].firstSeen).toBe(5);
  });

  it('skips bytes between datagrams as one issue at their file offset', async () => {
    const junk = Buffer.from('not sflow at all, really');
    const { flows, issues } = await readSflowBytes(Buffer.concat([datagrams[0], junk, datagrams[2]]), 16);
    expect(issues.map((i) => [i.code, i.offset])).toEqual([['sflow.bad-header', datagrams[0].length]]);
    expect(flows).toHaveLength(2);
  });

  it('reports a broken sample length at its file offset and resumes at the next datagram', async () => {
    const broken = Buffer.from(datagrams[1]);
    const counterLength = counterSample().body.length;
    broken.writeUInt32BE(0x7fff_fff0, 28 + 8 + counterLength + 4); // the flow sample's length
    const { flows, issues } = await readSflowBytes(Buffer.concat([datagrams[0], broken, datagrams[2]]), 5);
    expect(issues[0]).toMatchObject({ code: 'sflow.bad-length', offset: datagrams[0].length + 28 + 8 + counterLength });
    expect(flows.map((f) => [f.exporter, f.toServer.packets]).sort()).toEqual([
      ['10.1.1.1', 10],
      ['10.2.2.2', 30],
    ]);
  });

  it('reports a file cut inside its last datagram, keeping what came before', async () => {
    const { flows, issues } = await readSflowBytes(file.subarray(0, file.length - 10));
    expect(codes(issues)).toEqual(['sflow.bad-length']);
    expect(flows.map((f) => f.toServer.packets)).toEqual([30]);
  });
});

describe('sniffing sFlow next to NetFlow v5', () => {
  const sflowFile = Buffer.concat([dg([rawSample()]), dg([rawSample()])]);
  const v5 = v5Message({ unixSeconds: 1_632_700_000, sysUptime: 700_000 }, [{ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, protocol: 6, packets: 1, bytes: 40, first: 0, last: 0, tcpFlags: 0 }]);

  it('takes sFlow files as sflow and NetFlow v5 files as netflow, never the other way round', () => {
    expect(sniffHead(sflowFile)).toBe('sflow');
    expect(sniffHead(v5)).toBe('netflow');
    expect(looksLikeSflowFile(v5)).toBe(false);
    expect(looksLikeExportFile(sflowFile)).toBe(false);
    expect(sniffHead(dg([rawSample()], '2001:db8::1'))).toBe('sflow');
  });

  it('does not take a lone version word or a broken first datagram for sFlow', () => {
    expect(looksLikeSflowFile(Buffer.from([0, 0, 0, 5, 0, 0, 0, 1]))).toBe(false);
    const broken = Buffer.from(sflowFile);
    broken.writeUInt32BE(6, 28 + 4);
    expect(looksLikeSflowFile(broken)).toBe(false);
  });
});
