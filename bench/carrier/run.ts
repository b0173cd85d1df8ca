/**
 * The carrier benchmark from the command line (after `npx tsc -p tsconfig.json`):
 *
 *   node dist/bench/carrier/run.js [--hosts 3000] [--hours 6] [--seed 1] [--variant a,b,c] [--all-formats] [--generate-only] [--no-probe]
 *
 * Generates (or reuses) the labelled files under bench/out/carrier, scans each variant with
 * rigsweep (homeNetworks set to the benchmark's ranges) and prints the detection table.
 * Variant a is scanned as its nfcapd file (as its v9 file without nfdump); --all-formats scans
 * its v9 and CSV files too. --cli scans with another build of rigsweep (e.g. a copy of HEAD).
 * Then the probe round (probe-round.ts) on variant a: detection and false alarms with the probe
 * off and on, probe throughput and verdict latency; --no-probe leaves it out.
 */
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { baseName, generateCarrier, DEFAULT_OUT, type VariantName } from './files';
import { printVariantRun, scanVariant, writeScanConfig, type VariantRun } from './evaluate';
import { HOME_NETWORKS } from './net';
import { buildPopulation, type HostLabel } from './population';
import { printProbeRound, probeRound } from './probe-round';

export interface CarrierRunOptions {
  hosts: number;
  hours: number;
  seed: number;
  variants: VariantName[];
  allFormats?: boolean;
  generateOnly?: boolean;
  /** Leave out the probe round. */
  noProbe?: boolean;
  outDir?: string;
  /** The rigsweep CLI to scan with (default: this checkout's dist/src/cli/main.js). */
  cli?: string;
}

const root = resolve(__dirname, '../../..');

export async function runCarrier(o: CarrierRunOptions): Promise<VariantRun[]> {
  const outDir = o.outDir ?? DEFAULT_OUT;
  const cli = o.cli ?? join(root, 'dist/src/cli/main.js');
  const started = process.hrtime.bigint();
  const files = await generateCarrier({ hosts: o.hosts, hours: o.hours, seed: o.seed }, { outDir, variants: o.variants, log: console.log });
  const labels = (JSON.parse(readFileSync(files.labels, 'utf8')) as { hosts: HostLabel[] }).hosts;
  console.log(`carrier population: ${o.hosts} hosts × ${o.hours} h, seed ${o.seed}: ${labels.filter((l) => l.miner).length} miners, ${labels.filter((l) => !l.miner).length} benign (${labels.filter((l) => !l.miner && l.hasLongLived).length} with long-lived sessions); labels ${files.labels}`);
  for (const [name, v] of Object.entries(files.variants)) console.log(`  variant ${name}: ${v!.records.toLocaleString('en')} records, ${v!.seconds.toFixed(1)} s (${Object.values(v!.files).join(', ')})`);
  console.log(`  files ready in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  if (o.generateOnly) return [];
  const config = join(outDir, 'scan-config.json');
  writeScanConfig(config, HOME_NETWORKS);
  const runs: VariantRun[] = [];
  for (const name of o.variants) {
    const v = files.variants[name]!;
    const inputs = name === 'a' ? (o.allFormats ? ['nfcapd', 'v9', 'csv'] : [v.files.nfcapd ? 'nfcapd' : 'v9']) : Object.keys(v.files);
    for (const kind of inputs) {
      const file = v.files[kind];
      if (!file) continue;
      const run = scanVariant(cli, `${name} (${kind})`, file, v.records, labels, config, join(outDir, `${baseName(o)}-report-${name}-${kind}.json`));
      printVariantRun(run);
      runs.push(run);
    }
  }
  const a = files.variants.a;
  if (a && !o.noProbe) printProbeRound(await probeRound(a.files.nfcapd ?? a.files.v9!, labels, buildPopulation({ hosts: o.hosts, hours: o.hours, seed: o.seed })));
  return runs;
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export function parseCarrierArgs(args: string[]): CarrierRunOptions {
  const variants = (arg(args, '--variant') ?? 'a,b,c').split(',').map((v) => v.trim()) as VariantName[];
  for (const v of variants) if (!['a', 'b', 'c'].includes(v)) throw new Error(`--variant takes a,b,c, not ${v}`);
  return {
    hosts: Number(arg(args, '--hosts') ?? 3000),
    hours: Number(arg(args, '--hours') ?? 6),
    seed: Number(arg(args, '--seed') ?? 1),
    variants,
    allFormats: args.includes('--all-formats'),
    generateOnly: args.includes('--generate-only'),
    noProbe: args.includes('--no-probe'),
    cli: arg(args, '--cli'),
  };
}

if (require.main === module) {
  runCarrier(parseCarrierArgs(process.argv.slice(2))).catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exitCode = 1;
  });
}
