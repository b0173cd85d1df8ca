import type { Basis, EvidenceCodeSpec } from '../../src/detect/api';

export const SITE_CODES = {
  farm: 'site.farm',
  fanIn: 'site.fan-in',
  proxy: 'site.proxy',
} as const;

/**
 * Site-level shapes are a different kind of signal from one session's behaviour (how sessions
 * relate to each other, not how one looks), so they combine with behaviour.stratum-like under a
 * basis of their own.
 */
export const SITE_BASIS: Basis = 'site';

export const SITE_PATTERN_CODES: readonly EvidenceCodeSpec[] = [
  {
    code: SITE_CODES.farm,
    basis: SITE_BASIS,
    weight: 0.35,
    accountable: 'client',
    role: 'miner',
    description:
      'One home address holds many concurrent long-lived stratum-like sessions to outside endpoints: rigs behind one NAT address.',
  },
  {
    code: SITE_CODES.fanIn,
    basis: SITE_BASIS,
    weight: 0.2,
    accountable: 'client',
    role: 'miner',
    description: 'Many home addresses hold stratum-like sessions to the same outside endpoint, this one among them.',
  },
  {
    code: SITE_CODES.proxy,
    basis: SITE_BASIS,
    weight: 0.5,
    accountable: 'client',
    role: 'proxy',
    description:
      'A home address serves stratum-like sessions to several home clients on one port and holds one of its own to an outside endpoint: a mining proxy.',
  },
];
