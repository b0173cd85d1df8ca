import { HeadBuffer } from '../../../src/readers/pcap/flow-head-buffer';

const filled = (text: string, limit = 64) => {
  const buffer = new HeadBuffer(limit);
  buffer.append(Buffer.from(text), 0, text.length, 1);
  return buffer;
};

describe('HeadBuffer, for comparing and replacing copies of bytes', () => {
  it('holds: the bytes at an offset equal a piece of another buffer, never past its content', () => {
    const buffer = filled('abcdef');
    expect(buffer.holds(2, Buffer.from('xcdx'), 1, 3)).toBe(true);
    expect(buffer.holds(2, Buffer.from('xCdx'), 1, 3)).toBe(false);
    expect(buffer.holds(5, Buffer.from('fg'), 0, 2)).toBe(false);
    expect(buffer.holds(-1, Buffer.from('a'), 0, 1)).toBe(false);
  });

  it('overwrite replaces bytes held and ignores what lies past them', () => {
    const buffer = filled('abcdef');
    buffer.overwrite(4, Buffer.from('EFGH'), 0, 4);
    expect(buffer.finish(false, 0).bytes.toString()).toBe('abcdEF');
  });

  it('clone is independent: content, marks and the truncated flag', () => {
    const buffer = filled('abc', 4);
    buffer.append(Buffer.from('de'), 0, 2, 2);
    const copy = buffer.clone();
    copy.overwrite(0, Buffer.from('A'), 0, 1);
    copy.append(Buffer.from('z'), 0, 1, 3);
    expect(buffer.finish(false, 0)).toMatchObject({ bytes: Buffer.from('abcd'), truncated: true });
    expect(copy.finish(false, 0)).toMatchObject({ bytes: Buffer.from('Abcd'), truncated: true, marks: [{ offset: 0, time: 1 }, { offset: 3, time: 2 }] });
  });
});
