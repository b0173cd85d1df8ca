/**
 * One round of active confirmation for a run: the suspects of its findings probed, each verdict
 * turned into a fact for the run's intel, then a second sweep judges the contacts against them —
 * a confirmed pool adds pool-address evidence, a not-pool verdict takes the flow-shape guesses
 * about that peer out of the score. `rigsweep scan --probe` and the carrier bench both call it.
 */
import type { Analysis } from '../analysis';
import type { Config } from '../config/schema';
import type { Detector, IntelFact } from '../detect/api';
import { scoreStore } from '../report/build';
import type { HostFinding } from '../score/findings';
import type { ScoreStore } from '../store/score-store';
import { createProber, verdictFact, type ProberOptions, type ProbeVerdict, type PlannedProbe } from './index';
import { probeSuspects } from './suspects';

export interface Confirmation {
  planned: PlannedProbe[];
  verdicts: ProbeVerdict[];
  facts: IntelFact[];
  /** The findings the suspects were drawn from (before the verdicts). */
  before: HostFinding[];
}

export async function confirmAndSweep(
  analysis: Analysis,
  store: ScoreStore,
  config: Config,
  detectors: readonly Detector[],
  settings: Config['probe'],
  options: ProberOptions,
): Promise<Confirmation> {
  const before = (await scoreStore(store, config, detectors)).hosts;
  const targets = probeSuspects(before, analysis.pipeline.intel, options.isHome, settings.maxPerSweep);
  const prober = createProber(settings, options);
  try {
    const planned = prober.plan(targets);
    const verdicts = await prober.probeAll(targets);
    const facts = verdicts.map((v) => verdictFact(v, settings)).filter((f): f is IntelFact => f !== undefined);
    if (facts.length > 0) {
      analysis.pipeline.intel.add(facts);
      await analysis.sweep();
    }
    return { planned, verdicts, facts, before };
  } finally {
    prober.close();
  }
}
