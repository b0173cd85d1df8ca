/** fast-check generators of valid facts (anything the store may hold, not just what feeds give). */
import fc from 'fast-check';
import { intelFactSchema, nameFactSchema, type IntelFact, type NameFact } from '../../../src/intel/fact';

/** Any code points, lone surrogates and control characters included. */
const text = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: max });
/** Every finite double, -0 included: JSON lines must give each back exactly. */
const time = fc.double({ noNaN: true, noDefaultInfinity: true });

const source = fc.oneof(
  fc.constantFrom('curated', 'dns-resolved', 'learned-payload', 'learned-name', 'learned-dns', 'probe'),
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/).map((n) => `feed:${n}`),
);

const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, b]) => `${a}/${b}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, b]) => `${a}/${b}`),
);

export const intelFact: fc.Arbitrary<IntelFact> = fc
  .record(
    {
      address,
      port: fc.integer({ min: 1, max: 65535 }),
      verdict: fc.constantFrom('pool' as const, 'not-pool' as const),
      source,
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      firstSeen: time,
      lastSeen: time,
      expiresAt: time,
      validFrom: time,
      pool: text(100),
      coin: text(32),
      name: text(120),
      dialect: text(32),
      banner: text(100),
      transport: text(16),
      ttl: fc.integer({ min: 0, max: 2 ** 31 }),
      reason: text(200),
    },
    { requiredKeys: ['address', 'verdict', 'source', 'confidence', 'firstSeen', 'lastSeen', 'expiresAt'] },
  )
  .filter((f) => intelFactSchema.safeParse(f).success) as fc.Arbitrary<IntelFact>;

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9_-]{0,10}[a-z0-9])?$/);

export const nameFact: fc.Arbitrary<NameFact> = fc
  .record(
    {
      name: fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.')),
      source,
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      firstSeen: time,
      lastSeen: time,
      expiresAt: time,
      pool: text(100),
      coin: text(32),
    },
    { requiredKeys: ['name', 'source', 'confidence', 'firstSeen', 'lastSeen', 'expiresAt'] },
  )
  .filter((n) => nameFactSchema.safeParse(n).success) as fc.Arbitrary<NameFact>;
