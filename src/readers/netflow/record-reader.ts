/**
 * Reads one NetFlow v9 / IPFIX data record through its template plan into an ExportRecord.
 * Runs once per record (millions a second): plain offset arithmetic, no allocation beyond the
 * cached address strings.
 */
import { ipv4Text, ipv6Text } from '../pcap/address-text';
import type { ExportDomain } from './export-domain';
import { ROLE } from './field-types';
import type { TemplatePlan } from './template-plan';
import type { ExportRecord } from '../../flow/export-record';
import { allZero, readNtpSeconds, readUint } from './uint';

/** An ExportRecord with every field present (`sampling` may be undefined: no rate stated). */
export type FilledExportRecord = Required<Omit<ExportRecord, 'sampling'>> & { sampling: number | undefined };

/** A reusable record for one decoder to fill in place (every field set, so one object shape). */
export function newExportRecord(): FilledExportRecord {
  return {
    src: '', dst: '', srcPort: 0, dstPort: 0, protocol: 0, packets: 0, bytes: 0, first: 0, last: 0,
    tcpFlags: 0, reversePackets: 0, reverseBytes: 0, reverseTcpFlags: 0, exporter: '', sampling: undefined,
  };
}

/** The times in a message header that record times may be relative to. */
export interface ExportClock {
  /** Export time of the message, seconds since the epoch. */
  exportSeconds: number;
  /** NetFlow v9: the exporter's uptime (ms) when it sent the message; NaN for IPFIX. */
  sysUptimeMillis: number;
}

// Module constants, so the optimiser folds them.
const SRC4 = ROLE.SRC4;
const DST4 = ROLE.DST4;
const SRC6 = ROLE.SRC6;
const DST6 = ROLE.DST6;
const SRC_PORT = ROLE.SRC_PORT;
const DST_PORT = ROLE.DST_PORT;
const PROTOCOL = ROLE.PROTOCOL;
const PACKETS = ROLE.PACKETS;
const BYTES = ROLE.BYTES;
const REV_PACKETS = ROLE.REV_PACKETS;
const REV_BYTES = ROLE.REV_BYTES;
const FLAGS = ROLE.FLAGS;
const REV_FLAGS = ROLE.REV_FLAGS;
const SYSTEM_INIT = ROLE.SYSTEM_INIT_MILLIS;

function uintOr(buf: Buffer, at: number, plan: TemplatePlan, role: number, otherwise: number): number {
  const p = plan.at[role];
  return p >= 0 ? readUint(buf, at + p, plan.len[role]) : otherwise;
}

/**
 * Which address pair to read: 4 or 6, or 0 when the record has no usable pair (a variable-length
 * address field of the wrong size). With both, the later family in the template, unless it is
 * unset (all zero) and the other is not.
 */
function addressFamily(buf: Buffer, at: number, plan: TemplatePlan): number {
  const A = plan.at;
  const has4 = A[SRC4] >= 0 && A[DST4] >= 0;
  const has6 = A[SRC6] >= 0 && A[DST6] >= 0;
  if (!has4 || !has6) return has4 ? 4 : has6 ? 6 : 0;
  const v6Unset = allZero(buf, at + A[SRC6], at + A[SRC6] + 16) && allZero(buf, at + A[DST6], at + A[DST6] + 16);
  const v4Unset = allZero(buf, at + A[SRC4], at + A[SRC4] + 4) && allZero(buf, at + A[DST4], at + A[DST4] + 4);
  return (plan.prefersIpv6 ? !v6Unset || v4Unset : v4Unset && !v6Unset) ? 6 : 4;
}

/**
 * A flow start or end time in seconds since the epoch, from whichever encoding the template
 * uses, or NaN when it has none (or only uptimes with no known base).
 */
