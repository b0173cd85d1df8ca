/**
 * goflow2's JSON fields, both generations (see fixtures/exports/README.md for the sources):
 * - goflow2 v2 (`-format=json`): snake_case protobuf names — `src_addr`, `dst_addr`, `src_port`,
 *   `dst_port`, `proto` (a name such as "TCP", or "unknown"), `bytes`, `packets`, `tcp_flags`,
 *   `sampling_rate`, `sampler_address`, `time_flow_start_ns`, `time_flow_end_ns`,
 *   `time_received_ns` (times in nanoseconds, or RFC 3339 text when a mapping renders them so);
 * - goflow2 v1 and Cloudflare's goflow before it: Go field names — `SrcAddr`, `DstAddr`,
 *   `SrcPort`, `DstPort`, `Proto` (a number), `Bytes`, `Packets`, `TCPFlags`, `SamplingRate`,
 *   `SamplerAddress`, `TimeFlowStart` / `TimeFlowEnd` / `TimeReceived` in seconds (later v1
 *   releases add `TimeFlowStartMs`, `TimeFlowStartNs`, ...).
 */

export type TimeUnit = 's' | 'ms' | 'ns';
export type Json = Record<string, unknown>;

export const SPELLINGS = {
  src: ['src_addr', 'SrcAddr'],
  dst: ['dst_addr', 'DstAddr'],
  srcPort: ['src_port', 'SrcPort'],
  dstPort: ['dst_port', 'DstPort'],
  protocol: ['proto', 'Proto'],
  bytes: ['bytes', 'Bytes'],
  packets: ['packets', 'Packets'],
  tcpFlags: ['tcp_flags', 'TCPFlags', 'TcpFlags'],
  samplingRate: ['sampling_rate', 'SamplingRate'],
  exporter: ['sampler_address', 'SamplerAddress'],
} as const;

export type Field = keyof typeof SPELLINGS;

/** Time fields by preference: the most precise spelling first. */
export const TIME_SPELLINGS: Readonly<Record<'start' | 'end' | 'received', ReadonlyArray<readonly [string, TimeUnit]>>> = {
  start: [
    ['time_flow_start_ns', 'ns'],
    ['TimeFlowStartNs', 'ns'],
    ['time_flow_start_ms', 'ms'],
    ['TimeFlowStartMs', 'ms'],
    ['time_flow_start', 's'],
    ['TimeFlowStart', 's'],
  ],
  end: [
    ['time_flow_end_ns', 'ns'],
    ['TimeFlowEndNs', 'ns'],
    ['time_flow_end_ms', 'ms'],
    ['TimeFlowEndMs', 'ms'],
    ['time_flow_end', 's'],
    ['TimeFlowEnd', 's'],
  ],
  received: [
    ['time_received_ns', 'ns'],
    ['TimeReceivedNs', 'ns'],
    ['time_received', 's'],
    ['TimeReceived', 's'],
  ],
};

/** The value under the first spelling present, with the name it was found under. */
export function lookup(object: Json, field: Field): { name: string; value: unknown } | undefined {
  for (const name of SPELLINGS[field]) {
    const value = object[name];
    if (value !== undefined && value !== null) return { name, value };
  }
  return undefined;
}

/** A JSON number, or a decimal in a string (protobuf's JSON mapping writes 64-bit integers so). */
export function numeric(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : NaN;
  if (typeof value === 'string' && /^\s*\d{1,20}(\.\d+)?\s*$/.test(value)) return Number(value);
  return NaN;
}
