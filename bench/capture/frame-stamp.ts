/**
 * Writes one pcap record (header + Ethernet/IPv4/TCP-or-UDP frame) straight into an output
 * buffer from a prebuilt header template, patching only what changes per packet: lengths,
 * addresses, ports, sequence numbers, flags. No per-packet allocation: this is the hot loop.
 */
const TEMPLATE = Buffer.from(
  '020000000002020000000001' + '0800' + // Ethernet: dst, src, IPv4
    '45000000' + '00004000' + '40000000' + '00000000' + '00000000' + // IPv4, DF, TTL 64
    '0000000000000000000000005000ffff00000000', // TCP, data offset 5, window 65535
  'hex',
);
const ETH = 14;
const IP = ETH;
const L4 = ETH + 20;
export const TCP_OVERHEAD = 16 + ETH + 20 + 20;
export const UDP_OVERHEAD = 16 + ETH + 20 + 8;

export interface Wire {
  time: number;
  src: number;
  dst: number;
  srcPort: number;
  dstPort: number;
}

function recordHeader(out: Buffer, at: number, time: number, frameLength: number): void {
  let seconds = Math.floor(time);
  let micros = Math.round((time - seconds) * 1e6);
  if (micros === 1e6) {
    seconds++;
    micros = 0;
  }
  out.writeUInt32LE(seconds, at);
  out.writeUInt32LE(micros, at + 4);
  out.writeUInt32LE(frameLength, at + 8);
  out.writeUInt32LE(frameLength, at + 12);
}

function ipHeader(out: Buffer, f: number, w: Wire, protocol: number, ipLength: number): void {
  out.writeUInt16BE(ipLength, f + IP + 2);
  out[f + IP + 9] = protocol;
  out.writeUInt32BE(w.src >>> 0, f + IP + 12);
  out.writeUInt32BE(w.dst >>> 0, f + IP + 16);
}

/** Returns the offset after the record. */
export function stampTcp(out: Buffer, at: number, w: Wire, seq: number, ack: number, flags: number, payload: Buffer, payloadStart: number, payloadLength: number): number {
  const frameLength = ETH + 20 + 20 + payloadLength;
  recordHeader(out, at, w.time, frameLength);
  const f = at + 16;
  TEMPLATE.copy(out, f);
  ipHeader(out, f, w, 6, 40 + payloadLength);
  out.writeUInt16BE(w.srcPort, f + L4);
  out.writeUInt16BE(w.dstPort, f + L4 + 2);
  out.writeUInt32BE(seq >>> 0, f + L4 + 4);
  out.writeUInt32BE(ack >>> 0, f + L4 + 8);
  out[f + L4 + 13] = flags;
  if (payloadLength > 0) payload.copy(out, f + L4 + 20, payloadStart, payloadStart + payloadLength);
  return f + frameLength;
}

export function stampUdp(out: Buffer, at: number, w: Wire, payload: Buffer): number {
  const frameLength = ETH + 20 + 8 + payload.length;
  recordHeader(out, at, w.time, frameLength);
  const f = at + 16;
  TEMPLATE.copy(out, f, 0, ETH + 20);
  ipHeader(out, f, w, 17, 28 + payload.length);
  out.writeUInt16BE(w.srcPort, f + L4);
  out.writeUInt16BE(w.dstPort, f + L4 + 2);
  out.writeUInt16BE(8 + payload.length, f + L4 + 4);
  out.writeUInt16BE(0, f + L4 + 6);
  payload.copy(out, f + L4 + 8);
  return f + frameLength;
}

/** A prebuilt frame (from the scenario builders) copied as a record. */
export function stampFrame(out: Buffer, at: number, time: number, frame: Buffer): number {
  recordHeader(out, at, time, frame.length);
  frame.copy(out, at + 16);
  return at + 16 + frame.length;
}
