/**
 * Sampler records: the sampling rate behind records nfcapd flagged "sampled" (V3_FLAG_SAMPLED,
 * 1.6 FLAG_SAMPLED). nfcapd scales the counters before it writes them, so the rate is only read
 * to tell detectors (FlowRecord.sampling); the counters are never scaled again. nfcapd writes a
 * sampler record when it learns one and again at the start of every file (collector.c
 * FlushStdRecords), so a sampler comes before the flows it scaled.
 *
 * Layouts (little-endian, HEAD src/include/exporter.h, unchanged since 1.7.1; type 9 also 1.6.25
 * bin/exporter.h sampler_info_record_t):
 *  - type 15 sampler_record_t (24 bytes): header, u16 exporter_sysid @4, u16 algorithm @6,
 *    int64 id @8, u32 packetInterval @16, u32 spaceInterval @20. nfcapd scales by
 *    (packetInterval + spaceInterval) / packetInterval (netflow_v9.c / ipfix.c; v5: spaceInterval + 1).
 *  - type 9 samplerV0_record_t (16 bytes, 1.6 and early 1.7): header, int32 id @4,
 *    u32 interval @8, u16 algorithm @12, u16 exporter_sysid @14; the rate is `interval`
 *    (nfdump's ConvertLegacyRecord: packetInterval 1, spaceInterval interval - 1).
 * Ids: the exporter's own sampler id (#48/#302), or -1 generic (v9/IPFIX tags #34/#35, v5
 * header), -2 default (nfcapd -s N), -3 overwrite (nfcapd -s -N).
 *
 * Which sampler scaled a record, as nfcapd chooses (netflow_v9.c / ipfix.c, HEAD): an overwrite
 * sampler, else the one whose id the record's EXsamplerInfo names, else the generic, else the
 * default; a record without EXsamplerInfo (nfcapd -X can leave it out), a v5 record (its
 * exporter's single sampler) or a 1.6 record (no sampler id stored) takes the exporter's
 * samplers when they all state one rate. A sampled record none of this resolves (no sampler
 * record in the file, samplers of different rates, an unusable interval) keeps no rate.
 */
import { isSamplingRate } from '../../flow/sampling';
import { u16 } from './host-order';

export const SAMPLER_LEGACY_RECORD = 9;
export const SAMPLER_RECORD = 15;
const SAMPLER_RECORD_BYTES = 24;
const SAMPLER_LEGACY_BYTES = 16;
const OVERWRITE = -3;
const DEFAULT = -2;
const GENERIC = -1;
/** Samplers kept per exporter: a router has a handful. */
const MAX_SAMPLERS = 256;

export interface SamplerInfo {
  sysid: number;
  id: number;
  /** The 1-in-N rate, or NaN when the record states none usable. */
  rate: number;
}

/** The sampler a type 15 or type 9 record describes, or undefined when it is too short. */
export function parseSamplerRecord(buf: Buffer, at: number, type: number, size: number): SamplerInfo | undefined {
  if (type === SAMPLER_RECORD) {
    if (size < SAMPLER_RECORD_BYTES) return undefined;
    const packetInterval = buf.readUInt32LE(at + 16);
    const spaceInterval = buf.readUInt32LE(at + 20);
    // nfcapd stores packetInterval 0 as 1 (ipfix.c), so 0 here is no usable rate.
    const rate = packetInterval > 0 ? (packetInterval + spaceInterval) / packetInterval : NaN;
    return { sysid: u16(buf, at + 4), id: Number(buf.readBigInt64LE(at + 8)), rate: isSamplingRate(rate) ? rate : NaN };
  }
  if (size < SAMPLER_LEGACY_BYTES) return undefined;
  const interval = buf.readUInt32LE(at + 8);
  return { sysid: u16(buf, at + 14), id: buf.readInt32LE(at + 4), rate: isSamplingRate(interval) ? interval : NaN };
}

/** The samplers a file has described so far, per exporter sysid. */
export class SamplerTable {
  private readonly byExporter = new Map<number, Map<number, number>>();

  add(sampler: SamplerInfo): void {
    let samplers = this.byExporter.get(sampler.sysid);
    if (samplers === undefined) this.byExporter.set(sampler.sysid, (samplers = new Map()));
    samplers.delete(sampler.id);
    if (samplers.size >= MAX_SAMPLERS) samplers.delete(samplers.keys().next().value as number);
    samplers.set(sampler.id, sampler.rate);
  }

  /**
   * The rate that scaled a sampled record of exporter `sysid`, `selector` being the sampler id
   * its EXsamplerInfo names (undefined without one); 0 when it cannot be told.
   */
  rateOf(sysid: number, selector: number | undefined): number {
    const samplers = this.byExporter.get(sysid);
    if (samplers === undefined) return 0;
    let rate = samplers.get(OVERWRITE);
    if (rate === undefined && selector !== undefined) rate = samplers.get(selector);
    rate ??= samplers.get(GENERIC) ?? samplers.get(DEFAULT);
    if (rate === undefined && selector === undefined) rate = onlyRate(samplers);
    return rate !== undefined && isSamplingRate(rate) ? rate : 0;
  }
}

/** The rate every sampler states, when they agree (a single sampler, most often). */
function onlyRate(samplers: ReadonlyMap<number, number>): number | undefined {
  let only: number | undefined;
  for (const rate of samplers.values()) {
    if (only !== undefined && rate !== only) return undefined;
    only = rate;
  }
  return only;
}
