/** Builders for stratum detector tests: conversations with explicit arrival times. */
import { emptyIntel } from '../../helpers/intel';
import type { Evidence, FlowRecord, PayloadHead } from '../../../src/detect/api';
import { stratumDetector } from '../../../detectors/stratum';
import { makeFlow, type FlowSketch } from '../../helpers/flows';

export const T0 = 1_700_000_000;

export function inspect(flow: FlowRecord, settings: Record<string, unknown> = { v2Ports: [34254, 34255] }): Evidence[] {
  const run = stratumDetector.create({
    isHome: (ip) => ip.startsWith('192.168.') || ip.startsWith('10.'),
    indicators: { poolDomains: [], poolEndpoints: [] },
    intel: emptyIntel(),
    settings,
  });
  return run.inspect(flow);
}

export function codes(evidence: readonly Evidence[]): string[] {
  return evidence.map((e) => e.code).sort();
}

export function only(evidence: readonly Evidence[], code: string): Evidence {
  const found = evidence.filter((e) => e.code === code);
  if (found.length !== 1) throw new Error(`expected one ${code}, got ${codes(evidence).join(' ') || 'none'}`);
  return found[0];
}

/** Pieces of one direction, each arriving at its own time (a TCP segment, say). */
export type Piece = readonly [time: number, data: string | Buffer];

export function headOf(pieces: readonly Piece[], options: Partial<PayloadHead> = {}): PayloadHead {
  const marks: PayloadHead['marks'] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [time, data] of pieces) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) continue;
    marks.push({ offset, time });
    chunks.push(bytes);
    offset += bytes.length;
  }
  return { bytes: Buffer.concat(chunks), marks, truncated: false, midStream: false, gaps: 0, ...options };
}

/** One message per piece, each followed by a newline. */
export function lines(entries: ReadonlyArray<readonly [time: number, message: unknown]>): Piece[] {
  return entries.map(([time, message]) => [time, `${typeof message === 'string' ? message : JSON.stringify(message)}\n`]);
}

export interface Conversation {
  toServer?: readonly Piece[];
  toClient?: readonly Piece[];
  serverOptions?: Partial<PayloadHead>;
  clientOptions?: Partial<PayloadHead>;
  sketch?: FlowSketch;
}

/** A flow whose payload heads are built piece by piece (makeFlow spreads times itself). */
export function conversationFlow(c: Conversation): FlowRecord {
  const toServer = headOf(c.toServer ?? [], c.serverOptions);
  const toClient = headOf(c.toClient ?? [], c.clientOptions);
  const flow = makeFlow({ firstSeen: T0, lastSeen: T0 + 3600, ...c.sketch });
  return { ...flow, payload: { toServer, toClient } };
}
