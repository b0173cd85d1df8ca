/**
 * Which table slot holds a (client, server, server port) triplet. Nearly every record names two
 * IPv4 addresses and a 16-bit port: those are keyed by the three numbers in an open-addressing
 * hash of typed arrays, so a lookup builds no string and a held triplet costs no object. Anything
 * else (IPv6, odd text, odd ports) is keyed by the text `client|server|port` in a Map, exactly
 * as the records would have named it.
 */
import { formatDottedQuad, NOT_A_QUAD, parseDottedQuad } from './dotted-quad';
import { tripletKey } from './triplet-stats';

export const NO_SLOT = -1;

interface TextKey {
  key: string;
  client: string;
  server: string;
  serverPort: number;
}

/**
 * A port kept exactly as a 16-bit number. Port 0 is left to text keys: 0 and -0 are one text key,
 * and only the text key remembers which of the two the triplet's first record carried.
 */
const isPlainPort = (port: number) => (port & 0xffff) === port && port !== 0;

/** Mixes the three numbers so that keys differing in a few low bits spread over the buckets. */
function hashOf(client: number, server: number, port: number): number {
  let h = Math.imul(client ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ server, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ port, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Buckets for `slots` keys, at most half full; a power of two, so a mask picks the bucket. */
function bucketCount(slots: number): number {
  let count = 4;
  while (count < slots * 2) count *= 2;
  return count;
}

export class TripletKeys {
  /** Per slot of a numeric key: client, server, server port side by side (one cache line). */
  private readonly numbers: Uint32Array;
  /**
   * Open addressing with linear probing, two numbers per bucket: slot + 1 (0 when empty) and the
   * key's hash, so probing past other keys reads one cache line instead of their slots.
   */
  private readonly buckets: Int32Array;
  private readonly mask: number;
  private readonly slotOfText = new Map<string, number>();
  private readonly textOf = new Map<number, TextKey>();

  // The key of the latest find(), so insert() takes it without parsing the addresses again.
  private foundClient = 0;
  private foundServer = 0;
  private foundPort = 0;
  private foundHash = 0;
  private foundText: TextKey | undefined;

  /** Keys for slots 0 .. slots - 1 (allocated whole, committed by the system as used). */
  constructor(slots: number) {
    this.numbers = new Uint32Array(slots * 3);
    const buckets = bucketCount(slots);
    this.buckets = new Int32Array(buckets * 2);
    this.mask = buckets - 1;
  }

  /** The slot holding this triplet, or NO_SLOT. */
  find(client: string, server: string, serverPort: number): number {
    const c = parseDottedQuad(client);
    const s = c === NOT_A_QUAD ? NOT_A_QUAD : parseDottedQuad(server);
    if (s === NOT_A_QUAD || !isPlainPort(serverPort)) {
      const key = tripletKey(client, server, serverPort);
      this.foundText = { key, client, server, serverPort };
      return this.slotOfText.get(key) ?? NO_SLOT;
    }
    this.foundText = undefined;
    const hash = hashOf(c, s, serverPort);
    this.foundClient = c;
    this.foundServer = s;
    this.foundPort = serverPort;
    this.foundHash = hash;
    const { buckets, mask, numbers } = this;
    for (let i = hash & mask; buckets[2 * i] !== 0; i = (i + 1) & mask) {
      if (buckets[2 * i + 1] !== hash) continue;
      const slot = buckets[2 * i] - 1;
      if (numbers[3 * slot] === c && numbers[3 * slot + 1] === s && numbers[3 * slot + 2] === serverPort) return slot;
    }
    return NO_SLOT;
  }

  /**
   * Whether the latest find() keyed by text. Two clients can share a text key ("a|b" with "c",
   * "a" with "b|c"); numbers never do, so only a text key leaves the client in doubt.
   */
  foundByText(): boolean {
    return this.foundText !== undefined;
  }

  /** Files `slot` under the triplet of the latest find(), which did not hold it. */
  insert(slot: number): void {
    if (this.foundText) {
      this.slotOfText.set(this.foundText.key, slot);
      this.textOf.set(slot, this.foundText);
      return;
    }
    if (this.textOf.size > 0) this.textOf.delete(slot);
    this.numbers[3 * slot] = this.foundClient;
    this.numbers[3 * slot + 1] = this.foundServer;
    this.numbers[3 * slot + 2] = this.foundPort;
    const { buckets, mask } = this;
    let i = this.foundHash & mask;
    while (buckets[2 * i] !== 0) i = (i + 1) & mask;
    buckets[2 * i] = slot + 1;
    buckets[2 * i + 1] = this.foundHash;
  }

  /** Stops finding the slot's triplet; its identity stays readable until the slot is filed again. */
  remove(slot: number): void {
    const text = this.textOf.get(slot);
    if (text) {
      this.slotOfText.delete(text.key);
      return;
    }
    const { buckets, mask } = this;
    const { numbers } = this;
    let hole = hashOf(numbers[3 * slot], numbers[3 * slot + 1], numbers[3 * slot + 2]) & mask;
    while (buckets[2 * hole] !== slot + 1) hole = (hole + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole, so no
    // tombstones build up however many triplets come and go.
    for (let i = (hole + 1) & mask; buckets[2 * i] !== 0; i = (i + 1) & mask) {
      const home = buckets[2 * i + 1] & mask;
      // An entry whose home bucket lies cyclically outside (hole, i] was probed past the hole.
      const probedPastHole = hole <= i ? home <= hole || home > i : home <= hole && home > i;
      if (probedPastHole) {
        buckets[2 * hole] = buckets[2 * i];
        buckets[2 * hole + 1] = buckets[2 * i + 1];
        hole = i;
      }
    }
    buckets[2 * hole] = 0;
  }

  clientAt(slot: number): string {
    return this.textOf.get(slot)?.client ?? formatDottedQuad(this.numbers[3 * slot]);
  }

  serverAt(slot: number): string {
    return this.textOf.get(slot)?.server ?? formatDottedQuad(this.numbers[3 * slot + 1]);
  }

  serverPortAt(slot: number): number {
    // textOf is empty in IPv4-only traffic: skip the lookup there
    const text = this.textOf.size > 0 ? this.textOf.get(slot) : undefined;
    return text ? text.serverPort : this.numbers[3 * slot + 2];
  }
}
