/**
 * IP addresses from packet bytes to text, in the forms Node itself prints (`net.SocketAddress`,
 * `socket.remoteAddress`): dotted IPv4; RFC 5952 IPv6 (lower-case hex, no leading zeros, the
 * first longest run of two or more zero groups as "::") with an IPv4 tail for the mapped and
 * compatible forms, as libuv's inet_ntop does. Flow keys compare these strings, so every reader
 * must agree with Node on them.
 */

/**
 * The same few addresses recur in almost every packet, and a cached string is also one the flow
 * table has hashed before. Direct-mapped caches (a slot per hash, a collision just replaces):
 * about twice as fast as a Map, and bounded by construction.
 */
const SLOTS = 1 << 16;
const v4Keys = new Int32Array(SLOTS);
const v4Texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const v6Keys = new Int32Array(SLOTS * 4);
const v6Texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

function word(buf: Buffer, at: number): number {
  return (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
}

function slotOf(hash: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> 16;
}

export function ipv4Text(buf: Buffer, at: number): string {
  const key = word(buf, at);
  const slot = slotOf(key);
  const cached = v4Texts[slot];
  if (cached !== undefined && v4Keys[slot] === key) return cached;
  const text = `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
  v4Keys[slot] = key;
  v4Texts[slot] = text;
  return text;
}

export function ipv6Text(buf: Buffer, at: number): string {
  const w0 = word(buf, at);
  const w1 = word(buf, at + 4);
  const w2 = word(buf, at + 8);
  const w3 = word(buf, at + 12);
  const slot = slotOf(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ Math.imul(w3, 29791));
  const k = slot * 4;
  const cached = v6Texts[slot];
  if (cached !== undefined && v6Keys[k] === w0 && v6Keys[k + 1] === w1 && v6Keys[k + 2] === w2 && v6Keys[k + 3] === w3) {
    return cached;
  }
  const text = formatIpv6(buf, at);
  v6Keys[k] = w0;
  v6Keys[k + 1] = w1;
  v6Keys[k + 2] = w2;
  v6Keys[k + 3] = w3;
  v6Texts[slot] = text;
  return text;
}

/** Scratch space for the eight groups: formatting runs once per packet, so it allocates nothing. */
const groups = new Uint16Array(8);

function formatIpv6(buf: Buffer, at: number): string {
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
