/**
 * config/indicators/pool-hosts.csv: the stratum host names miners are configured with
 * (`eu1.ethermine.org`, `xmr-eu1.nanopool.org`), which refresh resolves beside the pool-domain
 * suffixes. A suffix alone resolves to the pool's web site at best; the regional stratum hosts
 * are where the miners connect. Read as strictly as pool-domains.csv: a bad row stops loading
 * with its file and line, since a list that loads half-silently leaves refresh quietly blind.
 */
import { readFileSync } from 'node:fs';
import { CsvSyntaxError, IndicatorFileError, parseCsvRecords, type CsvRecord } from '../../detect/indicators';
import { isDomainName } from '../fact';

export interface PoolHost {
  /** Lower-case host name of two or more labels, no wildcard, no trailing dot. */
  host: string;
  pool: string;
  coin: string;
  /** Where the host is published (connection instructions, miner example configs). */
  source: string;
}

export const POOL_HOST_COLUMNS = ['host', 'pool', 'coin', 'source'] as const;

function records(csv: string, file: string): CsvRecord[] {
  try {
    return parseCsvRecords(csv);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new IndicatorFileError(file, e.line, e.detail);
    throw e;
  }
}

/** Parses pool-hosts CSV; throws IndicatorFileError naming `file:line` for the first bad row. */
export function parsePoolHostsCsv(csv: string, file = '<pool-hosts>'): PoolHost[] {
  const [header, ...rows] = records(csv, file);
  if (!header || header.fields.join(',') !== POOL_HOST_COLUMNS.join(',')) {
    throw new IndicatorFileError(file, header?.line ?? 0, `the header must be "${POOL_HOST_COLUMNS.join(',')}"`);
  }
  return rows.map(({ line, fields }) => {
    if (fields.length !== POOL_HOST_COLUMNS.length) {
      throw new IndicatorFileError(file, line, `expected ${POOL_HOST_COLUMNS.length} fields (${POOL_HOST_COLUMNS.join(',')}), found ${fields.length}`);
    }
    const [rawHost, pool, coin, source] = fields;
    const host = rawHost.toLowerCase();
    if (!isDomainName(host)) {
      throw new IndicatorFileError(file, line, `host ${JSON.stringify(rawHost)} is not a host name of two or more labels (no wildcards, no leading or trailing dot)`);
    }
    for (const [column, value] of [['pool', pool], ['coin', coin], ['source', source]] as const) {
      if (value === '') throw new IndicatorFileError(file, line, `${column} "" must not be empty`);
    }
    return { host, pool, coin, source };
  });
}

/** Every listed file, in order; a missing file is an IndicatorFileError like a bad row. */
export function loadPoolHosts(files: readonly string[]): PoolHost[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new IndicatorFileError(file, 0, `cannot read the pool host list (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return parsePoolHostsCsv(text, file);
  });
}
