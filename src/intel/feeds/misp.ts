/**
 * MISP JSON: one event (`{"Event": {...}}`), an array of them, a restSearch response of events
 * (`{"response": [{"Event": ...}]}`) or of attributes (`{"response": {"Attribute": [...]}}`).
 * Attributes come from the event and from its objects. Taken: `ip-dst` (and `ip-dst|port`), the
 * address a victim connects to; `domain`, `hostname` (and `hostname|port`); `domain|ip` (both).
 * Skipped: `ip-src` (the address something came from, not where a miner connects), every other
 * type (hashes, URLs, ...), and deleted attributes and objects. `to_ids` is not consulted: pool
 * lists are often shared with to_ids off (context, not alerts), and rigsweep scores, not blocks.
 * The event's `info` becomes the facts' pool name unless the import names one.
 */
import { readAddress, readPort } from './address';
import { readName } from './domain';
import type { FeedImport, ImportOptions } from './import-result';
import { ImportCollector } from './import-result';
import { isObject, readJson, type JsonDocument, type JsonObject, type JsonReading, type JsonValue } from '../../text/json';
import { excerpt } from '../../text/clean';

const TAKEN = new Set(['ip-dst', 'ip-dst|port', 'domain', 'hostname', 'hostname|port', 'domain|ip']);

function isDeleted(value: JsonValue | undefined): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

class MispReader {
  constructor(
    private readonly doc: JsonDocument,
    private readonly collector: ImportCollector,
  ) {}

  private address(text: string, line: number, pool: string | undefined, port?: number): void {
    const address = readAddress(text.trim());
    if (address.kind === 'problem') this.collector.problem(line, `address ${excerpt(text)} ${address.reason}`);
    else if (address.kind === 'skip') this.collector.skip();
    else this.collector.endpoint(address.range.text, line, { pool, ...(port !== undefined ? { port } : {}) });
  }

  private name(text: string, line: number, pool: string | undefined): void {
    const name = readName(text);
    if (name.kind === 'problem') this.collector.problem(line, `name ${excerpt(text)} ${name.reason}`);
    else this.collector.name(name.name, line, { pool });
  }

  /** `a|b` split at the last bar, the port part checked. */
  private withPort(value: string, line: number): { host: string; port: number } | undefined {
    const bar = value.lastIndexOf('|');
    const port = bar < 0 ? undefined : readPort(value.slice(bar + 1).trim());
    if (port === undefined) {
      this.collector.problem(line, `value ${excerpt(value)} is not host|port (port 1-65535)`);
      return undefined;
    }
    return { host: value.slice(0, bar), port };
  }

  attribute(attribute: JsonValue, around: JsonValue, eventPool: string | undefined, objectDeleted = false): void {
    if (this.collector.full) return;
    this.collector.row();
    if (!isObject(attribute)) return this.collector.problem(this.doc.lineOf(around), 'an Attribute entry is not an object');
    const line = this.doc.lineOf(attribute);
    if (objectDeleted || isDeleted(attribute.deleted)) return this.collector.skip();
    const { type, value } = attribute;
    if (typeof type !== 'string') return this.collector.problem(line, 'attribute has no type');
    if (!TAKEN.has(type)) return this.collector.skip();
    if (typeof value !== 'string') return this.collector.problem(line, `${type} attribute has no string value`);
    // restSearch attributes carry their event's title beside them.
    const pool = isObject(attribute.Event) && typeof attribute.Event.info === 'string' ? attribute.Event.info : eventPool;
    if (type === 'ip-dst') return this.address(value, line, pool);
    if (type === 'domain' || type === 'hostname') return this.name(value, line, pool);
    if (type === 'domain|ip') {
      const bar = value.indexOf('|');
      if (bar < 0) return this.collector.problem(line, `domain|ip value ${excerpt(value)} has no |`);
      this.name(value.slice(0, bar), line, pool);
      return this.address(value.slice(bar + 1), line, pool);
    }
    const split = this.withPort(value, line);
    if (!split) return;
    if (type === 'ip-dst|port') return this.address(split.host, line, pool, split.port);
    return this.name(split.host, line, pool); // hostname|port: a name fact has no port
  }

  private attributes(list: JsonValue | undefined, owner: JsonObject, pool: string | undefined, objectDeleted = false): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) return this.collector.problem(this.doc.lineOf(owner), 'Attribute is not an array');
    for (const attribute of list) this.attribute(attribute, list, pool, objectDeleted);
  }

  event(event: JsonValue | undefined, around: JsonValue): void {
    if (!isObject(event)) return this.collector.problem(this.doc.lineOf(around), 'Event is not an object');
    const pool = typeof event.info === 'string' ? event.info : undefined;
    this.attributes(event.Attribute, event, pool);
    const objects = event.Object;
    if (objects === undefined) return;
    if (!Array.isArray(objects)) return this.collector.problem(this.doc.lineOf(event), 'Object is not an array');
    for (const object of objects) {
      if (!isObject(object)) {
        this.collector.problem(this.doc.lineOf(objects), 'an Object entry is not an object');
        continue;
      }
      this.attributes(object.Attribute, object, pool, isDeleted(object.deleted));
    }
  }

  /** An element of an event list: `{"Event": {...}}`, or the event itself. */
  eventEntry(entry: JsonValue, around: JsonValue): void {
    if (isObject(entry) && entry.Event !== undefined) this.event(entry.Event, entry);
    else if (isObject(entry) && (entry.Attribute !== undefined || entry.Object !== undefined)) this.event(entry, around);
    else this.collector.problem(isObject(entry) ? this.doc.lineOf(entry) : this.doc.lineOf(around), 'not a MISP event ({"Event": {...}})');
  }

  root(value: JsonValue): void {
    if (Array.isArray(value)) {
      for (const entry of value) this.eventEntry(entry, value);
      return;
    }
    if (!isObject(value)) return this.collector.problem(0, 'not a MISP event, event list or restSearch response');
    if (value.Event !== undefined) return this.event(value.Event, value);
    const response = value.response;
    if (Array.isArray(response)) {
      for (const entry of response) this.eventEntry(entry, response);
      return;
    }
    if (isObject(response)) {
      if (response.Attribute !== undefined) return this.attributes(response.Attribute, response, undefined);
      if (response.Event !== undefined) return this.event(response.Event, response);
    }
    if (value.Attribute !== undefined || value.Object !== undefined) return this.event(value, value);
    this.collector.problem(this.doc.lineOf(value), 'not a MISP event ({"Event": ...}), event list or restSearch response ({"response": ...})');
  }
}

/** `reading`: the text already read as JSON (by `auto`), so it is not read twice. */
export function importMisp(text: string, options: ImportOptions, reading: JsonReading = readJson(text)): FeedImport {
  const collector = new ImportCollector(options);
  if (!reading.ok) collector.problem(reading.line, `not JSON: ${reading.reason} (line ${reading.line}, column ${reading.column})`);
  else new MispReader(reading.doc, collector).root(reading.doc.value);
  return collector.result();
}
