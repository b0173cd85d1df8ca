/**
 * IPv4 and IPv6 fragment reassembly for packet captures, so a miner whose packets are fragmented
 * (a small MTU on the way, or on purpose to hide the payload) still shows its Stratum lines: the
 * datagram a last fragment completes goes through the normal transport decode.
 *
 * The aim is to see what the receiving host's IP layer hands up, and pools run Linux, so Linux's
 * rules (net/ipv4/ip_fragment.c, net/ipv6/reassembly.c, since 4.19) are followed:
 * - datagrams are keyed by source, destination and identification, plus the protocol for IPv4
 *   (RFC 791, RFC 8200);
 * - overlaps: a fragment that lies wholly inside data already held is a duplicate and ignored
 *   (the first copy wins: a retransmission, a doubled span port); one that partly overlaps held
 *   data, or disagrees about where the datagram ends, drops the whole datagram (RFC 5722; Linux
 *   counts it as ReasmOverlaps). Receivers that resolve partial overlaps differently (first- or
 *   last-wins BSD, Windows) are what overlap evasion plays on; dropping means no copy is chosen
 *   for them. Later fragments of the same identification start afresh, as in Linux;
 * - an IPv4 non-final fragment whose length is no multiple of 8 is cut down to one (Linux does);
 *   an IPv6 one is discarded (RFC 8200 §4.5);
 * - a datagram past 65,535 bytes (the IP length fields' limit: ping of death) is dropped.
 *
 * Bounds, all in capture time and each counted (stats and an issue per datagram) when it bites:
 * - a datagram not complete `timeoutSeconds` after its first fragment is dropped (Linux's
 *   ipfrag_time is 30 s); those still incomplete when the capture ends are too;
 * - at most `maxDatagrams` pending and `maxBytes` of fragment data held: past either, the oldest
 *   pending datagram is evicted (a flood of fragments cannot grow memory, and fresh traffic wins).
 */
import type { IssueCode } from '../../errors/codes';
import type { IssueLimiter } from '../issue-limiter';
import { ipv4Text, ipv6Text } from './address-text';
import type { IpView } from './ip';

export interface FragmentLimits {
  timeoutSeconds: number;
  maxDatagrams: number;
  maxBytes: number;
}

/** Why fragments ended in no datagram; each is counted in fragments (the issues count datagrams). */
export interface FragmentDrops {
  /** The datagram did not complete in time, or before the capture ended. */
  timeout: number;
  /** The oldest pending datagram, pushed out by the count or byte limit. */
  evicted: number;
  /** Partial overlap, or fragments that disagree about the datagram's end. */
  overlap: number;
  /** The datagram would be past 65,535 bytes. */
  oversize: number;
  /** Unusable alone: cut by the snapshot length, an empty or misaligned non-final fragment. */
  unusable: number;
}

export interface FragmentStats {
  /** Fragment frames seen. */
  fragments: number;
  /** Datagrams rebuilt (each went on to the transport decode). */
  reassembled: number;
  /** Fragments whose bytes were all held already: ignored. */
  duplicates: number;
  dropped: FragmentDrops;
}

export function emptyFragmentStats(): FragmentStats {
  return { fragments: 0, reassembled: 0, duplicates: 0, dropped: { timeout: 0, evicted: 0, overlap: 0, oversize: 0, unusable: 0 } };
}

/** The IP length fields cannot describe a datagram longer than this. */
const MAX_DATAGRAM = 65_535;
const IPV6_HEADER = 40;
const IPV6_FRAGMENT_HEADER = 8;
const IPV4_DONT_FRAGMENT = 0x4000;

type DatagramDrop = Exclude<keyof FragmentDrops, 'unusable'>;

const DROP_CODES: Record<DatagramDrop, IssueCode> = {
  timeout: 'ip.fragment-timeout',
  evicted: 'ip.fragment-limit',
  overlap: 'ip.fragment-overlap',
  oversize: 'ip.fragment-oversize',
};

/** A stretch of the datagram held without gaps; runs are kept sorted, apart and not touching. */
interface Run {
  start: number;
  end: number;
}

interface Pending {
  version: 4 | 6;
  label: string;
  firstTime: number;
  firstOffset: number;
  runs: Run[];
  /** The fragments' data with its place in the datagram, in arrival order (they never overlap). */
  pieces: Array<{ start: number; data: Buffer }>;
  bytes: number;
  /** Length of the fragmentable part, known once the last fragment (more-fragments clear) is in. */
  end: number | undefined;
  /** Highest end seen so far. */
  reach: number;
  /** The IP header of the first fragment (offset 0): IPv4 with its options, IPv6 the fixed 40 bytes. */
  header: Buffer | undefined;
  /** What follows the IP layer: IPv4's protocol, or the next header after IPv6's Fragment header. */
  protocol: number;
  fragments: number;
}

export class FragmentReassembler {
  readonly stats = emptyFragmentStats();
  /** In creation order, so the oldest is first (for timeouts and evictions). */
  private readonly pending = new Map<string, Pending>();
  private heldBytes = 0;

