import { emptyIntel } from '../../helpers/intel';
/** node-protocol on real bytes: the 2011 Bitcoin node capture from the shared corpus. */
import { readFileSync } from 'node:fs';
import { makeFlow } from '../../helpers/flows';
import { corpusPath } from '../../helpers/scan';
import { nodeProtocolDetector } from '../../../detectors/node-protocol';

/** The first TCP payloads each way of the conversation with `port`, from an Ethernet pcap. */
function firstPayloads(path: string, port: number): { toServer: Buffer; toClient: Buffer } {
  const data = readFileSync(path);
  const out = { toServer: [] as Buffer[], toClient: [] as Buffer[] };
  for (let off = 24; off + 16 <= data.length; ) {
    const length = data.readUInt32LE(off + 8);
    const frame = data.subarray(off + 16, off + 16 + length);
    off += 16 + length;
    const ip = frame.subarray(14);
    if (frame.readUInt16BE(12) !== 0x0800 || ip[9] !== 6) continue;
    const tcp = ip.subarray((ip[0] & 0x0f) * 4);
    const payload = tcp.subarray((tcp[12] >> 4) * 4);
    if (payload.length === 0) continue;
    if (tcp.readUInt16BE(2) === port) out.toServer.push(payload);
    else if (tcp.readUInt16BE(0) === port) out.toClient.push(payload);
  }
  return { toServer: Buffer.concat(out.toServer.slice(0, 4)), toClient: Buffer.concat(out.toClient.slice(0, 4)) };
}

it('recognises the Bitcoin node conversation in negative/bitcoin-p2p-node.pcap', () => {
  const heads = firstPayloads(corpusPath('negative/bitcoin-p2p-node.pcap'), 8333);
  const run = nodeProtocolDetector.create({ isHome: () => true, indicators: { poolDomains: [], poolEndpoints: [] }, intel: emptyIntel(), settings: {} });
  const evidence = run.inspect(makeFlow({ server: '66.68.83.22', serverPort: 8333, toServer: heads.toServer, toClient: heads.toClient }));
  expect(evidence.map((e) => e.facts)).toEqual([{ network: 'mainnet', command: 'version', direction: 'toServer' }]);
  expect(evidence[0].subject).toBe('192.168.1.10');
});
