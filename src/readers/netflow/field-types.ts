/**
 * The information elements rigsweep reads from NetFlow v9 / IPFIX records, mapped to "roles":
 * the few facts a FlowRecord needs. Numbers are IANA's IPFIX registry (RFC 7012, which keeps
 * NetFlow v9's field types 1-127 of RFC 3954); reverse elements are RFC 5103's (the forward
 * number under private enterprise 29305). Everything else is skipped by its length.
 */

/** Private enterprise number of RFC 5103 reverse information elements. */
export const REVERSE_PEN = 29305;

export const ROLE = {
  SRC4: 0,
  DST4: 1,
  SRC6: 2,
  DST6: 3,
  SRC_PORT: 4,
  DST_PORT: 5,
  PROTOCOL: 6,
  PACKETS: 7,
  BYTES: 8,
  REV_PACKETS: 9,
  REV_BYTES: 10,
  FLAGS: 11,
  REV_FLAGS: 12,
  START_UPTIME: 13,
  END_UPTIME: 14,
  START_SECONDS: 15,
  END_SECONDS: 16,
  START_MILLIS: 17,
  END_MILLIS: 18,
  START_MICROS: 19,
  END_MICROS: 20,
  START_NANOS: 21,
  END_NANOS: 22,
  START_DELTA_MICROS: 23,
  END_DELTA_MICROS: 24,
  SYSTEM_INIT_MILLIS: 25,
  SAMPLER_ID: 26,
  SELECTOR_ID: 27,
  SAMPLING_INTERVAL: 28,
  RANDOM_INTERVAL: 29,
  PACKET_INTERVAL: 30,
  PACKET_SPACE: 31,
  SAMPLING_SIZE: 32,
  SAMPLING_POPULATION: 33,
  SAMPLING_PROBABILITY: 34,
} as const;

export const ROLE_COUNT = 35;

/** The wire length a role must have to be read (0: any unsigned length up to 8). */
export function roleLengthFits(role: number, length: number): boolean {
  switch (role) {
    case ROLE.SRC4:
    case ROLE.DST4:
      return length === 4;
    case ROLE.SRC6:
    case ROLE.DST6:
      return length === 16;
    case ROLE.START_MICROS:
    case ROLE.END_MICROS:
    case ROLE.START_NANOS:
    case ROLE.END_NANOS:
    case ROLE.SAMPLING_PROBABILITY:
      return length === 8 || (role === ROLE.SAMPLING_PROBABILITY && length === 4);
    default:
      return length >= 1 && length <= 8;
  }
}

/** A role and its rank: when a template holds several candidates, the lowest rank wins. */
export interface RoleChoice {
  role: number;
  rank: number;
}

function choice(role: number, rank = 0): RoleChoice {
  return { role, rank };
}

/**
 * Counters in order of preference: the delta counts every exporter uses, then totals, then the
 * post-(egress) counts, then firewall initiator/responder counts (Cisco ASA NSEL).
 */
const FORWARD: ReadonlyMap<number, RoleChoice> = new Map([
  [8, choice(ROLE.SRC4)],
  [12, choice(ROLE.DST4)],
  [27, choice(ROLE.SRC6)],
  [28, choice(ROLE.DST6)],
  [7, choice(ROLE.SRC_PORT)],
  [11, choice(ROLE.DST_PORT)],
  [4, choice(ROLE.PROTOCOL)],
  [6, choice(ROLE.FLAGS)],
  [2, choice(ROLE.PACKETS, 0)], // packetDeltaCount
  [86, choice(ROLE.PACKETS, 1)], // packetTotalCount
  [24, choice(ROLE.PACKETS, 2)], // postPacketDeltaCount
  [172, choice(ROLE.PACKETS, 3)], // postPacketTotalCount
  [298, choice(ROLE.PACKETS, 4)], // initiatorPackets
  [299, choice(ROLE.REV_PACKETS, 4)], // responderPackets
  [1, choice(ROLE.BYTES, 0)], // octetDeltaCount
  [85, choice(ROLE.BYTES, 1)], // octetTotalCount
  [23, choice(ROLE.BYTES, 2)], // postOctetDeltaCount
  [171, choice(ROLE.BYTES, 3)], // postOctetTotalCount
  [231, choice(ROLE.BYTES, 4)], // initiatorOctets
  [232, choice(ROLE.REV_BYTES, 4)], // responderOctets
  [22, choice(ROLE.START_UPTIME)], // flowStartSysUpTime (v9 FIRST_SWITCHED)
  [21, choice(ROLE.END_UPTIME)], // flowEndSysUpTime (v9 LAST_SWITCHED)
  [150, choice(ROLE.START_SECONDS)],
  [151, choice(ROLE.END_SECONDS)],
  [152, choice(ROLE.START_MILLIS)],
  [153, choice(ROLE.END_MILLIS)],
  [154, choice(ROLE.START_MICROS)],
  [155, choice(ROLE.END_MICROS)],
  [156, choice(ROLE.START_NANOS)],
  [157, choice(ROLE.END_NANOS)],
  [158, choice(ROLE.START_DELTA_MICROS)],
  [159, choice(ROLE.END_DELTA_MICROS)],
  [160, choice(ROLE.SYSTEM_INIT_MILLIS)],
  [48, choice(ROLE.SAMPLER_ID)], // samplerId (v9 FLOW_SAMPLER_ID)
  [302, choice(ROLE.SELECTOR_ID)],
  [34, choice(ROLE.SAMPLING_INTERVAL)],
  [50, choice(ROLE.RANDOM_INTERVAL)], // samplerRandomInterval
  [305, choice(ROLE.PACKET_INTERVAL)],
  [306, choice(ROLE.PACKET_SPACE)],
  [309, choice(ROLE.SAMPLING_SIZE)],
  [310, choice(ROLE.SAMPLING_POPULATION)],
  [311, choice(ROLE.SAMPLING_PROBABILITY)],
]);

const REVERSE: ReadonlyMap<number, RoleChoice> = new Map([
  [2, choice(ROLE.REV_PACKETS, 0)],
  [86, choice(ROLE.REV_PACKETS, 1)],
  [1, choice(ROLE.REV_BYTES, 0)],
  [85, choice(ROLE.REV_BYTES, 1)],
  [6, choice(ROLE.REV_FLAGS)],
]);

/** The role of one field, or undefined for fields rigsweep skips. */
export function roleOf(elementId: number, enterprise: number): RoleChoice | undefined {
  if (enterprise === 0) return FORWARD.get(elementId);
  if (enterprise === REVERSE_PEN) return REVERSE.get(elementId);
  return undefined;
}

/** Declared field length meaning "variable length, prefixed in each record" (IPFIX). */
export const VARIABLE_LENGTH = 0xffff;
