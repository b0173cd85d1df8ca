import type { PayloadHead } from '../../../src/detect/api';
import { arrivalTime } from './arrival';

/** One WebSocket data message (text or binary, continuations joined), timed by its last byte. */
export interface WsMessage {
  bytes: Buffer;
  time: number;
}

/** Bounds per direction: frames read, and the size of one reassembled message. */
export const WS_LIMITS = { maxFrames: 1024, maxMessageBytes: 256 * 1024 } as const;

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2 } as const;
const CONTROL = new Set([0x8, 0x9, 0xa]);

export interface WsReading {
  messages: WsMessage[];
  /** Frames that decoded; 0 means the bytes are not WebSocket at all. */
  frames: number;
}

/**
 * RFC 6455 §5.2 frames from the start of `head`: FIN, RSV (must be 0: no extension such as
 * permessage-deflate can be read), opcode, MASK, a 7/16/64-bit length, the masking key, the
 * payload. Client frames are masked (§5.3) and unmasked here; control frames (close, ping, pong)
 * are skipped; fragments are joined into their message (§5.4). Reading stops at the first frame
 * that does not decode or that the head cut, so a cut head gives the messages before the cut.
 */
export function readWebSocket(head: PayloadHead, fallbackTime: number): WsReading {
  const bytes = head.bytes;
  const out: WsReading = { messages: [], frames: 0 };
  let pos = 0;
  let partial: Buffer[] | undefined;
  let partialBytes = 0;
  while (pos + 2 <= bytes.length && out.frames < WS_LIMITS.maxFrames) {
    const b0 = bytes[pos];
    const b1 = bytes[pos + 1];
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0) break;
    const control = CONTROL.has(opcode);
    if (!control && opcode > OPCODE.binary) break;
    const masked = (b1 & 0x80) !== 0;
    let length = b1 & 0x7f;
    let at = pos + 2;
    if (length === 126) {
      if (at + 2 > bytes.length) break;
      length = bytes.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (at + 8 > bytes.length) break;
      const big = bytes.readBigUInt64BE(at);
      if (big > BigInt(WS_LIMITS.maxMessageBytes)) break;
      length = Number(big);
      at += 8;
    }
    // Control frames are short and whole (§5.5); a continuation needs a message to continue.
    if (control && (length > 125 || !fin)) break;
    if (opcode === OPCODE.continuation && partial === undefined) break;
    if (!control && opcode !== OPCODE.continuation && partial !== undefined) break;
    const key = masked ? at : -1;
    if (masked) at += 4;
    const end = at + length;
    if (end > bytes.length) break;
    out.frames++;
    pos = end;
    if (control) continue;
    const payload = Buffer.from(bytes.subarray(at, end));
    if (key >= 0) for (let i = 0; i < payload.length; i++) payload[i] ^= bytes[key + (i & 3)];
    partialBytes += payload.length;
    if (partialBytes > WS_LIMITS.maxMessageBytes) break;
    (partial ??= []).push(payload);
    if (!fin) continue;
    out.messages.push({ bytes: Buffer.concat(partial), time: arrivalTime(head.marks, end - 1, fallbackTime) });
    partial = undefined;
    partialBytes = 0;
  }
  return out;
}
