/**
 * Encrypted Stratum V2 cannot be read, but its Noise NX handshake has fixed sizes (sv2-spec §4.5):
 * the client opens with its 64-byte ElligatorSwift ephemeral key, the pool answers with
 * 64 (ephemeral) + 80 (encrypted static key + MAC) + 90 (encrypted SIGNATURE_NOISE_MESSAGE + MAC)
 * = 234 bytes. The spec text still says 170, the size from before ElligatorSwift, when keys were
 * 32-byte x-only: 32 + 48 + 90. Both pairs are accepted. After the handshake a standard share
 * submission is a 62-byte record (22-byte encrypted header + 24-byte payload + 16-byte MAC).
 */
import type { FlowRecord, PayloadHead } from '../../../src/detect/api';

export const HANDSHAKES: ReadonlyArray<{ client: number; server: number }> = [
  { client: 64, server: 234 },
  { client: 32, server: 170 },
];
export const SHARE_RECORD_BYTES = 62;
/** Public keys look random: far from all printable, unlike a short text line that happens to fit. */
const MAX_PRINTABLE_SHARE = 0.75;

export interface NoiseHandshake {
  sizes: string;
  /** Later client records exactly the size of a standard share submission. */
  shareSizedRecords: number;
  time: number;
}

/** Byte lengths of the segments as they arrived (one per mark). */
function segmentLengths(head: PayloadHead): number[] {
  const marks = head.marks;
  if (marks.length === 0) return head.bytes.length > 0 ? [head.bytes.length] : [];
  return marks.map((mark, i) => (marks[i + 1]?.offset ?? head.bytes.length) - mark.offset);
}

function printableShare(bytes: Buffer): number {
  let printable = 0;
  for (const b of bytes) if (b >= 0x20 && b < 0x7f) printable++;
  return bytes.length ? printable / bytes.length : 1;
}

export function noiseHandshake(flow: FlowRecord): NoiseHandshake | undefined {
  const payload = flow.payload;
  if (!payload) return undefined;
  const { toServer, toClient } = payload;
  if (toServer.midStream || toClient.midStream || toServer.gaps > 0 || toClient.gaps > 0) return undefined;
  const clientSegments = segmentLengths(toServer);
  const serverSegments = segmentLengths(toClient);
  const pair = HANDSHAKES.find((h) => clientSegments[0] === h.client && serverSegments[0] === h.server);
  if (!pair) return undefined;
  if (printableShare(toServer.bytes.subarray(0, pair.client)) > MAX_PRINTABLE_SHARE) return undefined;
  if (printableShare(toClient.bytes.subarray(0, pair.server)) > MAX_PRINTABLE_SHARE) return undefined;
  return {
    sizes: `${pair.client}/${pair.server}`,
    shareSizedRecords: clientSegments.slice(1).filter((n) => n === SHARE_RECORD_BYTES).length,
    time: toServer.marks[0]?.time ?? flow.firstSeen,
  };
}
