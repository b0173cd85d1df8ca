import type { IssueCode } from '../../errors/codes';
import { IssueLimiter } from '../issue-limiter';
import { FragmentReassembler, type FragmentLimits, type FragmentStats } from './fragments';
import { FrameDecoder, type SkippedFrames } from './frame-decoder';
import type { LinkContext } from './link';
import type { CaptureStats, PacketSink } from './packet';

/** Runs of the file that were no record or block, skipped by resynchronising. */
export interface ResyncTally {
  /** How many times reading lost and found its footing (each run starts at one bad record or block). */
  regions: number;
  bytes: number;
}

/** CaptureStats plus why frames were skipped and every issue counted (including unlisted ones). */
export interface DetailedCaptureStats extends CaptureStats {
  skipped: SkippedFrames;
  resync: ResyncTally;
  fragments: FragmentStats;
  issues: Partial<Record<IssueCode, number>>;
}

/** What the pcap and pcapng readers share for one file: counting, decoding, issues, progress. */
export class CaptureSession {
  private readonly limiter: IssueLimiter;
  private readonly decoder: FrameDecoder;
  private packets = 0;
  private decoded = 0;
  private bytes = 0;
  private readonly resync: ResyncTally = { regions: 0, bytes: 0 };

  constructor(
    private readonly sink: PacketSink,
    private readonly format: CaptureStats['format'],
    fragments: FragmentLimits,
  ) {
    this.limiter = new IssueLimiter((issue) => sink.issue(issue));
    this.decoder = new FrameDecoder(this.limiter, new FragmentReassembler(fragments, this.limiter));
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

  /**
   * Bytes `[from, to)` were skipped to get back to records: `to` is where a plausible one starts,
   * or the end of the file when `found` is false.
   */
  resynced(code: 'pcap.resync' | 'pcapng.resync', from: number, to: number, reason: string, found: boolean): void {
    const bytes = to - from;
    this.resync.regions++;
    this.resync.bytes += bytes;
    const unit = code === 'pcap.resync' ? 'record' : 'block';
    const outcome = found
      ? `${bytes} bytes skipped to the next plausible ${unit} at offset ${to}`
      : `the ${bytes} bytes to the end of the file hold no plausible ${unit}; skipped`;
    this.limiter.issue(code, from, () => `${reason}: ${outcome}`);
  }

  /** Capture bytes consumed so far. */
  progress(bytesRead: number): void {
    this.bytes = bytesRead;
  }

  finish(): DetailedCaptureStats {
    this.decoder.finish();
    this.limiter.finish();
    return {
      format: this.format,
      packets: this.packets,
      decoded: this.decoded,
      bytes: this.bytes,
      skipped: { ...this.decoder.skipped },
      resync: { ...this.resync },
      fragments: this.decoder.fragmentStats(),
      issues: this.limiter.totals(),
    };
  }
}
