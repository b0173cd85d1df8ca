/** fixtures/lib/nfdump-csv-writer.ts, the benchmark's generator, read back through the reader. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { exportToFlowRecord } from '../../../src/flow/export-record';
import { readNfdumpCsv } from '../../../src/readers/text/nfdump-csv';
import { writeNfdumpCsv, type NfdumpCsvLayout, type NfdumpCsvRow } from '../../../fixtures/lib/nfdump-csv-writer';
import { syntheticExportRows } from '../../../fixtures/lib/synthetic-export-rows';
import { brief, collect, tempDir } from './text-kit';
import { join } from 'node:path';

let files = 0;
const path = () => join(tempDir(), `written-${files++}.csv`);

describe('writeNfdumpCsv', () => {
  it.each(['nfdump-1.6', 'nfdump-1.7-compact'] as NfdumpCsvLayout[])('writes synthetic rows the reader reads back exactly (%s)', async (layout) => {
    const out = path();
    const stats = await writeNfdumpCsv(out, 5000, { layout, seed: 7, miners: 5 });
    const rows = [...syntheticExportRows(5000, { seed: 7, miners: 5 }).rows];
    const { flows, issues, totals } = await collect(readNfdumpCsv, out);
    expect(issues).toEqual([]);
    expect(totals).toMatchObject({ flows: 5000, packets: 5000 + 4 });
    expect(stats).toMatchObject({ rows: 5000, bytes: readFileSync(out).length });
    expect(flows.map(brief)).toEqual(rows.map((r) => brief(exportToFlowRecord(r))));
    // 1.6 prints whole seconds; the compact layout milliseconds.
    const resolution = layout === 'nfdump-1.6' ? 1 : 0.001;
    flows.forEach((f, i) => expect(Math.abs(f.firstSeen - rows[i].first)).toBeLessThan(resolution));
  });

  it('puts mining sessions in: long ACK/PSH records to pool ports from the miners it names', async () => {
    const out = path();
    const stats = await writeNfdumpCsv(out, 20_000, { seed: 3, miners: 4 });
    const { flows } = await collect(readNfdumpCsv, out);
    const mining = flows.filter((f) => stats.minerAddresses.includes(f.client.ip));
    expect(stats.minerAddresses).toHaveLength(4);
    expect(new Set(mining.map((f) => f.client.ip))).toEqual(new Set(stats.minerAddresses));
    for (const f of mining) {
      expect([3333, 4444, 14444, 5555]).toContain(f.server.port);
      expect(f.lastSeen - f.firstSeen).toBeGreaterThan(290);
    }
  });

  it('writes any rows it is given so that they read back', async () => {
    const row = fc.record({
      first: fc.integer({ min: 1_600_000_000, max: 1_700_000_000 }),
      span: fc.integer({ min: 0, max: 3600 }),
      src: fc.ipV4(),
      dst: fc.ipV4(),
      srcPort: fc.integer({ min: 0, max: 65535 }),
      dstPort: fc.integer({ min: 0, max: 65535 }),
      protocol: fc.constantFrom(6, 17),
      packets: fc.nat({ max: 1e9 }),
      bytes: fc.nat({ max: 1e12 }),
      tcpFlags: fc.integer({ min: 0, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), async (drawn) => {
        const rows: NfdumpCsvRow[] = drawn.map(({ span, ...r }) => ({ ...r, last: r.first + span }));
        const out = path();
        await writeNfdumpCsv(out, rows);
        const { flows, issues } = await collect(readNfdumpCsv, out);
        expect(issues).toEqual([]);
        expect(flows).toEqual(rows.map((r) => exportToFlowRecord(r)));
      }),
      { numRuns: 40 },
    );
  });
});
