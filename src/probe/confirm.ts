/**
 * One round of active confirmation for a run: the suspects of its findings probed, each verdict
 * turned into a fact for the run's intel (and for the store the caller keeps). Scans call it once
 * after their sweep; the bench calls it the same way.
 */
import type { Config } from '../config/schema';
import type { IntelFact, IntelView } from '../detect/api';
import type { HostFinding } from '../score/findings';
import { createProber, verdictFact, type ProberOptions, type ProbeVerdict, type PlannedProbe } from './index';
import { probeSuspects } from './suspects';

export interface Confirmation {
  planned: PlannedProbe[];
  verdicts: ProbeVerdict[];
  facts: IntelFact[];
}

export async function confirmSuspects(
  hosts: readonly HostFinding[],
  intel: IntelView,
  settings: Config['probe'],
  options: ProberOptions,
): Promise<Confirmation> {
  const targets = probeSuspects(hosts, intel, options.isHome, settings.maxPerSweep);
  const prober = createProber(settings, options);
  try {
    const planned = prober.plan(targets);
    const verdicts = await prober.probeAll(targets);
    const facts = verdicts.map((v) => verdictFact(v, settings)).filter((f): f is IntelFact => f !== undefined);
    return { planned, verdicts, facts };
  } finally {
    prober.close();
  }
}
