/**
 * The real thing: Debian's softflowd exports a fixture capture as NetFlow v9 to Debian's nfcapd on
 * 127.0.0.1, nfdump prints the collected file as CSV, and the reader's records are checked against
 * nfdump's own `fmt:` rendering, nfdump's raw times, and rigsweep's packet reader on the capture.
 */
import { freeUdpPort } from '../../helpers/free-udp-port';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { captureReader } from '../../../src/readers/capture-input';
import { readNfdumpCsv } from '../../../src/readers/text/nfdump-csv';
import { CAPTURES_DIR, collect, tempDir } from './text-kit';

const run = promisify(execFile);
const capture = join(CAPTURES_DIR, 'stratum-v1.pcap');
const repo = resolve(__dirname, '../../..');
/** nfdump prints local time; the reader reads local time: give nfdump this process's zone (UTC on CI). */
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

let nfcapd: ChildProcess | undefined;
let nfcapdFile = '';

afterAll(() => {
  if (nfcapd !== undefined && nfcapd.exitCode === null && nfcapd.signalCode === null) nfcapd.kill('SIGKILL');
});


function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${what}: no ${pattern} within 10 s; output: ${seen}`)), 10_000);
    const listen = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => fail(new Error(`${what} exited (${code}) early: ${seen}`)));
  });
}

/** Runs the pipeline once for the whole file: softflowd → nfcapd → an nfcapd file. */
beforeAll(async () => {
  const dir = join(tempDir(), 'nfcapd');
  mkdirSync(dir);
  const port = await freeUdpPort();
  const collector = spawn('nfcapd', ['-w', dir, '-p', String(port), '-b', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nfcapd = collector;
  await waitFor(collector, /Startup nfcapd/, 'nfcapd');
  const received = waitFor(collector, /New v9 exporter/, 'nfcapd receiving');
  // -a: flow times from the capture, not the wall clock. -c none: no control socket — with one,
  // softflowd 1.1.0 can block in accept() after the end of the file and never exit.
  await run('softflowd', ['-r', capture, '-n', `127.0.0.1:${port}`, '-v', '9', '-a', '-d', '-c', 'none', '-p', join(dir, 'pid')], {
    timeout: 15_000,
  });
  // softflowd sends everything in one burst at the end; once nfcapd has seen the first datagram,
  // a moment more lets it drain its socket before SIGTERM makes it write its file and exit.
  await received;
  await new Promise((done) => setTimeout(done, 300));
  const exited = new Promise((done) => collector.once('exit', done));
  collector.kill('SIGTERM');
  await exited;
  const files = readdirSync(dir).filter((f) => /^nfcapd\.\d{12}$/.test(f));
  expect(files).toHaveLength(1);
  nfcapdFile = join(dir, files[0]);
}, 30_000);

async function nfdump(args: string[], timeZone = zone): Promise<string> {
  const { stdout } = await run('nfdump', ['-r', nfcapdFile, ...args], { env: { ...process.env, TZ: timeZone } });
  return stdout;
}

async function csvFile(timeZone = zone): Promise<string> {
  const path = join(tempDir(), `nfdump-${timeZone.replace('/', '-')}.csv`);
  writeFileSync(path, await nfdump(['-o', 'csv'], timeZone));
  return path;
}

/** What one unidirectional export row said, recovered from the oriented record. */
function exportedRow(f: FlowRecord): string {
  const up = f.toServer.packets > 0;
  const [src, dst] = up ? [f.client, f.server] : [f.server, f.client];
  const counts = up ? f.toServer : f.toClient;
  return `${src.ip} ${dst.ip} ${src.port} ${dst.port} ${counts.packets} ${counts.bytes}`;
}

describe('nfdump CSV from a real softflowd → nfcapd → nfdump pipeline', () => {
  it('gives the records nfdump itself renders, row for row', async () => {
    const { flows, issues } = await collect(readNfdumpCsv, await csvFile());
    expect(issues).toEqual([]);
    const rendered = (await nfdump(['-q', '-o', 'fmt:%sa %da %sp %dp %pkt %byt']))
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).join(' '));
    expect(rendered.length).toBeGreaterThan(0);
    expect(flows.map(exportedRow)).toEqual(rendered);
  });

  it('reads the header-less output of nfdump -q the same as with its header', async () => {
    const quiet = join(tempDir(), 'nfdump-quiet.csv');
    writeFileSync(quiet, await nfdump(['-q', '-o', 'csv']));
    const withHeader = await collect(readNfdumpCsv, await csvFile());
    const headerless = await collect(readNfdumpCsv, quiet);
    expect(headerless.issues).toEqual([]);
    expect(headerless.flows).toEqual(withHeader.flows);
    expect(headerless.flows.length).toBeGreaterThan(0);
  });

  it('gives the first-seen second nfdump reports as raw Unix time', async () => {
    const { flows } = await collect(readNfdumpCsv, await csvFile());
    const raw = (await nfdump(['-q', '-o', 'fmt:%tsr'])).trim().split('\n').map((l) => Math.floor(Number(l.trim())));
    expect(flows.map((f) => f.firstSeen)).toEqual(raw);
  });

  it('matches the capture: the connections the packet reader finds, oriented the same way', async () => {
    const exported = (await collect(readNfdumpCsv, await csvFile())).flows;
    const captured = (await collect(captureReader('pcap'), capture)).flows;
    const connections = (flows: FlowRecord[]) =>
      [...new Set(flows.map((f) => `${f.protocol} ${f.client.ip}:${f.client.port} > ${f.server.ip}:${f.server.port}`))].sort();
    expect(connections(exported)).toEqual(connections(captured));
    expect(connections(exported)).toContain('6 192.168.1.10:50312 > 203.0.113.10:3333');
  });

  it('matches the capture: per direction, the packets and IP bytes tshark counts', async () => {
    const exported = new Map<string, number[]>();
    for (const f of (await collect(readNfdumpCsv, await csvFile())).flows) {
      const [src, dst, sp, dp, packets, bytes] = exportedRow(f).split(' ');
      const key = `${src}:${sp} > ${dst}:${dp}`;
      const t = exported.get(key) ?? [0, 0];
      exported.set(key, [t[0] + Number(packets), t[1] + Number(bytes)]);
    }
    const fields = ['ip.src', 'tcp.srcport', 'udp.srcport', 'ip.dst', 'tcp.dstport', 'udp.dstport', 'ip.len'].flatMap((f) => ['-e', f]);
    const { stdout } = await run('tshark', ['-r', capture, '-T', 'fields', '-E', 'separator=,', ...fields]);
    const counted = new Map<string, number[]>();
    for (const line of stdout.trim().split('\n')) {
      const [src, tcpSp, udpSp, dst, tcpDp, udpDp, length] = line.split(',');
      const key = `${src}:${tcpSp || udpSp} > ${dst}:${tcpDp || udpDp}`;
      const t = counted.get(key) ?? [0, 0];
      counted.set(key, [t[0] + 1, t[1] + Number(length)]);
    }
    expect(exported).toEqual(counted);
  });

  it('reads the same instants when nfdump and rigsweep both run in another time zone', async () => {
    const shanghai = await csvFile('Asia/Shanghai');
    const script = [
      `const { readNfdumpCsv } = require(${JSON.stringify(join(repo, 'src/readers/text/nfdump-csv'))});`,
      `const { configSchema } = require(${JSON.stringify(join(repo, 'src/config/schema'))});`,
      `const { withSource } = require(${JSON.stringify(join(repo, 'src/readers/source'))});`,
      'const seen = [];',
      'withSource(process.argv[1], (source) => readNfdumpCsv(source, configSchema.parse({}), { flow: (f) => seen.push(f.firstSeen), issue: () => {} }))',
      '  .then(() => console.log(JSON.stringify(seen)));',
    ].join('\n');
    const { stdout } = await run(
      process.execPath,
      ['-r', require.resolve('ts-node/register/transpile-only'), '-e', script, shanghai],
      { env: { ...process.env, TZ: 'Asia/Shanghai', TS_NODE_PROJECT: join(repo, 'tsconfig.json') } },
    );
    const here = (await collect(readNfdumpCsv, await csvFile())).flows.map((f) => f.firstSeen);
    expect(JSON.parse(stdout)).toEqual(here);
    // The Shanghai text is 8 hours ahead, so read here it lands 8 hours minus this zone's offset
    // later: the zone really mattered and the child really applied it.
    const misread = (await collect(readNfdumpCsv, shanghai)).flows[0].firstSeen;
    expect(misread - here[0]).toBe(8 * 3600 + new Date(here[0] * 1000).getTimezoneOffset() * 60);
  }, 30_000);
});
