/** A scored host as the report holds it, with Stratum evidence to one or more pools. */
import type { HostFinding } from '../../src/score/findings';

export function hostFinding(ip: string, level: HostFinding['level'], score: number, pools: string[] = ['203.0.113.5:3333']): HostFinding {
  return {
    ip,
    level,
    score,
    bases: ['payload-protocol'],
    role: 'miner',
    home: true,
    reasons: [],
    evidence: pools.map((peer, i) => ({ code: 'stratum.client', basis: 'payload-protocol', weight: 0.9, detector: 'stratum', peer, count: i === 0 ? 3 : 1, firstSeen: 0, lastSeen: 1, facts: {} })),
    evidenceTotal: pools.length,
    pools,
    firstSeen: 0,
    lastSeen: 1,
  };
}
