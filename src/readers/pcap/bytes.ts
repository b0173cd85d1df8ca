/**
 * Unsigned integer reads for the per-packet paths. Buffer's readUInt* methods validate their
 * offset through a wrapper on every call (a tenth of the decode time in profiles); these plain
 * byte reads get inlined. Callers check bounds first, as they must anyway.
 */

export function u16be(buf: Uint8Array, at: number): number {
  return (buf[at] << 8) | buf[at + 1];
}

export function u16le(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}

export function u32be(buf: Uint8Array, at: number): number {
  return buf[at] * 0x1000000 + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
}

export function u32le(buf: Uint8Array, at: number): number {
  return buf[at + 3] * 0x1000000 + ((buf[at + 2] << 16) | (buf[at + 1] << 8) | buf[at]);
}

export function u16(buf: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? u16le(buf, at) : u16be(buf, at);
}

export function u32(buf: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? u32le(buf, at) : u32be(buf, at);
}
