// PLACEHOLDER until the NetFlow helper lands: same signature, decodes nothing.
import type { Config } from '../../config/schema';
import type { FlowRecord } from '../../flow/flow-record';
import type { InputIssue } from '../issues';

export interface ExportContext {
  exporter: string;
  offset: number;
  receivedAt?: number;
}

export class ExportDecoder {
  constructor(_settings: Config['flowExport'], _emit: (flow: FlowRecord) => void, _issue: (i: InputIssue) => void) {}
  decode(_message: Buffer, _context: ExportContext): void {}
  flush(): void {}
}
