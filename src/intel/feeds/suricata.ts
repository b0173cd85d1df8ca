/**
 * Suricata files (7.0 and later for `type ip` datasets):
 *  - an IP dataset (`type ip`): one address per line as plain text, IPv4 or IPv6. A dataset is a
 *    hash set of single addresses, no CIDR: a range of at most 256 addresses is written out
 *    address by address, a wider one is left out (iprep holds ranges),
 *  - a string dataset of names (`type string`): each name base64-encoded, one per line, as
 *    Suricata's string datasets store data; it matches whole buffers (dns.query, tls.sni), so it
 *    flags the listed names themselves, not the names under them,
 *  - an IP reputation file: `address,category,score`, ranges allowed, with the categories line.
 * Only `pool` facts: the files are for flagging, and not-pool is no flag.
 */
import type { IntelFact, NameFact } from '../fact';
import { canonicalRange, expandRange } from './address';

export const DATASET_RANGE_LIMIT = 256;
/** Suricata's hard limit on reputation category ids. */
export const MAX_IPREP_CATEGORY = 60;

function lines(values: Iterable<string>): string {
  const list = [...values];
  return list.length === 0 ? '' : `${list.join('\n')}\n`;
}

export function exportSuricataDataset(endpoints: readonly IntelFact[]): string {
  const out = new Set<string>();
  for (const fact of endpoints) {
    if (fact.verdict !== 'pool') continue;
    const range = canonicalRange(fact.address);
    if (!range) continue;
    for (const address of expandRange(range, DATASET_RANGE_LIMIT) ?? []) out.add(address);
  }
  return lines(out);
}

export function exportSuricataDatasetNames(names: readonly NameFact[]): string {
  return lines(new Set(names.map((n) => Buffer.from(n.name, 'utf8').toString('base64'))));
}

function checkCategory(category: number): void {
  if (!Number.isInteger(category) || category < 1 || category > MAX_IPREP_CATEGORY) {
    throw new RangeError(`an iprep category is an integer 1..${MAX_IPREP_CATEGORY}, not ${category}`);
  }
}

/** Suricata scores run 1..127 (0 means no data): confidence scaled, never 0 for a listed address. */
export function iprepScore(confidence: number): number {
  const score = Math.round((Number.isFinite(confidence) ? confidence : 0) * 127);
  return Math.min(127, Math.max(1, score));
}

export function exportSuricataIprep(endpoints: readonly IntelFact[], category = 1): string {
  checkCategory(category);
  // One line per range: the surest fact about it speaks (iprep keeps one score per category).
  const scores = new Map<string, number>();
  for (const fact of endpoints) {
    if (fact.verdict !== 'pool') continue;
    const range = canonicalRange(fact.address);
    if (!range) continue;
    scores.set(range.text, Math.max(scores.get(range.text) ?? 0, iprepScore(fact.confidence)));
  }
  return lines([...scores].map(([address, score]) => `${address},${category},${score}`));
}

/** The categories file (`reputation-categories-file`) line the iprep file's category refers to. */
export function suricataCategories(category = 1): string {
  checkCategory(category);
  return `${category},CryptoMining,Cryptocurrency mining pool endpoints (rigsweep)\n`;
}
