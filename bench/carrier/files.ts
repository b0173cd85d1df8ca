/**
 * The benchmark's files under bench/out/carrier, named by their parameters and reused when
 * present: variant (a) as NetFlow v9 + nfcapd + nfdump CSV, (b) as IPFIX, (c) as sampled v9;
 * and the labels (JSON and CSV) beside them.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { ExportStreamWriter } from '../../fixtures/lib/netflow-stream-writer';
import { IPFIX_IPV4_FIELDS, V9_IPV4_FIELDS, dataSet, optionsTemplateSet } from '../../fixtures/lib/netflow-writer';
import { writeNfdumpCsv } from '../../fixtures/lib/nfdump-csv-writer';
import { hasCommand } from '../measure';
import { writeNfcapdFile } from '../nfcapd-file';
import { buildPopulation, labelsOf, type CarrierParams, type HostLabel, type Population } from './population';
import { carrierRecords } from './stream';
import type { CarrierRecord, ExporterSettings } from './types';

/** Bump when the generator changes what it writes: old files are then not reused. */
export const GENERATOR_VERSION = 3;

export type VariantName = 'a' | 'b' | 'c';

export interface Variant {
  name: VariantName;
  settings: ExporterSettings;
  description: string;
}

export const VARIANTS: Record<VariantName, Variant> = {
  a: { name: 'a', settings: { activeSeconds: 300, inactiveSeconds: 15, sampling: 1 }, description: 'active 300 s, inactive 15 s, unsampled (v9, nfcapd, CSV)' },
  b: { name: 'b', settings: { activeSeconds: 60, inactiveSeconds: 60, sampling: 1 }, description: 'active 60 s, inactive 60 s, unsampled (IPFIX)' },
  c: { name: 'c', settings: { activeSeconds: 300, inactiveSeconds: 15, sampling: 100 }, description: 'active 300 s, inactive 15 s, 1:100 random packet sampling (v9 + options record)' },
};

export const DEFAULT_OUT = join(__dirname, '../../../bench/out/carrier');

export function baseName(p: CarrierParams): string {
  return `carrier-g${GENERATOR_VERSION}-n${p.hosts}-h${p.hours}-s${p.seed}`;
}

/** A v9/IPFIX message stream of the records, with a sampling options record when sampled. */
export function* exportMessages(records: Iterable<CarrierRecord>, version: 9 | 10, boot: number, sampling: number): Generator<Buffer> {
  const fields = version === 9 ? V9_IPV4_FIELDS : IPFIX_IPV4_FIELDS;
  // v9 options template: scope System (type 1), samplingInterval (34) and samplingAlgorithm (35, 2 = random);
  // IPFIX: scope observationDomainId (149), samplingPacketInterval (305)... written as v9 only here.
  const optionSets =
    sampling > 1 && version === 9
      ? [
          optionsTemplateSet(9, [{ id: 300, scope: [{ id: 1, length: 4 }], fields: [{ id: 34, length: 4 }, { id: 35, length: 1 }] }]),
          dataSet(300, [{ id: 1, length: 4 }, { id: 34, length: 4 }, { id: 35, length: 1 }], [[0, sampling, 2]]),
        ]
      : undefined;
  const writer = new ExportStreamWriter({ version, fields, bootSeconds: boot, optionSets, optionRecords: optionSets ? 2 : 0, domainId: 1 });
  const values: number[] = new Array(fields.length).fill(0);
  for (const r of records) {
    values[0] = r.srcNum;
    values[1] = r.dstNum;
    values[2] = r.srcPort;
    values[3] = r.dstPort;
    values[4] = r.protocol;
    values[5] = r.tcpFlags;
    values[6] = r.packets;
    values[7] = r.bytes;
    values[8] = version === 9 ? writer.uptimeAt(r.first) : Math.round(r.first * 1000);
    values[9] = version === 9 ? writer.uptimeAt(r.last) : Math.round(r.last * 1000);
    const message = writer.add(values, r.exportAt);
    if (message) yield message;
  }
  const last = writer.flush();
  if (last) yield last;
}

