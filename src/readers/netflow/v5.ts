/**
 * NetFlow v5 (Cisco's fixed format): a 24-byte header and up to 30 records of 48 bytes, IPv4
 * only. Record times are exporter uptimes, made absolute with the header's uptime and clock;
 * the header's sampling interval multiplies the counters back. An interval of 0 states no
 * sampling (flowExport.samplingRate applies); 1 states "unsampled".
 */
import type { Config } from '../../config/schema';
import { exportToFlowRecord } from '../../flow/export-record';
import type { FlowRecord } from '../../flow/flow-record';
import { ipv4Text } from '../pcap/address-text';
import { u16be, u32be } from '../pcap/bytes';
import { newExportRecord } from './record-reader';
import type { ReportIssue } from './set-decoder';

export const V5_HEADER_BYTES = 24;
export const V5_RECORD_BYTES = 48;
export const V5_MAX_RECORDS = 30;
const SAMPLING_INTERVAL_MASK = 0x3fff;

/** Message length its header declares, or -1 when the count is impossible. */
export function v5MessageLength(count: number): number {
  return count >= 1 && count <= V5_MAX_RECORDS ? V5_HEADER_BYTES + count * V5_RECORD_BYTES : -1;
}

export class V5Decoder {
  private readonly flow = newExportRecord();

  constructor(
    private readonly emit: (flow: FlowRecord) => void,
    private readonly report: ReportIssue,
    /** flowExport.samplingRate: for messages whose header states no interval. */
    private readonly unstatedRate: Config['flowExport']['samplingRate'] = 1,
  ) {}

  decode(buf: Buffer, exporter: string, offset: number, receivedAt: number | undefined): void {
    if (buf.length < V5_HEADER_BYTES) {
      this.report('netflow.truncated', offset, `NetFlow v5 message of ${buf.length} bytes is shorter than its ${V5_HEADER_BYTES}-byte header`);
      return;
    }
    const count = u16be(buf, 2);
    if (v5MessageLength(count) < 0) {
      this.report('netflow.bad-header', offset, `NetFlow v5 header counts ${count} records (1 to ${V5_MAX_RECORDS} allowed); message skipped`);
      return;
    }
    const whole = Math.floor((buf.length - V5_HEADER_BYTES) / V5_RECORD_BYTES);
    if (whole < count) {
      this.report('netflow.truncated', offset, `NetFlow v5 message holds ${whole} of the ${count} records its header counts`);
    }
    const sysUptime = u32be(buf, 4);
    const unixSeconds = u32be(buf, 8) + u32be(buf, 12) / 1e9;
    const exportSeconds = unixSeconds > 0 || receivedAt === undefined ? unixSeconds : receivedAt;
    const interval = u16be(buf, 22) & SAMPLING_INTERVAL_MASK;
    const rate = interval > 1 ? interval : 1;
    const f = this.flow;
    f.exporter = exporter;
    f.sampling = interval === 0 ? undefined : interval;
    for (let i = 0, at = V5_HEADER_BYTES; i < Math.min(count, whole); i++, at += V5_RECORD_BYTES) {
      f.src = ipv4Text(buf, at);
      f.dst = ipv4Text(buf, at + 4);
      f.packets = u32be(buf, at + 16) * rate;
      f.bytes = u32be(buf, at + 20) * rate;
      // Signed 32-bit difference: right across the 49.7-day uptime wrap.
      f.first = exportSeconds - ((sysUptime - u32be(buf, at + 24)) | 0) / 1000;
      f.last = exportSeconds - ((sysUptime - u32be(buf, at + 28)) | 0) / 1000;
      f.srcPort = u16be(buf, at + 32);
      f.dstPort = u16be(buf, at + 34);
      f.tcpFlags = buf[at + 37];
      f.protocol = buf[at + 38];
      f.reversePackets = 0;
      f.reverseBytes = 0;
      f.reverseTcpFlags = 0;
      this.emit(exportToFlowRecord(f, this.unstatedRate));
    }
  }
}
