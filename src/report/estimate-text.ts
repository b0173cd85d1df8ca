import type { Estimate } from '../score/estimate';
import { formatEnergy, formatHashrate, formatPower } from './units';

/** One short phrase an analyst can read at a glance: hashrate ±error, rigs, power and energy per year. */
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
  if (estimate.power) {
    parts.push(formatPower(estimate.power.kwMin, estimate.power.kwMax));
    parts.push(formatEnergy(estimate.power.kwhPerYearMin, estimate.power.kwhPerYearMax));
  }
  if (estimate.coarse) parts.push('coarse: flow shape only');
  return parts.join(', ');
}

/** The report's total: power and energy per year of every flagged address that counts. */
export function totalPowerText(power: { kwMin: number; kwMax: number; kwhPerYearMin: number; kwhPerYearMax: number }): string {
  return `${formatPower(power.kwMin, power.kwMax)}, ${formatEnergy(power.kwhPerYearMin, power.kwhPerYearMax)}`;
}
