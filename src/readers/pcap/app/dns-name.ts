/**
 * Domain names in DNS messages (RFC 1035 §3.1, §4.1.4): labels of at most 63 bytes, a name of at
 * most 255 bytes, and compression pointers (two bytes, top bits 11) to a prior occurrence.
 */
import { ByteCursor, MalformedInput } from './byte-cursor';

const MAX_NAME_BYTES = 255;
const MAX_LABELS = 127;
const POINTER = 0xc0;

/**
 * Reads the name at the cursor, following pointers anywhere in `msg`; the cursor moves past the
 * name's own bytes only. Returns lower-case text without the root dot ("" for the root).
 *
 * Loops are impossible by construction: every pointer must lead strictly before the start of the
 * stretch of labels it ends, so successive jumps go ever earlier. A pointer that does not is
 * either a loop or a forward pointer, which RFC 1035 does not allow ("a prior occurrence").
 */
export function readDomainName(msg: Buffer, cursor: ByteCursor): string {
  let text = '';
  let wireBytes = 1; // the final zero-length label
  let labels = 0;
  let stretchStart = cursor.position;
  let at = -1; // position in msg once a pointer has been followed; -1 while on the cursor
  for (;;) {
    const length = at < 0 ? cursor.u8('name label length') : byteAt(msg, at++);
    if (length === 0) return text;
    if ((length & POINTER) === POINTER) {
      const low = at < 0 ? cursor.u8('compression pointer') : byteAt(msg, at++);
      const target = ((length & 0x3f) << 8) | low;
      if (target >= stretchStart) {
        throw new MalformedInput(`compression pointer to offset ${target} does not lead back (a loop or a forward pointer)`);
      }
      stretchStart = target;
      at = target;
      continue;
    }
    if ((length & POINTER) !== 0) throw new MalformedInput(`reserved label type 0x${length.toString(16)}`);
    if (++labels > MAX_LABELS) throw new MalformedInput(`name with more than ${MAX_LABELS} labels`);
    wireBytes += length + 1;
    if (wireBytes > MAX_NAME_BYTES) throw new MalformedInput(`name longer than ${MAX_NAME_BYTES} bytes`);
    let label: Buffer;
    if (at < 0) label = cursor.bytes(length, 'name label');
    else {
      if (at + length > msg.length) throw new MalformedInput('name label runs past the message');
      label = msg.subarray(at, at + length);
      at += length;
    }
    text += (labels > 1 ? '.' : '') + labelText(label);
  }
}

function byteAt(msg: Buffer, at: number): number {
  if (at >= msg.length) throw new MalformedInput('name runs past the message');
  return msg[at];
}

/** Plain labels as lower-case text; dots, backslashes and unprintable bytes as \DDD (RFC 4343). */
function labelText(label: Buffer): string {
  let plain = true;
  for (const byte of label) {
    if (byte <= 0x20 || byte >= 0x7f || byte === 0x2e || byte === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return label.toString('latin1').toLowerCase();
  let text = '';
  for (const byte of label) {
    const printable = byte > 0x20 && byte < 0x7f && byte !== 0x2e && byte !== 0x5c;
    text += printable ? String.fromCharCode(byte).toLowerCase() : `\\${String(byte).padStart(3, '0')}`;
  }
  return text;
}
