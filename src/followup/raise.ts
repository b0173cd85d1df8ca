/**
 * Which flagged addresses need follow-up after a re-score: one not flagged before (new), or one
 * whose level rose. A dismissed address is on the allowlist: its flag is still recorded, but no
 * follow-up is raised for it again.
 */
import type { HostFinding } from '../score/findings';
import { isFlagged, LEVEL_ORDER, type Level } from '../score/score';
import type { FollowupJob } from '../queue/payloads';
import { appendHistory, type DecisionRecord, type FlagRecord } from './entry';

export interface Raised {
  /** Flag records to write (new ones and raised ones). */
  flags: FlagRecord[];
  /** Follow-up jobs for analysts and integrations. */
  jobs: FollowupJob[];
}

export function raiseFollowups(
  hosts: readonly HostFinding[],
  flags: ReadonlyMap<string, FlagRecord>,
  decisions: ReadonlyMap<string, DecisionRecord>,
  now: Date,
): Raised {
  const at = now.toISOString();
  const raised: Raised = { flags: [], jobs: [] };
  for (const host of hosts) {
    if (!isFlagged(host.level)) continue;
    const flag = flags.get(host.ip);
    if (flag && LEVEL_ORDER[host.level] <= LEVEL_ORDER[flag.level]) continue;
    const figures = { level: host.level, score: host.score, role: host.role, updatedAt: at };
    raised.flags.push(
      flag
        ? appendHistory({ ...flag, ...figures }, at, `level ${flag.level} → ${host.level}`)
        : appendHistory({ ip: host.ip, ...figures, firstFlaggedAt: at, history: [] }, at, `flagged ${host.level}`),
    );
    if (decisions.get(host.ip)?.state !== 'dismissed') raised.jobs.push(followupJob(host, flag ? 'raised' : 'new', flag?.level ?? 'none', at));
  }
  return raised;
}

function followupJob(host: HostFinding, reason: FollowupJob['reason'], previousLevel: Level | 'none', at: string): FollowupJob {
  return {
    ip: host.ip,
    reason,
    level: host.level as FollowupJob['level'],
    previousLevel,
    score: host.score,
    role: host.role,
    codes: [...new Set(host.evidence.map((e) => e.code))],
    pools: host.pools,
    flaggedAt: at,
  };
}
