import { captureFlows } from '../../helpers/capture-flows';
import { codes, inspect, only } from './helpers';
import { corpusPath } from '../../helpers/corpus';

const CAPTURE = corpusPath('mining/ethproxy-4444.pcap');
const GETH = corpusPath('negative/geth-jsonrpc-http.pcap');

/** Counts taken from the head text itself, independently of the detector's parser. */
function occurrences(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]);
}

describe('real captures (shared corpus)', () => {
  let flows: Awaited<ReturnType<typeof captureFlows>> = [];
  beforeAll(async () => {
    flows = await captureFlows(CAPTURE);
  });

  it('finds both eth-proxy connections of 192.168.2.92, worker eth1.0, and their pools', () => {
    // Long connections come as several records (idle / active timeouts): each one is evidence.
    expect([...new Set(flows.map((f) => `${f.server.ip}:${f.server.port}`))].sort()).toEqual(['91.121.222.33:4444', '94.23.36.128:4444']);
    for (const flow of flows) {
      const evidence = inspect(flow);
      expect(codes(evidence)).toContain('stratum.client');
      const client = only(evidence, 'stratum.client');
      expect(client.subject).toBe('192.168.2.92');
      expect(client.facts).toMatchObject({ dialect: 'eth-proxy' });
    }
    const logins = flows.map((f) => only(inspect(f), 'stratum.client')).filter((e) => String(e.facts.methods).includes('eth_submitLogin'));
    expect(logins).toHaveLength(2);
    for (const login of logins) expect(login.facts.worker).toBe('eth1.0');
  });

  it('values every submitted share seen in the head at the pool boundary, and reads the reported rate', () => {
    for (const flow of flows) {
      const sent = flow.payload?.toServer.bytes.toString('utf8') ?? '';
      const received = flow.payload?.toClient.bytes.toString('utf8') ?? '';
      const submitted = occurrences(sent, /"method":\s*"(eth_submitWork)"/g).length;
      const boundaries = new Set(occurrences(received, /"result":\["0x[0-9a-f]{64}","0x[0-9a-f]{64}","(0x[0-9a-f]+)"/g));
      const rates = occurrences(sent, /"eth_submitHashrate",\s*"params":\s*\["(0x[0-9a-f]+)"/g);
      const client = only(inspect(flow), 'stratum.client');
      expect(client.facts.shares ?? 0).toBe(submitted);
      expect(boundaries.size).toBe(1);
      if (submitted > 0) {
        const perShare = 2 ** 256 / Number(BigInt([...boundaries][0]));
        expect(client.measures?.shares).toBe(submitted);
        expect(client.measures?.hashes).toBeCloseTo(submitted * perShare, -6);
      }
      if (rates.length > 0) expect(client.measures?.selfReportedHashrate).toBe(Number(rates[rates.length - 1]));
    }
    expect(flows.some((f) => (only(inspect(f), 'stratum.client').measures?.shares ?? 0) > 0)).toBe(true);
  });

  it('does not flag curl asking geth for its version over HTTP', async () => {
    const geth = await captureFlows(GETH);
    expect(geth.length).toBeGreaterThan(0);
    for (const flow of geth) expect(inspect(flow)).toEqual([]);
  });
});
