/**
 * Byte-level reads shared by the NetFlow/IPFIX decoders.
 *
 * Big-endian unsigned fields of any width from 1 to 8 bytes: IPFIX lets exporters send counters
 * in fewer bytes than the element's type (reduced-size encoding, RFC 7011 section 6.2), so the
 * width comes from the template, never the element. Values past 2^53 lose precision, which no
 * packet or byte count reaches.
 */
import { u16be, u32be } from '../pcap/bytes';

const TWO_32 = 0x1_0000_0000;

export function readUint(buf: Uint8Array, at: number, length: number): number {
  switch (length) {
    case 1:
      return buf[at];
    case 2:
      return u16be(buf, at);
    case 4:
      return u32be(buf, at);
    case 8:
      return u32be(buf, at) * TWO_32 + u32be(buf, at + 4);
    default: {
      let value = 0;
      for (let i = 0; i < length; i++) value = value * 256 + buf[at + i];
      return value;
    }
  }
}

/** IEEE 754 float64 (or float32 when 4 bytes), as samplingProbability is sent. */
export function readFloat(buf: Buffer, at: number, length: number): number {
  return length === 4 ? buf.readFloatBE(at) : buf.readDoubleBE(at);
}

/** Seconds between the NTP era 0 epoch (1900) and the Unix epoch. */
const NTP_TO_UNIX = 2_208_988_800;

/** dateTimeMicroseconds / dateTimeNanoseconds: NTP timestamp (RFC 7011 sections 6.1.9-6.1.10). */
export function readNtpSeconds(buf: Uint8Array, at: number): number {
  return u32be(buf, at) - NTP_TO_UNIX + u32be(buf, at + 4) / TWO_32;
}

/** True when `buf[from, to)` holds only zeros (padding, zero-filled datagram tails). */
export function allZero(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false;
  return true;
}
