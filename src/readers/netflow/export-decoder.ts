/**
 * Decodes NetFlow v5, NetFlow v9 and IPFIX export messages (one UDP datagram each) into
 * FlowRecords. One decoder serves every exporter of an input: templates, sampling rates and held
 * data are kept per exporter and observation domain. Bad input is reported as issues (with the
 * message's input offset; the text says where inside the message) and never thrown.
 */
import type { Config } from '../../config/schema';
import type { FlowRecord } from '../../flow/flow-record';
import type { InputIssue } from '../issues';
import { u16be } from '../pcap/bytes';
import { decodeIpfix } from './ipfix';
import { SetDecoder } from './set-decoder';
import { V5Decoder } from './v5';
import { decodeV9 } from './v9';

export interface ExportContext {
  /** Who sent the message: the sender address for datagrams, a name for files. */
  exporter: string;
  /** Where the message is in the input (capture record or file offset), for issues. */
  offset: number;
  /** Arrival time (seconds): stands in for an export time the header leaves at 0. */
  receivedAt?: number;
}

export class ExportDecoder {
  private readonly sets: SetDecoder;
  private readonly v5: V5Decoder;
  private readonly report: (code: InputIssue['code'], offset: number, message: string) => void;

  constructor(settings: Config['flowExport'], emit: (flow: FlowRecord) => void, issue: (i: InputIssue) => void) {
    this.report = (code, offset, message) => issue({ code, offset, message });
    this.sets = new SetDecoder(settings, emit, this.report);
    this.v5 = new V5Decoder(emit, this.report, settings.samplingRate);
  }

  decode(message: Buffer, context: ExportContext): void {
    if (message.length < 2) {
      this.report('netflow.truncated', context.offset, `export message of ${message.length} bytes has no version`);
      return;
    }
    const version = u16be(message, 0);
    if (version === 5) {
      this.v5.decode(message, context.exporter, context.offset, context.receivedAt);
      return;
    }
    this.sets.offset = context.offset;
    if (version === 9) decodeV9(message, context.exporter, context.receivedAt, this.sets);
    else if (version === 10) decodeIpfix(message, context.exporter, context.receivedAt, this.sets);
    else this.report('netflow.bad-header', context.offset, `export message version ${version} is not NetFlow v5, v9 or IPFIX (10); skipped`);
  }

  /** End of input: data still waiting for its template is reported, one issue per template. */
  flush(): void {
    this.sets.pending.flush();
  }

  /** Templates cached now (all exporters). */
  get templateCount(): number {
    return this.sets.cache.size;
  }

  /** Data sets held for templates now (all exporters). */
  get pendingCount(): number {
    return this.sets.pending.size;
  }
}
