/**
 * flow-behaviour: the Stratum profile in flow counters alone, for sources with no payload
 * (NetFlow, IPFIX, CSV exports) and for encrypted mining in captures. Records are aggregated per
 * (client, server, server port) triplet over a window and judged in sweep(). See README.md.
 */
import type { Detector, Evidence, FlowRecord, WindowPart } from '../../src/detect/api';
import { FLOW_BEHAVIOUR_CODES } from './codes';
import { endpointKey, peerContexts, peerSample, type PeerSample } from './peer-context';
import { candidateAt, evidenceOf, reportTriplet, type Candidate } from './report-triplet';
import { readBehaviourSettings } from './settings';
import { NO_SLOT, TripletTable, type Admits } from './triplet-table';
import { isJudgeable } from './verdict';
import { absorbPart, exportPart } from './window-part';

export const flowBehaviourDetector: Detector = {
  id: 'flow-behaviour',
  description:
    'Stratum-like TCP sessions from flow counters alone: long-lived, ACK/PSH, small packets at a low steady rate both ways, no bulk.',
  needs: [],
  codes: FLOW_BEHAVIOUR_CODES,
  create(context) {
    const settings = readBehaviourSettings(context.settings);
    const admits: Admits | undefined = settings.homeClientsOnly ? (record) => context.isHome(record.client.ip) : undefined;
    const table = new TripletTable(settings.maxTriplets, settings.profile.pushes.maxGapSeconds, admits);
    const report = (slot: number) => reportTriplet(flowBehaviourDetector, table, slot, settings);
    // Triplets pushed out of a full table while absorbing parts: judged as they go, like those
    // evicted in inspect, and handed over by the next sweep (absorbing returns no evidence).
    const evictedOnAbsorb: Evidence[] = [];
    return {
      inspect(flow: FlowRecord): Evidence[] {
        // Written not to throw; the guard only keeps one surprising record from stopping a run
        // (the unit and property tests drive the table and judge directly, so surprises surface).
        try {
          const evicted = table.addRecord(flow);
          // A triplet pushed out of a full table is judged on what it gathered before it goes.
          return evicted === NO_SLOT ? [] : report(evicted);
        } catch {
          return [];
        }
      },
      sweep(now: number): Evidence[] {
        const found = evictedOnAbsorb.splice(0);
        // Every triplet with new records is graded first, so each can be judged beside the other
        // home clients of its endpoint (peer-context.ts); the crowd counts every judgeable
        // triplet held, the ones without new records too.
        const candidates: Candidate[] = [];
        const crowd: PeerSample[] = [];
        for (const slot of table.slots()) {
          try {
            if (table.isJudged(slot)) {
              if (isJudgeable(table.serverPortAt(slot), table.sessionSecondsAt(slot), settings.profile, settings)) crowd.push(table.peerSampleAt(slot));
              continue;
            }
            const candidate = candidateAt(table, slot, settings);
            if (!candidate) continue;
            candidates.push(candidate);
            const { client, server, serverPort } = candidate.stats;
            crowd.push(peerSample(client, server, serverPort, candidate.graded.measures.activity));
          } catch {
            // see inspect
          }
        }
        const contexts = peerContexts(crowd, settings.profile);
        for (const candidate of candidates) {
          const peers = contexts.get(endpointKey(candidate.stats.server, candidate.stats.serverPort)) ?? 'few';
          try {
            found.push(...evidenceOf(flowBehaviourDetector, table, candidate, peers, settings));
          } catch {
            // see inspect
          }
        }
        table.forgetIdle(now, settings.windowSeconds);
        return found;
      },
      exportWindow: () => exportPart(table),
      /** Answers how many rows were skipped as malformed (the API declares void; see README.md). */
      absorbWindow(part: WindowPart): number {
        return absorbPart(table, part, (slot) => {
          try {
            evictedOnAbsorb.push(...report(slot));
          } catch {
            // see inspect
          }
        });
      },
    };
  },
};
