/**
 * The records of one data block (after decompression). Every record starts with
 * {u16 type, u16 size incl. this header} (nffile.h record_header_t), so a record of an unknown
 * type is stepped over; a size below 4 or past the block leaves no way to find the next record,
 * so the rest of the block is skipped as one `nfdump.bad-record` (nfdump itself exits there).
 *
 * Record types (v1.7.1 src/lib/id.h): 2 extension map (1.6), 7 exporter info, 9/15 sampler
 * records, 10 common record (1.6 flows), 11 V3 record (1.7 flows); 8 exporter stats, 12-14 name
 * tables, 1/5/6 legacy records and the appendix records 0x8001 (ident) / 0x8002 (stat) carry no
 * flows and are skipped. Sampler records give the rate of sampled records, whose counters are
 * stored already scaled (sampler-record.ts).
 */
import { exportToFlowRecord, type ExportRecord } from '../../flow/export-record';
import type { FlowRecord } from '../../flow/flow-record';
import type { IssueCode } from '../../errors/codes';
import { EXTENSION_MAP_RECORD, parseExtensionMap, type ExtensionLayout } from './extension-map';
import { parseExporterRecord } from './exporter-record';
import { SAMPLER_LEGACY_RECORD, SAMPLER_RECORD, SamplerTable, parseSamplerRecord } from './sampler-record';
import { u16 } from './host-order';
import { COMMON_RECORD, V1_BAD, V1_NO_MAP, V1_OK, decodeCommonRecord } from './v1-record';
import { V3_BAD, V3_OK, V3_RECORD, decodeV3, type ExporterLookup } from './v3-record';

const EXPORTER_INFO_RECORD = 7;

export type IssueFn = (code: IssueCode, offset: number, message: string | (() => string)) => void;

/** What one file's records build up: extension maps and exporters, read as they come. */
export class RecordDecoder implements ExporterLookup {
  private readonly maps = new Map<number, ExtensionLayout>();
  private readonly exporters = new Map<number, string>();
  readonly samplers = new SamplerTable();
  private readonly record: ExportRecord = { src: '', dst: '', srcPort: 0, dstPort: 0, protocol: 0, packets: 0, bytes: 0, first: 0, last: 0 };
  flows = 0;

  constructor(
    readonly fallback: string,
    private readonly emit: (flow: FlowRecord) => void,
    private readonly issue: IssueFn,
    /** flowExport.samplingRate: the sampling of records nfcapd did not flag sampled. */
    private readonly unstatedRate = 1,
  ) {}

  byId(sysid: number): string | undefined {
    return this.exporters.get(sysid);
  }

  /**
   * Decodes the records of one block body. `offsetOf(pos)` is the file offset to report for a
   * position inside the body (exact for plain blocks, the block's own offset for compressed ones).
   */
  decodeBlock(body: Buffer, numRecords: number, offsetOf: (pos: number) => number): void {
    const out = this.record;
    let pos = 0;
    for (let i = 0; i < numRecords; i++) {
      if (pos + 4 > body.length) {
        const at = pos;
        this.issue('nfdump.bad-record', offsetOf(at), () => `block ends after ${i} of its ${numRecords} records (at record offset ${at})`);
        return;
      }
      const type = u16(body, pos);
      const size = u16(body, pos + 2);
      if (size < 4 || pos + size > body.length) {
        const at = pos;
        this.issue('nfdump.bad-record', offsetOf(at), () => `record ${i} (type ${type}) has size ${size}, past its block; the rest of the block is skipped`);
        return;
      }
      if (type === V3_RECORD) {
        const result = decodeV3(body, pos, size, this, out);
        if (result === V3_OK) this.flow(out);
        else if (result === V3_BAD) this.issue('nfdump.bad-record', offsetOf(pos), 'V3 record with an element length below 4 or past the record; skipped');
        else this.issue('nfdump.not-a-flow', offsetOf(pos), 'V3 record without addresses or flow element; skipped');
      } else if (type === COMMON_RECORD) {
        const result = decodeCommonRecord(body, pos, size, this.maps, this, out);
        if (result === V1_OK) this.flow(out);
        else if (result === V1_BAD) this.issue('nfdump.bad-record', offsetOf(pos), 'common record shorter than its flags and extension map say; skipped');
        else if (result === V1_NO_MAP) {
          const map = body.readUInt16LE(pos + 6);
          this.issue('nfdump.missing-map', offsetOf(pos), () => `common record names extension map ${map}, which no earlier record defined; skipped`);
        } else {
          const id = this.maps.get(body.readUInt16LE(pos + 6))?.unknownId ?? 0;
          this.issue('nfdump.unknown-extension', offsetOf(pos), () => `common record uses extension ${id}, whose size is unknown; skipped`);
        }
      } else if (type === EXTENSION_MAP_RECORD) {
        const map = parseExtensionMap(body, pos, size);
        if (map === undefined) this.issue('nfdump.bad-record', offsetOf(pos), 'extension map shorter than its header; ignored');
        else this.maps.set(map.id, map.layout);
      } else if (type === EXPORTER_INFO_RECORD) {
        const exporter = parseExporterRecord(body, pos, size);
        if (exporter === undefined) this.issue('nfdump.bad-record', offsetOf(pos), 'exporter record shorter than 32 bytes; ignored');
        else this.exporters.set(exporter.sysid, exporter.ip);
      } else if (type === SAMPLER_RECORD || type === SAMPLER_LEGACY_RECORD) {
        const sampler = parseSamplerRecord(body, pos, type, size);
        if (sampler === undefined) this.issue('nfdump.bad-record', offsetOf(pos), () => `sampler record of ${size} bytes is too short; ignored`);
        else this.samplers.add(sampler);
      }
      pos += size;
    }
  }

  private flow(record: ExportRecord): void {
    this.flows++;
    this.emit(exportToFlowRecord(record, this.unstatedRate));
  }
}