async function writeMessages(path: string, messages: Iterable<Buffer>): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  for (const m of messages) if (!out.write(m)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

export interface CarrierFiles {
  labels: string;
  labelsCsv: string;
  /** Per variant: the files written and how many records each holds. */
  variants: Partial<Record<VariantName, { files: Record<string, string>; records: number; seconds: number }>>;
}

/** Records counted as they pass, for the file's record count. */
function* counted(records: Iterable<CarrierRecord>, box: { n: number }): Generator<CarrierRecord> {
  for (const r of records) {
    box.n++;
    yield r;
  }
}

/** Writes `target` through a .partial file unless it exists. */
async function once_(target: string, write: (partial: string) => Promise<void>): Promise<boolean> {
  if (existsSync(target)) return false;
  const partial = `${target}.partial`;
  await write(partial);
  renameSync(partial, target);
  return true;
}

export interface GenerateOptions {
  outDir?: string;
  variants?: VariantName[];
  /** Write the nfcapd file of variant (a) (needs nfcapd; default: when installed). */
  nfcapd?: boolean;
  log?: (line: string) => void;
}

export function writeLabels(pop: Population, outDir: string): { json: string; csv: string; labels: HostLabel[] } {
  const base = join(outDir, baseName(pop.params));
  const labels = labelsOf(pop);
  const json = `${base}.labels.json`;
  const csv = `${base}.labels.csv`;
  writeFileSync(json, JSON.stringify({ params: pop.params, homeNetworks: ['100.64.0.0/10', '10.0.0.0/8'], hosts: labels }, null, 1));
  writeFileSync(csv, `ip,class,miner,hasLongLived,miningSeconds\n${labels.map((l) => `${l.ip},${l.class},${l.miner},${l.hasLongLived},${l.miningSeconds}`).join('\n')}\n`);
  return { json, csv, labels };
}

/** Generates (or reuses) the files of the chosen variants. */
export async function generateCarrier(params: CarrierParams, o: GenerateOptions = {}): Promise<CarrierFiles> {
  const outDir = o.outDir ?? DEFAULT_OUT;
  const log = o.log ?? (() => undefined);
  mkdirSync(outDir, { recursive: true });
  const pop = buildPopulation(params);
  const boot = pop.params.start - 3600;
  const base = join(outDir, baseName(pop.params));
  const { json, csv } = writeLabels(pop, outDir);
  const result: CarrierFiles = { labels: json, labelsCsv: csv, variants: {} };
  const countFile = (path: string) => `${path}.records`;
  const records = (path: string): number => Number(readFileSync(countFile(path), 'utf8'));
  for (const name of o.variants ?? (['a', 'b', 'c'] as VariantName[])) {
    const v = VARIANTS[name];
    const started = process.hrtime.bigint();
    const files: Record<string, string> = {};
    const box = { n: 0 };
    if (name === 'a') {
      files.csv = `${base}-a.csv`;
      files.v9 = `${base}-a.nf9`;
      // One pass writes both: the CSV writer pulls records, each also lands in the v9 file.
      if (!existsSync(files.csv) || !existsSync(files.v9)) {
        log(`generating variant a (${v.description}) -> ${files.csv}, ${files.v9}`);
        const v9 = createWriteStream(`${files.v9}.partial`, { highWaterMark: 4 << 20 });
        const writer = new ExportStreamWriter({ version: 9, fields: V9_IPV4_FIELDS, bootSeconds: boot, domainId: 1 });
        const values: number[] = new Array(V9_IPV4_FIELDS.length).fill(0);
        function* tee(): Generator<CarrierRecord> {
          for (const r of carrierRecords(pop, v.settings)) {
            box.n++;
            values[0] = r.srcNum; values[1] = r.dstNum; values[2] = r.srcPort; values[3] = r.dstPort;
            values[4] = r.protocol; values[5] = r.tcpFlags; values[6] = r.packets; values[7] = r.bytes;
            values[8] = writer.uptimeAt(r.first); values[9] = writer.uptimeAt(r.last);
            const m = writer.add(values, r.exportAt);
            if (m) v9.write(m);
            yield r;
          }
          const m = writer.flush();
          if (m) v9.write(m);
        }
        await writeNfdumpCsv(`${files.csv}.partial`, tee());
        v9.end();
        await once(v9, 'finish');
        renameSync(`${files.csv}.partial`, files.csv);
        renameSync(`${files.v9}.partial`, files.v9);
        writeFileSync(countFile(files.csv), String(box.n));
      }
      if (o.nfcapd ?? (hasCommand('nfcapd') && hasCommand('nfdump'))) {
        files.nfcapd = `${base}-a.nfcapd`;
        if (await once_(files.nfcapd, (partial) => writeNfcapdFile(partial, exportMessages(carrierRecords(pop, v.settings), 9, boot, 1), outDir))) log(`wrote ${files.nfcapd} (nfcapd fed the v9 export over loopback)`);
      }
      box.n = records(files.csv);
    } else {
      const file = `${base}-${name}.${name === 'b' ? 'ipfix' : 'nf9'}`;
      files[name === 'b' ? 'ipfix' : 'v9'] = file;
      if (!existsSync(file)) {
        log(`generating variant ${name} (${v.description}) -> ${file}`);
        await once_(file, (partial) => writeMessages(partial, exportMessages(counted(carrierRecords(pop, v.settings), box), name === 'b' ? 10 : 9, boot, v.settings.sampling)));
        writeFileSync(countFile(file), String(box.n));
      }
      box.n = records(file);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    result.variants[name] = { files, records: box.n, seconds };
  }
  return result;
}
