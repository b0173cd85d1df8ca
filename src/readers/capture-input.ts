/**
 * Packet captures: packets → flow assembly → FlowRecords. UDP datagrams to the configured
 * flow-export ports are NetFlow/IPFIX export traffic, so they are decoded as flow records
 * (with the sender as exporter) instead of being assembled as ordinary flows. Datagrams to the
 * sFlow ports are sFlow: their sampled packets are assembled into flows of their own (per agent).
 */
import type { FormatReader } from './format-reader';
import { addCounts } from './format-reader';
import { IssueLimiter } from './issue-limiter';
import { readCapture } from './pcap/capture';
import { FlowAssembler } from './pcap/flow-table';
import { ExportDecoder } from './netflow/export-decoder';
import { SflowDecoder } from './sflow/sflow-decoder';
import { IPPROTO } from '../flow/flow-record';

export function captureReader(format: 'pcap' | 'pcapng'): FormatReader {
  return async (source, config, sink) => {
    let flows = 0;
    const emit = (record: Parameters<typeof sink.flow>[0]) => {
      flows++;
      sink.flow(record);
    };
    const flowIssues = new IssueLimiter(sink.issue);
    const report = (issue: Parameters<typeof sink.issue>[0]) => flowIssues.issue(issue.code, issue.offset, issue.message);
    const assembler = new FlowAssembler(config.capture, emit, report);
    const exports = new ExportDecoder(config.flowExport, emit, report);
    const exportPorts = new Set(config.flowExport.ports);
    const sflow = new SflowDecoder(config.capture, emit, flowIssues);
    const sflowPorts = new Set(config.flowExport.sflowPorts);
    const stats = await readCapture(
      source,
      format,
      {
        packet(p) {
          if (p.protocol === IPPROTO.UDP && exportPorts.has(p.dstPort)) {
            exports.decode(p.payload, { exporter: p.src, offset: p.offset, receivedAt: p.time });
          } else if (p.protocol === IPPROTO.UDP && sflowPorts.has(p.dstPort)) {
            sflow.decode(p.payload, { offset: p.offset, time: p.time, sender: p.src });
          } else {
            assembler.add(p);
          }
        },
        issue: sink.issue,
      },
      { maxPacketBytes: config.capture.maxPacketBytes, fragments: config.capture.fragments },
    );
    assembler.flush();
    exports.flush();
    sflow.flush();
    flowIssues.finish();
    return { packets: stats.packets, flows, issueCounts: addCounts(stats.issues, flowIssues.totals()) };
  };
}
