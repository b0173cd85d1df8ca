/**
 * nfdump's binary nfcapd files (nfcapd, nfpcapd, sfcapd, `nfdump -w`), read natively: both file
 * layouts (file-header.ts), every block compression nfdump writes (block-codecs.ts), 1.6 common
 * records with extension maps (v1-record.ts) and 1.7 V3 records (v3-record.ts).
 *
 * The input is streamed block by block (block-framer.ts), so it may be a pipe and memory stays
 * at about one block. Bad blocks and records are issues with their file offset and the rest of
 * the file is read; only a header nfdump could not read either (unknown compression,
 * encryption, a cut header) makes the read fail. `packets` in the totals counts the data blocks
 * read (appendix blocks are not data).
 *
 * A file names no exporter for itself: records take the address they were received from
 * (EXipReceived / 1.6 router IP), else the exporter record of their sysid, else the file name.
 */
import { basename } from 'node:path';
import type { FlowRecord } from '../../flow/flow-record';
import { addCounts, type FormatReader } from '../format-reader';
import { IssueLimiter } from '../issue-limiter';
import { COMPRESSION_NAMES, blockDecoder } from './block-codecs';
import { BLOCK_HEADER_BYTES, BlockFramer, type BlockHeader } from './block-framer';
import { RecordDecoder } from './block-records';
import { parseHeader } from './file-header';

export { looksLikeNfcapd } from './file-header';

/** nfdump 1.6 (2) and 1.7 (3) record blocks; 4 (arrays) holds no flows; 1 is nfdump 1.5's, which 1.7 refuses too. */
const RECORD_BLOCK_TYPES = new Set([2, 3]);
const ARRAY_BLOCK = 4;

export const readNfcapd: FormatReader = async (source, config, sink) => {
  const header = parseHeader(source.head);
  if (typeof header === 'string') throw new Error(header);
  const issues = new IssueLimiter(sink.issue);
  const decode = blockDecoder(header.compression);
  if (decode === undefined) throw new Error(`nfcapd file uses unknown compression ${header.compression}`);
  const compression = COMPRESSION_NAMES[header.compression];
  const records = new RecordDecoder(
    basename(source.name) || 'file',
    (flow: FlowRecord) => sink.flow(flow),
    (code, offset, message) => issues.issue(code, offset, message),
    config.flowExport.samplingRate,
  );
  let dataBlocks = 0;

  const onBlock = (block: BlockHeader, body: Buffer) => {
    const appendix = header.appendixOffset > 0 && block.offset >= header.appendixOffset;
    if (!appendix) dataBlocks++;
    if (!RECORD_BLOCK_TYPES.has(block.type)) {
      if (block.type !== ARRAY_BLOCK) {
        issues.issue('nfdump.unsupported-block', block.offset, () => `block type ${block.type} (nfdump 1.5) is not readable; skipped`);
      }
      return;
    }
    let plain: Buffer;
    try {
      plain = decode(body);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      issues.issue('nfdump.decompress', block.offset, () => `${compression} block of ${block.size} bytes does not decompress (${why}); skipped`);
      return;
    }
    const bodyOffset = block.offset + BLOCK_HEADER_BYTES;
    const offsetOf = header.compression === 0 ? (pos: number) => bodyOffset + pos : () => block.offset;
    records.decodeBlock(plain, block.numRecords, offsetOf);
  };

  const framer = new BlockFramer(header.dataOffset, header.compression !== 0, {
    block: onBlock,
    badBytes: (from, length) => issues.issue('nfdump.bad-block', from, () => `${length} bytes at offset ${from} are no data block (impossible size, type or record count); skipped to the next block`),
    truncated: (offset, have, need) =>
      issues.issue('nfdump.truncated', offset, () => `the file ends inside the block at offset ${offset} (${have} of ${need} bytes)`),
  });

  let skip = header.dataOffset;
  const pass = await source.consume((chunk) => {
    if (skip > 0) {
      const dropped = Math.min(skip, chunk.length);
      skip -= dropped;
      chunk = chunk.subarray(dropped);
      if (chunk.length === 0) return true;
    }
    framer.push(chunk);
    return true;
  });
  if (pass.readError !== undefined) issues.issue('input.unreadable', pass.bytes, pass.readError);
  framer.end();
  issues.finish();
  return { packets: dataBlocks, flows: records.flows, issueCounts: addCounts(issues.totals()) };
};
