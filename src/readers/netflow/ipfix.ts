/**
 * IPFIX (RFC 7011): a 16-byte header (version 10, message length, export time, sequence number,
 * observation domain id) and sets up to the declared length.
 */
import { u16be, u32be } from '../pcap/bytes';
import type { SetDecoder } from './set-decoder';
import { walkSets } from './set-walker';

export const IPFIX_HEADER_BYTES = 16;

export function decodeIpfix(buf: Buffer, exporter: string, receivedAt: number | undefined, sets: SetDecoder): void {
  if (buf.length < IPFIX_HEADER_BYTES) {
    sets.problem('netflow.truncated', 0, `IPFIX message of ${buf.length} bytes is shorter than its ${IPFIX_HEADER_BYTES}-byte header`);
    return;
  }
  const declared = u16be(buf, 2);
  if (declared < IPFIX_HEADER_BYTES) {
    sets.problem('netflow.bad-header', 0, `IPFIX message length ${declared} is shorter than its header; message skipped`);
    return;
  }
  const exportTime = u32be(buf, 4);
  const domain = sets.cache.domain(exporter, 10, u32be(buf, 12));
  const exportSeconds = exportTime > 0 || receivedAt === undefined ? exportTime : receivedAt;
  sets.begin(domain, exportSeconds, NaN);
  if (declared > buf.length) {
    sets.problem('netflow.truncated', 0, `IPFIX message declares ${declared} bytes but has ${buf.length}; the complete sets were decoded`);
  }
  walkSets(buf, IPFIX_HEADER_BYTES, Math.min(declared, buf.length), 10, sets);
}
