/**
 * An address flagged for follow-up and what analysts decided about it. Two records, each with
 * one writer, so neither can overwrite the other's update: the sweep owns the flag (level,
 * score, when), analysts own the decision (confirmed or dismissed, note). Both are stored in
 * Redis as JSON and validated on every read.
 */
import { z } from 'zod';

export const DECISIONS = ['confirmed', 'dismissed'] as const;
export type Decision = (typeof DECISIONS)[number];
export type FollowupState = 'new' | Decision;

/** History lines kept per record (oldest dropped first). */
export const MAX_HISTORY = 50;

const historyLine = z.strictObject({ at: z.string(), event: z.string(), note: z.string().optional() });

export const flagRecordSchema = z.strictObject({
  ip: z.string().min(1),
  /** Highest level the address has been flagged at. */
  level: z.enum(['low', 'medium', 'high']),
  score: z.number(),
  role: z.string(),
  firstFlaggedAt: z.string(),
  updatedAt: z.string(),
  history: z.array(historyLine),
});

export const decisionRecordSchema = z.strictObject({
  state: z.enum(DECISIONS),
  note: z.string().optional(),
  decidedAt: z.string(),
  history: z.array(historyLine),
});

export type FlagRecord = z.infer<typeof flagRecordSchema>;
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** What analysts and reports see of one address. */
export interface FollowupEntry extends Partial<Omit<FlagRecord, 'ip' | 'history'>> {
  ip: string;
  state: FollowupState;
  note?: string;
  decidedAt?: string;
  history: FlagRecord['history'];
}

export function followupEntry(ip: string, flag: FlagRecord | undefined, decision: DecisionRecord | undefined): FollowupEntry {
  const { history: flagHistory = [], ...flagged } = flag ?? { ip };
  const history = [...flagHistory, ...(decision?.history ?? [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    ...flagged,
    ip,
    state: decision?.state ?? 'new',
    ...(decision?.note !== undefined ? { note: decision.note } : {}),
    ...(decision ? { decidedAt: decision.decidedAt } : {}),
    history,
  };
}

/** Every address with a flag or a decision, as analysts see it, by address (in address order). */
export function followupEntries(flags: ReadonlyMap<string, FlagRecord>, decisions: ReadonlyMap<string, DecisionRecord>): Map<string, FollowupEntry> {
  const ips = [...new Set([...flags.keys(), ...decisions.keys()])].sort();
  return new Map(ips.map((ip) => [ip, followupEntry(ip, flags.get(ip), decisions.get(ip))]));
}

export function appendHistory<T extends { history: FlagRecord['history'] }>(record: T, at: string, event: string, note?: string): T {
  const line = note === undefined ? { at, event } : { at, event, note };
  return { ...record, history: [...record.history, line].slice(-MAX_HISTORY) };
}
