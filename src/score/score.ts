/**
 * Evidence → score → level. Within one basis only the strongest code counts (a hundred port
 * hits are still one weak signal); independent bases combine like independent probabilities,
 * so two medium signals make a strong one but no pile of weak ones reaches certainty.
 */
import type { Basis, EvidenceCodeSpec } from '../detect/api';

export type Level = 'low' | 'medium' | 'high';

export function combineScore(specs: readonly EvidenceCodeSpec[]): { score: number; bases: Basis[] } {
  const strongest = new Map<Basis, number>();
  for (const s of specs) strongest.set(s.basis, Math.max(strongest.get(s.basis) ?? 0, s.weight));
  const doubt = [...strongest.values()].reduce((acc, w) => acc * (1 - w), 1);
  return { score: Math.round(100 * (1 - doubt)), bases: [...strongest.keys()] };
}

export function levelFor(score: number, thresholds: { mediumAt: number; highAt: number }): Level {
  if (score >= thresholds.highAt) return 'high';
  if (score >= thresholds.mediumAt) return 'medium';
  return 'low';
}

export const LEVEL_ORDER: Record<Level, number> = { low: 0, medium: 1, high: 2 };

export function isFlagged(level: Level): boolean {
  return level !== 'low';
}
