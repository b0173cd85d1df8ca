/**
 * Where export messages begin and end in a byte stream (a raw export file: messages back to
 * back, as a collector writes the UDP payloads it received).
 *
 * NetFlow v5 and IPFIX delimit themselves (record count, message length). NetFlow v9 has no
 * message length, so a v9 message runs flowset by flowset until a flowset position holds a
 * reserved flowset id 2-255 — where the next message starts, its version 5, 9 or 10 is read as
 * the id — or the file ends. A message never exceeds 65535 bytes (one UDP datagram). The price:
 * a corrupt flowset length inside a v9 message can hide the messages after it (up to 64 KiB).
 */
import { u16be } from '../pcap/bytes';
import { IPFIX_HEADER_BYTES } from './ipfix';
import { V5_HEADER_BYTES, v5MessageLength } from './v5';
import { V9_HEADER_BYTES } from './v9';

// NEED_MORE: more bytes are needed to tell; NOT_A_HEADER: the bytes here are not a message header.
import { NEED_MORE, NOT_A_HEADER } from '../datagram-file';
export { NEED_MORE, NOT_A_HEADER };

const MAX_MESSAGE_BYTES = 65_535;
const SET_HEADER_BYTES = 4;

/** True when a set/flowset id can open the first set of a message of this version. */
function plausibleSetId(version: number, id: number): boolean {
  if (id >= 256) return true;
  return version === 9 ? id === 0 || id === 1 : id === 2 || id === 3;
}

/**
 * Checks the header at `at` and the first set after it, which random bytes almost never pass.
 * Returns true/false, or NEED_MORE when `end` comes too soon to tell.
 */
export function plausibleHeader(buf: Buffer, at: number, end: number): boolean | typeof NEED_MORE {
  if (end - at < 4) return NEED_MORE;
  const version = u16be(buf, at);
  if (version === 5) {
    const length = v5MessageLength(u16be(buf, at + 2));
    if (length < 0) return false;
    if (end - at < V5_HEADER_BYTES) return NEED_MORE;
    return buf.readUInt32BE(at + 12) < 1e9; // unix_nsecs
  }
  if (version !== 9 && version !== 10) return false;
  const headerBytes = version === 9 ? V9_HEADER_BYTES : IPFIX_HEADER_BYTES;
  if (version === 10 && u16be(buf, at + 2) < headerBytes + SET_HEADER_BYTES) return false;
  if (end - at < headerBytes + SET_HEADER_BYTES) return NEED_MORE;
  const setId = u16be(buf, at + headerBytes);
  const setLength = u16be(buf, at + headerBytes + 2);
  const room = version === 10 ? u16be(buf, at + 2) - headerBytes : MAX_MESSAGE_BYTES - headerBytes;
  return plausibleSetId(version, setId) && setLength >= SET_HEADER_BYTES && setLength <= room;
}

/**
 * Length of the v9 message at `at`. It ends before the first flowset position that cannot hold a
 * flowset: a reserved id 2-255 (where the next message's version 5, 9 or 10 sits), a length
 * below 4, a length past the end of the file, or past 65535 bytes of message.
 */
function v9Length(buf: Buffer, at: number, end: number, atEnd: boolean): number {
  let p = at + V9_HEADER_BYTES;
  for (;;) {
    if (end - p < SET_HEADER_BYTES) return atEnd ? end - at : NEED_MORE;
    const id = u16be(buf, p);
    const length = u16be(buf, p + 2);
    if ((id >= 2 && id < 256) || length < SET_HEADER_BYTES || p + length - at > MAX_MESSAGE_BYTES) return p - at;
    if (p + length > end) return atEnd ? p - at : NEED_MORE;
    p += length;
  }
}

/**
 * Length of the message at `at`: a byte count, NEED_MORE, or NOT_A_HEADER. `atEnd` says no bytes
 * follow `end` (a message cut short there is returned whole, for the decoder to report).
 */
export function messageLength(buf: Buffer, at: number, end: number, atEnd: boolean): number {
  const plausible = plausibleHeader(buf, at, end);
  if (plausible === NEED_MORE) return atEnd ? NOT_A_HEADER : NEED_MORE;
  if (!plausible) return NOT_A_HEADER;
  const version = u16be(buf, at);
  let length: number;
  if (version === 5) length = v5MessageLength(u16be(buf, at + 2));
  else if (version === 10) length = u16be(buf, at + 2);
  else return v9Length(buf, at, end, atEnd);
  if (at + length <= end) return length;
  return atEnd ? end - at : NEED_MORE;
}

/**
 * Where to look for a message after bytes that are not one: the next offset from `from` holding
 * a plausible header, or one that may be when more bytes come (not `atEnd`), else `end`.
 */
export function nextHeader(buf: Buffer, from: number, end: number, atEnd: boolean): number {
  for (let p = from; p + 1 < end; p++) {
    const version = buf[p + 1];
    if (buf[p] !== 0 || (version !== 5 && version !== 9 && version !== 10)) continue;
    const plausible = plausibleHeader(buf, p, end);
    if (plausible === true || (plausible === NEED_MORE && !atEnd)) return p;
  }
  return atEnd || end === from ? end : end - 1;
}
