import { raiseFollowups } from '../../src/followup/raise';
import type { DecisionRecord, FlagRecord } from '../../src/followup/entry';
import type { HostFinding } from '../../src/score/findings';
import { hostFinding } from '../helpers/hosts';

const host = (ip: string, level: HostFinding['level'], score: number) => hostFinding(ip, level, score);
const now = new Date('2026-11-22T12:00:00Z');
const flag = (ip: string, level: FlagRecord['level']): FlagRecord => ({ ip, level, score: 50, role: 'miner', firstFlaggedAt: 'then', updatedAt: 'then', history: [] });
const dismissed: DecisionRecord = { state: 'dismissed', decidedAt: 'then', history: [] };

describe('raiseFollowups', () => {
  it('raises a new flag once, with its codes and pools', () => {
    const raised = raiseFollowups([host('10.0.0.1', 'medium', 50), host('10.0.0.2', 'low', 20)], new Map(), new Map(), now);
    expect(raised.jobs).toEqual([expect.objectContaining({ ip: '10.0.0.1', reason: 'new', level: 'medium', previousLevel: 'none', codes: ['stratum.client'], pools: ['203.0.113.5:3333'] })]);
    expect(raised.flags).toEqual([expect.objectContaining({ ip: '10.0.0.1', level: 'medium', firstFlaggedAt: now.toISOString(), history: [{ at: now.toISOString(), event: 'flagged medium' }] })]);
  });

  it('raises again only when the level rises', () => {
    const known = new Map([['10.0.0.1', flag('10.0.0.1', 'medium')]]);
    expect(raiseFollowups([host('10.0.0.1', 'medium', 60)], known, new Map(), now).jobs).toEqual([]);
    const rose = raiseFollowups([host('10.0.0.1', 'high', 90)], known, new Map(), now);
    expect(rose.jobs).toEqual([expect.objectContaining({ reason: 'raised', previousLevel: 'medium', level: 'high' })]);
    expect(rose.flags[0].history.at(-1)?.event).toBe('level medium → high');
  });

  it('records a dismissed address rising but raises no follow-up for it', () => {
    const rose = raiseFollowups([host('10.0.0.1', 'high', 90)], new Map([['10.0.0.1', flag('10.0.0.1', 'medium')]]), new Map([['10.0.0.1', dismissed]]), now);
    expect(rose.jobs).toEqual([]);
    expect(rose.flags.map((f) => f.level)).toEqual(['high']);
  });
});
