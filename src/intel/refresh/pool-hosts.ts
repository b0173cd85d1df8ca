/**
 * config/indicators/pool-hosts.csv: the stratum host names miners are configured with
 * (`eu1.ethermine.org`, `xmr-eu1.nanopool.org`), which refresh resolves beside the pool-domain
 * suffixes. A suffix alone resolves to the pool's web site at best; the regional stratum hosts
 * are where the miners connect. Read as strictly as pool-domains.csv: a bad row stops loading
 * with its file and line, since a list that loads half-silently leaves refresh quietly blind.
 */
import { z } from 'zod';
import { parseIndicatorTable, readIndicatorText } from '../../detect/indicators';
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

const text = z.string().min(1, 'must not be empty');

const hostRow: z.ZodType<PoolHost> = z.strictObject({
  host: z
    .string()
    .transform((s) => s.toLowerCase())
    .refine(isDomainName, { message: 'is not a host name of two or more labels (no wildcards, no leading or trailing dot)' }),
  pool: text,
  coin: text,
  source: text,
});

/** Parses pool-hosts CSV; throws IndicatorFileError naming `file:line` for the first bad row. */
export function parsePoolHostsCsv(csv: string, file = '<pool-hosts>'): PoolHost[] {
  return parseIndicatorTable(csv, file, POOL_HOST_COLUMNS, hostRow);
}

/** Every listed file, in order; a missing file is an IndicatorFileError like a bad row. */
export function loadPoolHosts(files: readonly string[]): PoolHost[] {
  return files.flatMap((file) => parsePoolHostsCsv(readIndicatorText(file, 'the pool host list'), file));
}
