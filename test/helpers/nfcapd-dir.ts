/**
 * A rotated nfcapd directory, as /var/cache/nfdump looks: real nfcapd files (Debian's nfcapd fed
 * by softflowd replaying fixture captures, one nfcapd run per capture) under the names nfcapd's
 * rotation gives them, nfcapd.YYYYMMDDhhmm, from the capture's time.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nfcapdFiles } from '../readers/nfdump/nfdump-kit';
import { fixturePath } from './scan';

export interface RotatedCapture {
  /** A fixture capture (fixtures/captures). */
  pcap: string;
  /** Its slot, YYYYMMDDhhmm; a run that nfcapd rotated itself gives the next minutes too. */
  slot: string;
}

/** The finished nfcapd files, one per capture in the order given, each as made by its own nfcapd run (in a staging directory). */
export async function nfcapdRuns(captures: readonly RotatedCapture[]): Promise<{ slot: string; file: string }[]> {
  const runs = await Promise.all(captures.map(async (c) => ({ c, files: await nfcapdFiles(fixturePath(c.pcap), 9) })));
  return runs.flatMap(({ c, files }) => {
    if (files.length === 0) throw new Error(`nfcapd wrote no file for ${c.pcap}`);
    const minute = Number(c.slot.slice(-2));
    // nfcapd rotated during the run (a wall-clock slot boundary): its files stay in order.
    return files.map((file, i) => ({ slot: `${c.slot.slice(0, -2)}${String(minute + i).padStart(2, '0')}`, file }));
  });
}

/** A fresh directory holding the captures' nfcapd files as nfcapd.<slot>, in name (and capture-time) order. */
export async function rotatedNfcapdDir(captures: readonly RotatedCapture[]): Promise<{ dir: string; files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-rotated-'));
  const files = (await nfcapdRuns(captures)).map(({ slot, file }) => {
    const path = join(dir, `nfcapd.${slot}`);
    copyFileSync(file, path);
    return path;
  });
  return { dir, files };
}
