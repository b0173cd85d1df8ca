/**
 * The same traffic scanned as packets and as flow exports made by real exporters: softflowd
 * (NetFlow v5, v9, IPFIX) into `rigsweep collect` over loopback UDP, and softflowd → nfcapd →
 * `nfdump -o csv` into `rigsweep scan`. Flows carry no payload, so only miners whose sessions
 * show in the counters (long-lived, stratum-like) or whose pools are known addresses can be
 * found; flows must never flag what packets did not.
 */
import { freeUdpPort } from '../helpers/free-udp-port';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model';
import { corpusPath, fixturePath, flaggedIps, scanFiles } from '../helpers/scan';
import { killAll, startCollector } from '../helpers/processes';
import { nfdumpCsvOf, softflowdReplay } from '../helpers/flow-tools';

afterAll(killAll);


async function collectFromSoftflowd(pcap: string, version: 5 | 9 | 10): Promise<Report> {
  const out = join(mkdtempSync(join(tmpdir(), 'rigsweep-collect-')), 'report.json');
  const collector = await startCollector(['--format', 'json', '--out', out]);
  await softflowdReplay(pcap, collector.port, version);
  await new Promise((r) => setTimeout(r, 500)); // let the last datagram reach the socket
  collector.child.kill('SIGTERM');
  expect(await collector.exited).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

/** What the capture says as packets, and which of its miners its flow counters can show. */
const CASES = [
  {
    name: 'the demo site',
    pcap: () => fixturePath('demo.pcap'),
    // Long stratum sessions show in counters; the proxy and its rigs (3-5 minute sessions) and
    // payload-only facts (DNS answers, worker names) do not.
    fromFlows: ['192.168.1.21', '192.168.1.22', '192.168.1.23', '192.168.1.24'],
  },
  {
    name: 'the real eth-proxy capture',
    pcap: () => corpusPath('mining/ethproxy-4444.pcap'),
    fromFlows: ['192.168.2.92'], // a known pool address plus stratum-like counters
  },
] as const;

describe.each(CASES)('$name as packets and as flow exports', ({ pcap, fromFlows }) => {
  let packets: Report;
  beforeAll(async () => {
    packets = await scanFiles([pcap()]);
  });

  it.each([5, 9, 10] as const)('softflowd NetFlow v%i into the live collector names the miners flows can show, and nothing else', async (version) => {
    const flows = await collectFromSoftflowd(pcap(), version);
    const input = flows.inputs[0];
    expect(input.format).toBe('netflow-live');
    expect(input.flows).toBeGreaterThan(0);
    expect(input.issueCounts).toEqual({}); // no unknown exporter, no decode problem, no kernel drop
    const flagged = flaggedIps(flows);
    expect(flagged).toEqual([...fromFlows].sort());
    for (const ip of flagged) expect(flaggedIps(packets)).toContain(ip);
  });

  it('softflowd → nfcapd → nfdump -o csv names the same miners', async () => {
    const csv = await nfdumpCsvOf(pcap(), await freeUdpPort());
    const flows = await scanFiles([csv]);
    expect(flows.inputs[0].format).toBe('nfdump-csv');
    expect(flows.inputs[0].flows).toBeGreaterThan(0);
    expect(Object.keys(flows.inputs[0].issueCounts)).toEqual([]);
    expect(flaggedIps(flows)).toEqual([...fromFlows].sort());
  });
});
