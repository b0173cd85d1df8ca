/**
 * What the analyst reads: the graded points and the signals behind them, then the figures.
 * The report shows the first few facts of an evidence item, so the order is deliberate: points
 * and signals first, then duration, rates, sizes, balance and activity.
 */
import type { FactValue } from '../../src/detect/api';
import type { PerDirection } from './measures';
import type { Verdict } from './verdict';

const round = (value: number, digits: number) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : -1);
const both = ({ toServer, toClient }: PerDirection, digits: number) =>
  `${round(toServer, digits)} to server, ${round(toClient, digits)} to client`;

export function behaviourFacts(verdict: Verdict): Record<string, FactValue> {
  const m = verdict.measures;
  const partial = verdict.failed.map((name) => `${name} ${round(verdict.supports[name] ?? 0, 2)}`);
  return {
    points: round(verdict.points, 2),
    signals: verdict.met.join(', '),
    ...(partial.length ? { partial: partial.join(', ') } : {}),
    ...(verdict.unknown.length ? { unknown: verdict.unknown.join(', ') } : {}),
    durationSeconds: Math.round(m.longestSessionSeconds),
    packetsPerMinute: both(m.packetsPerMinute, 1),
    bytesPerPacket: both(m.bytesPerPacket, 0),
    packetRatio: round(m.packetRatio, 2),
    bytesPerMinute: Math.round(m.bytesPerMinute),
    periodicPushes: verdict.met.includes('periodic-pushes') ? 'yes' : verdict.unknown.includes('periodic-pushes') ? 'n/a' : 'no',
    activeShare: round(m.activity.activeShare, 2),
    dispersion: round(m.activity.dispersion, 2),
    sessionSeconds: Math.round(m.sessionSeconds),
    sessions: m.sessions,
    concurrentSessions: m.concurrentSessions,
    peers: verdict.peers,
    ...(m.sampling > 1 ? { sampling: m.sampling } : {}),
  };
}
