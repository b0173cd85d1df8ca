/**
 * Random bytes and random damage to valid captures: every read finishes quickly, never throws
 * anything but a one-line header rejection, and reports damage as issues.
 */
import fc from 'fast-check';
import { PcapngWriter, PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame, ipPacket, type SegmentSpec } from '../../../fixtures/lib/frames';
import { ISSUE_CODES } from '../../../src/errors/codes';
import { DEFAULT_ISSUES_PER_CODE } from '../../../src/readers/issue-limiter';
import { CaptureOpenError } from '../../../src/readers/pcap/capture';
import { readBytes, type Collected } from './capture-kit';

const TIME_LIMIT_MS = 2000;

const specs: SegmentSpec[] = [
  { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 3333, protocol: 'tcp', payload: Buffer.from('{"method":"login"}') },
  { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 2, dstPort: 53, protocol: 'udp', payload: Buffer.alloc(30, 1) },
  { src: '10.0.0.3', dst: '10.0.0.4', srcPort: 3, dstPort: 80, protocol: 'tcp', vlans: [5, 6] },
];

function validPcap(count: number, nanosecond: boolean, bigEndian: boolean): Buffer {
  const w = new PcapWriter({ nanosecond, bigEndian });
  for (let i = 0; i < count; i++) w.add(1000 + i, ethernetFrame(specs[i % specs.length]));
  return w.toBuffer();
}

function validPcapng(count: number): Buffer {
  const w = new PcapngWriter();
  w.addInterface(1);
  w.addInterface(101, 9);
  for (let i = 0; i < count; i++) {
    if (i % 3 === 2) w.add(1, 1000 + i, ipPacket(specs[i % specs.length]));
    else w.add(0, 1000 + i, ethernetFrame(specs[i % specs.length]));
  }
  return w.toBuffer();
}

/** Reads, and checks what must hold for any input; returns undefined when the header was rejected. */
async function readChecked(bytes: Buffer, format: 'pcap' | 'pcapng'): Promise<Collected | undefined> {
  const started = Date.now();
  let result: Collected | undefined;
  try {
    result = await readBytes(bytes, format);
  } catch (e) {
    expect(e).toBeInstanceOf(CaptureOpenError);
    expect((e as Error).message).not.toContain('\n');
  }
  expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
  if (result === undefined) return undefined;
  const { stats, issues, packets } = result;
  expect(packets).toHaveLength(stats.decoded);
  expect(stats.decoded).toBeLessThanOrEqual(stats.packets);
  expect(stats.bytes).toBeLessThanOrEqual(bytes.length);
  for (const issue of issues) {
    expect(Object.keys(ISSUE_CODES)).toContain(issue.code);
    expect(issue.offset).toBeGreaterThanOrEqual(0);
    expect(issue.offset).toBeLessThanOrEqual(bytes.length);
  }
  for (const count of Object.values(stats.issues)) expect(count).toBeGreaterThan(0);
  const listed = new Map<string, number>();
  for (const issue of issues) listed.set(issue.code, (listed.get(issue.code) ?? 0) + 1);
  for (const n of listed.values()) expect(n).toBeLessThanOrEqual(DEFAULT_ISSUES_PER_CODE + 1);
  return result;
}

/** Overwrites a few random bytes (past the file header, so the damage is to records). */
const damage = (minOffset: number) =>
  fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 12 }).map(
    (edits) => (file: Buffer) => {
      const copy = Buffer.from(file);
      for (const { at, value } of edits) copy[minOffset + (at % (copy.length - minOffset))] = value;
      return copy;
    },
  );

describe('fuzz: classic pcap', () => {
  it('random bytes after a valid magic', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('d4c3b2a1', 'a1b2c3d4', '4d3cb2a1', 'a1b23c4d'), async (body, magic) => {
        await readChecked(Buffer.concat([Buffer.from(magic, 'hex'), Buffer.from(body)]), 'pcap');
      }),
      { numRuns: 100 },
    );
  });

  it('random records after a valid file header always give packets or issues', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 600 }), async (ns, be, body) => {
        const result = await readChecked(Buffer.concat([validPcap(0, ns, be), Buffer.from(body)]), 'pcap');
        expect(result!.stats.packets + result!.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('random damage to a valid capture', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.boolean(), damage(24), async (ns, be, hurt) => {
        expect(await readChecked(hurt(validPcap(12, ns, be)), 'pcap')).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it('truncation anywhere in the records is reported', async () => {
    const file = validPcap(10, false, false);
    const boundaries = new Set<number>();
    for (let at = 24; at <= file.length; at += 16 + (at < file.length ? file.readUInt32LE(at + 8) : 0)) {
      boundaries.add(at);
      if (at === file.length) break;
    }
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 24, max: file.length }), async (end) => {
        const result = await readChecked(file.subarray(0, end), 'pcap');
        const truncated = result!.issues.filter((i) => i.code.startsWith('pcap.truncated'));
        expect(truncated).toHaveLength(boundaries.has(end) ? 0 : 1);
      }),
      { numRuns: 150 },
    );
  });
});

/** Whether `body` is a run of blocks with sane lengths and matching trailers (little-endian). */
function wellFramed(body: Buffer): boolean {
  for (let at = 0; at < body.length; ) {
    if (at + 12 > body.length) return false;
    const length = body.readUInt32LE(at + 4);
    if (length % 4 !== 0 || length < 12 || at + length > body.length) return false;
    if (body.readUInt32LE(at + length - 4) !== length) return false;
    at += length;
  }
  return true;
}

describe('fuzz: pcapng', () => {
  it('random bytes after a valid section header: badly framed ones are reported', async () => {
    const shb = new PcapngWriter().toBuffer();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (body) => {
        const result = await readChecked(Buffer.concat([shb, Buffer.from(body)]), 'pcapng');
        if (!wellFramed(Buffer.from(body))) expect(result!.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes from the start', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (body) => {
        await readChecked(Buffer.from(body), 'pcapng');
      }),
      { numRuns: 100 },
    );
  });

  it('random damage to a valid capture', async () => {
    await fc.assert(
      fc.asyncProperty(damage(28), async (hurt) => {
        expect(await readChecked(hurt(validPcapng(12)), 'pcapng')).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it('truncation anywhere is reported unless it falls on a block boundary', async () => {
    const file = validPcapng(10);
    const boundaries = new Set<number>();
    for (let at = 0; at <= file.length; at += at < file.length ? file.readUInt32LE(at + 4) : 1) boundaries.add(at);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 28, max: file.length }), async (end) => {
        const result = await readChecked(file.subarray(0, end), 'pcapng');
        const truncated = result!.issues.filter((i) => i.code === 'pcapng.truncated');
        expect(truncated).toHaveLength(boundaries.has(end) ? 0 : 1);
      }),
      { numRuns: 150 },
    );
  });
});

describe('flooding', () => {
  it('a capture broken at every packet lists each code at most the cap, plus one summary', async () => {
    const w = new PcapWriter();
    const bad = ethernetFrame(specs[0]);
    bad[14] = 0x41; // IHL 1
    for (let i = 0; i < 500; i++) w.add(i, bad);
    const { issues, stats } = (await readChecked(w.toBuffer(), 'pcap'))!;
    expect(issues).toHaveLength(DEFAULT_ISSUES_PER_CODE + 1);
    expect(issues[issues.length - 1].message).toMatch(/^400 more ip\.bad-header issues/);
    expect(stats.issues['ip.bad-header']).toBe(500);
  });
});