function timeOf(
  buf: Buffer,
  at: number,
  plan: TemplatePlan,
  clock: ExportClock,
  initMillis: number,
  uptime: number,
  seconds: number,
  millis: number,
  micros: number,
  nanos: number,
  deltaMicros: number,
): number {
  const A = plan.at;
  if (A[millis] >= 0) return readUint(buf, at + A[millis], plan.len[millis]) / 1000;
  if (A[seconds] >= 0) return readUint(buf, at + A[seconds], plan.len[seconds]);
  if (A[micros] >= 0) return readNtpSeconds(buf, at + A[micros]);
  if (A[nanos] >= 0) return readNtpSeconds(buf, at + A[nanos]);
  if (A[deltaMicros] >= 0) return clock.exportSeconds - readUint(buf, at + A[deltaMicros], plan.len[deltaMicros]) / 1e6;
  if (A[uptime] >= 0) {
    const up = readUint(buf, at + A[uptime], plan.len[uptime]);
    // Uptimes are 32-bit milliseconds that wrap after 49.7 days: the signed difference is right across a wrap.
    if (clock.sysUptimeMillis === clock.sysUptimeMillis) return clock.exportSeconds - ((clock.sysUptimeMillis - up) | 0) / 1000;
    if (initMillis === initMillis) return (initMillis + up) / 1000;
  }
  return NaN;
}

function setTimes(buf: Buffer, at: number, plan: TemplatePlan, clock: ExportClock, domain: ExportDomain, out: FilledExportRecord): void {
  const initMillis = uintOr(buf, at, plan, SYSTEM_INIT, domain.systemInitMillis);
  const first = timeOf(buf, at, plan, clock, initMillis, ROLE.START_UPTIME, ROLE.START_SECONDS, ROLE.START_MILLIS, ROLE.START_MICROS, ROLE.START_NANOS, ROLE.START_DELTA_MICROS);
  const last = timeOf(buf, at, plan, clock, initMillis, ROLE.END_UPTIME, ROLE.END_SECONDS, ROLE.END_MILLIS, ROLE.END_MICROS, ROLE.END_NANOS, ROLE.END_DELTA_MICROS);
  if (first === first && last === last) {
    out.first = first;
    out.last = last;
  } else if (first === first || last === last) {
    out.first = out.last = first === first ? first : last;
  } else {
    // No usable times (e.g. uptimes before the init time is known): the export time, keeping the duration.
    const A = plan.at;
    const duration = A[ROLE.START_UPTIME] >= 0 && A[ROLE.END_UPTIME] >= 0
      ? (uintOr(buf, at, plan, ROLE.END_UPTIME, 0) - uintOr(buf, at, plan, ROLE.START_UPTIME, 0)) / 1000
      : 0;
    out.last = clock.exportSeconds;
    out.first = duration > 0 ? clock.exportSeconds - duration : clock.exportSeconds;
  }
}

/**
 * Fills `out` from the record at `at` (the plan must be located on it and be a flow template).
 * `rate` is the sampling the exporter stated for it (NaN: none): counters are scaled by it.
 * Returns false, leaving `out` unusable, when the record has no usable addresses.
 */
export function readFlow(
  buf: Buffer,
  at: number,
  plan: TemplatePlan,
  clock: ExportClock,
  domain: ExportDomain,
  rate: number,
  out: FilledExportRecord,
): boolean {
  const A = plan.at;
  const family = addressFamily(buf, at, plan);
  if (family === 0) return false;
  if (family === 6) {
    out.src = ipv6Text(buf, at + A[SRC6]);
    out.dst = ipv6Text(buf, at + A[DST6]);
  } else {
    out.src = ipv4Text(buf, at + A[SRC4]);
    out.dst = ipv4Text(buf, at + A[DST4]);
  }
  out.srcPort = uintOr(buf, at, plan, SRC_PORT, 0);
  out.dstPort = uintOr(buf, at, plan, DST_PORT, 0);
  out.protocol = uintOr(buf, at, plan, PROTOCOL, 0);
  // NaN (no rate stated): counters as sent, and the configured rate may apply (exportToFlowRecord).
  const stated = rate === rate;
  const scale = stated ? rate : 1;
  out.sampling = stated ? rate : undefined;
  out.packets = uintOr(buf, at, plan, PACKETS, 0) * scale;
  out.bytes = uintOr(buf, at, plan, BYTES, 0) * scale;
  out.reversePackets = uintOr(buf, at, plan, REV_PACKETS, 0) * scale;
  out.reverseBytes = uintOr(buf, at, plan, REV_BYTES, 0) * scale;
  // tcpControlBits grew to 16 bits in IPFIX; the flags FlowRecord knows are the low 8.
  out.tcpFlags = uintOr(buf, at, plan, FLAGS, 0) & 0xff;
  out.reverseTcpFlags = uintOr(buf, at, plan, REV_FLAGS, 0) & 0xff;
  setTimes(buf, at, plan, clock, domain, out);
  return true;
}
