/** Flow records as the two one-way nfdump CSV rows an exporter writes for them, in time order. */
import type { NfdumpCsvRow } from '../../fixtures/lib/nfdump-csv-writer';
import type { FlowRecord } from '../../src/flow/flow-record';

export function flowRows(records: readonly FlowRecord[]): NfdumpCsvRow[] {
  return records
    .flatMap((r) => [
      { first: r.firstSeen, last: r.lastSeen, src: r.client.ip, dst: r.server.ip, srcPort: r.client.port, dstPort: r.server.port, protocol: r.protocol, packets: r.toServer.packets, bytes: r.toServer.bytes, tcpFlags: r.toServer.tcpFlags },
      { first: r.firstSeen, last: r.lastSeen, src: r.server.ip, dst: r.client.ip, srcPort: r.server.port, dstPort: r.client.port, protocol: r.protocol, packets: r.toClient.packets, bytes: r.toClient.bytes, tcpFlags: r.toClient.tcpFlags },
    ])
    .sort((a, b) => a.first - b.first);
}
