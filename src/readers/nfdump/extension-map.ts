/**
 * nfdump 1.6 extension maps (type 2 records, v1.6.25 bin/nfx.h extension_map_t {u16 type,
 * u16 size, u16 map_id, u16 extension_size, u16 ex_id[] ... 0}). A 1.6 common record names its
 * map; the map lists, in order, the optional extensions that follow the record's required
 * addresses and counters. Their sizes are fixed per id (nfx.c extension_descriptor[], and the
 * struct sizes in nfx.h / nffile_inline.c ExpandRecord_v2), so one map gives every offset.
 *
 * A map with an id whose size is unknown (reserved ids, or a newer extension) cannot place the
 * extensions after it: its records are skipped as `nfdump.unknown-extension`.
 */

/** Bytes of each 1.6 extension, by id (4 .. 48); ids 0-3 are the required fields, never in a map. */
const EXTENSION_BYTES: Readonly<Record<number, number>> = {
  4: 4, // EX_IO_SNMP_2
  5: 8, // EX_IO_SNMP_4
  6: 4, // EX_AS_2
  7: 8, // EX_AS_4
  8: 4, // EX_MULIPLE (dst tos, dir, masks)
  9: 4, // EX_NEXT_HOP_v4
  10: 16, // EX_NEXT_HOP_v6
  11: 4, // EX_NEXT_HOP_BGP_v4
  12: 16, // EX_NEXT_HOP_BGP_v6
  13: 4, // EX_VLAN
  14: 4, // EX_OUT_PKG_4
  15: 8, // EX_OUT_PKG_8
  16: 4, // EX_OUT_BYTES_4
  17: 8, // EX_OUT_BYTES_8
  18: 4, // EX_AGGR_FLOWS_4
  19: 8, // EX_AGGR_FLOWS_8
  20: 16, // EX_MAC_1
  21: 16, // EX_MAC_2
  22: 40, // EX_MPLS
  23: 4, // EX_ROUTER_IP_v4
  24: 16, // EX_ROUTER_IP_v6
  25: 4, // EX_ROUTER_ID
  26: 8, // EX_BGPADJ
  27: 8, // EX_RECEIVED
  37: 20, // EX_NSEL_COMMON
  38: 4, // EX_NSEL_XLATE_PORTS
  39: 8, // EX_NSEL_XLATE_IP_v4
  40: 32, // EX_NSEL_XLATE_IP_v6
  41: 24, // EX_NSEL_ACL
  42: 24, // EX_NSEL_USER
  43: 72, // EX_NSEL_USER_MAX
  45: 24, // EX_LATENCY
  46: 12, // EX_NEL_COMMON
  47: 8, // EX_NEL_GLOBAL_IP_v4 (1.6.10 compat; nfx.c lists 0 but ExpandRecord_v2 steps over its 8-byte struct)
  48: 8, // EX_PORT_BLOCK_ALLOC
};

export const EX_OUT_PKG_4 = 14;
export const EX_OUT_PKG_8 = 15;
export const EX_OUT_BYTES_4 = 16;
export const EX_OUT_BYTES_8 = 17;
export const EX_ROUTER_IP_V4 = 23;
export const EX_ROUTER_IP_V6 = 24;

/** One map, reduced to what the reader uses: offsets from the end of the required fields. */
export interface ExtensionLayout {
  /** Total bytes of the optional extensions. */
  bytes: number;
  /** Offset and width (4/8) of output packets / bytes, -1 when absent. */
  outPackets: number;
  outPacketsWidth: number;
  outBytes: number;
  outBytesWidth: number;
  /** Offset of the router (exporter) address and its family, -1 when absent. */
  router: number;
  routerV6: boolean;
  /** The first id whose size is unknown, or 0. */
  unknownId: number;
}

export const EXTENSION_MAP_RECORD = 2;
const MAP_HEADER_BYTES = 8;

/** Parses the type-2 record at buf[at, at + size); undefined when it is malformed. */
export function parseExtensionMap(buf: Buffer, at: number, size: number): { id: number; layout: ExtensionLayout } | undefined {
  if (size < MAP_HEADER_BYTES) return undefined;
  const layout: ExtensionLayout = {
    bytes: 0,
    outPackets: -1,
    outPacketsWidth: 0,
    outBytes: -1,
    outBytesWidth: 0,
    router: -1,
    routerV6: false,
    unknownId: 0,
  };
  for (let pos = at + MAP_HEADER_BYTES; pos + 2 <= at + size; pos += 2) {
    const id = buf.readUInt16LE(pos);
    if (id === 0) break;
    if (id <= 3) continue; // required fields, never expected in a map (ExpandRecord_v2 ignores them)
    const bytes = EXTENSION_BYTES[id];
    if (bytes === undefined) {
      layout.unknownId = id;
      break;
    }
    if (id === EX_OUT_PKG_4 || id === EX_OUT_PKG_8) {
      layout.outPackets = layout.bytes;
      layout.outPacketsWidth = bytes;
    } else if (id === EX_OUT_BYTES_4 || id === EX_OUT_BYTES_8) {
      layout.outBytes = layout.bytes;
      layout.outBytesWidth = bytes;
    } else if (id === EX_ROUTER_IP_V4 || id === EX_ROUTER_IP_V6) {
      layout.router = layout.bytes;
      layout.routerV6 = id === EX_ROUTER_IP_V6;
    }
    layout.bytes += bytes;
  }
  return { id: buf.readUInt16LE(at + 4), layout };
}
