/**
 * Every value each metric label may take. Labels come only from these bounded sets, so a
 * metric's series count is known in advance: never an address, a file name or free text.
 */
import type { Basis } from '../detect/api';
import { ISSUE_CODES, type IssueCode } from '../errors/codes';
import type { Level } from '../score/score';

/** Queue names (src/queue/names.ts); nothing consumes follow-up jobs inside rigsweep, so only its depth moves. */
export const QUEUES = ['ingest', 'sweep', 'followup'] as const;
export const JOB_OUTCOMES = ['completed', 'failed'] as const;
/** BullMQ's job states as its getJobCounts() names them. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** Where flow records came from: a packet capture or a flow export (file or live collector). */
export const FLOW_KINDS = ['capture', 'export'] as const;
/** The levels that flag an address; `low` is watched, not flagged. */
export const FLAGGED_LEVELS = ['medium', 'high'] as const satisfies readonly Level[];
/** Why a follow-up was queued: an address newly flagged, or one whose level went up. */
export const FOLLOWUP_REASONS = ['new', 'raised'] as const;
/** stranger: not a configured exporter; malformed: undecodable; kernel: socket buffer overflow. */
export const DROP_REASONS = ['stranger', 'malformed', 'kernel'] as const;

export const ISSUE_CODE_VALUES = Object.keys(ISSUE_CODES) as IssueCode[];

// A Record rather than an array: the compiler then rejects a missing or a stale basis.
const BASES: Record<Basis, true> = {
  'payload-protocol': true,
  'pool-name': true,
  'pool-address': true,
  port: true,
  behaviour: true,
  site: true,
  'node-protocol': true,
};
export const EVIDENCE_BASES = Object.keys(BASES) as Basis[];
