/**
 * Decodes sFlow v5 datagrams into FlowRecords. Each sampled packet (a raw header through the
 * capture decoders, else a sampled IPv4/IPv6 record) goes into the same flow assembly as
 * captured packets, weighted by its sampling rate: one sample 1-in-N counts N packets and N times
 * its bytes. Flows are assembled per agent, so two switches sampling the same conversation do not
 * add up into one flow, and each record names its agent as exporter.
 *
 * Counter samples (formats 2 and 4) carry interface statistics, not flows: they are counted in
 * `stats.counterSamples` and skipped, as are samples and records of other enterprises or formats
 * (`stats.otherSamples`, `stats.otherRecords`). Every length is checked against its container;
 * a bad one is an issue and decoding goes on with the next sample (a bad record length) or the
 * next datagram (a bad sample length). Nothing here throws on input.
 */
import type { Config } from '../../config/schema';
import type { FlowRecord } from '../../flow/flow-record';
import type { IssueLimiter } from '../issue-limiter';
import type { InputIssue } from '../issues';
import { FlowAssembler } from '../pcap/flow-table';
import type { DecodedPacket } from '../pcap/packet';
import { u32be } from '../pcap/bytes';
import { isSamplingRate } from '../../flow/sampling';
import { readDatagramHeader } from './datagram-header';
import { readFlowSampleHeader, type FlowSampleHeader } from './flow-sample';
import { enterpriseOf, formatOf, isWordMultiple, RECORD, SAMPLE, TAG_BYTES } from './layout';
import { readRawHeader, SampledHeaderDecoder, type RawHeader } from './sampled-header';
import { sampledIpBytes, sampledIpPacket } from './sampled-ip';

export interface SflowContext {
  /** Where the datagram is in the input (capture record or file offset), for issues. */
  offset: number;
  /** Offsets inside the datagram are input offsets too (raw files): issues point at the exact byte. */
  positional?: boolean;
  /** Arrival time in seconds (capture time or receive time); without it (files) the agent's uptime stands in. */
  time?: number;
  /** The datagram's sender: names the exporter when the agent address is "unknown" (type 0). */
  sender?: string;
  /** The file framer already reported this datagram as cut short. */
  knownShort?: boolean;
}

export interface SflowStats {
  datagrams: number;
  flowSamples: number;
  /** Counter samples (interface statistics): not flows, skipped. */
  counterSamples: number;
  /** Samples of other formats or enterprises (drop samples, vendor samples): skipped by length. */
  otherSamples: number;
  /** Flow records that are neither a packet header nor sampled IP (extended records, vendors'). */
  otherRecords: number;
  /** Sampled packets that went into flow assembly. */
  sampledPackets: number;
  /** Flow samples that gave no TCP/UDP packet (ARP, ICMP, unsupported header protocol, no packet record). */
  notFlowPackets: number;
}

/** One sample as decoded, for whoever watches (tests compare them with tshark's decoding). */
export interface ObservedSample {
  agent: string;
  kind: 'flow' | 'counters' | 'other';
  /** Flow samples only. */
  header?: FlowSampleHeader;
  /** The TCP/UDP packet the flow sample gave (its weight is the sampling rate), if any. */
  packet?: DecodedPacket;
}

export class SflowDecoder {
  readonly stats: SflowStats = { datagrams: 0, flowSamples: 0, counterSamples: 0, otherSamples: 0, otherRecords: 0, sampledPackets: 0, notFlowPackets: 0 };
  private readonly assemblers = new Map<string, FlowAssembler>();
  private readonly headers: SampledHeaderDecoder;
  private readonly report: (issue: InputIssue) => void;

  constructor(
    private readonly settings: Config['capture'],
    private readonly emit: (flow: FlowRecord) => void,
    private readonly issues: IssueLimiter,
    private readonly observe?: (sample: ObservedSample) => void,
  ) {
    this.headers = new SampledHeaderDecoder(issues);
    this.report = (i) => issues.issue(i.code, i.offset, i.message);
  }

  /** Flows held across all agents. */
  get size(): number {
    let n = 0;
    for (const a of this.assemblers.values()) n += a.size;
    return n;
  }

  decode(datagram: Buffer, context: SflowContext): void {
    this.stats.datagrams++;
    const where = (pos: number) => (context.positional ? context.offset + pos : context.offset);
    const header = readDatagramHeader(datagram, 0, datagram.length);
    if (typeof header === 'string') {
      this.issues.issue('sflow.bad-header', context.offset, `${header}; skipped`);
      return;
    }
    const exporter = header.agent || context.sender || 'unknown';
    const time = context.time ?? header.uptimeMs / 1000;
    const end = datagram.length;
    let at = header.samplesAt;
    for (let i = 0; i < header.sampleCount; i++) {
      if (at + TAG_BYTES > end) {
        if (!context.knownShort) {
          this.issues.issue('sflow.truncated', where(at), () => `datagram from ${exporter} ends after ${i} of its ${header.sampleCount} samples (byte ${at} of ${end})`);
        }
        return;
      }
      const dataFormat = u32be(datagram, at);
      const length = u32be(datagram, at + 4);
      const bodyAt = at + TAG_BYTES;
      if (!isWordMultiple(length) || length > end - bodyAt) {
        this.issues.issue('sflow.bad-length', where(at), () => `sample ${i + 1} of ${header.sampleCount} at byte ${at} of a ${end}-byte datagram from ${exporter} claims ${length} bytes; the rest of the datagram is skipped`);
        return;
      }
      this.sample(datagram, dataFormat, bodyAt, bodyAt + length, exporter, time, where);
      at = bodyAt + length;
    }
  }

