/**
 * What the analyst reads: which signals held (and which did not) and the figures behind them.
 * The report shows the first few facts of an evidence item, so the order is deliberate: the
 * signals first, then duration, rates, sizes and balance.
 */
import type { FactValue } from '../../src/detect/api';
import type { PerDirection } from './measures';
import type { Verdict } from './verdict';

const round = (value: number, digits: number) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : -1);
const both = ({ toServer, toClient }: PerDirection, digits: number) =>
  `${round(toServer, digits)} to server, ${round(toClient, digits)} to client`;

export function behaviourFacts(verdict: Verdict): Record<string, FactValue> {
  const m = verdict.measures;
  return {
    signals: verdict.met.join(', '),
    ...(verdict.strength === 'weak' ? { missing: [...verdict.failed, ...verdict.unknown].join(', ') } : {}),
    durationSeconds: Math.round(m.longestSessionSeconds),
    packetsPerMinute: both(m.packetsPerMinute, 1),
    bytesPerPacket: both(m.bytesPerPacket, 0),
    packetRatio: round(m.packetRatio, 2),
    bytesPerMinute: Math.round(m.bytesPerMinute),
    sessions: m.sessions,
    concurrentSessions: m.concurrentSessions,
    periodicPushes: verdict.met.includes('periodic-pushes') ? 'yes' : verdict.unknown.includes('periodic-pushes') ? 'n/a' : 'no',
  };
}
