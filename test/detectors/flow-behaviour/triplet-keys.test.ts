/**
 * The triplet index against a plain Map of text keys: whatever triplets come and go, both find
 * the same ones; numeric keys give the addresses back exactly as the records wrote them.
 */
import fc from 'fast-check';
import { formatDottedQuad, NOT_A_QUAD, parseDottedQuad } from '../../../detectors/flow-behaviour/dotted-quad';
import { NO_SLOT, TripletKeys } from '../../../detectors/flow-behaviour/triplet-keys';
import { tripletKey } from '../../../detectors/flow-behaviour/triplet-stats';

describe('dotted quads', () => {
  it('reads the canonical form and writes it back unchanged', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(formatDottedQuad(parseDottedQuad(ip))).toBe(ip);
      }),
    );
    expect(parseDottedQuad('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(parseDottedQuad('0.0.0.0')).toBe(0);
  });

  it.each(['010.0.0.1', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', '::ffff:1.2.3.4', '1..2.3', '.1.2.3', '1.2.3.', '', '1.2.3.-4', '1.2.3.00'])(
    'leaves %j to text keys',
    (text) => {
      expect(parseDottedQuad(text)).toBe(NOT_A_QUAD);
    },
  );
});

const address = fc.oneof(
  fc.constantFrom('10.0.0.1', '10.0.0.2', '192.168.1.5', '203.0.113.5', '0.0.0.0', '255.255.255.255'),
  fc.constantFrom('2001:db8::1', 'a|b', 'b', '010.0.0.1'),
);
const port = fc.oneof(fc.constantFrom(443, 3333, 0, 65535), fc.constantFrom(-0, -1, 65536, 1.5, Number.NaN));
const operation = fc.record({ client: address, server: address, port, remove: fc.boolean() });

/** Random churn on `slots` slots, checked against a Map of the text keys after every step. */
function churn(slots: number, operations: ReadonlyArray<{ client: string; server: string; port: number; remove: boolean }>): void {
  const keys = new TripletKeys(slots);
  const model = new Map<string, number>();
  const free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  for (const { client, server, port: serverPort, remove } of operations) {
    const text = tripletKey(client, server, serverPort);
    const slot = keys.find(client, server, serverPort);
    expect(slot).toBe(model.get(text) ?? NO_SLOT);
    if (slot !== NO_SLOT && remove) {
      keys.remove(slot);
      model.delete(text);
      free.push(slot);
    } else if (slot === NO_SLOT && free.length > 0) {
      const taken = free.pop()!;
      keys.insert(taken);
      model.set(text, taken);
    }
  }
  for (const [text, slot] of model) {
    expect(tripletKey(keys.clientAt(slot), keys.serverAt(slot), keys.serverPortAt(slot))).toBe(text);
  }
}

describe('TripletKeys', () => {
  it('finds what a Map of text keys finds, through any churn', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => churn(8, operations)),
      { numRuns: 500 },
    );
  });

  it('stays right with the buckets crowded: long probe runs, wrapping around, backward shifts', () => {
    const crowded = fc.record({
      client: fc.integer({ min: 0, max: 15 }).map((i) => `10.0.0.${i}`),
      server: fc.constantFrom('203.0.113.5', '203.0.113.6'),
      port: fc.constantFrom(443, 3333),
      remove: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(crowded, { minLength: 50, maxLength: 300 }), (operations) => churn(8, operations)),
      { numRuns: 1000 },
    );
  });

  it('keeps a removed triplet readable until its slot is filed again', () => {
    const keys = new TripletKeys(2);
    keys.find('2001:db8::1', '203.0.113.5', 3333);
    keys.insert(0);
    keys.remove(0);
    expect(keys.find('2001:db8::1', '203.0.113.5', 3333)).toBe(NO_SLOT);
    expect([keys.clientAt(0), keys.serverAt(0), keys.serverPortAt(0)]).toEqual(['2001:db8::1', '203.0.113.5', 3333]);
  });

  it('tells when a key leaves the client in doubt', () => {
    const keys = new TripletKeys(4);
    keys.find('10.0.0.1', '203.0.113.5', 3333);
    expect(keys.foundByText()).toBe(false);
    keys.find('a|b', 'c', 3333);
    expect(keys.foundByText()).toBe(true);
  });
});
