/**
 * flow-behaviour: the Stratum profile in flow counters alone, for sources with no payload
 * (NetFlow, IPFIX, CSV exports) and for encrypted mining in captures. Records are aggregated per
 * (client, server, server port) triplet over a window and judged in sweep(). See README.md.
 */
import type { Detector, Evidence, FlowRecord } from '../../src/detect/api';
import { FLOW_BEHAVIOUR_CODES } from './codes';
import { reportTriplet } from './report-triplet';
import { readBehaviourSettings } from './settings';
import { TripletTable } from './triplet-table';
import type { TripletStats } from './triplet-stats';

export const flowBehaviourDetector: Detector = {
  id: 'flow-behaviour',
  description:
    'Stratum-like TCP sessions from flow counters alone: long-lived, ACK/PSH, small packets at a low steady rate both ways, no bulk.',
  needs: [],
  codes: FLOW_BEHAVIOUR_CODES,
  create(context) {
    const settings = readBehaviourSettings(context.settings);
    const table = new TripletTable(settings.maxTriplets, settings.profile.pushes.maxGapSeconds);
    const report = (stats: TripletStats) => reportTriplet(flowBehaviourDetector, stats, settings);
    return {
      inspect(flow: FlowRecord): Evidence[] {
        // Written not to throw; the guard only keeps one surprising record from stopping a run
        // (the unit and property tests drive the table and judge directly, so surprises surface).
        try {
          if (settings.homeClientsOnly && !context.isHome(flow.client.ip)) return [];
          const evicted = table.add(flow);
          // A triplet pushed out of a full table is judged on what it gathered before it goes.
          return evicted ? report(evicted) : [];
        } catch {
          return [];
        }
      },
      sweep(now: number): Evidence[] {
        const found: Evidence[] = [];
        for (const stats of table.values()) {
          try {
            found.push(...report(stats));
          } catch {
            // see inspect
          }
        }
        table.forgetIdle(now, settings.windowSeconds);
        return found;
      },
    };
  },
};
