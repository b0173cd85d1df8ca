/**
 * The report: a versioned contract (DESIGN §8). Bump REPORT_VERSION on any change a consumer
 * could notice (a renamed or removed field, a changed meaning); adding a field does not bump it.
 */
import type { InputIssue } from '../readers/issues';
import type { HostFinding, PoolFinding } from '../score/findings';
import { isFlagged, type Level } from '../score/score';
import { homeNetworkWarnings } from './home-networks';

export const REPORT_VERSION = 1;

export interface InputSummary {
  path: string;
  format: string;
  /** How the input arrived: gzip, bzip2, xz, zstd or none. */
  compression?: string;
  /** Bytes read from disk (compressed bytes for a compressed input). */
  bytes: number;
  /** Bytes after decompression, when that differs from `bytes`. */
  decodedBytes?: number;
  packets: number;
  flows: number;
  /** Every issue found, counted by code (complete even when `issues` is capped). */
  issueCounts: Record<string, number>;
  /** The issues themselves, the first ones of each code. */
  issues: InputIssue[];
  /** Flow records left out by `--since/--until`. */
  outsideWindow?: number;
  /** Set when the input could not be read at all. */
  error?: string;
  /** Which whole-input issue code `error` is (src/errors/codes.ts). */
  errorCode?: 'input.unreadable' | 'input.unknown-format';
  /** `rigsweep report` only: the input's ingest job has not completed (the report is incomplete). */
  queue?: QueuedInput;
}

/** An enqueued input not analysed: still pending (waiting, running, retrying) or failed, and why. */
export interface QueuedInput {
  state: 'pending' | 'failed';
  /** The ingest job's id. */
  job: string;
  /** Tries made so far. */
  tries: number;
  reason: string;
}

export function emptyInputSummary(path: string, format: string): InputSummary {
  return { path, format, bytes: 0, packets: 0, flows: 0, issueCounts: {}, issues: [] };
}

export interface Report {
  reportVersion: number;
  generator: string;
  generatedAt: string;
  /** The homeNetworks (CIDRs) the addresses were judged with: roles and pools depend on them. */
  homeNetworks: string[];
  /** Doubts about the report itself (e.g. no listed address inside homeNetworks), for every format to show. */
  warnings: string[];
  inputs: InputSummary[];
  summary: {
    addresses: number;
    flagged: { total: number; high: number; medium: number };
    /** Addresses at medium or high that analysts dismissed (allowlisted): not counted as flagged. */
    dismissed: number;
    watch: number;
    byRole: Record<string, number>;
    byOwner: Record<string, number>;
    byNature: Record<string, number>;
    pools: number;
    estimatedPower?: { kwMin: number; kwMax: number; kwhPerYearMin: number; kwhPerYearMax: number };
  };
  hosts: HostFinding[];
  pools: PoolFinding[];
}

function countBy(hosts: readonly HostFinding[], key: (h: HostFinding) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hosts) out[key(h)] = (out[key(h)] ?? 0) + 1;
  return out;
}

const endpointIp = (endpoint: string) => endpoint.replace(/^\[(.*)\]:\d+$/, '$1').replace(/^([^:]*):\d+$/, '$1');

/**
 * Hosts whose estimated power counts towards the total. A proxy's upstream shares are the work
 * of the miners behind it, so it counts only when none of those miners were seen themselves.
 */
function poweredHosts(flagged: readonly HostFinding[]): HostFinding[] {
  const fedByVisibleMiners = new Set(flagged.filter((h) => h.role === 'miner').flatMap((h) => h.pools.map(endpointIp)));
  return flagged.filter((h) => h.estimate?.power && !(h.role === 'proxy' && fedByVisibleMiners.has(h.ip)));
}

/** Flagged by score and not dismissed by an analyst (the allowlist). */
export const isStillFlagged = (h: HostFinding) => isFlagged(h.level) && h.followup?.state !== 'dismissed';

export function buildReport(
  inputs: InputSummary[],
  hosts: HostFinding[],
  pools: PoolFinding[],
  meta: { generator: string; generatedAt: Date; homeNetworks: readonly string[] },
): Report {
  const flagged = hosts.filter(isStillFlagged);
  const powered = poweredHosts(flagged);
  const sum = (pick: (h: HostFinding) => number) => powered.reduce((acc, h) => acc + pick(h), 0);
  const byLevel = (level: Level) => flagged.filter((h) => h.level === level).length;
  return {
    reportVersion: REPORT_VERSION,
    generator: meta.generator,
    generatedAt: meta.generatedAt.toISOString(),
    homeNetworks: [...meta.homeNetworks],
    warnings: homeNetworkWarnings(hosts, meta.homeNetworks),
    inputs,
    summary: {
      addresses: hosts.length,
      flagged: { total: flagged.length, high: byLevel('high'), medium: byLevel('medium') },
      dismissed: hosts.filter((h) => isFlagged(h.level) && !isStillFlagged(h)).length,
      watch: hosts.filter((h) => h.level === 'low').length,
      byRole: countBy(flagged, (h) => h.role),
      byOwner: countBy(flagged, (h) => h.owner?.name ?? 'unknown'),
      byNature: countBy(flagged, (h) => h.owner?.nature ?? 'unknown'),
      pools: pools.length,
      ...(powered.length
        ? {
            estimatedPower: {
              kwMin: sum((h) => h.estimate!.power!.kwMin),
              kwMax: sum((h) => h.estimate!.power!.kwMax),
              kwhPerYearMin: sum((h) => h.estimate!.power!.kwhPerYearMin),
              kwhPerYearMax: sum((h) => h.estimate!.power!.kwhPerYearMax),
            },
          }
        : {}),
    },
    hosts,
    pools,
  };
}
