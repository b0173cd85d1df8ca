/**
 * `rigsweep intel refresh|import|export`: keeps the pool-endpoint facts that flow-only scans
 * match against — resolved from the pool names, imported from threat-intel feeds, and written
 * out for a SOC's Zeek and Suricata.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { curatedFact, NEVER, refreshStore, type NameFact } from '../intel';
import { EXPORT_FORMATS, exportFacts, FEED_FORMATS, importFeed, type ExportFormat, type FeedFormat } from '../intel/feeds';
import { parseCommandLine, positiveNumber } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { openIntelStore, STORE_OPTIONS } from './intel-store';
import { loadSetup, type RunSetup } from './setup';

export const INTEL_USAGE = `usage: rigsweep intel refresh [--store FILE | --redis] [--config FILE]
       rigsweep intel import <feed-file> --feed NAME [--format auto|list|zeek|misp|stix] [--ttl SECONDS] [--store FILE | --redis]
       rigsweep intel export [--format jsonl|csv|zeek|suricata-dataset|suricata-dataset-names|suricata-iprep] [--out FILE] [--store FILE | --redis]`;

/** Feeds are lists, not captures: past this a file is surely not one. */
const MAX_FEED_BYTES = 512 * 1024 * 1024;
const SHOWN_PROBLEMS = 20;

export async function runIntel(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseCommandLine(
    rest,
    {
      ...STORE_OPTIONS,
      config: { type: 'string', short: 'c' },
      feed: { type: 'string' },
      format: { type: 'string' },
      ttl: { type: 'string' },
      out: { type: 'string' },
    },
    true,
  );
  const setup = loadSetup({ config: values.config });
  if (action === 'refresh') return refresh(setup, values, io);
  if (action === 'import') return importOne(setup, positionals, values, io);
  if (action === 'export') return exportAll(setup, values, io);
  throw new UsageError(`intel takes refresh, import or export, not ${action ?? 'nothing'}`);
}

type Values = { store?: string; redis?: boolean; feed?: string; format?: string; ttl?: string; out?: string };

async function refresh(setup: RunSetup, values: Values, io: Io): Promise<number> {
  const opened = openIntelStore(setup, values, 'intel-refresh');
  try {
    const outcome = await refreshStore(setup.config, setup.indicators, opened.store);
    io.stdout.write(
      `refreshed ${opened.where}: ${outcome.names} names, ${outcome.resolved} resolved, ${outcome.facts.length} addresses; ` +
        `${outcome.kept} dns-resolved facts kept, ${outcome.expired} aged out; ${outcome.skipped.length} addresses skipped, ${outcome.failed.length} names failed\n`,
    );
    for (const s of outcome.skipped.slice(0, SHOWN_PROBLEMS)) io.stderr.write(`rigsweep: intel refresh: ${s.name} → ${s.address} skipped: ${s.reason}\n`);
    for (const f of outcome.failed.slice(0, SHOWN_PROBLEMS)) io.stderr.write(`rigsweep: intel refresh: ${f.name}: ${f.reason}\n`);
    // Every name failing is the resolver's fault (unreachable, refusing), not the names'.
    return outcome.names > 0 && outcome.resolved === 0 && outcome.failed.length === outcome.names ? EXIT.unavailable : EXIT.ok;
  } finally {
    await opened.close();
  }
}

async function importOne(setup: RunSetup, positionals: string[], values: Values, io: Io): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('intel import takes one feed file');
  if (!values.feed) throw new UsageError('intel import needs --feed NAME (each imported fact keeps its feed)');
  const format = (values.format ?? 'auto') as FeedFormat | 'auto';
  if (format !== 'auto' && !FEED_FORMATS.includes(format)) throw new UsageError(`--format takes auto, ${FEED_FORMATS.join(', ')}, not ${format}`);
  const ttl = positiveNumber(values.ttl, '--ttl') ?? setup.config.intel.feedTtlSeconds;
  const [file] = positionals;
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FEED_BYTES) throw new Error(`${size} bytes is more than a feed (${MAX_FEED_BYTES} bytes at most)`);
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.stderr.write(`rigsweep: intel import: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.unreadable;
  }
  let imported;
  try {
    imported = importFeed(text, format, { feedName: values.feed, now: Date.now() / 1000, ttlSeconds: ttl });
  } catch (e) {
    throw new UsageError((e as Error).message); // a bad feed name
  }
  const opened = openIntelStore(setup, values, 'intel-import');
  try {
    await opened.store.put({ endpoints: imported.endpoints, names: imported.names });
  } finally {
    await opened.close();
  }
  io.stdout.write(
    `imported ${file} as feed:${values.feed} into ${opened.where}: ${imported.endpoints.length} endpoints, ${imported.names.length} names ` +
      `from ${imported.rows} rows; ${imported.skipped} not pool intel, ${imported.problems.length} bad\n`,
  );
  for (const p of imported.problems.slice(0, SHOWN_PROBLEMS)) io.stderr.write(`rigsweep: intel import: ${file}:${p.line}: ${p.reason} (skipped)\n`);
  if (imported.problems.length > SHOWN_PROBLEMS) io.stderr.write(`rigsweep: intel import: ${imported.problems.length - SHOWN_PROBLEMS} more bad rows skipped\n`);
  return EXIT.ok;
}

async function exportAll(setup: RunSetup, values: Values, io: Io): Promise<number> {
  const format = (values.format ?? 'jsonl') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format takes ${EXPORT_FORMATS.join(', ')}, not ${format}`);
  const opened = openIntelStore(setup, values, 'intel-export');
  let loaded;
  try {
    loaded = await opened.store.load();
  } finally {
    await opened.close();
  }
  // What rigsweep knows: the curated lists too, not only the store.
  const curatedNames: NameFact[] = setup.indicators.poolDomains.map((d) => ({
    name: d.suffix,
    source: 'curated',
    confidence: 0.9,
    firstSeen: 0,
    lastSeen: 0,
    expiresAt: NEVER,
    pool: d.pool.slice(0, 200),
    coin: d.coin.slice(0, 64),
  }));
  const endpoints = [...setup.indicators.poolEndpoints.map(curatedFact), ...loaded.facts.endpoints];
  const text = exportFacts(endpoints, [...curatedNames, ...loaded.facts.names], format);
  if (values.out) await writeFile(values.out, text);
  else io.stdout.write(text);
  for (const p of loaded.problems.slice(0, SHOWN_PROBLEMS)) io.stderr.write(`rigsweep: intel export: ${p} (skipped)\n`);
  return EXIT.ok;
}
