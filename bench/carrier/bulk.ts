/**
 * Record-level traffic: the short and the bulky connections whose packets need not be simulated
 * one by one (web page loads, DNS, video, backups, game play). Each is written as the records a
 * flow cache would export for it: both directions, cut at the active timeout, exported on FIN or
 * after the inactive timeout. Records leave in export-time order through a reorder buffer.
 */
import type { Prng } from '../../fixtures/lib/prng';
import { MinHeap } from './heap';
import { recordOf } from './flow-cache';
import { diurnalGap, lognormal } from './persistent';
import { ephemeralPort, outsideAddress, randomOutside } from './net';
import { ACK, FIN, PSH, SYN, type CarrierRecord, type Conn, type ExporterSettings } from './types';

export interface BulkContext {
  rng: Prng;
  address: number;
  windows: boolean;
  start: number;
  end: number;
  settings: ExporterSettings;
  newConn(server: number, serverPort: number, protocol: number, clientPort?: number, client?: number): Conn;
}

function direct(conn: Conn, dir: 0 | 1, first: number, last: number, packets: number, bytes: number, flags: number, exportAt: number): CarrierRecord {
  // A reply 20 ms after a very short request can end after it: keep first ≤ last ≤ exportAt.
  const end = Math.max(first, last);
  return recordOf({ t: first, conn, dir, bytes, count: packets, flags }, first, end, Math.max(1, Math.round(packets)), Math.round(bytes), flags, Math.max(exportAt, end));
}

/**
 * Both directions of a steady flow from `start` to `end` (`pps` packets/s, `bpp` bytes/packet
 * each way), cut into active-timeout windows. TCP flows start with SYN and, when they end
 * inside the observation, close with FIN.
 */
export function continuous(
  c: BulkContext,
  conn: Conn,
  start: number,
  end: number,
  up: { pps: number; bpp: number },
  down: { pps: number; bpp: number },
  out: (r: CarrierRecord) => void,
): void {
  const { activeSeconds, inactiveSeconds } = c.settings;
  const tcp = conn.protocol === 6;
  const stop = Math.min(end, c.end - 0.001);
  const closes = tcp && end < c.end;
  for (let w = start; w < stop; w += activeSeconds) {
    const last = Math.min(w + activeSeconds - 0.01, stop);
    const span = Math.max(0.05, last - w);
    const final = last >= stop;
    for (const dir of [0, 1] as const) {
      const rate = dir === 0 ? up : down;
      const packets = Math.max(1, rate.pps * span * c.rng.between(0.85, 1.15));
      let flags = tcp ? ACK | PSH : 0;
      if (tcp && w === start) flags |= dir === 0 ? SYN : SYN | ACK;
      if (final && closes) flags |= FIN;
      const exportAt = final ? (closes ? last : Math.min(last + inactiveSeconds, c.end)) : Math.min(w + activeSeconds, c.end);
      out(direct(conn, dir, w + (dir === 1 ? 0.02 : 0), last, packets, packets * rate.bpp * c.rng.between(0.9, 1.1), flags, exportAt));
    }
  }
}

/** Web, DNS and the occasional other short connection: one page visit after another. */
function visit(c: BulkContext, t: number, resolver: number, out: (r: CarrierRecord) => void): void {
  const { rng } = c;
  const { activeSeconds, inactiveSeconds } = c.settings;
  const queries = rng.int(1, 12);
  for (let q = 0; q < queries; q++) {
    const at = t + q * rng.between(0, 0.3);
    const conn = c.newConn(resolver, 53, 17, rng.int(1024, 65535));
    const rtt = rng.between(0.002, 0.03);
    const exportAt = Math.min(at + rtt + inactiveSeconds, c.end);
    if (at + rtt >= c.end) continue;
    out(direct(conn, 0, at, at, 1, rng.int(60, 110), 0, exportAt));
    out(direct(conn, 1, at + rtt, at + rtt, 1, rng.int(76, 480), 0, exportAt));
  }
  const connections = Math.max(1, Math.round(lognormal(rng, 5, 0.8)));
  for (let k = 0; k < connections; k++) {
    const first = t + rng.between(0.05, 4);
    // A few hundred popular sites and CDNs (Zipf-like), the rest one-off servers.
    const server = rng.next() < 0.7 ? outsideAddress(`web-${Math.floor(Math.exp(rng.next() * Math.log(800)))}`) : randomOutside(rng);
    const r = rng.next();
    const quic = r < 0.25;
    const port = quic || r < 0.88 ? 443 : r < 0.97 ? 80 : rng.pick([8080, 8443, 993, 587, 5222, 21]);
    const conn = c.newConn(server, port, quic ? 17 : 6);
    const duration = Math.min(lognormal(rng, 2.5, 1.2), activeSeconds - 1, 55);
    const last = first + duration;
    if (last >= c.end) continue;
    const down = Math.max(2, lognormal(rng, 25, 1.4));
    const up = Math.max(2, down * rng.between(0.3, 0.7));
    const downBytes = down * rng.between(600, 1400);
    const upBytes = up * rng.between(60, 200);
    const baseFlags = quic ? 0 : ACK | PSH;
    // Browsers keep idle connections open for a while, then close them (or the server does).
    const keptOpen = !quic && rng.next() < 0.55;
    const closeAt = keptOpen ? last + rng.between(10, 300) : last;
    if (keptOpen && (closeAt - last > inactiveSeconds || closeAt - first >= activeSeconds || closeAt >= c.end)) {
      const exportAt = Math.min(last + inactiveSeconds, first + activeSeconds, c.end);
      out(direct(conn, 0, first, last, up, upBytes, baseFlags | SYN, exportAt));
      out(direct(conn, 1, first + 0.02, last, down, downBytes, baseFlags | SYN, exportAt));
      if (closeAt + 0.03 < c.end) {
        out(direct(conn, 0, closeAt, closeAt + 0.03, 2, 104, ACK | FIN, closeAt + 0.03));
        out(direct(conn, 1, closeAt + 0.02, closeAt + 0.02, 1, 52, ACK | FIN, closeAt + 0.02));
      }
    } else {
      const flags = quic ? 0 : baseFlags | SYN | FIN;
      const exportAt = quic ? Math.min(closeAt + inactiveSeconds, c.end) : closeAt;
      out(direct(conn, 0, first, closeAt, up + (quic ? 0 : 2), upBytes, flags, exportAt));
      out(direct(conn, 1, first + 0.02, closeAt, down + (quic ? 0 : 1), downBytes, flags, exportAt));
    }
  }
}

