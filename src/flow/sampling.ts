/**
 * Sampling rates as FlowRecords carry them (`FlowRecord.sampling`). A rate is 1-in-N packet
 * sampling, N from 1 to 2^31: a router keeping one packet in N reports 1/N of the traffic, and
 * readers scale its counters back by N. Anything else an export states (0, negative, NaN,
 * fractions below 1, past 2^31) is no usable rate: it is never put on a record.
 */

/** Largest rate taken as one: 2^31 (32-bit interval fields hold more, no router samples that sparsely). */
export const MAX_SAMPLING_RATE = 2 ** 31;

/** True for a usable 1-in-N rate (1 included: stated, but unsampled). */
export function isSamplingRate(rate: number | undefined): rate is number {
  return rate !== undefined && rate >= 1 && rate <= MAX_SAMPLING_RATE;
}

/** What `FlowRecord.sampling` gets for a rate the counters were scaled by: the rate when > 1, else none. */
export function samplingField(rate: number | undefined): number | undefined {
  return isSamplingRate(rate) && rate > 1 ? rate : undefined;
}
