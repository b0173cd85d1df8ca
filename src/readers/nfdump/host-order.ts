/**
 * nfdump writes its structs as the machine had them in memory (nffileV2.h: "the magic ... also
 * guarantees that endian dependent files are read correct"), and every file seen in practice
 * comes from a little-endian host: integers are little-endian, an IPv4 address is a host-order
 * uint32, and an IPv6 address is two host-order uint64 words, the high half first (nfxV3.h
 * EXipv6Flow_t `uint64_t srcAddr[2]`; nfdump prints them after htonll of each word). These
 * helpers turn those into the address text every other reader produces (address-text.ts), through
 * a scratch buffer in network order so the shared string caches apply.
 */
import { ipv4Text, ipv6Text } from '../pcap/address-text';

const scratch = Buffer.alloc(16);

/** The dotted IPv4 address stored as a little-endian uint32 at `at`. */
export function hostIpv4(buf: Buffer, at: number): string {
  scratch[0] = buf[at + 3];
  scratch[1] = buf[at + 2];
  scratch[2] = buf[at + 1];
  scratch[3] = buf[at];
  return ipv4Text(scratch, 0);
}

/** The IPv6 address stored as two little-endian uint64 words (high word first) at `at`. */
export function hostIpv6(buf: Buffer, at: number): string {
  for (let i = 0; i < 8; i++) {
    scratch[i] = buf[at + 7 - i];
    scratch[8 + i] = buf[at + 15 - i];
  }
  return ipv6Text(scratch, 0);
}

/** An unsigned little-endian 64-bit counter as a number (exact up to 2^53, which counters never pass). */
export function u64(buf: Buffer, at: number): number {
  const low = (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
  const high = (buf[at + 4] | (buf[at + 5] << 8) | (buf[at + 6] << 16) | (buf[at + 7] << 24)) >>> 0;
  return high === 0 ? low : low + high * 0x1_0000_0000;
}

/** A little-endian uint16 without Buffer's argument checks: the hot loop has checked the bounds. */
export function u16(buf: Buffer, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}
