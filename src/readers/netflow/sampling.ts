/**
 * Packet sampling: a router that keeps one packet in N reports 1/N of the traffic, so its packet
 * and byte counters are multiplied back by N. The rate comes from options data (per sampler or
 * selector id, or for the whole observation domain) or from fields in the flow record itself.
 */
import { isSamplingRate } from '../../flow/sampling';
import { ROLE } from './field-types';
import type { TemplatePlan } from './template-plan';
import { readFloat, readUint } from './uint';

/** Samplers remembered per observation domain; a router has a handful. */
const MAX_SAMPLERS = 1024;

/**
 * The 1-in-N rate a record states, or NaN when it states none or none usable (below 1, past
 * 2^31: isSamplingRate), which is treated as no statement at all, as 0 always was. Cisco and Juniper send
 * samplingPacketInterval alone as N; with samplingPacketSpace it is RFC 5477's systematic
 * count-based selection (take `interval` packets, skip `space`).
 */
export function statedRate(buf: Buffer, at: number, plan: TemplatePlan): number {
  const A = plan.at;
  const L = plan.len;
  const read = (role: number) => (A[role] >= 0 ? readUint(buf, at + A[role], L[role]) : NaN);
  let rate = NaN;
  const population = read(ROLE.SAMPLING_POPULATION);
  const size = read(ROLE.SAMPLING_SIZE);
  if (population > 0 && size > 0) rate = population / size;
  const interval = read(ROLE.PACKET_INTERVAL);
  if (!(rate >= 1) && interval > 0) {
    const space = read(ROLE.PACKET_SPACE);
    rate = space > 0 ? (interval + space) / interval : interval;
  }
  if (!(rate >= 1)) rate = read(ROLE.RANDOM_INTERVAL);
  if (!(rate >= 1)) rate = read(ROLE.SAMPLING_INTERVAL);
  if (!(rate >= 1) && A[ROLE.SAMPLING_PROBABILITY] >= 0) {
    const probability = readFloat(buf, at + A[ROLE.SAMPLING_PROBABILITY], L[ROLE.SAMPLING_PROBABILITY]);
    if (probability > 0 && probability <= 1) rate = 1 / probability;
  }
  return isSamplingRate(rate) ? rate : NaN;
}

/** True when each record of this template may need its own rate (else one rate serves a set). */
export function ratePerRecord(plan: TemplatePlan): boolean {
  return plan.samplingInRecord || plan.at[ROLE.SAMPLER_ID] >= 0 || plan.at[ROLE.SELECTOR_ID] >= 0;
}

function remember(map: Map<number, number>, key: number, rate: number): void {
  map.delete(key);
  if (map.size >= MAX_SAMPLERS) map.delete(map.keys().next().value as number);
  map.set(key, rate);
}

/** What one observation domain has said about its sampling. */
export class SamplingState {
  /** The rate for records that name no sampler; NaN until the domain states one. */
  defaultRate = NaN;
  private readonly bySampler = new Map<number, number>();
  private readonly bySelector = new Map<number, number>();

  /** Learns from an options record (a sampler table row, or a domain-wide setting). */
  learn(buf: Buffer, at: number, plan: TemplatePlan): void {
    const rate = statedRate(buf, at, plan);
    if (Number.isNaN(rate)) return;
    const A = plan.at;
    const L = plan.len;
    if (A[ROLE.SELECTOR_ID] >= 0) remember(this.bySelector, readUint(buf, at + A[ROLE.SELECTOR_ID], L[ROLE.SELECTOR_ID]), rate);
    else if (A[ROLE.SAMPLER_ID] >= 0) remember(this.bySampler, readUint(buf, at + A[ROLE.SAMPLER_ID], L[ROLE.SAMPLER_ID]), rate);
    else this.defaultRate = rate;
  }

  /** The rate for one data record of a template for which `ratePerRecord` is true. */
  rateOf(buf: Buffer, at: number, plan: TemplatePlan): number {
    const A = plan.at;
    const L = plan.len;
    if (plan.samplingInRecord) {
      const own = statedRate(buf, at, plan);
      if (!Number.isNaN(own)) return own;
    }
    if (A[ROLE.SELECTOR_ID] >= 0) {
      const rate = this.bySelector.get(readUint(buf, at + A[ROLE.SELECTOR_ID], L[ROLE.SELECTOR_ID]));
      if (rate !== undefined) return rate;
    }
    if (A[ROLE.SAMPLER_ID] >= 0) {
      const rate = this.bySampler.get(readUint(buf, at + A[ROLE.SAMPLER_ID], L[ROLE.SAMPLER_ID]));
      if (rate !== undefined) return rate;
    }
    return this.defaultRate;
  }
}
