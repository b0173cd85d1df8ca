/**
 * What the three text export readers share: stream the file as lines into a format's line parser,
 * count flows and lines, cap and count issues (a line number is the issue's offset), report
 * progress. A format only says how a line becomes a FlowRecord.
 */
import type { Config } from '../../config/schema';
import type { IssueCode } from '../../errors/codes';
import type { FlowRecord } from '../../flow/flow-record';
import type { FlowSink, ReaderTotals } from '../format-reader';
import { IssueLimiter } from '../issue-limiter';
import type { ByteSource } from '../source/byte-source';
import { DEFAULT_MAX_LINE_BYTES, streamLines } from './line-stream';

export interface TextExportContext {
  readonly config: Config;
  emit(record: FlowRecord): void;
  /** `line` is the 1-based line number; a message function costs nothing once the code is capped. */
  issue(code: IssueCode, line: number, message: string | (() => string)): void;
}

export interface LineParser {
  /** One line (without its terminator) as buf[start, end); blank lines included. */
  line(buf: Buffer, start: number, end: number, lineNo: number): void;
}

/**
 * The header of a CSV export does not name the columns a reader needs: nothing in the file can be
 * read, so the read rejects with this one-line message.
 */
export class ExportHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportHeaderError';
  }
}

export async function readTextExport(
  source: ByteSource,
  config: Config,
  sink: FlowSink,
  makeParser: (context: TextExportContext) => LineParser,
): Promise<ReaderTotals> {
  let flows = 0;
  const limiter = new IssueLimiter((issue) => sink.issue(issue));
  const context: TextExportContext = {
    config,
    emit(record) {
      flows++;
      sink.flow(record);
    },
    issue: (code, line, message) => limiter.issue(code, line, message),
  };
  const parser = makeParser(context);
  const pass = await streamLines(source, {
    line: (buf, start, end, lineNo) => parser.line(buf, start, end, lineNo),
    overlong: (lineNo, bytes) =>
      limiter.issue('text.long-line', lineNo, () => `line ${lineNo} is longer than ${DEFAULT_MAX_LINE_BYTES} bytes (${bytes} or more); skipped`),
  });
  if (pass.bytes === 0 && pass.readError === undefined) limiter.issue('text.empty', 0, 'the file is empty');
  if (pass.readError !== undefined) limiter.issue('input.unreadable', pass.lines, `${pass.readError} after line ${pass.lines}`);
  limiter.finish();
  return { packets: pass.lines, flows, issueCounts: limiter.totals() as Record<string, number> };
}
