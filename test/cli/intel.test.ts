/**
 * `rigsweep intel import|export` as a SOC uses them: a Zeek Intel feed imported into a fact
 * file (bad rows counted with line numbers, never fatal), exported for Zeek and Suricata, and a
 * flow-only scan that names the file in intel.files judging its records against the feed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNfdumpCsv } from '../../fixtures/lib/nfdump-csv-writer';
import { runCli } from '../helpers/queue';
import { repoRoot } from '../helpers/scan';
import type { Report } from '../../src/report/model';

const work = mkdtempSync(join(tmpdir(), 'rigsweep-intel-cli-'));
const feed = join(repoRoot, 'test/intel/feeds/fixtures/pools.intel');
const store = join(work, 'facts.jsonl');

beforeAll(async () => {
  const imported = await runCli(['intel', 'import', feed, '--feed', 'soc', '--store', store], process.env);
  expect(imported.code).toBe(0);
  // Rows that are no facts are reported with file and line, and skipped.
  expect(imported.stderr).toMatch(/pools\.intel:8: 3 fields where the #fields line names 5 \(skipped\)/);
  expect(imported.stderr).toMatch(/pools\.intel:9: .* is a range/);
}, 30_000);

it('keeps every imported fact with its feed, and exports it for Zeek and Suricata', async () => {
  const facts = readFileSync(store, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { address?: string; source: string });
  expect(facts.filter((f) => f.address === '198.51.100.40').map((f) => f.source)).toEqual(['feed:soc']);
  expect(facts.some((f) => f.address === '192.168.1.10')).toBe(false);
  const zeek = await runCli(['intel', 'export', '--format', 'zeek', '--store', store], process.env);
  expect(zeek.code).toBe(0);
  expect(zeek.stdout).toMatch(/^#fields\tindicator\tindicator_type\tmeta\.source/m);
  expect(zeek.stdout).toMatch(/^198\.51\.100\.40\tIntel::ADDR\t/m);
  expect(zeek.stdout).toMatch(/^pool\.hashvault\.pro\tIntel::DOMAIN\t/m);
  const iprep = join(work, 'iprep.txt');
  const suricata = await runCli(['intel', 'export', '--format', 'suricata-iprep', '--out', iprep, '--store', store], process.env);
  expect(suricata.code).toBe(0);
  expect(readFileSync(iprep, 'utf8')).toMatch(/^198\.51\.100\.40,\d+,\d+$/m);
}, 30_000);

it('a flow-only scan judges its records against the imported feed', async () => {
  const flows = join(work, 'flows.csv');
  const session = (src: string, dst: string) => ({ src, dst, srcPort: 50_123, dstPort: 3333, protocol: 6, packets: 240, bytes: 36_000, first: 1_632_709_000, last: 1_632_710_200, tcpFlags: 0x18 });
  await writeNfdumpCsv(flows, [session('192.168.7.77', '198.51.100.40'), session('192.168.7.78', '198.18.0.9')]);
  const config = join(work, 'config.json');
  writeFileSync(config, JSON.stringify({ intel: { files: [store] } }));
  const scanned = await runCli(['scan', flows, '--format', 'json', '--no-progress', '--config', config], process.env);
  expect(scanned.code).toBe(0);
  const report = JSON.parse(scanned.stdout) as Report;
  const evidence = (ip: string) => report.hosts.find((h) => h.ip === ip)?.evidence.filter((e) => e.code === 'pool-endpoint.indicator') ?? [];
  expect(evidence('192.168.7.77').map((e) => [e.peer, e.facts.source])).toEqual([['198.51.100.40:3333', 'feed:soc']]);
  expect(evidence('192.168.7.78')).toEqual([]);
}, 30_000);
