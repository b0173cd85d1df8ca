/**
 * Who holds an address and what kind of user it is, from an owner map an operator keeps
 * (CSV: cidr,owner,nature), as the provincial sweeps reported: residential broadband,
 * enterprise, data centre, state-owned unit, internet café, ...
 */
import { readBoundedText, TextFileError } from '../config/bounded-text';
import { ConfigError } from '../config/load';
import { CsvSyntaxError, isRange, parseCsvRecords, type CsvRecord } from '../detect/indicators';
import { inCidr, parseCidr, type Cidr } from '../flow/ip';

export interface Owner {
  name: string;
  nature: string;
  range: string;
}

export type OwnerLookup = (ip: string) => Owner | undefined;

/** A carrier's map of every customer block is large, but not this large: past it, the wrong file was named. */
export const MAX_OWNER_MAP_BYTES = 64 << 20;

/**
 * A bad owner map is a config error (exit 2), found before any input is read. The message names
 * file and line and says what is wrong, never quoting the line: the file named may be anything
 * (`--owners /etc/passwd`), and its text does not belong on a terminal or in a log.
 */
export class OwnerMapError extends ConfigError {
  constructor(file: string, line: number, reason: string) {
    super(line > 0 ? `owner map ${file}:${line}: ${reason}` : `owner map ${file}: ${reason}`);
    this.name = 'OwnerMapError';
  }
}

const COLUMNS = 'cidr,owner,nature';

function records(text: string, file: string): CsvRecord[] {
  try {
    // The indicator lists' CSV reader: quoted fields ("Acme, Inc."), doubled quotes, comments.
    return parseCsvRecords(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new OwnerMapError(file, e.line, e.detail);
    throw e;
  }
}

export function parseOwnerMap(text: string, file = 'owner map'): OwnerLookup {
  const entries: Array<{ cidr: Cidr; owner: Owner }> = [];
  for (const [index, { line, fields }] of records(text, file).entries()) {
    if (index === 0 && fields[0]?.toLowerCase() === 'cidr') continue;
    if (fields.length < 2 || fields.length > 3) {
      const hint = fields.length > 3 ? ' (quote a name that holds a comma: "Acme, Inc.")' : '';
      throw new OwnerMapError(file, line, `expected ${COLUMNS} (the nature may be left out), found ${fields.length} field${fields.length === 1 ? '' : 's'}${hint}`);
    }
    const [range, name, nature] = fields;
    if (!isRange(range)) throw new OwnerMapError(file, line, 'the first field is not an IP address or CIDR range (such as 192.0.2.0/24 or 2001:db8::/32)');
    if (!name) throw new OwnerMapError(file, line, 'no owner name');
    entries.push({ cidr: parseCidr(range), owner: { name, nature: nature || 'unknown', range } });
  }
  // Most specific range first, so a customer's block wins over its carrier's aggregate.
  entries.sort((a, b) => b.cidr.bits - a.cidr.bits);
  return (ip) => entries.find((e) => inCidr(ip, e.cidr))?.owner;
}

export function loadOwnerMap(file: string | undefined): OwnerLookup {
  if (!file) return () => undefined;
  let text: string;
  try {
    text = readBoundedText(file, MAX_OWNER_MAP_BYTES, 'owner map');
  } catch (e) {
    throw e instanceof TextFileError ? new ConfigError(e.message) : e;
  }
  return parseOwnerMap(text, file);
}
