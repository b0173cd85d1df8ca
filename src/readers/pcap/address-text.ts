/**
 * IP addresses from packet bytes to text, in the forms Node itself prints (`net.SocketAddress`,
 * `socket.remoteAddress`): dotted IPv4; RFC 5952 IPv6 (lower-case hex, no leading zeros, the
 * first longest run of two or more zero groups as "::") with an IPv4 tail for the mapped and
 * compatible forms, as libuv's inet_ntop does. Flow keys compare these strings, so every reader
 * must agree with Node on them.
 */

/** The same few addresses recur in almost every packet of a capture: memoise, bounded. */
const CACHE_LIMIT = 1 << 16;
const ipv4Cache = new Map<number, string>();

export function ipv4Text(buf: Buffer, at: number): string {
  const key = buf.readUInt32BE(at);
  let text = ipv4Cache.get(key);
  if (text === undefined) {
    text = `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
    if (ipv4Cache.size >= CACHE_LIMIT) ipv4Cache.clear();
    ipv4Cache.set(key, text);
  }
  return text;
}

/** Scratch space for the eight groups: formatting runs once per packet, so it allocates nothing. */
const groups = new Uint16Array(8);

export function ipv6Text(buf: Buffer, at: number): string {
  for (let i = 0; i < 8; i++) groups[i] = (buf[at + 2 * i] << 8) | buf[at + 2 * i + 1];
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) bestStart = -1;

  let text = '';
  for (let i = 0; i < 8; i++) {
    if (bestStart >= 0 && i >= bestStart && i < bestStart + bestLength) {
      if (i === bestStart) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    if (i === 6 && bestStart === 0 && hasIpv4Tail(bestLength)) {
      return text + `${buf[at + 12]}.${buf[at + 13]}.${buf[at + 14]}.${buf[at + 15]}`;
    }
    text += groups[i].toString(16);
  }
  if (bestStart >= 0 && bestStart + bestLength === 8) text += ':';
  return text;
}

/** libuv's rule for printing the last 32 bits dotted (::ffff:a.b.c.d and ::a.b.c.d, not ::1). */
function hasIpv4Tail(leadingZeros: number): boolean {
  return (
    leadingZeros === 6 ||
    (leadingZeros === 7 && groups[7] !== 1) ||
    (leadingZeros === 5 && groups[5] === 0xffff)
  );
}
