/**
 * Home→outside contacts (client, server address, server port), aggregated over flows, so that a
 * fact about the server that arrives after its flows — a DNS answer in a later file, a pool
 * learned by another queue worker, a probe's verdict — still applies to them at the sweep.
 * Bounded: past `max` a contact is handed back to be judged and dropped. Which one matters: at a
 * carrier the window is mostly one-record visits to web servers, and a miner's or a look-alike's
 * long session — the contacts a later probe verdict is about — started hours ago. So the window is
 * scan-resistant (segmented LRU, as in SLRU/2Q caches): a new contact waits in `once`, which drops
 * its oldest first; a contact seen again moves to `repeated`, kept in recent-use order. `repeated`
 * holds at most REPEATED_SHARE of the window — past it, its least recently seen contact goes back
 * to `once` for another chance — so a new contact always has room to be seen a second time.
 */
export interface Contact {
  client: string;
  server: string;
  port: number;
  firstSeen: number;
  lastSeen: number;
  /** Flow records merged in. */
  count: number;
  /** The code last reported for it and the records that report covered (sweeps report only what is new). */
  reportedCode?: string;
  reportedCount: number;
}

/** Exported row: [client, server, port, firstSeen, lastSeen, count]. */
export type ContactRow = [string, string, number, number, number, number];

/** The part of the window repeated contacts may take: the rest is probation for new ones. */
const REPEATED_SHARE = 0.8;

const keyOf = (client: string, server: string, port: number) => `${client}|${server}|${port}`;

export class ContactWindow {
  /** New contacts and those `repeated` made room for, oldest first: the first entry is dropped first. */
  private readonly once = new Map<string, Contact>();
  /** Contacts of more records, least recently seen first. */
  private readonly repeated = new Map<string, Contact>();

  private readonly maxRepeated: number;

  constructor(private readonly max: number) {
    this.maxRepeated = Math.max(1, Math.floor(max * REPEATED_SHARE));
  }

  get size(): number {
    return this.once.size + this.repeated.size;
  }

  /** Merges a sighting in; answers a contact pushed out to make room, if any. */
  add(client: string, server: string, port: number, firstSeen: number, lastSeen: number, count = 1): Contact | undefined {
    const key = keyOf(client, server, port);
    const known = this.repeated.get(key) ?? this.once.get(key);
    if (known) {
      known.firstSeen = Math.min(known.firstSeen, firstSeen);
      known.lastSeen = Math.max(known.lastSeen, lastSeen);
      known.count += count;
      this.once.delete(key);
      this.repeated.delete(key);
      this.promote(key, known);
      return undefined;
    }
    const contact: Contact = { client, server, port, firstSeen, lastSeen, count, reportedCount: 0 };
    if (count > 1) this.promote(key, contact);
    else this.once.set(key, contact);
    if (this.size <= this.max) return undefined;
    const from = this.once.size > 0 ? this.once : this.repeated;
    const [droppedKey, dropped] = from.entries().next().value as [string, Contact];
    from.delete(droppedKey);
    return dropped;
  }

  private promote(key: string, contact: Contact): void {
    this.repeated.set(key, contact);
    if (this.repeated.size <= this.maxRepeated) return;
    const [demotedKey, demoted] = this.repeated.entries().next().value as [string, Contact];
    this.repeated.delete(demotedKey);
    this.once.set(demotedKey, demoted);
  }

  *values(): IterableIterator<Contact> {
    yield* this.once.values();
    yield* this.repeated.values();
  }

  forgetIdle(now: number, idleSeconds: number): void {
    for (const segment of [this.once, this.repeated]) {
      for (const [key, contact] of segment) if (now - contact.lastSeen > idleSeconds) segment.delete(key);
    }
  }

  rows(): ContactRow[] {
    return [...this.values()].map((c) => [c.client, c.server, c.port, c.firstSeen, c.lastSeen, c.count]);
  }

  /** Folds exported rows in; answers how many were malformed. Contacts pushed out go to `evicted`. */
  absorb(rows: readonly unknown[], evicted: (contact: Contact) => void): number {
    let skipped = 0;
    for (const row of rows) {
      if (!isRow(row)) {
        skipped++;
        continue;
      }
      const pushed = this.add(row[0], row[1], row[2], row[3], row[4], row[5]);
      if (pushed) evicted(pushed);
    }
    return skipped;
  }
}

function isRow(row: unknown): row is ContactRow {
  if (!Array.isArray(row) || row.length !== 6) return false;
  const [client, server, port, first, last, count] = row as unknown[];
  return (
    typeof client === 'string' && client.length > 0 && client.length <= 64 &&
    typeof server === 'string' && server.length > 0 && server.length <= 64 &&
    Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535 &&
    Number.isFinite(first) && Number.isFinite(last) && (first as number) <= (last as number) &&
    Number.isInteger(count) && (count as number) >= 1
  );
}
