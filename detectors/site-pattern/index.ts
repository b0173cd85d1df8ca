/**
 * site-pattern: shapes no single session shows, evaluated over a window in sweep(): a farm
 * behind one NAT address, many home clients converging on one endpoint, and a mining proxy
 * inside the home networks. Sessions count when flow-behaviour's stratum-like predicate holds
 * for their triplet. See README.md.
 */
import { evidenceFor, type Detector, type Evidence, type FlowRecord, type WindowPart } from '../../src/detect/api';
import { summaryFlow } from '../flow-behaviour/summary-flow';
import { TripletTable } from '../flow-behaviour/triplet-table';
import { mayBeStratumLike } from '../flow-behaviour/verdict';
import { absorbPart, exportPart } from '../flow-behaviour/window-part';
import { SITE_PATTERN_CODES } from './codes';
import { fanIns } from './fan-in';
import { farms } from './farm';
import type { SiteFinding } from './finding';
import { miningSessions } from './mining-sessions';
import { proxies } from './proxy';
import { ReportedSizes } from './reported-sizes';
import { readSiteSettings } from './settings';

export const sitePatternDetector: Detector = {
  id: 'site-pattern',
  description:
    'Site-level mining shapes from flow counters: many concurrent stratum-like sessions behind one address, many home clients on one endpoint, a mining proxy.',
  needs: [],
  codes: SITE_PATTERN_CODES,
  create(context) {
    const settings = readSiteSettings(context.settings);
    // Job pushes are not a core signal, and only core signals make a session count: not tracked.
    const table = new TripletTable(settings.maxTriplets, undefined, (flow) => context.isHome(flow.client.ip));
    // Only a long-lived triplet on a port not excluded can be stratum-like: the rest are not built.
    const candidate = (slot: number) => mayBeStratumLike(table.serverPortAt(slot), table.longestSessionSecondsAt(slot), settings.profile);
    const reported = new ReportedSizes(settings.maxTriplets);
    const toEvidence = (f: SiteFinding): Evidence[] => {
      const evidence = evidenceFor(sitePatternDetector, f.code, summaryFlow(f.triplet), f.facts);
      const dedupKey = f.dedupKey ?? evidence.dedupKey;
      const count = reported.growth(dedupKey, f.size);
      return count > 0 ? [{ ...evidence, dedupKey, count }] : [];
    };
    return {
      inspect(flow: FlowRecord): Evidence[] {
        // Every pattern is about home clients (the table admits no other); the guard keeps one odd
        // record from stopping a run.
        try {
          table.addRecord(flow);
        } catch {
          // nothing to report from one record
        }
        return [];
      },
      sweep(now: number): Evidence[] {
        try {
          const sessions = miningSessions(table.values(candidate), settings.profile);
          const findings = [
            ...farms(sessions, context.isHome, settings.farmMinSessions),
            ...fanIns(sessions, context.isHome, settings.fanInMinClients),
            ...proxies(sessions, context.isHome, settings.proxyMinClients),
          ];
          return findings.flatMap(toEvidence);
        } catch {
          return [];
        } finally {
          table.forgetIdle(now, settings.windowSeconds);
        }
      },
      exportWindow: () => exportPart(table),
      /**
       * Answers how many rows were skipped as malformed (the API declares void; see README.md).
       * A triplet evicted to make room goes unjudged, as in inspect: patterns need the window whole.
       */
      absorbWindow: (part: WindowPart): number => absorbPart(table, part),
    };
  },
};
