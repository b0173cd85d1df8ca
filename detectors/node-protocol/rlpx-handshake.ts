/**
 * Ethereum devp2p over RLPx has no plaintext magic: the first messages are ECIES-encrypted
 * (EIP-8). What stays visible is their framing: a 2-byte big-endian size, then the ECIES
 * ciphertext, which begins with the sender's ephemeral public key in uncompressed form (0x04).
 * So a connection to the devp2p port whose first bytes are "plausible size, 0x04" each way is
 * probably an RLPx handshake — a heuristic, weighted as such.
 *
 * Sizes (EIP-8 and devp2p rlpx.md): ECIES adds 65 (key) + 16 (IV) + 32 (MAC) = 113 bytes.
 * auth-body = rlp[sig 65, pubkey 64, nonce 32, version] = 169 bytes; ack-body = rlp[pubkey 64,
 * nonce 32, version] = 102 bytes; both padded (at least 100 bytes recommended, go-ethereum adds
 * 100-199). Pre-EIP-8 handshakes (fixed 307/210 bytes, no size prefix) are not recognised.
 */

const ECIES_OVERHEAD = 65 + 16 + 32;
const AUTH_BODY_MIN = 169;
const ACK_BODY_MIN = 102;
/** Generous upper bound on padding: EIP-8 recommends up to 300 bytes. */
const MAX_PADDING = 600;
const UNCOMPRESSED_KEY = 0x04;

/** The IANA-registered devp2p port, where a node listens unless configured otherwise. */
export const DEVP2P_PORT = 30303;

function isEip8Packet(bytes: Buffer, minBody: number): boolean {
  if (bytes.length < 3) return false;
  const size = bytes.readUInt16BE(0);
  return size >= ECIES_OVERHEAD + minBody && size <= ECIES_OVERHEAD + minBody + MAX_PADDING && bytes[2] === UNCOMPRESSED_KEY;
}

export type RlpxHandshake = 'auth' | 'auth+ack';

/** The handshake seen, or undefined: the ack is optional (a capture may miss it) but must fit if present. */
export function rlpxHandshake(toServer: Buffer, toClient: Buffer): RlpxHandshake | undefined {
  if (!isEip8Packet(toServer, AUTH_BODY_MIN)) return undefined;
  if (toClient.length === 0) return 'auth';
  return isEip8Packet(toClient, ACK_BODY_MIN) ? 'auth+ack' : undefined;
}
