/**
 * pcapng block types and the fixed parts rigsweep reads (draft-ietf-opsawg-pcapng): section
 * headers, interface descriptions with their timestamp options, and the three packet blocks.
 */
import { linkContext, type LinkContext } from './link';
import { u16, u32 } from './bytes';

export const BLOCK = {
  SECTION_HEADER: 0x0a0d0d0a,
  INTERFACE_DESCRIPTION: 1,
  /** Obsolete Packet Block: like the EPB, with a 16-bit interface id and a drops counter. */
  PACKET: 2,
  SIMPLE_PACKET: 3,
  ENHANCED_PACKET: 6,
} as const;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

/** Endianness from a section header's byte-order magic read little-endian; undefined if it is neither. */
export function sectionLittleEndian(magicReadLittleEndian: number): boolean | undefined {
  if (magicReadLittleEndian === BYTE_ORDER_MAGIC) return true;
  if (magicReadLittleEndian === BYTE_ORDER_MAGIC_SWAPPED) return false;
  return undefined;
}

/** Section and interface blocks larger than this are refused (libpcap refuses them too). */
const DESCRIPTION_BLOCK_MAX = 1 << 20;
/** Past this length any block is corrupt (libpcap's and Wireshark's limit); the framer buffers up to it. */
const SKIPPED_BLOCK_MAX = 16 << 20;
/** Room for options after the packet data in a packet block. */
const PACKET_BLOCK_OPTIONS_ROOM = 1 << 16;

/** Whether a block is handed to the reader or only framed and skipped, and its length bounds. */
export interface BlockRule {
  read: boolean;
  min: number;
  max: number;
}

/** The rules for every block type, built once per file (the lookup runs for every block). */
export function blockRules(maxPacketBytes: number): (type: number) => BlockRule {
  const packetMax = maxPacketBytes + PACKET_BLOCK_OPTIONS_ROOM;
  const packet: BlockRule = { read: true, min: 32, max: packetMax };
  const simplePacket: BlockRule = { read: true, min: 16, max: packetMax };
  const section: BlockRule = { read: true, min: 28, max: DESCRIPTION_BLOCK_MAX };
  const description: BlockRule = { read: true, min: 20, max: DESCRIPTION_BLOCK_MAX };
  const skipped: BlockRule = { read: false, min: 12, max: SKIPPED_BLOCK_MAX };
  return (type) => {
    switch (type) {
      case BLOCK.ENHANCED_PACKET:
      case BLOCK.PACKET:
        return packet;
      case BLOCK.SIMPLE_PACKET:
        return simplePacket;
      case BLOCK.SECTION_HEADER:
        return section;
      case BLOCK.INTERFACE_DESCRIPTION:
        return description;
      default:
        return skipped;
    }
  };
}

/**
 * Block types of the pcapng registry (draft-ietf-opsawg-pcapng §11.1): name resolution (4),
 * interface statistics (5), IRIG/ARINC (7, 8), systemd journal (9), decryption secrets (10),
 * Hone (0x101-0x102), Sysdig (0x201-0x213), the two custom types, and the local-use half of the
 * space (top bit set). Anything else is no block a writer produces: damage, so a resync starts.
 */
export function plausibleBlockType(type: number): boolean {
  if (type === BLOCK.SECTION_HEADER || type >= 0x80000000) return true;
  if (type >= 1 && type <= 10) return true;
  if (type === 0x101 || type === 0x102) return true;
  if (type >= 0x201 && type <= 0x213) return true;
  return type === 0xbad || type === 0x40000bad;
}

/** What packets on one interface need: how to decode the link layer and how to read the time. */
export interface PcapngInterface {
  link: LinkContext;
  snapLength: number;
  /** Timestamp units per second (if_tsresol: 10^n, or 2^n when the top bit is set). */
  unitsPerSecond: number;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSeconds: number;
}

const OPTION_END = 0;
const OPTION_TSRESOL = 9;
const OPTION_TSOFFSET = 14;

/** Reads an IDB at `buf[start, start + length)`; options that do not parse are ignored. */
export function parseInterface(buf: Buffer, start: number, length: number, le: boolean): PcapngInterface {
  const linkType = u16(buf, start + 8, le);
  const snapLength = u32(buf, start + 12, le);
  const iface: PcapngInterface = { link: linkContext(linkType), snapLength, unitsPerSecond: 1e6, offsetSeconds: 0 };
  const end = start + length - 4;
  for (let at = start + 16; at + 4 <= end; ) {
    const code = u16(buf, at, le);
    const valueLength = u16(buf, at + 2, le);
    const value = at + 4;
    if (code === OPTION_END || value + valueLength > end) break;
    if (code === OPTION_TSRESOL && valueLength >= 1) {
      const resolution = buf[value];
      iface.unitsPerSecond = resolution & 0x80 ? 2 ** (resolution & 0x7f) : 10 ** resolution;
    } else if (code === OPTION_TSOFFSET && valueLength >= 8) {
      iface.offsetSeconds = Number(le ? buf.readBigInt64LE(value) : buf.readBigInt64BE(value));
    }
    at = value + ((valueLength + 3) & ~3);
  }
  return iface;
}

/** Major version of a section header (only 1 exists). */
export function sectionMajorVersion(buf: Buffer, start: number, le: boolean): number {
  return u16(buf, start + 12, le);
}