  /** Moves every agent's clock on to `now` (live collection): flows idle by then are emitted. */
  advance(now: number): void {
    for (const assembler of this.assemblers.values()) assembler.advance(now);
  }

  /** End of input: every flow still held is emitted. */
  flush(): void {
    for (const assembler of this.assemblers.values()) assembler.flush();
  }

  private sample(buf: Buffer, dataFormat: number, at: number, end: number, exporter: string, time: number, where: (pos: number) => number): void {
    const format = enterpriseOf(dataFormat) === 0 ? formatOf(dataFormat) : -1;
    if (format === SAMPLE.COUNTERS || format === SAMPLE.EXPANDED_COUNTERS) {
      this.stats.counterSamples++;
      this.observe?.({ agent: exporter, kind: 'counters' });
      return;
    }
    if (format !== SAMPLE.FLOW && format !== SAMPLE.EXPANDED_FLOW) {
      this.stats.otherSamples++;
      this.observe?.({ agent: exporter, kind: 'other' });
      return;
    }
    this.stats.flowSamples++;
    const sample = readFlowSampleHeader(buf, at, end, format === SAMPLE.EXPANDED_FLOW);
    if (sample === undefined) {
      this.issues.issue('sflow.bad-length', where(at), () => `flow sample at byte ${at} from ${exporter} is ${end - at} bytes, too short for its header; skipped`);
      return;
    }
    const packet = this.samplePacket(buf, at + sample.recordsAt, end, sample.recordCount, exporter, time, where);
    if (packet === undefined) {
      this.stats.notFlowPackets++;
      this.observe?.({ agent: exporter, kind: 'flow', header: sample });
      return;
    }
    // A rate of 0 (or past 2^31) is no rate at all: count the sample once rather than lose it.
    // The flow assembled from the samples carries the rate (FlowRecord.sampling, flow-live.ts).
    packet.weight = isSamplingRate(sample.samplingRate) ? sample.samplingRate : 1;
    this.stats.sampledPackets++;
    this.observe?.({ agent: exporter, kind: 'flow', header: sample, packet });
    this.assembler(exporter).add(packet);
  }

  /**
   * Walks the flow records of one sample and makes its packet: from the raw header when there is
   * one that decodes (the full decode, payload included), else from a sampled IPv4/IPv6 record.
   */
  private samplePacket(buf: Buffer, at: number, end: number, count: number, exporter: string, time: number, where: (pos: number) => number): DecodedPacket | undefined {
    let raw: RawHeader | undefined;
    let ipAt = -1;
    let ipv6 = false;
    for (let i = 0; i < count; i++) {
      if (at + TAG_BYTES > end) {
        this.issues.issue('sflow.bad-length', where(at), () => `flow sample from ${exporter} ends after ${i} of its ${count} records (byte ${at}); the records read are used`);
        break;
      }
      const dataFormat = u32be(buf, at);
      const length = u32be(buf, at + 4);
      const bodyAt = at + TAG_BYTES;
      if (!isWordMultiple(length) || length > end - bodyAt) {
        this.issues.issue('sflow.bad-length', where(at), () => `flow record ${i + 1} of ${count} at byte ${at} from ${exporter} claims ${length} bytes, past its sample; the rest of the sample is skipped`);
        break;
      }
      const format = enterpriseOf(dataFormat) === 0 ? formatOf(dataFormat) : -1;
      if (format === RECORD.RAW_HEADER) {
        const header = readRawHeader(buf, bodyAt, bodyAt + length);
        if (header === undefined) {
          this.issues.issue('sflow.bad-length', where(at), () => `packet header record at byte ${at} from ${exporter}: its header length runs past the record's ${length} bytes; skipped`);
        } else if (!this.headers.supports(header.protocol)) {
          this.issues.issue('sflow.unsupported-header', where(at), () => `sampled header protocol ${header.protocol} from ${exporter} is not Ethernet (1), IPv4 (11) or IPv6 (12); skipped`);
        } else raw ??= header;
      } else if ((format === RECORD.IPV4 || format === RECORD.IPV6) && ipAt < 0) {
        if (length < sampledIpBytes(format === RECORD.IPV6)) {
          this.issues.issue('sflow.bad-length', where(at), () => `sampled IPv${format === RECORD.IPV6 ? 6 : 4} record at byte ${at} from ${exporter} is ${length} bytes, too short; skipped`);
        } else {
          ipAt = bodyAt;
          ipv6 = format === RECORD.IPV6;
        }
      } else if (format !== RECORD.ETHERNET) {
        this.stats.otherRecords++;
      }
      at = bodyAt + length;
    }
    if (raw !== undefined) return this.headers.decode(buf, raw, time, where(raw.headerAt));
    if (ipAt >= 0) return sampledIpPacket(buf, ipAt, ipv6, time, where(ipAt));
    return undefined;
  }

  private assembler(exporter: string): FlowAssembler {
    let assembler = this.assemblers.get(exporter);
    if (assembler === undefined) {
      assembler = new FlowAssembler(
        this.settings,
        (flow) => {
          flow.exporter = exporter;
          this.emit(flow);
        },
        (i) => this.report(i),
      );
      this.assemblers.set(exporter, assembler);
    }
    return assembler;
  }
}
