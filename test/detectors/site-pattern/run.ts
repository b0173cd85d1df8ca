/** A site-pattern run with the schema's defaults (plus overrides) and the default home networks. */
import { emptyIntel } from '../../helpers/intel';
import type { DetectorRun } from '../../../src/detect/api';
import { sitePatternDetector } from '../../../detectors/site-pattern';
import { cidrMatcher } from '../../../src/flow/ip';
import { defaults } from '../flow-behaviour/run';
import { detectorSettings } from '../../../src/detect/pipeline';

export function siteRun(overrides: Record<string, unknown> = {}): DetectorRun {
  return sitePatternDetector.create({
    isHome: cidrMatcher(defaults().homeNetworks),
    indicators: { poolDomains: [], poolEndpoints: [] },
    intel: emptyIntel(),
    settings: { ...detectorSettings(sitePatternDetector, defaults()), ...overrides },
  });
}
