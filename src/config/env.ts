/**
 * Environment variables for deployment. Only settings an operator changes per machine are
 * mapped; everything else belongs in the config file.
 */
export const ENVIRONMENT_VARIABLES = {
  RIGSWEEP_HOME_NETWORKS: 'comma-separated CIDRs replacing homeNetworks',
  RIGSWEEP_OWNERS: 'owner map file (CSV: cidr,owner,nature)',
} as const;

export function environmentOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.RIGSWEEP_HOME_NETWORKS) {
    out.homeNetworks = env.RIGSWEEP_HOME_NETWORKS.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (env.RIGSWEEP_OWNERS) out.owners = env.RIGSWEEP_OWNERS;
  return out;
}
