/** The byte-level parsers under the text readers, checked against Node's own parsers. */
import { SocketAddress } from 'node:net';
import fc from 'fast-check';
import { nfdumpFlags } from '../../../fixtures/lib/nfdump-csv-writer';
import { addressAt, addressText } from '../../../src/readers/text/address-field';
import { parseDecimal, parsePort, parseUint } from '../../../src/readers/text/byte-numbers';
import { BROKEN_QUOTES, CsvFields, TOO_MANY_FIELDS } from '../../../src/readers/text/csv-fields';
import { protocolNumber, UNKNOWN_PROTOCOL } from '../../../src/readers/text/protocol-names';
import { tcpFlagBits } from '../../../src/readers/text/tcp-flag-text';
import { TextTimes } from '../../../src/readers/text/text-time';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const whole = <T>(parse: (b: Buffer, s: number, e: number) => T) => (text: string) => parse(bytes(text), 0, bytes(text).length);

function fieldsOf(fields: CsvFields, line: string): string[] | number {
  const buf = Buffer.from(line);
  const n = fields.split(buf, 0, buf.length);
  if (n < 0) return n;
  return Array.from({ length: n }, (_, i) => buf.toString('utf8', fields.start(i), fields.end(i)));
}

describe('CsvFields', () => {
  it('splits like String.split for lines of any length (the unrolled loop and its tail)', () => {
    const plain = new CsvFields();
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '1', ' ', '.', ':', ',') }), { minLength: 1, maxLength: 60 }), (parts) => {
        const line = parts.join(',');
        expect(fieldsOf(plain, line)).toEqual(line.split(','));
      }),
      { numRuns: 300 },
    );
  });

  it('finds fields in the middle of a buffer, with another delimiter', () => {
    const fields = new CsvFields(512, 0x7c);
    const buf = Buffer.from('xx\na|bb||c\nyy');
    expect(fields.split(buf, 3, 10)).toBe(4);
    expect([0, 1, 2, 3].map((i) => buf.toString('latin1', fields.start(i), fields.end(i)))).toEqual(['a', 'bb', '', 'c']);
  });

  it('rejects a line with more fields than allowed', () => {
    expect(fieldsOf(new CsvFields(4), 'a,b,c,d')).toEqual(['a', 'b', 'c', 'd']);
    expect(fieldsOf(new CsvFields(4), 'a,b,c,d,e')).toBe(TOO_MANY_FIELDS);
    expect(fieldsOf(new CsvFields(4, 0x2c, true), 'a,b,c,d,e')).toBe(TOO_MANY_FIELDS);
  });

  it('reads quoted fields holding delimiters and doubled quotes', () => {
    const quoted = new CsvFields(512, 0x3b, true);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ';', '"', ' ', '7') }), { minLength: 1, maxLength: 12 }), (values) => {
        const line = values.map((v) => (/[;"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(';');
        // A quoted field's boundaries leave its doubled quotes as they are.
        expect(fieldsOf(quoted, line)).toEqual(values.map((v) => v.replace(/"/g, '""')));
      }),
      { numRuns: 300 },
    );
  });

  it('says a quote that is never closed, or text after a closing quote, is broken', () => {
    const quoted = new CsvFields(512, 0x2c, true);
    expect(fieldsOf(quoted, 'a,"b,c')).toBe(BROKEN_QUOTES);
    expect(fieldsOf(quoted, 'a,"b"x,c')).toBe(BROKEN_QUOTES);
    expect(fieldsOf(quoted, '"",,""')).toEqual(['', '', '']);
  });
});

describe('numbers from bytes', () => {
  it('read what Number reads for decimal integers and fractions, with blanks around', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 52 }), fc.nat({ max: 999_999 }), fc.constantFrom('', ' ', '   '), (whole_, fraction, pad) => {
        expect(whole(parseUint)(`${pad}${whole_}${pad}`)).toBe(whole_);
        const text = `${whole_}.${String(fraction).padStart(6, '0')}`;
        expect(whole(parseDecimal)(pad + text)).toBeCloseTo(Number(text), 6);
      }),
    );
  });

  it('reject everything else', () => {
    for (const text of ['', ' ', '-1', '+1', '1e3', '0x10', '1.', '.5', '1.2.3', '12a', '١٢', '9999999999999999999']) {
      expect({ text, uint: whole(parseUint)(text) }).toEqual({ text, uint: NaN });
    }
    for (const text of ['', '.', '-1.5', '1.5x', '1,5', '1.2.3']) expect({ text, decimal: whole(parseDecimal)(text) }).toEqual({ text, decimal: NaN });
  });

  it('read ports, and ICMP type.code as type·256 + code', () => {
    expect(['0', '443', '65535', '8.0', '3.1', ' 53 '].map(whole(parsePort))).toEqual([0, 443, 65535, 2048, 769, 53]);
    for (const text of ['65536', '256.0', '8.256', '8.', 'http']) expect({ text, port: whole(parsePort)(text) }).toEqual({ text, port: NaN });
  });
});

