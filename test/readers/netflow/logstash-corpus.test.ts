/**
 * The logstash-codec-netflow corpus: raw export payloads from about 30 kinds of exporters. Each
 * file is decoded after the template files of the same exporter (`*_tpl*`), and every record is
 * compared with what tshark's NetFlow/IPFIX dissector makes of the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../../helpers/corpus';
import type { Endpoint, FlowRecord } from '../../../src/flow/flow-record';
import { codes, newDecoder } from './netflow-kit';
import { tsharkFlows, type TsharkFlow } from './tshark-flows';

const DIR = corpusPath('netflow/logstash');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.dat')).sort();

/** The exporter a file comes from: its name up to "_tpl…" / "_data…". */
function exporterOf(name: string): string {
  return name.replace(/\.dat$/, '').replace(/_(tpl|opttpl|data).*$/, '');
}

/** The template files a payload needs: same exporter, "tpl" in the name. */
function templatesFor(name: string): string[] {
  return FILES.filter((f) => f !== name && exporterOf(f) === exporterOf(name) && /_(tpl|opttpl)/.test(f));
}

interface Case {
  name: string;
  templates: string[];
  payloads: Buffer[];
}

const cases: Case[] = FILES.map((name) => {
  const templates = templatesFor(name);
  return { name, templates, payloads: [...templates, name].map((f) => readFileSync(join(DIR, f))) };
});

/**
 * Where tshark and rigsweep legitimately differ. tshark decodes fewer records of these (the
 * records it does decode are still compared, in order):
 */
const TSHARK_STOPS_EARLY: Record<string, string> = {
  // The template has a field of type 0 (length 4): tshark stops after the first record, the v9
  // header counts 16 records and rigsweep decodes 16.
  'netflow9_test_h3c_data3281.dat': 'v9 header count',
  // The options flowset is 22 bytes (not 4-aligned): tshark gives up on the rest of the message,
  // rigsweep takes the length as given and decodes the two data flowsets after it.
  'netflow9_test_invalid01.dat': 'no independent count',
};
/** v5 headers counting more than 30 records: rigsweep skips the message with an issue, tshark reads what fits. */
const REJECTED = ['netflow5_test_invalid01.dat', 'netflow5_test_invalid02.dat'];

function decodeCase(c: Case): { ours: FlowRecord[]; issues: string[] } {
  const d = newDecoder();
  c.payloads.slice(0, -1).forEach((p) => d.decode(p, 'logstash'));
  const before = d.flows.length;
  d.decode(c.payloads[c.payloads.length - 1], 'logstash');
  d.decoder.flush();
  return { ours: d.flows.slice(before), issues: codes(d.issues) };
}

/** tshark's view of each case's last payload: the records that have both addresses. */
const theirs: TsharkFlow[][] = tsharkFlows(cases.map((c) => c.payloads)).map((group) =>
  group[group.length - 1].filter((f) => f.src.length > 0 && f.dst.length > 0),
);

function isEndpoint(e: Endpoint, ips: string[], ports: number[], checkPort: boolean): boolean {
  return ips.includes(e.ip) && (!checkPort || ports.includes(e.port));
}

/**
 * Our record is tshark's: the same two endpoints (as client/server in either orientation), the
 * same protocol, and tshark's counters (times the v5 sampling interval, which tshark does not
 * apply) on the side the record's source sent.
 */
function expectSameRecord(ours: FlowRecord, t: TsharkFlow): void {
  const ports = ours.protocol === 6 || ours.protocol === 17;
  const sourceIsClient = isEndpoint(ours.client, t.src, t.srcPort, ports) && isEndpoint(ours.server, t.dst, t.dstPort, ports);
  const sourceIsServer = isEndpoint(ours.server, t.src, t.srcPort, ports) && isEndpoint(ours.client, t.dst, t.dstPort, ports);
  expect({ ours: [ours.client, ours.server], sameEndpoints: sourceIsClient || sourceIsServer }).toEqual({ ours: [ours.client, ours.server], sameEndpoints: true });
  expect(t.protocol.length > 0 ? t.protocol : [0]).toContain(ours.protocol);
  const rate = t.v5SamplingInterval > 1 ? t.v5SamplingInterval : 1;
  const counted = (values: number[]) => (values.length > 0 ? values.map((v) => v * rate) : [0]);
  const sides = [...(sourceIsClient ? [ours.toServer] : []), ...(sourceIsServer ? [ours.toClient] : [])];
  const matching = sides.filter((s) => counted(t.packets).includes(s.packets) && counted(t.bytes).includes(s.bytes));
  expect({ sides, tshark: [t.packets, t.bytes, rate], matches: matching.length > 0 }).toMatchObject({ matches: true });
}

describe('logstash NetFlow/IPFIX corpus', () => {
  it('has the exporters to check', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(90);
    // tshark finds records in most payloads (468 in all), so the comparison below is not vacuous.
    expect(theirs.filter((t) => t.length > 0).length).toBeGreaterThanOrEqual(45);
    expect(theirs.reduce((n, t) => n + t.length, 0)).toBeGreaterThanOrEqual(400);
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s: every record matches tshark', (name, i) => {
    const { ours } = decodeCase(cases[i]);
    const expected = theirs[i];
    if (REJECTED.includes(name)) {
      expect(ours).toEqual([]);
      return;
    }
    if (TSHARK_STOPS_EARLY[name] === undefined) expect(ours).toHaveLength(expected.length);
    else expect(ours.length).toBeGreaterThan(expected.length);
    expected.forEach((t, k) => expectSameRecord(ours[k], t));
  });

  it('decodes every record the v9 header counts where tshark stops early (h3c)', () => {
    const c = cases.find((x) => x.name === 'netflow9_test_h3c_data3281.dat') as Case;
    const data = c.payloads[c.payloads.length - 1];
    expect(decodeCase(c).ours).toHaveLength(data.readUInt16BE(2));
  });

  it('reports the deliberately invalid v5 payloads, and nothing for the valid ones', () => {
    for (const name of ['netflow5_test_invalid01.dat', 'netflow5_test_invalid02.dat']) {
      const { ours, issues } = decodeCase(cases.find((c) => c.name === name) as Case);
      expect(ours).toEqual([]);
      expect(issues).toEqual(['netflow.bad-header']);
    }
    for (const name of ['netflow5.dat', 'netflow5_test_juniper_mx80.dat', 'netflow5_test_microtik.dat', 'netflow9_test_valid01.dat']) {
      const { ours, issues } = decodeCase(cases.find((c) => c.name === name) as Case);
      expect(ours.length).toBeGreaterThan(0);
      expect(issues).toEqual([]);
    }
  });
});
