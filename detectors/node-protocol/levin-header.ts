/**
 * Levin bucket header, the framing of Monero's (and other CryptoNote coins') P2P protocol:
 * signature u64 0x0101010101012101 (bytes 01 21 01 01 01 01 01 01), body size u64,
 * have-to-return bool, command u32, return code i32, flags u32, protocol version u32 — 33 bytes,
 * little-endian (monero src/cryptonote_config.h LEVIN_SIGNATURE, contrib/epee levin_base.h).
 */

const SIGNATURE = Buffer.from('0121010101010101', 'hex');
export const LEVIN_FIRST_BYTES: ReadonlySet<number> = new Set([SIGNATURE[0]]);

const HEADER_BYTES = 33;
/** LEVIN_DEFAULT_MAX_PACKET_SIZE: monerod refuses larger bodies. */
const MAX_BODY_BYTES = 100_000_000n;
/** Request 1, response 2; newer monerod also sends fragment markers (begin 4, end 8). */
const FLAG_REQUEST = 1;
const FLAG_RESPONSE = 2;
const KNOWN_FLAGS = 0x0f;
const PROTOCOL_VERSION = 1;

export interface LevinHeader {
  command: number;
  kind: 'request' | 'response' | 'fragment';
}

export function levinHeaderAt(bytes: Buffer, offset: number): LevinHeader | undefined {
  if (bytes.length < offset + HEADER_BYTES) return undefined;
  if (!bytes.subarray(offset, offset + 8).equals(SIGNATURE)) return undefined;
  if (bytes.readBigUInt64LE(offset + 8) > MAX_BODY_BYTES) return undefined;
  const haveToReturn = bytes[offset + 16];
  const command = bytes.readUInt32LE(offset + 17);
  const flags = bytes.readUInt32LE(offset + 25);
  const version = bytes.readUInt32LE(offset + 29);
  if (haveToReturn > 1 || version !== PROTOCOL_VERSION) return undefined;
  if (flags === 0 || (flags & ~KNOWN_FLAGS) !== 0) return undefined;
  const kind = flags & FLAG_REQUEST ? 'request' : flags & FLAG_RESPONSE ? 'response' : 'fragment';
  return { command, kind };
}
