/**
 * NetFlow v9 (RFC 3954): a 20-byte header (version, count, sysUptime, unix seconds, sequence,
 * source id) and flowsets. The header's record count is not trusted (exporters disagree on what
 * it counts); the flowset lengths delimit everything.
 */
import { u32be } from '../pcap/bytes';
import type { SetDecoder } from './set-decoder';
import { walkSets } from './set-walker';

export const V9_HEADER_BYTES = 20;

export function decodeV9(buf: Buffer, exporter: string, receivedAt: number | undefined, sets: SetDecoder): void {
  if (buf.length < V9_HEADER_BYTES) {
    sets.problem('netflow.truncated', 0, `NetFlow v9 message of ${buf.length} bytes is shorter than its ${V9_HEADER_BYTES}-byte header`);
    return;
  }
  const unixSeconds = u32be(buf, 8);
  const domain = sets.cache.domain(exporter, 9, u32be(buf, 16));
  const exportSeconds = unixSeconds > 0 || receivedAt === undefined ? unixSeconds : receivedAt;
  sets.begin(domain, exportSeconds, u32be(buf, 4));
  walkSets(buf, V9_HEADER_BYTES, buf.length, 9, sets);
}
