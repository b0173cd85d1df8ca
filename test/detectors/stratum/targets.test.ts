import {
  fromBitcoinDifficulty,
  fromCryptoNoteTarget,
  fromLittleEndianTarget256,
  fromTarget256,
  hexQuantity,
} from '../../../detectors/stratum/targets';
import { algorithmFamily } from '../../../detectors/stratum/measures';

describe('share targets', () => {
  it('Bitcoin-style difficulty: D·2^32 hashes per share', () => {
    expect(fromBitcoinDifficulty(8)).toEqual({ hashesPerShare: 8 * 2 ** 32, difficulty: 8 });
    expect(fromBitcoinDifficulty(0)).toBeUndefined();
    expect(fromBitcoinDifficulty(Number.NaN)).toBeUndefined();
  });

  it('256-bit big-endian target: 2^256 / T, with or without 0x', () => {
    expect(fromTarget256(`0x0000000${'f'.repeat(57)}`)?.hashesPerShare).toBeCloseTo(2 ** 28, 0);
    expect(fromTarget256('1')?.hashesPerShare).toBe(2 ** 256);
    expect(fromTarget256('0')).toBeUndefined();
    expect(fromTarget256('zz')).toBeUndefined();
    expect(fromTarget256('f'.repeat(65))).toBeUndefined();
  });

  it('getwork target is little-endian', () => {
    const bigEndian = `00000000ffff${'00'.repeat(26)}`;
    const littleEndian = Buffer.from(bigEndian, 'hex').reverse().toString('hex');
    expect(fromLittleEndianTarget256(littleEndian)?.hashesPerShare).toBe(fromTarget256(bigEndian)?.hashesPerShare);
    expect(fromLittleEndianTarget256('abcd')).toBeUndefined();
  });

  it('CryptoNote target: 4 bytes LE t → 0xFFFFFFFF / t, 8 bytes LE t → 2^64 / t', () => {
    expect(fromCryptoNoteTarget('b88d0600')?.difficulty).toBe(0xffffffff / 0x00068db8);
    expect(fromCryptoNoteTarget('0000000000000100')?.difficulty).toBe(2 ** 64 / 2 ** 48); // byte 6 = 1: 2^48
    expect(fromCryptoNoteTarget('00000000')).toBeUndefined();
    expect(fromCryptoNoteTarget('b88d06')).toBeUndefined();
  });

  it('hex quantities', () => {
    expect(hexQuantity('0x375198a')).toBe(0x375198a);
    expect(hexQuantity('500000')).toBe(0x500000);
    expect(hexQuantity('0x')).toBeUndefined();
    expect(hexQuantity(12)).toBeUndefined();
  });

  it('algorithm names fold into families', () => {
    expect(['rx/0', 'RandomX', 'cn/r', 'cryptonight-heavy', 'etchash', 'SHA256d', 'kawpow'].map(algorithmFamily)).toEqual([
      'randomx',
      'randomx',
      'cryptonight',
      'cryptonight',
      'ethash',
      'sha256',
      'kawpow',
    ]);
  });
});
