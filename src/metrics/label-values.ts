/**
 * Every value each metric label may take. Labels come only from these bounded sets, so a
 * metric's series count is known in advance: never an address, a file name or free text.
 */
import type { Basis } from '../detect/api';
import { ISSUE_CODES, type IssueCode } from '../errors/codes';
import type { Level } from '../score/score';

/** Queue names (src/queue/names.ts); nothing consumes follow-up jobs inside rigsweep, so only its depth moves. */
export const QUEUES = ['ingest', 'sweep', 'followup', 'probe', 'intel'] as const;
export const JOB_OUTCOMES = ['completed', 'failed'] as const;
/** BullMQ's job states as its getJobCounts() names them. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** Where flow records came from: a packet capture or a flow export (file or live collector). */
export const FLOW_KINDS = ['capture', 'export'] as const;
/** The levels that flag an address; `low` is watched, not flagged. */
export const FLAGGED_LEVELS = ['medium', 'high'] as const satisfies readonly Level[];
/** Why a follow-up was queued: an address newly flagged, or one whose level went up. */
export const FOLLOWUP_REASONS = ['new', 'raised'] as const;
/** Where intel facts came from, feeds together (their names are unbounded). */
export const INTEL_FAMILIES = ['curated', 'dns-resolved', 'learned', 'probe', 'feed'] as const;
export const intelFamilyLabel = (source: string): (typeof INTEL_FAMILIES)[number] =>
  source.startsWith('feed:') ? 'feed' : source.startsWith('learned-') ? 'learned' : ((INTEL_FAMILIES as readonly string[]).includes(source) ? (source as 'curated') : 'feed');
/** What became of a probe (src/probe/): a verdict, or skipped by the allowlist, home rule or cache. */
export const PROBE_OUTCOMES = ['pool', 'not-pool', 'unreachable', 'skipped'] as const;
/** stranger: not a configured exporter; malformed: undecodable; kernel: socket buffer overflow. */
export const DROP_REASONS = ['stranger', 'malformed', 'kernel'] as const;
/**
 * Why a Redis command failed (src/queue/redis-failure.ts): connection (refused, reset, closed,
 * retries exhausted), oom (maxmemory with noeviction: writes refused), timeout, unavailable
 * (loading, read-only replica), other.
 */
export const REDIS_ERROR_REASONS = ['connection', 'oom', 'timeout', 'unavailable', 'other'] as const;
export type RedisErrorReason = (typeof REDIS_ERROR_REASONS)[number];

export const ISSUE_CODE_VALUES = Object.keys(ISSUE_CODES) as IssueCode[];

/**
 * Input formats as readers name them (src/readers/formats.ts; nfcapd and sFlow included ahead of
 * their readers), netflow-live for a collector's batch, and unknown for an input whose format was
 * never learnt. test/metrics checks that every reader's format is here.
 */
export const INPUT_FORMATS = ['pcap', 'pcapng', 'netflow', 'nfcapd', 'sflow', 'nfdump-csv', 'goflow2-json', 'mapped-csv', 'netflow-live', 'unknown'] as const;
export type InputFormatLabel = (typeof INPUT_FORMATS)[number];
/** A format outside the set (a reader added without its label) counts as unknown rather than growing the series. */
export const inputFormatLabel = (format: string): InputFormatLabel =>
  (INPUT_FORMATS as readonly string[]).includes(format) ? (format as InputFormatLabel) : 'unknown';
/** What became of an input: read (issues or not), or failed as unreadable or of an unknown format. */
export const INPUT_OUTCOMES = ['read', 'unreadable', 'unknown-format'] as const;

// A Record rather than an array: the compiler then rejects a missing or a stale basis.
const BASES: Record<Basis, true> = {
  'payload-protocol': true,
  'pool-name': true,
  'pool-address': true,
  port: true,
  behaviour: true,
  site: true,
  verdict: true,
  'node-protocol': true,
};
export const EVIDENCE_BASES = Object.keys(BASES) as Basis[];

/**
 * Owner natures come from the operator's owner map (residential broadband, enterprise, data
 * centre, ...), so they are bounded by that file, not by code: each is normalised to a label
 * value, an address with no owner entry is `unknown`, and past MAX_OWNER_NATURES distinct values
 * in one process the rest count as `other` (a huge map cannot grow the series without bound).
 */
export const MAX_OWNER_NATURES = 32;
export const ownerNatureLabel = (nature: string | undefined): string => {
  const label = (nature ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return label === '' ? 'unknown' : label;
};
