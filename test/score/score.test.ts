import { combineScore, levelFor } from '../../src/score/score';
import type { EvidenceCodeSpec } from '../../src/detect/api';

const spec = (basis: EvidenceCodeSpec['basis'], weight: number): EvidenceCodeSpec => ({
  code: `${basis}.${weight}`,
  basis,
  weight,
  accountable: 'client',
  role: 'miner',
  description: '',
});

describe('combineScore', () => {
  it('is 100 × the weight for a single code', () => {
    expect(combineScore([spec('pool-name', 0.6)]).score).toBe(60);
  });

  it('counts only the strongest code within one basis', () => {
    const many = Array.from({ length: 50 }, () => spec('port', 0.1));
    expect(combineScore(many).score).toBe(10);
    expect(combineScore([spec('port', 0.1), spec('port', 0.3)]).score).toBe(30);
  });

  it('combines independent bases like independent probabilities', () => {
    // 1 - (1-0.6)(1-0.5) = 0.8
    const { score, bases } = combineScore([spec('pool-name', 0.6), spec('pool-address', 0.5)]);
    expect(score).toBe(80);
    expect(bases.sort()).toEqual(['pool-address', 'pool-name']);
  });

  it('never exceeds 100 and is 0 without evidence', () => {
    expect(combineScore([spec('payload-protocol', 1), spec('port', 1)]).score).toBe(100);
    expect(combineScore([]).score).toBe(0);
  });
});

describe('levelFor', () => {
  const t = { mediumAt: 40, highAt: 75 };
  it.each([
    [0, 'low'],
    [39, 'low'],
    [40, 'medium'],
    [74, 'medium'],
    [75, 'high'],
    [100, 'high'],
  ])('score %i is %s', (score, level) => {
    expect(levelFor(score, t)).toBe(level);
  });
});
