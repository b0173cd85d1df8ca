/**
 * One record of a flow export (NetFlow/IPFIX, nfdump, goflow2, a configured CSV) to a FlowRecord.
 * Exporters describe traffic from `src` to `dst`, which is not necessarily client to server: a
 * router exports the reply direction as its own record. The client is chosen by the same port
 * port rules the packet reader uses without a SYN (orientation.ts), so both directions of one
 * connection land on the same (client, server) pair with their counters in toServer / toClient.
 *
 * One difference: where no port looks like a service, the packet reader takes whoever talked
 * first as the client — but every export record is "first" from its own side, so the request
 * and the reply would name opposite clients. Here the higher port is the client there (ephemeral
 * ports are high), and equal ports fall back to address order: the same answer from both sides.
 * Protocols without ports (ICMP, GRE, ...) keep port 0 — exporters put e.g. ICMP type·256+code in
 * the destination port — and their source is taken as the client.
 */
import type { DirectionStats, FlowRecord } from './flow-record';
import { firstTalkerIsClient, isServerPort } from './orientation';
import { isSamplingRate, samplingField } from './sampling';

/** A unidirectional export record: counters are for packets sent from `src` to `dst`. */
export interface ExportRecord {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  /** Unix seconds (fractional) of the first and last packet. */
  first: number;
  last: number;
  /** OR of the TCP flags seen from src to dst. */
  tcpFlags?: number;
  /** Biflow exporters (IPFIX RFC 5103, NSEL, nfdump's opkt/obyt): the dst → src direction. */
  reversePackets?: number;
  reverseBytes?: number;
  reverseTcpFlags?: number;
  exporter?: string;
  /**
   * The packet sampling the export states for this record, its counters already scaled by it:
   * N (1-in-N, 1 = unsampled), or 0 when it says "sampled" without a usable rate (a bad one, or
   * none it can be read from) — counters used as they are, no `sampling` on the FlowRecord.
   * Absent (undefined) when the export states nothing: then the configured rate for such
   * exports (flowExport.samplingRate) applies.
   */
  sampling?: number;
}

/** Transport protocols whose port fields are ports: TCP, UDP, SCTP, DCCP, UDP-Lite. */
export function carriesPorts(protocol: number): boolean {
  return protocol === 6 || protocol === 17 || protocol === 132 || protocol === 33 || protocol === 136;
}

/** Whether the record's source is the client: orientation.ts's rule, with a tie-break both directions agree on. */
export function exportSourceIsClient(src: string, srcPort: number, dst: string, dstPort: number): boolean {
  if (srcPort === dstPort) return src < dst;
  if (!isServerPort(srcPort) && !isServerPort(dstPort)) return srcPort > dstPort;
  return firstTalkerIsClient(srcPort, dstPort);
}

function direction(packets: number, bytes: number, tcpFlags: number): DirectionStats {
  return { packets, bytes, payloadBytes: 0, tcpFlags };
}

/**
 * The FlowRecord for one export record. It keeps nothing of `e`, so a reader may reuse one
 * ExportRecord object for every row. `unstatedRate` (flowExport.samplingRate) is the sampling of
 * exports that state none: a record whose `sampling` is undefined has its counters scaled by it
 * and carries it. This is the one place that applies it, for every export reader.
 */
export function exportToFlowRecord(e: ExportRecord, unstatedRate = 1): FlowRecord {
  const stated = e.sampling;
  const scale = stated === undefined && unstatedRate > 1 && isSamplingRate(unstatedRate) ? unstatedRate : 1;
  const forward = direction(e.packets * scale, e.bytes * scale, e.tcpFlags ?? 0);
  const reverse = direction((e.reversePackets ?? 0) * scale, (e.reverseBytes ?? 0) * scale, e.reverseTcpFlags ?? 0);
  const ports = carriesPorts(e.protocol);
  const srcIsClient = !ports || exportSourceIsClient(e.src, e.srcPort, e.dst, e.dstPort);
  const src = { ip: e.src, port: ports ? e.srcPort : 0 };
  const dst = { ip: e.dst, port: ports ? e.dstPort : 0 };
  const record: FlowRecord = {
    source: 'flow-export',
    protocol: e.protocol,
    client: srcIsClient ? src : dst,
    server: srcIsClient ? dst : src,
    clientBy: 'guess',
    firstSeen: e.first,
    lastSeen: e.last < e.first ? e.first : e.last,
    toServer: srcIsClient ? forward : reverse,
    toClient: srcIsClient ? reverse : forward,
    endReason: 'export',
  };
  if (e.exporter !== undefined) record.exporter = e.exporter;
  const sampling = stated === undefined ? samplingField(scale) : samplingField(stated);
  if (sampling !== undefined) record.sampling = sampling;
  return record;
}
