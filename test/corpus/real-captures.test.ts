/** The real third-party captures in ../shared/corpus: mining ones flagged, negatives not. */
import { corpusPath, flaggedIps, scanFiles } from '../helpers/scan';

describe('real mining captures', () => {
  it('flags the eth-proxy miner 192.168.2.92 with both pools, worker and self-reported hashrate', async () => {
    const report = await scanFiles([corpusPath('mining/ethproxy-4444.pcap')]);
    expect(report.inputs[0]).toMatchObject({ format: 'pcap' });
    expect(report.inputs[0].issues).toEqual([]);
    expect(flaggedIps(report)).toEqual(['192.168.2.92']);
    const miner = report.hosts.find((h) => h.ip === '192.168.2.92')!;
    expect(miner.level).toBe('high');
    expect(miner.role).toBe('miner');
    expect(miner.pools).toEqual(expect.arrayContaining(['94.23.36.128:4444', '91.121.222.33:4444']));
    expect(JSON.stringify(miner.evidence)).toContain('eth1.0');
    expect(miner.estimate?.selfReportedHashesPerSecond).toBeGreaterThan(0);
    expect(report.pools.map((p) => p.endpoint)).toEqual(expect.arrayContaining(['94.23.36.128:4444', '91.121.222.33:4444']));
  });

  it('flags the cgminer host 192.168.1.100 and lists its Stratum pools, including the one on port 25', async () => {
    const report = await scanFiles([corpusPath('mining/cgminer-stratum-probe.pcapng')]);
    expect(report.inputs[0].format).toBe('pcapng');
    expect(flaggedIps(report)).toEqual(['192.168.1.100']);
    const miner = report.hosts.find((h) => h.ip === '192.168.1.100')!;
    expect(miner.level).toBe('high');
    expect(miner.pools.length).toBeGreaterThanOrEqual(10);
    expect(miner.pools.some((p) => p.endsWith(':25'))).toBe(true);
  });
});

describe('real negative captures', () => {
  it('does not flag the Bitcoin P2P node, and calls it a node', async () => {
    const report = await scanFiles([corpusPath('negative/bitcoin-p2p-node.pcap')]);
    expect(flaggedIps(report)).toEqual([]);
    const node = report.hosts.find((h) => h.ip === '192.168.1.142');
    expect(node).toMatchObject({ role: 'node', level: 'low' });
  });

  it('does not flag geth JSON-RPC over HTTP', async () => {
    const report = await scanFiles([corpusPath('negative/geth-jsonrpc-http.pcap')]);
    expect(flaggedIps(report)).toEqual([]);
    expect(report.pools).toEqual([]);
  });
});
