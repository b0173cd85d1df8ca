/**
 * The queue benchmark's input: a directory of nfdump CSV files as a rotating export leaves them —
 * each file continuing in export time where the previous one ended, the same miners in all of
 * them — so that one scan over all files and the queued path (one job per file, windows joined
 * by the sweep) have the same verdicts to reach. Written once into bench/out and reused.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNfdumpCsv } from '../fixtures/lib/nfdump-csv-writer';

/** The synthetic rows advance ~2,000 records per second of export time (synthetic-export-rows.ts). */
const RECORDS_PER_EXPORT_SECOND = 2000;
const FIRST_START = 1_700_000_000;
const MINERS = 20;

export interface RotatingExports {
  files: string[];
  records: number;
  /** The home addresses that mine: what every run must flag, and nothing else. */
  minerAddresses: string[];
}

export async function rotatingExports(outDir: string, records: number, fileCount: number): Promise<RotatingExports> {
  const dir = join(outDir, `queue-${records}x${fileCount}`);
  const manifest = join(dir, 'manifest.json');
  // The manifest is written last: a directory without one was interrupted and is written again.
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as RotatingExports;
  mkdirSync(dir, { recursive: true });
  const perFile = Math.ceil(records / fileCount);
  const files: string[] = [];
  const miners = new Set<string>();
  let written = 0;
  for (let i = 0; i < fileCount; i++) {
    const file = join(dir, `nfcapd.${String(i).padStart(3, '0')}.csv`);
    const count = Math.min(perFile, records - written);
    // Seeds differ so each file holds other traffic; the miner addresses are the same in all.
    const stats = await writeNfdumpCsv(file, count, { seed: i + 1, startTime: FIRST_START + written / RECORDS_PER_EXPORT_SECOND, miners: MINERS });
    for (const address of stats.minerAddresses) miners.add(address);
    files.push(file);
    written += stats.rows;
  }
  const result: RotatingExports = { files, records: written, minerAddresses: [...miners].sort() };
  writeFileSync(`${manifest}.tmp`, JSON.stringify(result, null, 2));
  renameSync(`${manifest}.tmp`, manifest);
  return result;
}
