import type { ShareMeasures } from '../../src/detect/api';
import type { Dialect } from './dialects/types';
import type { SessionSummary } from './session';

/** What each dialect mines when the peers do not say (DESIGN §6 estimates per family). */
const ALGORITHM_BY_DIALECT: Readonly<Record<Dialect, string>> = {
  'stratum-v1': 'sha256',
  'stratum-v2': 'sha256',
  getwork: 'sha256',
  'ethereum-stratum-1': 'ethash',
  'ethereum-stratum-2': 'ethash',
  'eth-proxy': 'ethash',
  xmrig: 'randomx',
};

/** Stated names (XMRig "rx/0", "cn/r"; EIP-1571 "ethash") folded into the families estimates use. */
export function algorithmFamily(stated: string): string {
  const name = stated.trim().toLowerCase();
  if (name.startsWith('rx/') || name === 'randomx') return 'randomx';
  if (name.startsWith('cn') || name.startsWith('cryptonight')) return 'cryptonight';
  if (name === 'ethash' || name === 'etchash') return 'ethash';
  if (name === 'sha256d' || name === 'sha-256' || name === 'sha256') return 'sha256';
  return name;
}

/** The share measures behind a conversation, when any share could be valued or a rate was reported. */
export function shareMeasures(summary: SessionSummary): ShareMeasures | undefined {
  const { shares, selfReportedHashrate, identity, dialect } = summary;
  if (shares.valued === 0 && selfReportedHashrate === undefined) return undefined;
  const stated = identity.algorithm ? algorithmFamily(identity.algorithm) : undefined;
  const window = shares.valued >= 2 ? (shares.lastValued ?? 0) - (shares.firstValued ?? 0) : 0;
  return {
    algorithm: stated ?? (dialect ? ALGORITHM_BY_DIALECT[dialect] : 'unknown'),
    algorithmStated: stated !== undefined,
    shares: shares.valued,
    hashes: shares.hashes,
    windowSeconds: Math.max(0, window),
    ...(selfReportedHashrate !== undefined ? { selfReportedHashrate } : {}),
  };
}
