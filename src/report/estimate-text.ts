import type { Estimate } from '../score/estimate';
import { formatHashrate, formatPower } from './units';

/** One short phrase an analyst can read at a glance: hashrate ±error, rigs, power. */
export function estimateText(estimate: Estimate | undefined): string {
  if (!estimate) return '';
  const parts: string[] = [];
  const algo = estimate.algorithmStated ? estimate.algorithm : `${estimate.algorithm}?`;
  if (estimate.hashrate) {
    const reported = estimate.selfReportedHashesPerSecond ? ` (self-reported ${formatHashrate(estimate.selfReportedHashesPerSecond)})` : '';
    parts.push(`${formatHashrate(estimate.hashrate.hashesPerSecond)} ±${Math.round(estimate.hashrate.relativeError * 100)}% ${algo}${reported}`);
  } else if (estimate.selfReportedHashesPerSecond) {
    parts.push(`${formatHashrate(estimate.selfReportedHashesPerSecond)} self-reported ${algo}`);
  }
  parts.push(`${estimate.rigs.estimate} rig${estimate.rigs.estimate === 1 ? '' : 's'}`);
  if (estimate.power) parts.push(formatPower(estimate.power.kwMin, estimate.power.kwMax));
  if (estimate.coarse) parts.push('coarse: flow shape only');
  return parts.join(', ');
}