  constructor(
    private readonly limits: FragmentLimits,
    private readonly issues: IssueLimiter,
  ) {}

  /**
   * A fragment `decodeIp` described in `ip` (its bytes in `buf`). Returns the whole datagram, a
   * fresh buffer starting with its IP header, when this fragment completes one.
   */
  add(buf: Buffer, ip: IpView, time: number, offset: number): Buffer | undefined {
    this.stats.fragments++;
    this.expire(time);
    const start = ip.fragmentOffset;
    let length = ip.capturedEnd - ip.transportAt;
    // Linux trims a misaligned IPv4 non-final fragment to whole 8-byte units and keeps it.
    if (ip.version === 4 && ip.moreFragments) length -= length % 8;
    const unusable = unusableReason(ip, length);
    if (unusable !== undefined) {
      this.stats.dropped.unusable++;
      this.issues.issue('ip.fragment', offset, () => `${describe(buf, ip)}, fragment at offset ${start}: ${unusable}; skipped`);
      return undefined;
    }
    const end = start + length;
    const key = keyOf(buf, ip);
    const entry = this.pending.get(key) ?? this.create(key, buf, ip, time, offset);
    const headerBytes = ip.version === 4 ? ip.transportAt - ip.headerAt : ip.transportAt - ip.headerAt - IPV6_FRAGMENT_HEADER - IPV6_HEADER;
    // Checked in Linux's order: size, end, then overlap (a dropped datagram's runs no longer matter).
    const problem =
      headerBytes + end > MAX_DATAGRAM
        ? { reason: 'oversize' as const, why: `a fragment ends at byte ${end}, past the ${MAX_DATAGRAM} bytes a datagram can hold` }
        : overlapProblem(endConflictOf(entry, end, ip.moreFragments) ?? place(entry.runs, start, end));
    if (problem === 'duplicate') {
      this.stats.duplicates++;
      return undefined;
    }
    entry.fragments++;
    if (problem !== undefined) return this.drop(key, entry, problem.reason, problem.why, offset);

    if (!ip.moreFragments) entry.end = end;
    entry.reach = Math.max(entry.reach, end);
    if (start === 0) {
      entry.header = Buffer.from(buf.subarray(ip.headerAt, ip.version === 4 ? ip.transportAt : ip.headerAt + IPV6_HEADER));
      entry.protocol = ip.protocol;
    }
    if (length > 0) this.hold(entry, start, Buffer.from(buf.subarray(ip.transportAt, ip.transportAt + length)));
    if (!complete(entry)) return undefined;
    this.forget(key, entry);
    this.stats.reassembled++;
    return rebuild(entry);
  }

  /** The capture is over: whatever is still pending never completed. */
  finish(): void {
    for (const [key, entry] of this.pending) this.drop(key, entry, 'timeout', 'the capture ended before all its fragments arrived');
  }

  private create(key: string, buf: Buffer, ip: IpView, time: number, offset: number): Pending {
    if (this.pending.size >= this.limits.maxDatagrams) {
      this.evictOldest(`${this.limits.maxDatagrams} datagrams were pending (capture.fragments.maxDatagrams)`);
    }
    const entry: Pending = {
      version: ip.version, label: describe(buf, ip), firstTime: time, firstOffset: offset, runs: [], pieces: [],
      bytes: 0, end: undefined, reach: 0, header: undefined, protocol: ip.protocol, fragments: 0,
    };
    this.pending.set(key, entry);
    return entry;
  }

  private hold(entry: Pending, start: number, data: Buffer): void {
    // One datagram holds at most 64 KiB and maxBytes is at least that, so evicting others always makes room.
    while (this.heldBytes + data.length > this.limits.maxBytes && this.pending.size > 1) {
      this.evictOldest(`${this.heldBytes} fragment bytes were held (capture.fragments.maxBytes)`, entry);
    }
    entry.pieces.push({ start, data });
    entry.bytes += data.length;
    this.heldBytes += data.length;
  }

  /** Drops timed-out datagrams; creation order is capture order, so only the oldest need looking at. */
  private expire(now: number): void {
    for (const [key, entry] of this.pending) {
      if (now - entry.firstTime <= this.limits.timeoutSeconds) return;
      this.drop(key, entry, 'timeout', `not all its fragments arrived within ${this.limits.timeoutSeconds} s (capture.fragments.timeoutSeconds)`);
    }
  }

  private evictOldest(why: string, keep?: Pending): void {
    for (const [key, entry] of this.pending) {
      if (entry === keep) continue;
      this.drop(key, entry, 'evicted', why);
      return;
    }
  }

  /** Forgets the datagram and counts its fragments as dropped; `offset` is where the reason showed, if not at its first fragment. */
  private drop(key: string, entry: Pending, reason: DatagramDrop, why: string, offset = entry.firstOffset): undefined {
    this.forget(key, entry);
    this.stats.dropped[reason] += entry.fragments;
    this.issues.issue(DROP_CODES[reason], offset, () => `${entry.label}: ${entry.fragments} fragments (${entry.bytes} of ${entry.end ?? '?'} bytes) dropped: ${why}`);
    return undefined;
  }

