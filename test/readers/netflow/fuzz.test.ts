/**
 * Random bytes, and random damage to valid messages and files: decoding never throws, finishes
 * quickly, reports only catalogued issues, and its state stays within the configured bounds.
 */
import { withSource } from '../../../src/readers/source';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import {
  dataSet,
  ipfixMessage,
  IPFIX_IPV4_FIELDS,
  optionsTemplateSet,
  templateSet,
  v5Message,
  v9Message,
  V9_IPV4_FIELDS,
  VARIABLE,
  type TemplateField,
} from '../../../fixtures/lib/netflow-writer';
import { parseConfig } from '../../../src/config/load';
import { ISSUE_CODES } from '../../../src/errors/codes';
import type { InputIssue } from '../../../src/readers/issues';
import { readExportFile } from '../../../src/readers/netflow/export-file';
import { writeTemp } from '../pcap/capture-kit';
import { newDecoder } from './netflow-kit';

const LIMITS = { maxTemplates: 4, maxPendingSets: 3, pendingTimeoutSeconds: 60 };
const TIME_LIMIT_MS = 2000;
const T = 1_700_000_000;
const record = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, 1, 2];
const varFields: TemplateField[] = [{ id: 8, length: 4 }, { id: 82, length: VARIABLE }, { id: 12, length: 4 }, { id: 5, length: 2, enterprise: 29305 }];

/** Valid messages of every kind, the raw material of the mutations. */
const VALID: Buffer[] = [
  v5Message({ sysUptime: 5000, unixSeconds: T }, [{ src: '10.0.0.7', dst: '203.0.113.9', srcPort: 1, dstPort: 3333, protocol: 6, packets: 3, bytes: 300, first: 1, last: 2 }]),
  v9Message({ sysUptime: 5000, unixSeconds: T }, [
    templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }]),
    optionsTemplateSet(9, [{ id: 257, scope: [{ id: 1, length: 4 }], fields: [{ id: 34, length: 4 }] }]),
    dataSet(257, [{ id: 1, length: 4 }, { id: 34, length: 4 }], [[0, 10]]),
    dataSet(256, V9_IPV4_FIELDS, [record, record]),
  ]),
  ipfixMessage({ exportTime: T, domainId: 1 }, [
    templateSet(10, [{ id: 300, fields: IPFIX_IPV4_FIELDS }, { id: 301, fields: varFields }]),
    optionsTemplateSet(10, [{ id: 302, scope: [{ id: 302, length: 4 }], fields: [{ id: 305, length: 4 }, { id: 160, length: 8 }] }]),
    dataSet(302, [{ id: 302, length: 4 }, { id: 305, length: 4 }, { id: 160, length: 8 }], [[1, 100, T * 1000]]),
    dataSet(300, IPFIX_IPV4_FIELDS, [record]),
    dataSet(301, varFields, [['10.1.1.1', 'x'.repeat(260), '10.2.2.2', 7], ['10.1.1.1', 'eth0', '10.2.2.2', 8]]),
  ]),
];

function checkIssues(issues: readonly InputIssue[], maxOffset: number): void {
  for (const issue of issues) {
    expect(Object.keys(ISSUE_CODES)).toContain(issue.code);
    expect(issue.offset).toBeGreaterThanOrEqual(0);
    expect(issue.offset).toBeLessThanOrEqual(maxOffset);
    expect(issue.message).not.toContain('\n');
  }
}

/** Decodes each message with one decoder and checks what must hold for any input. */
function decodeChecked(messages: readonly Buffer[]): void {
  const d = newDecoder(LIMITS);
  const started = Date.now();
  messages.forEach((m, i) => {
    expect(() => d.decode(m, `192.0.2.${i % 3}`, i)).not.toThrow();
    expect(d.decoder.templateCount).toBeLessThanOrEqual(LIMITS.maxTemplates);
    expect(d.decoder.pendingCount).toBeLessThanOrEqual(LIMITS.maxPendingSets);
  });
  d.decoder.flush();
  expect(d.decoder.pendingCount).toBe(0);
  expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
  checkIssues(d.issues, messages.length);
  for (const f of d.flows) {
    expect(Number.isFinite(f.firstSeen) && Number.isFinite(f.lastSeen)).toBe(true);
    expect(f.lastSeen).toBeGreaterThanOrEqual(f.firstSeen);
    expect(f.toServer.packets).toBeGreaterThanOrEqual(0);
  }
}

/** A valid message with random bytes overwritten, and possibly cut short. */
const mutated = fc
  .record({
    base: fc.integer({ min: 0, max: VALID.length - 1 }),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ base, edits, cut }) => {
    const copy = Buffer.from(VALID[base]);
    for (const { at, value } of edits) copy[at % copy.length] = value;
    return cut === undefined ? copy : copy.subarray(0, cut % (copy.length + 1));
  });

/** Random bytes behind a real version number, so the decoders get past the first check. */
const versioned = fc
  .tuple(fc.constantFrom(5, 9, 10), fc.uint8Array({ maxLength: 400 }))
  .map(([version, body]) => Buffer.concat([Buffer.from([0, version]), Buffer.from(body)]));

describe('fuzz: export messages', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }).map(Buffer.from), { maxLength: 20 }), decodeChecked), { numRuns: 200 });
  });

  it('random bodies behind v5, v9 and IPFIX versions', () => {
    fc.assert(fc.property(fc.array(versioned, { maxLength: 20 }), decodeChecked), { numRuns: 300 });
  });

  it('valid messages with random damage and truncation, mixed with intact ones', () => {
    fc.assert(fc.property(fc.array(fc.oneof(mutated, fc.constantFrom(...VALID)), { minLength: 1, maxLength: 30 }), decodeChecked), { numRuns: 400 });
  });

  it('template floods never grow the cache past maxTemplates', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 256, max: 65535 }), fc.nat(50)), { minLength: 1, maxLength: 60 }), (defs) => {
        decodeChecked(defs.map(([id, domainId]) => ipfixMessage({ exportTime: T, domainId }, [templateSet(10, [{ id, fields: IPFIX_IPV4_FIELDS }]), dataSet(id + 1 > 65535 ? 256 : id + 1, IPFIX_IPV4_FIELDS, [record])])));
      }),
      { numRuns: 100 },
    );
  });
});

describe('fuzz: export files', () => {
  it('valid, damaged and garbage messages back to back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(mutated, fc.constantFrom(...VALID), fc.uint8Array({ maxLength: 100 }).map(Buffer.from)), { maxLength: 25 }), async (parts) => {
        const bytes = Buffer.concat(parts);
        const path = writeTemp(Buffer.alloc(0), 'nf');
        writeFileSync(path, bytes);
        const issues: InputIssue[] = [];
        let flows = 0;
        const started = Date.now();
        const totals = await withSource(path, (source) => readExportFile(source, parseConfig({ flowExport: LIMITS }), { flow: () => flows++, issue: (i) => issues.push(i) }));
        expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
        expect(totals.flows).toBe(flows);
        expect(totals.packets).toBeLessThanOrEqual(Math.ceil(bytes.length / 4));
        checkIssues(issues, bytes.length);
      }),
      { numRuns: 150 },
    );
  });
});
