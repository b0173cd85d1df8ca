/** The detectors.sitePattern config section, narrowed locally (defaults live in the schema). */
import { readProfile, type StratumProfile } from '../flow-behaviour/profile';
import { capacityAt, numberAt, type Section } from '../flow-behaviour/read-settings';

export interface SiteSettings {
  windowSeconds: number;
  maxTriplets: number;
  farmMinSessions: number;
  fanInMinClients: number;
  proxyMinClients: number;
  profile: StratumProfile;
}

export function readSiteSettings(settings: Section | undefined): SiteSettings {
  return {
    windowSeconds: numberAt(settings, 'windowSeconds'),
    maxTriplets: capacityAt(settings, 'maxTriplets'),
    farmMinSessions: numberAt(settings, 'farmMinSessions'),
    fanInMinClients: numberAt(settings, 'fanInMinClients'),
    proxyMinClients: numberAt(settings, 'proxyMinClients'),
    profile: readProfile(settings),
  };
}
