/** `rigsweep collect` as an operator runs it: exporter allowlist, and a clean stop on SIGTERM/SIGINT. */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model';
import { v5Message } from '../../fixtures/lib/netflow-writer';
import { killAll, startCollector } from '../helpers/processes';

afterAll(killAll);

const record = { src: '192.168.1.10', dst: '203.0.113.5', srcPort: 50000, dstPort: 3333, protocol: 6, packets: 40, bytes: 6000, first: 1000, last: 601_000, tcpFlags: 0x18 };

async function send(port: number, datagrams: Buffer[]): Promise<void> {
  const socket = createSocket('udp4');
  for (const d of datagrams) await new Promise<void>((resolve, reject) => socket.send(d, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  socket.close();
}

async function runCollector(config: object, datagrams: Buffer[], signal: NodeJS.Signals): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-collector-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const out = join(dir, 'report.json');
  const collector = await startCollector(['--config', join(dir, 'config.json'), '--format', 'json', '--out', out]);
  await send(collector.port, datagrams);
  await new Promise((r) => setTimeout(r, 300));
  collector.child.kill(signal);
  expect(await collector.exited).toBe(0);
  expect(collector.stderr()).toMatch(/"msg":"stopped"/);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

const message = v5Message({ unixSeconds: 1_632_700_000, sysUptime: 700_000 }, [record]);

describe('rigsweep collect', () => {
  it('decodes datagrams from a configured exporter and writes its final report on SIGTERM', async () => {
    const report = await runCollector({}, [message], 'SIGTERM');
    expect(report.inputs[0]).toMatchObject({ format: 'netflow-live', packets: 1, flows: 1, issueCounts: {} });
  });

  it('counts and drops datagrams from addresses that are not configured exporters, and stops on SIGINT', async () => {
    const report = await runCollector({ collector: { exporters: ['10.0.0.0/8'] } }, [message, message], 'SIGINT');
    expect(report.inputs[0]).toMatchObject({ packets: 2, flows: 0, issueCounts: { 'collector.unknown-exporter': 2 } });
    expect(report.inputs[0].issues[0].message).toContain('127.0.0.1');
  });
});
