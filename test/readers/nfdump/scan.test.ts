/**
 * End to end: `rigsweep scan` of an nfcapd file flags exactly what scanning nfdump's own CSV of
 * the same file flags (the CSV path is test/readers/text/nfdump-real.test.ts's).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killAll } from '../../helpers/processes';
import { fixturePath, flaggedIps, scanFiles } from '../../helpers/scan';
import { nfcapdFiles, nfdumpMerge, nfpcapdFiles, tempDir } from './nfdump-kit';

afterAll(killAll);

function csvOf(file: string): string {
  const csv = join(tempDir('csv'), 'flows.csv');
  writeFileSync(csv, execFileSync('nfdump', ['-r', file, '-o', 'csv'], { env: { ...process.env, TZ: 'UTC' } }));
  return csv;
}

describe('scan of an nfcapd file = scan of its nfdump CSV', () => {
  it.each([
    ['softflowd → nfcapd (NetFlow v9), LZ4', async () => nfdumpMerge(await nfcapdFiles(fixturePath('demo.pcap'), 9), '-y'), true],
    ['nfpcapd', async () => nfdumpMerge(nfpcapdFiles(fixturePath('demo.pcap'))), false],
  ] as const)('%s of demo.pcap', async (_name, make, mustFlag) => {
    const file = await make();
    const native = await scanFiles([file]);
    const viaCsv = await scanFiles([csvOf(file)]);
    expect(native.inputs[0].format).toBe('nfcapd');
    expect(native.inputs[0].issueCounts).toEqual({});
    expect(native.inputs[0].flows).toBe(viaCsv.inputs[0].flows);
    expect(flaggedIps(native)).toEqual(flaggedIps(viaCsv));
    if (mustFlag) expect(flaggedIps(native).length).toBeGreaterThan(0);
  });
});
