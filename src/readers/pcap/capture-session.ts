import type { IssueCode } from '../../errors/codes';
import { IssueLimiter } from '../issue-limiter';
import { FrameDecoder, type SkippedFrames } from './frame-decoder';
import type { LinkContext } from './link';
import type { CaptureStats, PacketSink } from './packet';

/** CaptureStats plus why frames were skipped and every issue counted (including unlisted ones). */
export interface DetailedCaptureStats extends CaptureStats {
  skipped: SkippedFrames;
  issues: Partial<Record<IssueCode, number>>;
}

/** What the pcap and pcapng readers share for one file: counting, decoding, issues, progress. */
export class CaptureSession {
  private readonly limiter: IssueLimiter;
  private readonly decoder: FrameDecoder;
  private packets = 0;
  private decoded = 0;
  private bytes = 0;

  constructor(
    private readonly sink: PacketSink,
    private readonly format: CaptureStats['format'],
  ) {
    this.limiter = new IssueLimiter((issue) => sink.issue(issue));
    this.decoder = new FrameDecoder(this.limiter);
  }

  /** One packet record: `buf[start, end)` holds the captured frame. */
  frame(buf: Buffer, start: number, end: number, link: LinkContext, time: number, offset: number): void {
    this.packets++;
    const packet = this.decoder.decode(buf, start, end, link, time, offset);
    if (packet !== undefined) {
      this.decoded++;
      this.sink.packet(packet);
    }
  }

  /** A packet record that could not be attributed to an interface (counted, not decoded). */
  undecodable(): void {
    this.packets++;
  }

  issue(code: IssueCode, offset: number, message: string | (() => string)): void {
    this.limiter.issue(code, offset, message);
  }

  /** Capture bytes consumed so far. */
  progress(bytesRead: number): void {
    this.bytes = bytesRead;
  }

  finish(): DetailedCaptureStats {
    this.limiter.finish();
    return {
      format: this.format,
      packets: this.packets,
      decoded: this.decoded,
      bytes: this.bytes,
      skipped: { ...this.decoder.skipped },
      issues: this.limiter.totals(),
    };
  }
}
