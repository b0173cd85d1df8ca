/**
 * Share difficulty in the units each dialect states it, turned into the expected number of hashes
 * behind one accepted share (DESIGN §6). A share is a hash below the target T, found with
 * probability T / 2^256 per hash, so one share costs 2^256 / T hashes on average.
 */
import { isHex } from './wire/json-access';

/** What one share is worth, and the difficulty as the dialect states it (for the analyst). */
export interface ShareTarget {
  hashesPerShare: number;
  difficulty: number;
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_64 = 2 ** 64;
const TWO_POW_256 = 2 ** 256;

function positive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function hexDigits(hex: string): string {
  return hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
}

/**
 * Bitcoin-style pool difficulty D (Stratum v1 mining.set_difficulty, NiceHash
 * EthereumStratum/1.0.0): difficulty 1 is the target 0xffff·2^208, about 2^32 hashes per share.
 */
export function fromBitcoinDifficulty(difficulty: number): ShareTarget | undefined {
  return positive(difficulty) ? { hashesPerShare: difficulty * TWO_POW_32, difficulty } : undefined;
}

/**
 * A full 256-bit target written big-endian in hex (mining.set_target, EthereumStratum/2.0.0
 * mining.set, the eth-proxy boundary). The difficulty reported is the Ethereum convention: the
 * expected hashes per share, 2^256 / T.
 */
export function fromTarget256(hex: unknown): ShareTarget | undefined {
  if (!isHex(hex, 64)) return undefined;
  const target = Number(BigInt(`0x${hexDigits(hex)}`));
  if (!positive(target)) return undefined;
  const hashesPerShare = TWO_POW_256 / target;
  return { hashesPerShare, difficulty: hashesPerShare };
}

/** The getwork `target`: 256 bits written little-endian in hex (Bitcoin wiki, Getwork). */
export function fromLittleEndianTarget256(hex: unknown): ShareTarget | undefined {
  if (!isHex(hex, 64) || hexDigits(hex).length !== 64) return undefined;
  const bigEndian = Buffer.from(hexDigits(hex), 'hex').reverse().toString('hex');
  return fromTarget256(bigEndian);
}

/**
 * XMRig / CryptoNote `target`: 4 bytes little-endian t means difficulty 0xFFFFFFFF / t, 8 bytes
 * little-endian means 2^64 / t (xmrig src/base/net/stratum/Job.cpp, setTarget). CryptoNote
 * difficulty already counts hashes, so hashes per share = difficulty.
 */
export function fromCryptoNoteTarget(hex: unknown): ShareTarget | undefined {
  if (!isHex(hex, 16)) return undefined;
  const digits = hexDigits(hex);
  if (digits.length !== 8 && digits.length !== 16) return undefined;
  const raw = Buffer.from(digits, 'hex');
  const difficulty =
    raw.length === 4 ? 0xffffffff / raw.readUInt32LE(0) : TWO_POW_64 / Number(raw.readBigUInt64LE(0));
  return positive(difficulty) ? { hashesPerShare: difficulty, difficulty } : undefined;
}

/** A hex quantity such as an eth_submitHashrate rate ("0x375198a"), as a number. */
export function hexQuantity(hex: unknown): number | undefined {
  if (!isHex(hex, 64)) return undefined;
  const value = Number(BigInt(`0x${hexDigits(hex)}`));
  return Number.isFinite(value) ? value : undefined;
}
