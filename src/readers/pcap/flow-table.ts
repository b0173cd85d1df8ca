/**
 * Flow assembly: decoded packets in, FlowRecords out. Everything runs in capture time; nothing is
 * scanned per packet: idle flows are popped from the front of least-recently-active lists.
 */
import type { Config } from '../../config/schema';
import type { FlowRecord } from '../../flow/flow-record';
import { IPPROTO } from '../../flow/flow-record';
import type { InputIssue } from '../issues';
import { looksLikeDnsResponse } from './app/dns';
import { RecentlyClosed } from './flow-closed';
import { FlowIndex, flowKeyText, newFlowKey, readFlowKey } from './flow-key';
import { LiveFlow } from './flow-live';
import { LruList } from './flow-lru';
import type { DecodedPacket } from './packet';

/** How long stragglers of a closed TCP connection are absorbed (a few round trips, generously). */
const CLOSED_LINGER_SECONDS = 30;

export interface FlowAssemblerStats {
  /** Records emitted, whatever their end reason. */
  records: number;
  /** Flows expired early because the table was full. */
  evicted: number;
  /** Packets dropped as stragglers of a connection already closed and emitted. */
  afterClose: number;
}

export class FlowAssembler {
  private readonly flows = new FlowIndex<LiveFlow>();
  private readonly tcpByActivity = new LruList<LiveFlow>();
  private readonly otherByActivity = new LruList<LiveFlow>();
  private readonly recentlyClosed: RecentlyClosed;
  private readonly key = newFlowKey();
  private clock = -Infinity;
  private readonly counts: FlowAssemblerStats = { records: 0, evicted: 0, afterClose: 0 };

  constructor(
    private readonly settings: Config['capture'],
    private readonly emit: (flow: FlowRecord) => void,
    private readonly issue: (issue: InputIssue) => void,
  ) {
    const linger = Math.min(settings.tcpIdleSeconds, CLOSED_LINGER_SECONDS);
    this.recentlyClosed = new RecentlyClosed(linger, settings.maxFlows);
  }

  get stats(): Readonly<FlowAssemblerStats> {
    return this.counts;
  }

  /** Flows currently tracked. */
  get size(): number {
    return this.flows.size;
  }

  add(packet: DecodedPacket): void {
    const time = packet.time;
    if (time > this.clock) {
      this.clock = time;
      this.expireIdle();
    }
    readFlowKey(packet, this.key);
    let flow = this.flows.get(this.key);
    if (flow !== undefined) {
      if (time - flow.lastSeen > this.idleSeconds(flow)) {
        this.end(flow, 'idle');
        flow = undefined;
      } else if (flow.startsNewConnection(packet)) {
        this.end(flow, 'closed');
        flow = undefined;
      } else if (time - flow.firstSeen >= this.settings.activeTimeoutSeconds) {
        this.emitRecord(flow, 'active');
        flow.continueAsNewRecord(time);
      }
    }
    if (flow === undefined) {
      if (this.isStraggler(packet)) return;
      flow = this.open(packet);
    } else {
      this.activity(flow).touch(flow);
    }
    flow.add(packet, this.issue);
    this.endIfFinished(flow, packet);
  }

  /**
   * Moves capture time on without a packet, emitting the flows idle by then: a live source (the
   * sFlow collector) that falls quiet must still end its flows, as later packets would.
   */
  advance(time: number): void {
    if (!(time > this.clock)) return;
    this.clock = time;
    this.expireIdle();
  }

  /**
   * End of input: every flow still tracked is emitted with endReason 'end'. UDP first, so that DNS
   * facts still in the table (multicast DNS, DNS on both ports) precede the TCP connections.
   */
  flush(): void {
    for (const list of [this.otherByActivity, this.tcpByActivity]) {
      for (let flow = list.oldest; flow !== undefined; flow = list.oldest) this.end(flow, 'end');
    }
    this.recentlyClosed.clear();
  }

  private isStraggler(packet: DecodedPacket): boolean {
    if (packet.protocol !== IPPROTO.TCP || this.recentlyClosed.size === 0) return false;
    if (!this.recentlyClosed.absorbs(flowKeyText(this.key), packet)) return false;
    this.counts.afterClose++;
    return true;
  }

  private open(packet: DecodedPacket): LiveFlow {
    if (this.flows.size >= this.settings.maxFlows) this.evictOne(packet.offset);
    const key = { ...this.key };
    const flow = new LiveFlow(key, packet, this.settings);
    this.flows.add(key, flow);
    this.activity(flow).append(flow);
    return flow;
  }

  private endIfFinished(flow: LiveFlow, packet: DecodedPacket): void {
    if (flow.protocol === IPPROTO.TCP) {
      if (!flow.closed) return;
      this.end(flow, 'closed');
      this.recentlyClosed.remember(flowKeyText(flow.key), packet.time);
    } else if (flow.protocol === IPPROTO.UDP && flow.hasPort(53) && looksLikeDnsResponse(packet.payload)) {
      // Emitted at once, so pool addresses in the answer reach detectors before the
      // connections that follow the lookup.
      this.end(flow, 'closed');
    }
  }

  private expireIdle(): void {
    this.expireIdleIn(this.tcpByActivity, this.settings.tcpIdleSeconds);
    this.expireIdleIn(this.otherByActivity, this.settings.udpIdleSeconds);
  }

  private expireIdleIn(list: LruList<LiveFlow>, idleSeconds: number): void {
    for (let flow = list.oldest; flow !== undefined; flow = list.oldest) {
      if (this.clock - flow.lastSeen <= idleSeconds) return;
      this.end(flow, 'idle');
    }
  }

  private evictOne(offset: number): void {
    const tcp = this.tcpByActivity.oldest;
    const other = this.otherByActivity.oldest;
    const victim = tcp === undefined || (other !== undefined && other.lastSeen < tcp.lastSeen) ? other : tcp;
    if (victim === undefined) return;
    if (this.counts.evicted++ === 0) {
      this.issue({
        code: 'flow.table-full',
        offset,
        message: `more than ${this.settings.maxFlows} flows at once: the least recently active are expired early (endReason "evicted")`,
      });
    }
    this.end(victim, 'evicted');
  }

  private end(flow: LiveFlow, reason: FlowRecord['endReason']): void {
    this.flows.delete(flow.key);
    this.activity(flow).remove(flow);
    this.emitRecord(flow, reason);
  }

  private emitRecord(flow: LiveFlow, reason: FlowRecord['endReason']): void {
    this.counts.records++;
    this.emit(flow.toRecord(reason, this.issue));
  }

  private activity(flow: LiveFlow): LruList<LiveFlow> {
    return flow.protocol === IPPROTO.TCP ? this.tcpByActivity : this.otherByActivity;
  }

  private idleSeconds(flow: LiveFlow): number {
    return flow.protocol === IPPROTO.TCP ? this.settings.tcpIdleSeconds : this.settings.udpIdleSeconds;
  }
}
