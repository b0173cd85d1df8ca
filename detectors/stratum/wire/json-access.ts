/** Narrowing helpers for parsed JSON: every field of a wire message is untrusted. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A finite number, also when a pool sends it as a decimal string ("16", "0.5"). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Job ids are strings on the wire, but a few pools send numbers. */
export function asJobId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Hex digits with an optional 0x prefix, at most `maxDigits` of them. */
export function isHex(value: unknown, maxDigits = 64): value is string {
  if (typeof value !== 'string') return false;
  const digits = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  return digits.length > 0 && digits.length <= maxDigits && /^[0-9a-fA-F]+$/.test(digits);
}

/** A 32-byte hash as Ethereum work packages carry it: 0x and exactly 64 hex digits. */
export function isHash32(value: unknown): value is string {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value);
}
