/**
 * Whether the home networks a report was judged with look right. Roles and pools depend on
 * them (a Stratum server outside them is taken for a pool, not a proxy on the operator's
 * network), so a typo in homeNetworks quietly changes verdicts. When every address the report
 * lists lies outside them, that is almost certainly the case, and the report says so.
 */
import type { HostFinding } from '../score/findings';

export function homeNetworkWarnings(hosts: readonly HostFinding[], homeNetworks: readonly string[]): string[] {
  if (hosts.length === 0 || hosts.some((h) => h.home)) return [];
  const listed = homeNetworks.length ? homeNetworks.join(', ') : 'none';
  const which = hosts.length === 1 ? 'the one flagged or watched address lies' : `all ${hosts.length} flagged or watched addresses lie`;
  return [
    `${which} outside the home networks (${listed}): if these addresses are yours, add their ranges to homeNetworks in the config (or RIGSWEEP_HOME_NETWORKS); outside them a Stratum server is taken for a pool rather than a proxy, and roles may be wrong`,
  ];
}
