/**
 * Kernel drops reach the final report of `rigsweep collect`: a real burst of 100 k NetFlow
 * datagrams at the smallest receive buffer the config allows, with --duration below
 * collector.sweepSeconds, so no periodic sweep ever read the drop counter. The kernel keeps a
 * socket's count only while it is open (/proc/net/udp): it used to be read after the close, and
 * the report said nothing of the 2,251 datagrams lost in such a burst.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v5Message } from '../../fixtures/lib/netflow-writer';
import { socketDrops } from '../../src/collector/socket-drops';
import type { Report } from '../../src/report/model';
import { killAll, startCollector } from '../helpers/processes';

const dir = mkdtempSync(join(tmpdir(), 'rigsweep-drops-'));
afterAll(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

const DATAGRAMS = 100_000;

async function burst(port: number): Promise<void> {
  const socket = createSocket('udp4');
  const record = { src: '192.168.1.10', dst: '203.0.113.5', srcPort: 50000, dstPort: 3333, protocol: 6, packets: 40, bytes: 6000, first: 1000, last: 601_000, tcpFlags: 0x18 };
  try {
    for (let sent = 0; sent < DATAGRAMS; sent += 1000) {
      // A thousand in flight at a time: the sender's own buffer stays small, the receiver's overflows.
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) => {
          const message = v5Message({ unixSeconds: 1_632_700_000, sysUptime: 700_000, sequence: sent + i }, [record]);
          return new Promise<void>((resolve, reject) => socket.send(message, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
        }),
      );
    }
  } finally {
    socket.close();
  }
}

it('the final report counts the kernel drops of a burst, as /proc/net/udp showed them, with --duration below sweepSeconds', async () => {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ collector: { receiveBufferBytes: 65_536, sweepSeconds: 60 } }));
  const out = join(dir, 'report.json');
  const collector = await startCollector(['--config', config, '--duration', '5', '--format', 'json', '--out', out]);
  // Stopped while the burst arrives, the collector cannot drain its socket: the buffer overflows
  // for certain, whatever the machine's speed, and the count is final before it reads it.
  collector.child.kill('SIGSTOP');
  let shown: number | undefined;
  try {
    await burst(collector.port);
    shown = socketDrops(collector.port, 4);
  } finally {
    collector.child.kill('SIGCONT');
  }
  expect(await collector.exited).toBe(0);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(DATAGRAMS);

  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  expect(report.inputs).toHaveLength(1);
  expect(report.inputs[0].issueCounts['collector.socket-drops']).toBe(shown);
  const stopped = JSON.parse(collector.stderr().split('\n').find((l) => l.includes('"msg":"stopped"'))!) as Record<string, unknown>;
  expect(stopped).toMatchObject({ reason: 'duration', kernelDrops: shown, datagrams: DATAGRAMS - shown! });
  // No periodic sweep ran: only the last read before the close can have found them.
  expect(collector.stderr()).not.toContain('"msg":"sweep"');
}, 60_000);
