/** The detectors.flowBehaviour config section, narrowed locally (defaults live in the schema). */
import { readProfile, type StratumProfile } from './profile';
import { booleanAt, capacityAt, numberAt, type Section } from './read-settings';
import type { JudgeOptions } from './verdict';

export interface BehaviourSettings extends JudgeOptions {
  windowSeconds: number;
  maxTriplets: number;
  homeClientsOnly: boolean;
  profile: StratumProfile;
}

export function readBehaviourSettings(settings: Section | undefined): BehaviourSettings {
  return {
    windowSeconds: numberAt(settings, 'windowSeconds'),
    maxTriplets: capacityAt(settings, 'maxTriplets'),
    homeClientsOnly: booleanAt(settings, 'homeClientsOnly'),
    minObservedSeconds: numberAt(settings, 'minObservedSeconds'),
    profile: readProfile(settings),
  };
}