  private forget(key: string, entry: Pending): void {
    this.pending.delete(key);
    this.heldBytes -= entry.bytes;
  }
}

/** Why a fragment cannot be used at all, whatever else arrives. */
function unusableReason(ip: IpView, length: number): string | undefined {
  if (ip.capturedEnd < ip.declaredEnd) return 'cut short by the snapshot length';
  if (length < 0) return 'its header runs past the packet';
  if (ip.moreFragments && length === 0) return 'a non-final fragment with no data';
  if (ip.moreFragments && length % 8 !== 0) return `a non-final IPv6 fragment of ${length} bytes (not a multiple of 8)`;
  return undefined;
}

function overlapProblem(found: string | 'duplicate' | undefined): { reason: 'overlap'; why: string } | 'duplicate' | undefined {
  return found === undefined || found === 'duplicate' ? found : { reason: 'overlap', why: found };
}

/** Linux's end rules: one last fragment, and nothing past it. */
function endConflictOf(entry: Pending, end: number, more: boolean): string | undefined {
  if (more) return entry.end !== undefined && end > entry.end ? `a fragment reaches byte ${end}, past the datagram's end ${entry.end}` : undefined;
  if (entry.end !== undefined && end !== entry.end) return `two last fragments end at bytes ${entry.end} and ${end}`;
  if (end < entry.reach) return `fragments reach byte ${entry.reach}, past the last fragment's end ${end}`;
  return undefined;
}

/**
 * Adds [start, end) to the runs: 'duplicate' when it lies inside one (nothing changes), a reason
 * when it partly overlaps held data, undefined when it was added (merged with the runs it touches).
 * Binary search, then at most one splice: no worse than linear in the runs, which are few unless
 * fragments arrive scattered.
 */
function place(runs: Run[], start: number, end: number): string | 'duplicate' | undefined {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid].start <= start) lo = mid + 1;
    else hi = mid;
  }
  // runs[lo - 1] is the last run starting at or before `start`; runs[lo] the first after it.
  const before = lo > 0 ? runs[lo - 1] : undefined;
  const after = lo < runs.length ? runs[lo] : undefined;
  if (before !== undefined && end <= before.end && start < end) return 'duplicate';
  if (before !== undefined && before.end > start) return `fragment [${start}, ${end}) overlaps held bytes [${before.start}, ${before.end})`;
  if (after !== undefined && after.start < end) return `fragment [${start}, ${end}) overlaps held bytes [${after.start}, ${after.end})`;
  const joinsBefore = before !== undefined && before.end === start;
  const joinsAfter = after !== undefined && after.start === end;
  if (joinsBefore && joinsAfter) {
    before.end = after.end;
    runs.splice(lo, 1);
  } else if (joinsBefore) {
    before.end = end;
  } else if (joinsAfter) {
    after.start = start;
  } else if (start < end) {
    runs.splice(lo, 0, { start, end });
  }
  return undefined;
}

/** Every byte from 0 to the last fragment's end is held, and the first fragment gave the header. */
function complete(entry: Pending): boolean {
  if (entry.end === undefined || entry.header === undefined) return false;
  return entry.runs.length === 1 && entry.runs[0].start === 0 && entry.runs[0].end === entry.end;
}

/** The receiver's reassembly key: addresses, identification, and for IPv4 the protocol. */
function keyOf(buf: Buffer, ip: IpView): string {
  const addressBytes = ip.version === 4 ? 4 : 16;
  const src = buf.toString('latin1', ip.srcAt, ip.srcAt + addressBytes);
  const dst = buf.toString('latin1', ip.dstAt, ip.dstAt + addressBytes);
  return ip.version === 4 ? `4${src}${dst}${ip.protocol}/${ip.fragmentId}` : `6${src}${dst}${ip.fragmentId}`;
}

function describe(buf: Buffer, ip: IpView): string {
  const v4 = ip.version === 4;
  const src = v4 ? ipv4Text(buf, ip.srcAt) : ipv6Text(buf, ip.srcAt);
  const dst = v4 ? ipv4Text(buf, ip.dstAt) : ipv6Text(buf, ip.dstAt);
  return `IPv${ip.version} datagram ${src} > ${dst} id ${ip.fragmentId}`;
}

/**
 * The datagram as the receiver's IP layer hands it up: the first fragment's header with the
 * length set and the fragment fields cleared, then the data. For IPv6 the fixed header names the
 * fragment header's next header directly; unfragmentable extension headers (hop-by-hop, routing)
 * are left out, as nothing after the IP layer reads them.
 */
function rebuild(entry: Pending): Buffer {
  const header = entry.header!;
  const length = entry.end!;
  const out = Buffer.alloc(header.length + length);
  header.copy(out, 0);
  if (entry.version === 4) {
    out.writeUInt16BE(header.length + length, 2);
    out.writeUInt16BE(out.readUInt16BE(6) & IPV4_DONT_FRAGMENT, 6);
  } else {
    out.writeUInt16BE(length, 4);
    out[6] = entry.protocol;
  }
  for (const piece of entry.pieces) piece.data.copy(out, header.length + piece.start);
  return out;
}
