import type { EvidenceCodeSpec } from '../../src/detect/api';

export const BEHAVIOUR_CODES = {
  stratumLike: 'behaviour.stratum-like',
  weak: 'behaviour.weak',
} as const;

export const FLOW_BEHAVIOUR_CODES: readonly EvidenceCodeSpec[] = [
  {
    code: BEHAVIOUR_CODES.stratumLike,
    basis: 'behaviour',
    // Alone it only just reaches the flagging level: flow heuristics misjudge a few percent of
    // long quiet sessions (Veselý & Žádník report 2.6-8.6 % false positives before probing).
    weight: 0.45,
    accountable: 'client',
    role: 'miner',
    description:
      'A long-lived TCP session with the flow profile of Stratum: ACK/PSH only, small packets, a low steady rate both ways, balanced, no bulk.',
  },
  {
    code: BEHAVIOUR_CODES.weak,
    basis: 'behaviour',
    weight: 0.15,
    accountable: 'client',
    role: 'miner',
    peerIsPool: false,
    description:
      'A TCP session meeting several, not all, of the Stratum flow signals: watch only, it adds to stronger evidence from other bases.',
  },
];
