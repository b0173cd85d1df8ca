/**
 * Runs Prometheus's promtool (Debian: apt-get install prometheus; scripts/install-test-tools.sh
 * installs it), for unit tests of the example alert rules.
 */
import { spawnSync } from 'node:child_process';

export interface PromtoolRun {
  code: number | null;
  output: string;
}

export function promtool(args: string[], cwd?: string): PromtoolRun {
  const run = spawnSync('promtool', args, { encoding: 'utf8', cwd, timeout: 60_000 });
  if (run.error) throw new Error(`cannot run promtool (${run.error.message}): apt-get install -y prometheus, or scripts/install-test-tools.sh`);
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}
