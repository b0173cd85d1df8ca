/**
 * Real sFlow from other projects' test data (fixtures/sflow/PROVENANCE.md), decoded by rigsweep
 * and by tshark: the same datagrams, samples, agents, sampling rates and sampled packets.
 */
import { readdirSync } from 'node:fs';
import { decodePcapFile, sflowFixture, tsharkDatagrams } from './sflow-kit';
import { repoRoot } from '../../helpers/corpus';
import { join } from 'node:path';

const files = readdirSync(join(repoRoot, 'fixtures/sflow')).filter((f) => f.endsWith('.pcap'));

describe.each(files)('%s against tshark', (file) => {
  const path = sflowFixture(file);
  const expected = tsharkDatagrams(path);
  const ours = decodePcapFile(path);

  it('has sFlow datagrams', () => {
    expect(expected.length).toBeGreaterThan(0);
    expect(ours.decoder.stats.datagrams).toBe(expected.length);
  });

  it('gives the same samples, in order, with the same agents and sampling', () => {
    const theirs = expected.flatMap((d) => d.samples.map((s) => ({ agent: d.agent, kind: s.kind, rate: s.samplingRate, pool: s.samplePool, drops: s.drops })));
    const mine = ours.samples.map((s) => ({ agent: s.agent, kind: s.kind, rate: s.header?.samplingRate, pool: s.header?.samplePool, drops: s.header?.drops }));
    expect(mine).toEqual(theirs);
    expect(expected.reduce((n, d) => n + d.numSamples, 0)).toBe(mine.length);
  });

  it('decodes the same sampled TCP/UDP packets', () => {
    const theirs = expected
      .flatMap((d) => d.samples)
      .filter((s) => s.kind === 'flow')
      .map((s) => (s.packet !== undefined && (s.packet.protocol === 6 || s.packet.protocol === 17) ? s.packet : undefined));
    const mine = ours.samples
      .filter((s) => s.kind === 'flow')
      .map((s) => s.packet && { src: s.packet.src, dst: s.packet.dst, srcPort: s.packet.srcPort, dstPort: s.packet.dstPort, ipLength: s.packet.ipLength, protocol: s.packet.protocol });
    expect(mine).toEqual(theirs);
  });

  it('reports no issues on well-formed real data', () => {
    expect(ours.issues).toEqual([]);
  });
});
