/**
 * The live NetFlow/IPFIX and sFlow collector: one UDP socket, datagrams only from configured
 * exporters, each decoded with templates kept per exporter. A datagram whose first word is 5 is
 * sFlow v5 (NetFlow's version is a 16-bit field, so no NetFlow datagram starts that way); its
 * sampled packets are assembled into flows in receive time, expired by a once-a-second tick as
 * idle flows are in a capture, and flushed on stop. It hands FlowRecords on synchronously and
 * counts everything it refuses or loses.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Config } from '../config/schema';
import type { FlowRecord } from '../flow/flow-record';
import { cidrMatcher } from '../flow/ip';
import type { InputIssue } from '../readers/issues';
import { IssueLimiter } from '../readers/issue-limiter';
import { ExportDecoder } from '../readers/netflow/export-decoder';
import { u32be } from '../readers/pcap/bytes';
import { SflowDecoder, type SflowStats } from '../readers/sflow/sflow-decoder';
import { SFLOW_VERSION } from '../readers/sflow/layout';
import type { ListenAddress } from './listen-address';
import { socketDrops } from './socket-drops';

export interface CollectorStats {
  datagrams: number;
  bytes: number;
  flows: number;
  rejected: number;
  /** Datagrams from exporters that gave no flow record and at least one issue: undecodable. */
  malformed: number;
  /** Datagrams the kernel dropped (socket buffer full), when the platform tells. */
  kernelDrops?: number;
  /** The receive buffer the kernel granted (Linux caps it at net.core.rmem_max, doubled). */
  receiveBufferBytes?: number;
  /** sFlow datagrams and samples (counter samples are counted there and skipped). */
  sflow?: Readonly<SflowStats>;
}

/** How often held sFlow flows are checked for idleness (receive time stands in for capture time). */
const SFLOW_TICK_MS = 1000;

export class UdpCollector {
  private socket?: Socket;
  private readonly issues: CountingIssueLimiter;
  private readonly decoder: ExportDecoder;
  private readonly sflow: SflowDecoder;
  private tick?: NodeJS.Timeout;
  private readonly accepted: (ip: string) => boolean;
  private dropsAtStart = 0;
  readonly stats: CollectorStats = { datagrams: 0, bytes: 0, flows: 0, rejected: 0, malformed: 0 };

  constructor(
    private readonly address: ListenAddress,
    private readonly config: Config,
    onFlow: (flow: FlowRecord) => void,
    onIssue: (issue: InputIssue) => void,
  ) {
    this.issues = new CountingIssueLimiter(onIssue);
    const report = (i: InputIssue) => this.issues.issue(i.code, i.offset, i.message);
    this.decoder = new ExportDecoder(
      config.flowExport,
      (flow) => {
        this.stats.flows++;
        onFlow(flow);
      },
      report,
    );
    this.sflow = new SflowDecoder(
      config.capture,
      (flow) => {
        this.stats.flows++;
        onFlow(flow);
      },
      this.issues,
    );
    this.stats.sflow = this.sflow.stats;
    this.accepted = cidrMatcher(config.collector.exporters);
  }

  /** Resolves once the socket is bound; rejects with a one-line reason if it cannot be. */
  start(): Promise<ListenAddress> {
    const socket = createSocket({ type: this.address.family === 6 ? 'udp6' : 'udp4', recvBufferSize: this.config.collector.receiveBufferBytes });
    this.socket = socket;
    socket.on('message', (message, rinfo) => this.receive(message, rinfo.address));
    this.tick = setInterval(() => this.sflow.advance(Date.now() / 1000), SFLOW_TICK_MS);
    this.tick.unref();
    return new Promise((resolve, reject) => {
      socket.once('error', (e) => reject(new Error(`cannot listen on udp://${this.address.host}:${this.address.port}: ${e.message}`)));
      socket.bind(this.address.port, this.address.host, () => {
        const bound = socket.address();
        this.dropsAtStart = socketDrops(bound.port, this.address.family) ?? 0;
        this.stats.receiveBufferBytes = socket.getRecvBufferSize();
        resolve({ ...this.address, port: bound.port });
      });
    });
  }

  private receive(message: Buffer, from: string): void {
    const offset = this.stats.datagrams++;
    this.stats.bytes += message.length;
    if (!this.accepted(from)) {
      this.stats.rejected++;
      this.issues.issue('collector.unknown-exporter', offset, () => `datagram from ${from}, which is not a configured exporter`);
      return;
    }
    const receivedAt = Date.now() / 1000;
    const [flows, issues] = [this.stats.flows, this.issues.raised];
    if (message.length >= 4 && u32be(message, 0) === SFLOW_VERSION) this.sflow.decode(message, { offset, time: receivedAt, sender: from });
    else this.decoder.decode(message, { exporter: from, offset, receivedAt });
    // A templates-only or held datagram raises no issue; one that gave nothing but issues was lost.
    if (this.stats.flows === flows && this.issues.raised > issues) this.stats.malformed++;
  }

  /**
   * Refreshes the kernel drop counter (call before reporting). The kernel keeps the count only
   * while the socket is open: stop() reads it one last time before closing, and the count stays.
   */
  refreshDrops(): void {
    const port = this.socket?.address().port;
    const drops = port === undefined ? undefined : socketDrops(port, this.address.family);
    if (drops !== undefined) this.stats.kernelDrops = drops - this.dropsAtStart;
  }

  issueCounts(): Record<string, number> {
    this.refreshDrops();
    const counts: Record<string, number> = { ...this.issues.totals() };
    if (this.stats.kernelDrops) counts['collector.socket-drops'] = this.stats.kernelDrops;
    return counts;
  }

  /** Stops receiving, decodes what was held for late templates and emits the sFlow flows still held. */
  async stop(): Promise<void> {
    // The last read of /proc/net/udp: once closed, the socket and its drop count are gone.
    this.refreshDrops();
    const socket = this.socket;
    this.socket = undefined;
    clearInterval(this.tick);
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    this.decoder.flush();
    this.sflow.flush();
    this.issues.finish();
  }
}

/** Counts every issue raised, so a datagram's decode can tell whether it raised any. */
class CountingIssueLimiter extends IssueLimiter {
  raised = 0;

  override issue(...args: Parameters<IssueLimiter['issue']>): void {
    this.raised++;
    super.issue(...args);
  }
}