describe('date-times from bytes', () => {
  const instant = fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2200, 0, 1) });
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');

  it('read ISO 8601 with a zone as Date.parse does', () => {
    const times = new TextTimes();
    fc.assert(
      fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offsetMinutes) => {
        const iso = new Date(ms).toISOString();
        expect(whole((b, s, e) => times.dateTime(b, s, e))(iso)).toBeCloseTo(ms / 1000, 6);
        const shifted = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const zone = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
        expect(whole((b, s, e) => times.dateTime(b, s, e))(shifted + zone)).toBeCloseTo(ms / 1000, 6);
      }),
    );
  });

  it('read zone-less "YYYY-MM-DD HH:MM:SS[.fff]" as local time, like new Date(y, m, d, h, mi, s)', () => {
    const times = new TextTimes();
    fc.assert(
      fc.property(instant, (ms) => {
        const d = new Date(ms);
        const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
        expect(whole((b, s, e) => times.dateTime(b, s, e))(text)).toBeCloseTo(ms / 1000, 6);
      }),
    );
  });

  it('reject impossible dates and other text', () => {
    const times = new TextTimes();
    const parse = whole((b, s, e) => times.dateTime(b, s, e));
    expect(parse('2020-02-29 12:00:00')).toBe(Date.UTC(2020, 1, 29, 12) / 1000 + new Date(2020, 1, 29, 12).getTimezoneOffset() * 60);
    for (const text of ['2021-02-29 00:00:00', '2100-02-29 00:00:00', '2021-04-31 00:00:00', '2021-13-01 00:00:00', '2021-01-01 24:00:00', '2021-01-01 00:60:00', '0000-00-00 00:00:00.000', '2021-01-01', '2021-01-01 00:00:00.', '2021-01-01T00:00:00+25:00', '2021-01-01T00:00:00Q', '2021/01/01 00:00:00']) {
      expect({ text, value: parse(text) }).toEqual({ text, value: NaN });
    }
  });
});

describe('TCP flags from text', () => {
  it('read back every value nfdump prints as letters', () => {
    for (let bits = 0; bits < 256; bits++) expect(whole(tcpFlagBits)(nfdumpFlags(bits))).toBe(bits);
  });

  it('read 1.6 six-letter flags, 1.6 hex, decimal and blank', () => {
    expect(['.AP.SF', 'UAPRSF', '  0xd8', '0x1B', '24', '', '......'].map(whole(tcpFlagBits))).toEqual([0x1b, 0x3f, 0xd8, 0x1b, 24, 0, 0]);
    for (const text of ['.A?...', '0x', '0x100', '256', 'ack']) expect({ text, bits: whole(tcpFlagBits)(text) }).toEqual({ text, bits: NaN });
  });
});

describe('addresses from text', () => {
  const canonical6 = (text: string) => new SocketAddress({ address: text, family: 'ipv6' }).address;

  it('keep dotted IPv4, and print other spellings as one', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(whole(addressAt)(ip)).toBe(ip);
        expect(addressText(ip)).toBe(ip);
      }),
    );
    expect(whole(addressAt)(' 010.001.000.009 ')).toBe('10.1.0.9');
  });

  it('print IPv6 as Node does, whatever the spelling', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const expected = canonical6(ip);
        fc.pre(!expected.startsWith('::ffff:') || !expected.includes('.'));
        expect(whole(addressAt)(ip)).toBe(expected);
        expect(addressText(ip.toUpperCase())).toBe(expected);
      }),
    );
  });

  it('take an IPv4-mapped IPv6 address for the IPv4 host', () => {
    expect(addressText('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressText('::FFFF:c000:0201')).toBe('192.0.2.1');
  });

  it('reject what is not an address', () => {
    for (const text of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', 'a.b.c.d', '::g', '1:2:3:4:5:6:7:8:9', 'ı.2.3.4', 'x'.repeat(80)]) {
      expect({ text, at: whole(addressAt)(text), text_: addressText(text) }).toEqual({ text, at: undefined, text_: undefined });
    }
  });
});

describe('protocol names', () => {
  it('read nfdump and goflow2 names, numbers, and goflow2 "unknown"', () => {
    expect(['TCP', 'udp', 'ICMP', 'ICMP6', 'ICMPv6', 'GRE', '47', ' 6 ', 'unknown'].map(protocolNumber)).toEqual([6, 17, 1, 58, 58, 47, 47, 6, UNKNOWN_PROTOCOL]);
    expect(['', '256', 'TCPX', 'IDPR'].map(protocolNumber)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
