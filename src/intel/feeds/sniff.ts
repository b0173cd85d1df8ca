/**
 * `auto`: which format a feed is in, from its content alone (file names lie: MISP and STIX are
 * both `.json`, hosts files and netsets both `.txt`). A JSON bundle is STIX, other JSON is MISP
 * (whose reader names the shapes it takes when it is none of them); text with a Zeek `#fields`
 * line is Zeek; anything else is a plain list.
 */
import { isObject, readJson, type JsonReading } from '../../text/json';
import { isZeekHeader } from './zeek';

export type FeedFormat = 'list' | 'zeek' | 'misp' | 'stix';

export interface Sniffed {
  format: FeedFormat;
  /** The JSON reading when the text was read as JSON, handed on so it is not read twice. */
  reading?: JsonReading;
}

/** A `#fields` line among the first lines (Zeek writes it after a few other `#` lines at most). */
function hasZeekHeader(text: string): boolean {
  let pos = 0;
  for (let n = 0; n < 64 && pos < text.length; n++) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? Math.min(text.length, pos + 4096) : Math.min(end, pos + 4096)).replace(/^\uFEFF/, '');
    if (isZeekHeader(line.replace(/\r$/, ''))) return true;
    if (end < 0) break;
    pos = end + 1;
  }
  return false;
}

export function sniffFormat(text: string): Sniffed {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 1);
  if (start === '{' || start === '[') {
    const reading = readJson(text);
    if (reading.ok) {
      const value = reading.doc.value;
      if (isObject(value) && value.type === 'bundle') return { format: 'stix', reading };
      // Valid JSON is never a list; MISP's reader says what shapes it takes.
      return { format: 'misp', reading };
    } else {
      // Broken JSON still says what it meant to be; its syntax error is then reported by that format.
      const head = text.slice(0, 65_536);
      if (/"type"\s*:\s*"bundle"/.test(head)) return { format: 'stix', reading };
      if (/"(Event|Attribute|response)"\s*:/.test(head)) return { format: 'misp', reading };
    }
    // `[2001:db8::1]:3333` also starts with a bracket: a list after all.
  }
  return { format: hasZeekHeader(text) ? 'zeek' : 'list' };
}
