/**
 * STIX 2.1 bundles (`{"type": "bundle", "objects": [...]}`). Taken: indicators whose pattern
 * (pattern_type `stix`, or none given) names addresses, ranges or domain names (see
 * stix-pattern.ts), and bare `ipv4-addr`, `ipv6-addr` and `domain-name` objects. Skipped:
 * revoked indicators, indicators whose `valid_until` has passed, other pattern languages
 * (sigma, snort, yara...), patterns naming only other observables (file hashes, URLs), and
 * every other object type (identity, malware, relationship, marking-definition...). An
 * indicator's `name` becomes its facts' pool name unless the import names one; a `valid_until`
 * sooner than the import's TTL ends its facts then.
 */
import { looksLikeAddress, readAddress } from './address';
import { readName } from './domain';
import type { FeedImport, ImportOptions } from './import-result';
import { ImportCollector } from './import-result';
import { isObject, readJson, type JsonDocument, type JsonObject, type JsonReading, type JsonValue } from '../../text/json';
import { readPattern } from './stix-pattern';
import { excerpt } from '../../text/clean';

/** RFC 3339 in UTC, as STIX requires (fractional seconds optional). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function readTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

class StixReader {
  constructor(
    private readonly doc: JsonDocument,
    private readonly collector: ImportCollector,
    private readonly now: number,
  ) {}

  /** One address or name (`host`, a dst_ref value, may be either): a fact, skipped (not public), or a problem. */
  private target(
    kind: 'address' | 'name' | 'host',
    value: string,
    line: number,
    detail: { pool?: string; port?: number; expiresAt?: number },
  ): 'fact' | 'skip' | 'problem' {
    if (kind === 'address' || (kind === 'host' && looksLikeAddress(value))) {
      const address = readAddress(value);
      if (address.kind === 'problem') {
        this.collector.problem(line, `address ${excerpt(value)} ${address.reason}`);
        return 'problem';
      }
      if (address.kind === 'skip') return 'skip';
      this.collector.endpoint(address.range.text, line, detail);
      return 'fact';
    }
    const name = readName(value);
    if (name.kind === 'problem') {
      this.collector.problem(line, `domain name ${excerpt(value)} ${name.reason}`);
      return 'problem';
    }
    const { pool, expiresAt } = detail; // a name fact has no port
    this.collector.name(name.name, line, { pool, expiresAt });
    return 'fact';
  }

  private indicator(object: JsonObject, line: number): void {
    if (object.revoked === true) return this.collector.skip();
    const patternType = object.pattern_type;
    if (patternType !== undefined && patternType !== 'stix') return this.collector.skip();
    let expiresAt: number | undefined;
    if (object.valid_until !== undefined) {
      expiresAt = readTimestamp(object.valid_until);
      if (expiresAt === undefined) return this.collector.problem(line, 'valid_until is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s]Z)');
      if (expiresAt < this.now) return this.collector.skip();
    }
    if (typeof object.pattern !== 'string') return this.collector.problem(line, 'indicator has no pattern');
    const reading = readPattern(object.pattern);
    if (!reading.ok) return this.collector.problem(line, `pattern ${excerpt(object.pattern)} not read: ${reading.reason}`);
    const pool = typeof object.name === 'string' ? object.name : undefined;
    const outcomes = reading.targets.map((target) =>
      this.target(target.kind, target.value, line, { pool, expiresAt, ...(target.port !== undefined ? { port: target.port } : {}) }),
    );
    // Nothing taken and nothing wrong: a pattern about other observables, or only private addresses.
    if (outcomes.every((o) => o === 'skip')) this.collector.skip();
  }

  private observable(object: JsonObject, line: number): void {
    if (typeof object.value !== 'string') return this.collector.problem(line, `${String(object.type)} object has no string value`);
    if (this.target(object.type === 'domain-name' ? 'name' : 'address', object.value, line, {}) === 'skip') this.collector.skip();
  }

  object(o: JsonValue, around: JsonValue): void {
    if (this.collector.full) return;
    this.collector.row();
    if (!isObject(o)) return this.collector.problem(this.doc.lineOf(around), 'an objects entry is not an object');
    const line = this.doc.lineOf(o);
    if (o.type === 'indicator') return this.indicator(o, line);
    if (o.type === 'ipv4-addr' || o.type === 'ipv6-addr' || o.type === 'domain-name') return this.observable(o, line);
    if (typeof o.type !== 'string') return this.collector.problem(line, 'object has no type');
    this.collector.skip();
  }
}

/** `reading`: the text already read as JSON (by `auto`), so it is not read twice. */
export function importStix(text: string, options: ImportOptions, reading: JsonReading = readJson(text)): FeedImport {
  const collector = new ImportCollector(options);
  if (!reading.ok) {
    collector.problem(reading.line, `not JSON: ${reading.reason} (line ${reading.line}, column ${reading.column})`);
    return collector.result();
  }
  const root = reading.doc.value;
  if (!isObject(root) || root.type !== 'bundle') {
    collector.problem(isObject(root) || Array.isArray(root) ? reading.doc.lineOf(root) : 0, 'not a STIX bundle ({"type": "bundle", "objects": [...]})');
    return collector.result();
  }
  const objects = root.objects;
  if (objects === undefined) return collector.result();
  if (!Array.isArray(objects)) {
    collector.problem(reading.doc.lineOf(root), 'the bundle\'s "objects" is not an array');
    return collector.result();
  }
  const reader = new StixReader(reading.doc, collector, options.now);
  for (const object of objects) reader.object(object, objects);
  return collector.result();
}
