/**
 * A router's flow cache: packets of one direction of one connection accumulate in an entry
 * (unidirectional, as NetFlow v9/IPFIX exporters keep them) until the entry expires:
 * - active timeout: `activeSeconds` after its first packet (a long flow is cut into records);
 * - inactive (idle) timeout: no packet for `inactiveSeconds`;
 * - a FIN or RST packet: exported at once, with that packet in it.
 * The first record of a TCP direction carries SYN (or SYN+ACK); flags are OR'd per record.
 * Records leave in order of their expiry time, which is their export time.
 */
import { FIN, RST, type CarrierRecord, type ExporterSettings, type Pkt } from './types';
import { ipText } from './net';

interface Entry {
  first: number;
  last: number;
  packets: number;
  bytes: number;
  flags: number;
  pkt: Pkt;
}

const textCache = new Map<number, string>();
function text(n: number): string {
  let t = textCache.get(n);
  if (t === undefined) {
    if (textCache.size > 500_000) textCache.clear();
    t = ipText(n);
    textCache.set(n, t);
  }
  return t;
}

/** The record of `count` packets of one direction of a connection. */
export function recordOf(p: Pkt, first: number, last: number, packets: number, bytes: number, flags: number, exportAt: number): CarrierRecord {
  const c = p.conn;
  const up = p.dir === 0;
  const srcNum = up ? c.client : c.server;
  const dstNum = up ? c.server : c.client;
  return {
    first,
    last,
    srcNum,
    dstNum,
    src: text(srcNum),
    dst: text(dstNum),
    srcPort: up ? c.clientPort : c.serverPort,
    dstPort: up ? c.serverPort : c.clientPort,
    protocol: c.protocol,
    packets,
    bytes,
    tcpFlags: c.protocol === 6 ? flags : 0,
    exportAt,
  };
}

export class FlowCache {
  private readonly entries = new Map<number, Entry>();
  private nextDeadline = Infinity;

  constructor(
    private readonly settings: ExporterSettings,
    private readonly emit: (r: CarrierRecord) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  private deadline(e: Entry): number {
    return Math.min(e.first + this.settings.activeSeconds, e.last + this.settings.inactiveSeconds);
  }

  /** Exports every entry whose timeout falls at or before `t`, earliest first. */
  advance(t: number): void {
    if (t < this.nextDeadline) return;
    const expired: Array<[number, number, Entry]> = [];
    let next = Infinity;
    for (const [key, e] of this.entries) {
      const d = this.deadline(e);
      if (d <= t) expired.push([d, key, e]);
      else if (d < next) next = d;
    }
    expired.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [d, key, e] of expired) {
      this.entries.delete(key);
      this.emit(recordOf(e.pkt, e.first, e.last, e.packets, e.bytes, e.flags, d));
    }
    this.nextDeadline = next;
  }

  add(p: Pkt): void {
    this.advance(p.t);
    const key = p.conn.id * 2 + p.dir;
    let e = this.entries.get(key);
    if (!e) {
      e = { first: p.t, last: p.t, packets: 0, bytes: 0, flags: 0, pkt: p };
      this.entries.set(key, e);
    }
    e.last = p.t;
    e.packets += p.count;
    e.bytes += p.bytes;
    e.flags |= p.flags;
    if (p.flags & (FIN | RST)) {
      this.entries.delete(key);
      this.emit(recordOf(p, e.first, e.last, e.packets, e.bytes, e.flags, p.t));
      return;
    }
    const d = this.deadline(e);
    if (d < this.nextDeadline) this.nextDeadline = d;
  }

  /** The end of the observation: what is still cached is exported at `t`. */
  flush(t: number): void {
    const rest = [...this.entries.entries()].sort((a, b) => a[0] - b[0]);
    this.entries.clear();
    for (const [, e] of rest) this.emit(recordOf(e.pkt, e.first, e.last, e.packets, e.bytes, e.flags, t));
    this.nextDeadline = Infinity;
  }
}
