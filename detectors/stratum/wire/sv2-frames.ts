import type { PayloadHead } from '../../../src/detect/api';
import { arrivalTime } from './arrival';

/** A plaintext Stratum V2 frame: extension_type U16, msg_type U8, msg_length U24, payload. */
export interface Sv2Frame {
  extensionType: number;
  msgType: number;
  payload: Buffer;
  time: number;
}

export const SV2_HEADER_BYTES = 6;
/** Bit 15 of extension_type marks a channel message; it does not change the extension. */
export const CHANNEL_MSG_BIT = 0x8000;
const MAX_FRAMES = 512;

/** Walks the frames at the start of a head; stops at the first frame that does not fit. */
export function readSv2Frames(head: PayloadHead, fallbackTime: number): Sv2Frame[] {
  const bytes = head.bytes;
  const frames: Sv2Frame[] = [];
  let pos = 0;
  while (pos + SV2_HEADER_BYTES <= bytes.length && frames.length < MAX_FRAMES) {
    const length = bytes.readUIntLE(pos + 3, 3);
    const end = pos + SV2_HEADER_BYTES + length;
    if (end > bytes.length) break;
    frames.push({
      extensionType: bytes.readUInt16LE(pos),
      msgType: bytes[pos + 2],
      payload: bytes.subarray(pos + SV2_HEADER_BYTES, end),
      time: arrivalTime(head.marks, end - 1, fallbackTime),
    });
    pos = end;
  }
  return frames;
}