export interface BulkProfile {
  /** Mean seconds between page visits at the diurnal peak (Infinity: no browsing). */
  visitGap: number;
  /** Video sessions: mean gap between them at the peak, and bitrate range (bits/s). */
  videoGap: number;
  videoBitrate: [number, number];
  /** Backup/bulk uploads: mean gap at the peak and rate (bits/s). */
  backupGap: number;
  backupRate: [number, number];
  /** UDP game play: mean gap between sessions. */
  gameGap: number;
  /** A server's visitors: mean gap between inbound connections (Infinity: serves nothing). */
  serveGap: number;
  resolver: number;
}

export function* bulkTraffic(c: BulkContext, p: BulkProfile): Generator<CarrierRecord> {
  const heap = new MinHeap<CarrierRecord>();
  const push = (r: CarrierRecord) => heap.push(r.exportAt, r);
  const { rng } = c;
  const events: Array<[number, string]> = [];
  if (Number.isFinite(p.visitGap)) events.push([c.start + diurnalGap(rng, p.visitGap, c.start), 'visit']);
  if (Number.isFinite(p.videoGap)) events.push([c.start + diurnalGap(rng, p.videoGap, c.start), 'video']);
  if (Number.isFinite(p.backupGap)) events.push([c.start + rng.exponential(p.backupGap), 'backup']);
  if (Number.isFinite(p.gameGap)) events.push([c.start + diurnalGap(rng, p.gameGap, c.start), 'game']);
  if (Number.isFinite(p.serveGap)) events.push([c.start + rng.exponential(p.serveGap), 'serve']);
  for (;;) {
    events.sort((a, b) => a[0] - b[0]);
    const ev = events[0];
    if (!ev || ev[0] >= c.end) break;
    const t = ev[0];
    while (heap.peekKey() <= t) yield heap.pop() as CarrierRecord;
    let busyUntil = t;
    if (ev[1] === 'visit') {
      visit(c, t, p.resolver, push);
      ev[0] = t + diurnalGap(rng, p.visitGap, t);
    } else if (ev[1] === 'video') {
      const duration = lognormal(rng, 1800, 0.7);
      const bitrate = rng.between(p.videoBitrate[0], p.videoBitrate[1]);
      const quic = rng.next() < 0.4;
      const conn = c.newConn(outsideAddress(`cdn-video-${rng.int(0, 40)}`), 443, quic ? 17 : 6);
      const downPps = bitrate / 8 / 1400;
      continuous(c, conn, t, t + duration, { pps: downPps / (quic ? 4 : 2), bpp: quic ? 80 : 52 }, { pps: downPps, bpp: 1400 }, push);
      busyUntil = t + duration;
      ev[0] = busyUntil + diurnalGap(rng, p.videoGap, busyUntil);
    } else if (ev[1] === 'backup') {
      const duration = lognormal(rng, 1200, 0.9);
      const rate = rng.between(p.backupRate[0], p.backupRate[1]);
      const conn = c.newConn(outsideAddress(`backup-${rng.int(0, 12)}`), 443, 6);
      const upPps = rate / 8 / 1400;
      continuous(c, conn, t, t + duration, { pps: upPps, bpp: 1400 }, { pps: upPps / 2, bpp: 52 }, push);
      busyUntil = t + duration;
      ev[0] = busyUntil + rng.exponential(p.backupGap);
    } else if (ev[1] === 'serve') {
      // A visitor of the site the server hosts: request up to the server, page down.
      const conn = c.newConn(c.address, rng.next() < 0.8 ? 443 : 80, 6, rng.int(32768, 65535), randomOutside(rng));
      const last = Math.min(t + lognormal(rng, 1.5, 1), t + 50);
      const packets = Math.max(3, lognormal(rng, 12, 1));
      const exportAt = Math.min(last + 0.05, c.end);
      if (last < c.end) {
        push(direct(conn, 0, t, last, packets, packets * rng.between(60, 300), SYN | ACK | PSH | FIN, exportAt));
        push(direct(conn, 1, t + 0.001, last + 0.05, packets * 1.5, packets * 1.5 * rng.between(500, 1400), SYN | ACK | PSH | FIN, exportAt));
      }
      ev[0] = t + rng.exponential(p.serveGap);
    } else {
      const duration = lognormal(rng, 1800, 0.6);
      const conn = c.newConn(randomOutside(rng), rng.int(27015, 27050) + rng.pick([0, 1000, 3000]), 17, ephemeralPort(rng, c.windows));
      const pps = rng.between(20, 64);
      continuous(c, conn, t, t + duration, { pps, bpp: rng.between(70, 160) }, { pps, bpp: rng.between(90, 260) }, push);
      busyUntil = t + duration;
      ev[0] = busyUntil + diurnalGap(rng, p.gameGap, busyUntil);
    }
  }
  while (heap.size > 0) yield heap.pop() as CarrierRecord;
}
