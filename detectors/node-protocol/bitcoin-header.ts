/**
 * Bitcoin P2P message header: 4-byte network magic, 12-byte NUL-padded ASCII command, 4-byte
 * little-endian payload length, 4-byte checksum (Bitcoin Core src/protocol.h, CMessageHeader).
 * The magic alone is four bytes of noise in an arbitrary stream; the command must look like a
 * real one (lower-case letters and digits, then only NUL padding) before it counts.
 */

/** Message-start bytes in wire order (Bitcoin Core kernel/chainparams.cpp). */
export const BITCOIN_NETWORKS: ReadonlyMap<string, string> = new Map([
  ['f9beb4d9', 'mainnet'],
  ['0b110907', 'testnet3'],
  ['1c163f28', 'testnet4'],
  ['0a03cf40', 'signet'], // the default signet; a custom signet derives its own magic
  ['fabfb5da', 'regtest'],
]);

export const BITCOIN_MAGIC_FIRST_BYTES: ReadonlySet<number> = new Set(
  [...BITCOIN_NETWORKS.keys()].map((hex) => parseInt(hex.slice(0, 2), 16)),
);

const HEADER_BYTES = 24;
const COMMAND_BYTES = 12;
/** Bitcoin Core's MAX_SIZE: no message payload is larger. */
const MAX_PAYLOAD_BYTES = 0x02000000;

export interface BitcoinHeader {
  network: string;
  command: string;
}

function commandAt(bytes: Buffer, start: number): string | undefined {
  let command = '';
  let padding = false;
  for (let i = start; i < start + COMMAND_BYTES; i++) {
    const b = bytes[i];
    if (b === 0) padding = true;
    else if (padding) return undefined; // text after the NUL padding began
    else if ((b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39)) command += String.fromCharCode(b);
    else return undefined;
  }
  return command.length > 0 ? command : undefined;
}

export function bitcoinHeaderAt(bytes: Buffer, offset: number): BitcoinHeader | undefined {
  if (bytes.length < offset + HEADER_BYTES) return undefined;
  const network = BITCOIN_NETWORKS.get(bytes.subarray(offset, offset + 4).toString('hex'));
  if (!network) return undefined;
  const command = commandAt(bytes, offset + 4);
  if (!command) return undefined;
  if (bytes.readUInt32LE(offset + 16) > MAX_PAYLOAD_BYTES) return undefined;
  return { network, command };
}
