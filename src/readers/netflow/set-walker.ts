/**
 * The set (flowset) sequence after a NetFlow v9 or IPFIX message header: each set is an id and a
 * length; ids name template sets, options template sets, or (256 and up) the template of a data
 * set. A length that cannot be right ends the message: nothing after it can be located.
 */
import { u16be } from '../pcap/bytes';
import type { SetDecoder } from './set-decoder';
import { parseIpfixTemplates, parseV9OptionsTemplates, parseV9Templates } from './template-sets';
import { allZero } from './uint';

const SET_HEADER_BYTES = 4;
const FIRST_DATA_SET_ID = 256;

export function walkSets(buf: Buffer, from: number, end: number, version: 9 | 10, sets: SetDecoder): void {
  for (let p = from; p + SET_HEADER_BYTES <= end; ) {
    const id = u16be(buf, p);
    const length = u16be(buf, p + 2);
    if (length < SET_HEADER_BYTES || p + length > end) {
      // Zeros to the end are padding (some exporters send zero-filled datagrams).
      if (allZero(buf, p, end)) return;
      const why = length < SET_HEADER_BYTES ? 'shorter than a set header' : `past the end of the message (${end - p} bytes left)`;
      sets.problem('netflow.bad-set', p, `set ${id} at byte ${p} has length ${length}, ${why}; the rest of the message is skipped`);
      return;
    }
    const body = p + SET_HEADER_BYTES;
    const next = p + length;
    if (id >= FIRST_DATA_SET_ID) sets.dataSet(id, buf, body, next, p);
    else if (version === 9 && id === 0) parseV9Templates(buf, body, next, sets);
    else if (version === 9 && id === 1) parseV9OptionsTemplates(buf, body, next, sets);
    else if (version === 10 && id === 2) parseIpfixTemplates(buf, body, next, 'data', sets);
    else if (version === 10 && id === 3) parseIpfixTemplates(buf, body, next, 'options', sets);
    else sets.problem('netflow.bad-set', p, `set id ${id} at byte ${p} is reserved; skipped`);
    p = next;
  }
}
