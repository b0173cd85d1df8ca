import type { EvidenceCodeSpec } from '../../src/detect/api';

export const BEHAVIOUR_CODES = {
  sustained: 'behaviour.sustained',
  stratumLike: 'behaviour.stratum-like',
  weak: 'behaviour.weak',
} as const;

export const FLOW_BEHAVIOUR_CODES: readonly EvidenceCodeSpec[] = [
  {
    code: BEHAVIOUR_CODES.sustained,
    basis: 'behaviour',
    // Alone it just reaches the flagging level: far past the stratum-like points, for hours.
    weight: 0.45,
    accountable: 'client',
    role: 'miner',
    description:
      'A TCP session with the flow profile of Stratum far past the calibrated points, for an hour or more: small packets at a low, steady, even rate both ways, around the clock.',
  },
  {
    code: BEHAVIOUR_CODES.stratumLike,
    basis: 'behaviour',
    // Alone a watch-list entry (low): at carrier scale one false alarm in a thousand hosts is a
    // hundred wrong visits. With any other basis (a mining port, a pool, a site pattern) it flags.
    weight: 0.34,
    accountable: 'client',
    role: 'miner',
    description:
      'A long-lived TCP session with the flow profile of Stratum (graded): ACK/PSH, small packets, a low steady rate both ways, balanced, no bulk. Watch alone; flags with another basis.',
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
