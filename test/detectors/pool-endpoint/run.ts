/** A pool-endpoint run over hand-made intel, judged flow by flow (inspect, then a sweep), for the tests in this folder. */
import type { Evidence, FlowRecord, IntelFact, PoolEndpointIndicator } from '../../../src/detect/api';
import { poolEndpointDetector } from '../../../detectors/pool-endpoint';
import { curatedFact, RunIntel } from '../../../src/intel';
import { cidrMatcher } from '../../../src/flow/ip';

export const HOME = cidrMatcher(['192.168.0.0/16', '10.0.0.0/8']);

export function endpointRun(endpoints: readonly PoolEndpointIndicator[], settings: Record<string, unknown>, facts: readonly IntelFact[] = []) {
  const intel = new RunIntel([...endpoints.map(curatedFact), ...facts], { maxLearned: 1000, skipRanges: [] });
  const run = poolEndpointDetector.create({ isHome: HOME, indicators: { poolDomains: [], poolEndpoints: endpoints }, intel, settings });
  return {
    intel,
    run,
    judge(flow: FlowRecord): Evidence[] {
      return [...run.inspect(flow), ...run.sweep!(flow.lastSeen)];
    },
  };
}
