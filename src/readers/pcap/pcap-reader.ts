/**
 * Classic libpcap files, parsed by the `pcap-parser` package. Around it: the nanosecond magic it
 * does not know, a length guard (it would otherwise buffer forever waiting for a corrupt 4 GB
 * record), record offsets for issues, and truncation checks at the end of the file.
 */
import { EventEmitter } from 'node:events';
import * as pcapParser from 'pcap-parser';
import { CaptureOpenError } from '../file-chunks';
import type { ByteSource } from '../source/byte-source';
import { CaptureSession, type DetailedCaptureStats } from './capture-session';
import { linkContext, type LinkContext } from './link';
import type { PacketSink } from './packet';

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/**
 * libpcap itself accepts records somewhat longer than the snapshot length (and truncates them),
 * so only a record this far past it counts as corrupt.
 */
const SNAPLEN_SLACK = 65_536;

/** The nanosecond magics, each mapped to the microsecond magic of the same byte order. */
const NANOSECOND_MAGICS: ReadonlyMap<string, Buffer> = new Map([
  ['4d3cb2a1', Buffer.from('d4c3b2a1', 'hex')],
  ['a1b23c4d', Buffer.from('a1b2c3d4', 'hex')],
]);

export interface PcapOptions {
  maxPacketBytes: number;
}

/** pcap-parser wants a stream; this one is fed chunk by chunk, so it never buffers ahead of us. */
class ChunkFeed extends EventEmitter implements pcapParser.StreamLike {
  pause(): void {}
  resume(): void {}
}

/** Follows pcap-parser's events: which record it is at, and whether to stop. */
class RecordWalker {
  stopped = false;
  fatal: string | undefined;
  private link: LinkContext = linkContext(-1);
  private lengthLimit: number;
  private recordOffset = FILE_HEADER_BYTES;
  private nextOffset = FILE_HEADER_BYTES;

  constructor(
    private readonly session: CaptureSession,
    private readonly maxPacketBytes: number,
    private readonly fractionScale: number,
  ) {
    this.lengthLimit = maxPacketBytes;
  }

  attach(parser: pcapParser.Parser): void {
    parser.on('globalHeader', (header) => {
      this.link = linkContext(header.linkLayerType & 0xffff); // upper bits carry FCS information
      const snaplen = header.snapshotLength;
      this.lengthLimit = snaplen > 0 ? Math.min(this.maxPacketBytes, snaplen + SNAPLEN_SLACK) : this.maxPacketBytes;
    });
    parser.on('packetHeader', (header) => this.recordHeader(header.capturedLength));
    parser.on('packet', ({ header, data }) => {
      if (this.stopped) return;
      const time = header.timestampSeconds + header.timestampMicroseconds * this.fractionScale;
      this.session.frame(data, 0, data.length, this.link, time, this.recordOffset);
    });
    parser.on('error', (err) => {
      this.fatal = `not a readable pcap file: ${err.message.split('\n')[0]}`;
      this.stopped = true;
    });
  }

  private recordHeader(capturedLength: number): void {
    if (this.stopped) return;
    this.recordOffset = this.nextOffset;
    this.nextOffset += RECORD_HEADER_BYTES + capturedLength;
    if (capturedLength > this.lengthLimit) {
      this.session.issue(
        'pcap.bad-length',
        this.recordOffset,
        `packet record length ${capturedLength} is past the limit of ${this.lengthLimit} bytes; reading stopped`,
      );
      this.stopped = true;
    }
  }

  /** Checks how the file ended, given how many bytes it had. */
  finish(fileBytes: number): void {
    if (this.stopped) return;
    if (fileBytes < this.nextOffset) {
      const have = fileBytes - this.recordOffset - RECORD_HEADER_BYTES;
      const want = this.nextOffset - this.recordOffset - RECORD_HEADER_BYTES;
      this.session.issue(
        'pcap.truncated-packet',
        this.recordOffset,
        `file ends ${have} bytes into a ${want}-byte packet`,
      );
    } else if (fileBytes > this.nextOffset) {
      this.session.issue(
        'pcap.truncated-header',
        this.nextOffset,
        `file ends ${fileBytes - this.nextOffset} bytes into a packet record header`,
      );
    }
  }
}

export async function readPcap(source: ByteSource, sink: PacketSink, options: PcapOptions): Promise<DetailedCaptureStats> {
  const head = source.head;
  if (head.length < FILE_HEADER_BYTES) {
    throw new CaptureOpenError(`too short for a pcap file header (${head.length} of ${FILE_HEADER_BYTES} bytes)`);
  }
  const microsecondMagic = NANOSECOND_MAGICS.get(head.toString('hex', 0, 4));
  const session = new CaptureSession(sink, microsecondMagic ? 'pcap-ns' : 'pcap');
  const walker = new RecordWalker(session, options.maxPacketBytes, microsecondMagic ? 1e-9 : 1e-6);
  const feed = new ChunkFeed();
  walker.attach(pcapParser.parse(feed));

  let first = true;
  const pass = await source.consume((chunk, bytesSoFar) => {
    // The first chunk holds the whole head (ByteSource's promise), so the magic is in it.
    if (first && microsecondMagic) microsecondMagic.copy(chunk, 0);
    first = false;
    feed.emit('data', chunk);
    if (walker.fatal !== undefined) return false;
    session.progress(bytesSoFar);
    return !walker.stopped;
  });
  if (walker.fatal !== undefined) throw new CaptureOpenError(walker.fatal);
  if (pass.readError !== undefined) session.issue('input.unreadable', pass.bytes, pass.readError);
  else walker.finish(pass.bytes);
  return session.finish();
}
