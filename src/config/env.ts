/**
 * Environment variables for deployment. Only settings an operator changes per machine are
 * mapped; everything else belongs in the config file.
 */
export const ENVIRONMENT_VARIABLES = {
  RIGSWEEP_HOME_NETWORKS: 'comma-separated CIDRs replacing homeNetworks',
  RIGSWEEP_OWNERS: 'owner map file (CSV: cidr,owner,nature)',
  RIGSWEEP_CONFIG: 'config file used when a command is given no --config',
  REDIS_URL: 'queue.redisUrl: redis://[:password@]host:port[/db], rediss:// for TLS',
  RIGSWEEP_PREFIX: 'queue.prefix: names one deployment\'s keys in Redis',
} as const;

export function environmentOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.RIGSWEEP_HOME_NETWORKS) {
    out.homeNetworks = env.RIGSWEEP_HOME_NETWORKS.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (env.RIGSWEEP_OWNERS) out.owners = env.RIGSWEEP_OWNERS;
  const queue: Record<string, unknown> = {};
  if (env.REDIS_URL) queue.redisUrl = env.REDIS_URL;
  if (env.RIGSWEEP_PREFIX) queue.prefix = env.RIGSWEEP_PREFIX;
  if (Object.keys(queue).length) out.queue = queue;
  return out;
}
