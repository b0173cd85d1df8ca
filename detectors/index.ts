/** The detector registry: adding a detector is its folder, one line here, and a fixture. */
import type { Detector } from '../src/detect/api';
import { stratumDetector } from './stratum';
import { poolEndpointDetector } from './pool-endpoint';
import { poolDomainDetector } from './pool-domain';
import { nodeProtocolDetector } from './node-protocol';
import { flowBehaviourDetector } from './flow-behaviour';
import { sitePatternDetector } from './site-pattern';

export const detectors: readonly Detector[] = [stratumDetector, poolDomainDetector, poolEndpointDetector, nodeProtocolDetector, flowBehaviourDetector, sitePatternDetector];
