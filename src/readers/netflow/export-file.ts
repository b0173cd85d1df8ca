/**
 * Raw export files: NetFlow v5 / v9 / IPFIX messages back to back, as a collector stores the UDP
 * payloads it received (how messages are delimited: message-framer.ts). The file is streamed in
 * chunks, so memory stays bounded whatever its size. Bytes between messages that are no message
 * header are skipped up to the next plausible header, as one issue per run.
 *
 * A file has no sender address: its FlowRecords name the file (its base name) as exporter, with
 * "#<observation domain>" when the domain / source id is not 0.
 */
import type { FormatReader } from '../format-reader';
import { u16be } from '../pcap/bytes';
import { ExportDecoder } from './export-decoder';
import { readDatagramFile, type DatagramFraming, type Framed } from '../datagram-file';
import { NEED_MORE, NOT_A_HEADER, messageLength, nextHeader, plausibleHeader } from './message-framer';
import { v5MessageLength } from './v5';

/**
 * Sniffing: the file starts with a plausible v5, v9 or IPFIX header and first set (see
 * plausibleHeader); a v5 file holds at least the records its first header counts.
 */
export function looksLikeExportFile(head: Buffer): boolean {
  if (plausibleHeader(head, 0, head.length) !== true) return false;
  return u16be(head, 0) !== 5 || head.length >= v5MessageLength(u16be(head, 2));
}

/** NetFlow/IPFIX framing for an export file (message-framer.ts). */
function exportFraming(decoder: ExportDecoder, exporter: string): DatagramFraming<Framed> {
  return {
    frame: (buf, pos, end, atEnd) => {
      const length = messageLength(buf, pos, end, atEnd);
      return length === NEED_MORE || length === NOT_A_HEADER ? length : { length };
    },
    nextHeader,
    message: (bytes, offset) => decoder.decode(bytes, { exporter, offset }),
    garbage: { code: 'netflow.bad-header', notA: 'an export message' },
  };
}

export const readExportFile: FormatReader = (source, config, sink) =>
  readDatagramFile(source, sink, (emit, issues, fileName) => {
    const decoder = new ExportDecoder(config.flowExport, emit, (i) => issues.issue(i.code, i.offset, i.message));
    return { framing: exportFraming(decoder, fileName), flush: () => decoder.flush() };
  });
