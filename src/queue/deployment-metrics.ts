/**
 * The deployment-wide series every worker exports from Redis (deployment-stats.ts) at scrape
 * time: follow-ups raised by any sweep and the last scheduled sweep. Every worker shows the same
 * totals, so dashboards and alerts aggregate them with max, not sum.
 */
import type { Metrics } from '../metrics/metrics';
import { FLAGGED_LEVELS, FOLLOWUP_REASONS } from '../metrics/label-values';
import type { DeploymentSnapshot } from '../store/redis/deployment-stats';

/**
 * What brings the deployment-wide series up to the totals in Redis at each scrape: follow-ups
 * raised by any sweep (a counter, only ever advanced by what the totals grew since the last
 * read), and the last scheduled sweep.
 */
export function deploymentExporter(metrics: Metrics): (snapshot: DeploymentSnapshot) => void {
  const seen = new Map<string, number>();
  return (snapshot) => {
    for (const reason of FOLLOWUP_REASONS) {
      for (const level of FLAGGED_LEVELS) {
        const key = `${reason}:${level}`;
        // From the first read every combination shows, at zero until raised: the first high flag is an increase.
        const total = snapshot.followups[key] ?? 0;
        const before = seen.get(key);
        if (before === undefined || total > before) metrics.followups.inc({ reason, level }, total - (before ?? 0));
        seen.set(key, Math.max(total, before ?? 0));
      }
    }
    if (snapshot.sweptAt !== undefined) metrics.lastSweep.set(snapshot.sweptAt);
  };
}
