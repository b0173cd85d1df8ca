/** A flow-behaviour run with the schema's defaults (plus overrides) and the default home networks. */
import { emptyIntel } from '../../helpers/intel';
import type { DetectorRun, Evidence, FlowRecord } from '../../../src/detect/api';
import { configSchema } from '../../../src/config/schema';
import { cidrMatcher } from '../../../src/flow/ip';
import { flowBehaviourDetector } from '../../../detectors/flow-behaviour';
import { detectorSettings } from '../../../src/detect/pipeline';

export const defaults = () => configSchema.parse({});

export function behaviourSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...detectorSettings(flowBehaviourDetector, defaults()), ...overrides };
}

export function behaviourRun(overrides: Record<string, unknown> = {}): DetectorRun {
  return flowBehaviourDetector.create({
    isHome: cidrMatcher(defaults().homeNetworks),
    indicators: { poolDomains: [], poolEndpoints: [] },
    intel: emptyIntel(),
    settings: behaviourSettings(overrides),
  });
}

/** Feeds the records (one "file" after another), then sweeps once at the latest record time. */
export function sweepAfter(run: DetectorRun, ...files: FlowRecord[][]): Evidence[] {
  const inspected = files.flat().flatMap((f) => run.inspect(f));
  const now = Math.max(...files.flat().map((f) => f.lastSeen));
  return [...inspected, ...(run.sweep?.(now) ?? [])];
}

export const codesOf = (evidence: Evidence[]) => evidence.map((e) => e.code).sort();
