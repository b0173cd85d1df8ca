/**
 * IPv4 addresses in their one canonical text form (four decimal parts, no leading zeros), as a
 * 32-bit number and back. Only that form is accepted, so formatting the number gives back the
 * very same text: a triplet keyed by numbers names its addresses exactly as the records did.
 */

import { ipv4Number } from '../../src/detect/api';

export const NOT_A_QUAD = -1;

/** The address as an unsigned 32-bit number, or NOT_A_QUAD for any other text. */
export function parseDottedQuad(text: string): number {
  return ipv4Number(text) ?? NOT_A_QUAD;
}

export function formatDottedQuad(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}
