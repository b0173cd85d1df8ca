/** Every kind of bad export message is an issue with the right code and offset; nothing throws. */
import {
  dataSet,
  ipfixMessage,
  IPFIX_IPV4_FIELDS,
  optionsTemplateSet,
  set,
  templateSet,
  v9Message,
  V9_IPV4_FIELDS,
  VARIABLE,
  type TemplateField,
} from '../../../fixtures/lib/netflow-writer';
import { codes, newDecoder } from './netflow-kit';

const OFFSET = 1234;
const v9 = (sets: Buffer[]) => v9Message({ sysUptime: 1000, unixSeconds: 1_700_000_000 }, sets);
const ipfix = (sets: Buffer[]) => ipfixMessage({ exportTime: 1_700_000_000 }, sets);
const miner = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, 1, 2];

/** A raw template set: id, field count, then field specifiers as given. */
function rawTemplate(setId: number, templateId: number, count: number, specifiers: number[]): Buffer {
  const body = Buffer.alloc(4 + specifiers.length * 2);
  body.writeUInt16BE(templateId, 0);
  body.writeUInt16BE(count, 2);
  specifiers.forEach((v, i) => body.writeUInt16BE(v, 4 + i * 2));
  return set(setId, body);
}

function issuesOf(...messages: Buffer[]) {
  const d = newDecoder();
  for (const m of messages) d.decode(m, '192.0.2.1', OFFSET);
  d.decoder.flush();
  return d;
}

describe('bad export messages', () => {
  it.each([
    ['an unknown version', Buffer.from('0007000100000000', 'hex'), 'netflow.bad-header'],
    ['an IPFIX length shorter than its header', ipfixMessage({ length: 12 }, []), 'netflow.bad-header'],
    ['no version at all', Buffer.from([0]), 'netflow.truncated'],
    ['a v9 header cut short', v9([]).subarray(0, 19), 'netflow.truncated'],
    ['an IPFIX header cut short', ipfix([]).subarray(0, 15), 'netflow.truncated'],
    ['a set shorter than its own header', v9([Buffer.from('01000002', 'hex')]), 'netflow.bad-set'],
    ['a set running past the message', ipfix([Buffer.from('0100ffff00000000', 'hex')]), 'netflow.bad-set'],
    ['a reserved IPFIX set id', ipfix([set(4, Buffer.alloc(4, 1))]), 'netflow.bad-set'],
    ['a v9 template id below 256', v9([rawTemplate(0, 255, 1, [8, 4])]), 'netflow.bad-template'],
    ['a v9 template with no fields', v9([rawTemplate(0, 300, 0, [])]), 'netflow.bad-template'],
    ['a template whose fields run past its set', ipfix([rawTemplate(2, 300, 50, [8, 4])]), 'netflow.bad-template'],
    ['a template with more than 512 fields', ipfix([rawTemplate(2, 300, 513, new Array(513 * 2).fill(0).map((_, i) => (i % 2 ? 4 : 8)))]), 'netflow.bad-template'],
    ['a template whose records are zero bytes long', v9([rawTemplate(0, 300, 2, [8, 0, 12, 0])]), 'netflow.bad-template'],
    ['a template whose records cannot fit in a message', ipfix([rawTemplate(2, 300, 2, [8, 65000, 12, 4000])]), 'netflow.bad-template'],
    ['an IPFIX options template without scope fields', ipfix([set(3, Buffer.from('0190000100000008 0004'.replace(/ /g, ''), 'hex'))]), 'netflow.bad-template'],
    ['v9 options lengths that are not whole field lists', v9([set(1, Buffer.from('0190000300040022000400', 'hex'))]), 'netflow.bad-template'],
    ['a data template without addresses', v9([templateSet(9, [{ id: 300, fields: [{ id: 2, length: 4 }, { id: 1, length: 4 }] }])]), 'netflow.no-addresses'],
  ])('%s', (_name, message, code) => {
    const d = issuesOf(message);
    expect(codes(d.issues)).toEqual([code]);
    expect(d.issues[0].offset).toBe(OFFSET);
    expect(d.flows).toEqual([]);
  });

  it('reports a variable-length record that claims bytes past its set, after the whole records', () => {
    const fields: TemplateField[] = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 82, length: VARIABLE }];
    const good = dataSet(256, fields, [['10.0.0.1', '10.0.0.2', 'eth0']], false);
    // A second record whose name claims 200 bytes; the set ends after 10 of them.
    const broken = Buffer.concat([good.subarray(4), Buffer.from([10, 0, 0, 3, 10, 0, 0, 4, 200]), Buffer.alloc(10, 0x41)]);
    const d = issuesOf(ipfix([templateSet(10, [{ id: 256, fields }]), set(256, broken, false)]));
    expect(d.flows).toHaveLength(1);
    expect(codes(d.issues)).toEqual(['netflow.truncated']);
    expect(d.issues[0].message).toMatch(/19 bytes at byte \d+ of a set of template 256/);
  });

  it('drops a template whose redefinition is bad, so its data waits instead of being misread', () => {
    const d = issuesOf(
      v9([templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }])]),
      v9([rawTemplate(0, 256, 2, [8, 0, 12, 0])]),
      v9([dataSet(256, V9_IPV4_FIELDS, [miner])]),
    );
    expect(d.flows).toEqual([]);
    expect(codes(d.issues)).toEqual(['netflow.bad-template', 'netflow.template-missing']);
  });

  it('goes on after a bad template with the sets that follow it', () => {
    const d = issuesOf(
      ipfix([rawTemplate(2, 12, 1, [8, 4]), templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]), dataSet(256, IPFIX_IPV4_FIELDS, [[...miner.slice(0, 6), 1, 2, 3, 4]])]),
    );
    expect(codes(d.issues)).toEqual(['netflow.bad-template']);
    expect(d.flows).toHaveLength(1);
  });

  it('says where in the message a problem is', () => {
    const d = issuesOf(ipfix([templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]), Buffer.from('0100000200', 'hex')]));
    expect(d.issues[0].message).toMatch(/at byte \d+ has length 2/);
    expect(Number(/at byte (\d+)/.exec(d.issues[0].message)?.[1])).toBe(16 + templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]).length);
  });

  it('treats short non-zero tails of data sets as padding (RFC 3954 erratum 2096)', () => {
    const body = Buffer.concat([dataSet(256, V9_IPV4_FIELDS, [miner], false).subarray(4), Buffer.from([0x6b, 0xab])]);
    const d = issuesOf(v9([templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }]), set(256, body, false)]));
    expect([d.flows.length, d.issues]).toEqual([1, []]);
  });

  it('ignores zero-filled datagram tails and options sets it cannot use', () => {
    const d = issuesOf(
      Buffer.concat([v9([templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }]), dataSet(256, V9_IPV4_FIELDS, [miner])]), Buffer.alloc(300)]),
      v9([optionsTemplateSet(9, [{ id: 300, scope: [{ id: 1, length: 4 }], fields: [{ id: 40, length: 4 }] }]), dataSet(300, [{ id: 1, length: 4 }, { id: 40, length: 4 }], [[0, 5]])]),
    );
    expect([d.flows.length, d.issues]).toEqual([1, []]);
  });
});
