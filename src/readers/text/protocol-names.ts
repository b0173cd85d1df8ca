/**
 * IP protocol names as flow tools print them → IANA numbers. nfdump prints names from its own
 * table (src/output/output_util.c, protoList: "TCP", "ICMP6", "IPIP", ...) and numbers for the
 * rest; goflow2 renders a few names ("TCP", "ICMPv6", ...) and "unknown" for every other number.
 * Only names that are unambiguous are listed (nfdump uses "IPIP" and "IDPR" twice).
 */
const NAMES: ReadonlyMap<string, number> = new Map([
  ['ICMP', 1], ['IGMP', 2], ['GGP', 3], ['IPIP', 4], ['ST', 5], ['TCP', 6], ['CBT', 7], ['EGP', 8],
  ['IGP', 9], ['PUP', 12], ['UDP', 17], ['RDP', 27], ['DCCP', 33], ['IPV6', 41], ['RSVP', 46],
  ['GRE', 47], ['ESP', 50], ['AH', 51], ['ICMP6', 58], ['ICMPV6', 58], ['IPV6-ICMP', 58],
  ['EIGRP', 88], ['OSPF', 89], ['PIM', 103], ['VRRP', 112], ['L2TP', 115], ['SCTP', 132],
  ['UDP-L', 136], ['UDPLITE', 136], ['MPLS', 137],
]);

/**
 * goflow2 names every protocol it has no name for "unknown": it is none of TCP, UDP, ICMP,
 * ICMPv6 or SCTP, but which one is lost. 255 (IANA: reserved) keeps such flows visible without
 * letting them pass for TCP or UDP.
 */
export const UNKNOWN_PROTOCOL = 255;

/** The protocol number for a name or a decimal number (0-255), case-insensitive; undefined otherwise. */
export function protocolNumber(text: string): number | undefined {
  // What nearly every record says, without a regex or a case change.
  if (text === 'TCP') return 6;
  if (text === 'UDP') return 17;
  const trimmed = text.trim();
  if (/^\d{1,3}$/.test(trimmed)) {
    const n = Number(trimmed);
    return n <= 255 ? n : undefined;
  }
  const upper = trimmed.toUpperCase();
  if (upper === 'UNKNOWN') return UNKNOWN_PROTOCOL;
  return NAMES.get(upper);
}
