/** A detector declaring one code of each kind the scorer distinguishes, for scorer and report tests. */
import type { Detector, EvidenceCodeSpec, Evidence } from '../../src/detect/api';

const code = (c: string, basis: EvidenceCodeSpec['basis'], weight: number, accountable: 'client' | 'server', role: EvidenceCodeSpec['role']): EvidenceCodeSpec => ({
  code: c,
  basis,
  weight,
  accountable,
  role,
  description: `test ${c}`,
});

export const fakeDetector: Detector = {
  id: 'fake',
  description: 'test detector',
  needs: [],
  codes: [
    code('t.protocol', 'payload-protocol', 0.9, 'client', 'miner'),
    code('t.server', 'payload-protocol', 0.9, 'server', 'proxy'),
    code('t.name', 'pool-name', 0.6, 'client', 'miner'),
    code('t.port', 'port', 0.1, 'client', 'miner'),
    code('t.node', 'node-protocol', 0.2, 'client', 'node'),
    code('t.sustained', 'behaviour', 0.45, 'client', 'miner'),
    code('t.shape', 'behaviour', 0.34, 'client', 'miner'),
    code('t.confirmed', 'pool-address', 0.6, 'client', 'miner'),
    { ...code('t.not-pool', 'verdict', 0, 'client', 'miner'), peerIsPool: false, refutes: ['behaviour', 'site', 'port'] },
  ],
  create: () => ({ inspect: () => [] }),
};

export function fakeEvidence(c: string, subject: string, peer: string, peerPort: number, extra: Partial<Evidence> = {}): Evidence {
  return {
    detector: 'fake',
    code: c,
    subject,
    subjectPort: c === 't.server' ? 3333 : 50000,
    peer: { ip: peer, port: peerPort },
    firstSeen: 1_700_000_000,
    lastSeen: 1_700_000_600,
    count: 1,
    facts: {},
    dedupKey: `${c}|${subject}|${peer}|${peerPort}`,
    ...extra,
  };
}
