/**
 * inputList on a real directory tree: directories expand to their files in name order (files
 * still being written skipped, FIFOs and symlinked files kept, no recursion), `-` stays where it
 * is named and only once, and `-R FIRST:LAST` takes FIRST's directory from FIRST to LAST, both
 * included, refusing ends that do not exist, ends in two directories and FIRST after LAST.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expandRange, inputList, InputListError } from '../../../src/readers/source/input-list';

const root = mkdtempSync(join(tmpdir(), 'rigsweep-input-list-'));

function dirWith(name: string, files: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of files) writeFileSync(join(dir, file), file);
  return dir;
}

// Written out of name order on purpose: the listing must sort, not follow creation order.
const ROTATED = ['nfcapd.202109271205', 'nfcapd.202109271155', 'nfcapd.202109271200', 'nfcapd.202109271210', 'nfcapd.202109271150'];
const rotated = dirWith('rotated', [
  ...ROTATED,
  'nfcapd.current.4242', // nfcapd writing the next one
  'nfcapd.202109271202.tmp', // sorts inside the ranges below
  '.nfcapd.202109271201.Xy12', // rsync's temporary copy
  'nfcapd.202109271203.part',
]);
const sorted = (dir: string, names: string[]) => [...names].sort().map((n) => join(dir, n));

async function refusal(run: () => Promise<unknown>): Promise<InputListError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputListError);
  return error as InputListError;
}

describe('inputList: directories', () => {
  it('expands to the files in name order, skipping files still being written', async () => {
    expect(await inputList([rotated])).toEqual(sorted(rotated, ROTATED));
  });

  it('sorts by code unit, so zero-padded rotation names are in time order', async () => {
    const dir = dirWith('mixed', ['b.pcap', 'B.pcap', 'a10.pcap', 'a9.pcap', 'a.pcap']);
    expect((await inputList([dir])).map((p) => p.slice(dir.length + 1))).toEqual(['B.pcap', 'a.pcap', 'a10.pcap', 'a9.pcap', 'b.pcap']);
  });

  it('keeps FIFOs and files reached through a symlink, not subdirectories or dangling links', async () => {
    const dir = dirWith('kinds', ['a.pcap']);
    execFileSync('mkfifo', [join(dir, 'b.fifo')]);
    mkdirSync(join(dir, 'c.archive'));
    writeFileSync(join(dir, 'c.archive', 'inner.pcap'), 'x');
    symlinkSync(join(dir, 'a.pcap'), join(dir, 'd-link.pcap'));
    symlinkSync(join(dir, 'nowhere.pcap'), join(dir, 'e-dangling.pcap'));
    symlinkSync(join(dir, 'c.archive'), join(dir, 'f-dir-link'));
    expect(await inputList([dir])).toEqual(['a.pcap', 'b.fifo', 'd-link.pcap'].map((n) => join(dir, n)));
  });

  it('an empty directory, or one holding only files being written, gives nothing', async () => {
    expect(await inputList([dirWith('empty', [])])).toEqual([]);
    expect(await inputList([dirWith('writing', ['nfcapd.current.1', 'x.tmp'])])).toEqual([]);
  });

  it('keeps files named as given, in the order given, even a missing one or a temporary name', async () => {
    const missing = join(root, 'missing.pcap');
    const current = join(rotated, 'nfcapd.current.4242');
    const last = join(rotated, 'nfcapd.202109271210');
    expect(await inputList([last, missing, current, rotated])).toEqual([last, missing, current, ...sorted(rotated, ROTATED)]);
  });
});

describe('inputList: standard input', () => {
  it('keeps - where it is named', async () => {
    const file = join(rotated, 'nfcapd.202109271150');
    expect(await inputList([file, '-', file])).toEqual([file, '-', file]);
  });

  it('refuses - twice: standard input can be read once', async () => {
    const error = await refusal(() => inputList(['-', rotated, '-']));
    expect(error.message).toBe('standard input ("-") can be read only once');
  });
});

describe('-R FIRST:LAST', () => {
  const at = (name: string) => join(rotated, name);

  it('takes both ends and what sorts between, never a file being written', async () => {
    const want = ['nfcapd.202109271155', 'nfcapd.202109271200', 'nfcapd.202109271205'].map(at);
    expect(await expandRange(`${at('nfcapd.202109271155')}:nfcapd.202109271205`)).toEqual(want);
    // LAST as a path in the same directory, also spelt another way
    expect(await expandRange(`${at('nfcapd.202109271155')}:${at('nfcapd.202109271205')}`)).toEqual(want);
    expect(await expandRange(`${at('nfcapd.202109271155')}:${rotated}/./nfcapd.202109271205`)).toEqual(want);
  });

  it('FIRST equal to LAST is that one file', async () => {
    expect(await expandRange(`${at('nfcapd.202109271200')}:nfcapd.202109271200`)).toEqual([at('nfcapd.202109271200')]);
  });

  it('the whole directory when the ends are its first and last files', async () => {
    expect(await expandRange(`${at('nfcapd.202109271150')}:nfcapd.202109271210`)).toEqual(sorted(rotated, ROTATED));
  });

  it('a relative FIRST works from the current directory', async () => {
    const first = relative(process.cwd(), at('nfcapd.202109271205'));
    expect(await expandRange(`${first}:nfcapd.202109271210`)).toEqual([join(relative(process.cwd(), rotated), 'nfcapd.202109271205'), join(relative(process.cwd(), rotated), 'nfcapd.202109271210')]);
  });

  it('comes after the named inputs, ranges in the order given', async () => {
    const file = at('nfcapd.202109271150');
    expect(await inputList([file], [`${at('nfcapd.202109271210')}:nfcapd.202109271210`, `${at('nfcapd.202109271200')}:nfcapd.202109271205`])).toEqual(
      [file, at('nfcapd.202109271210'), at('nfcapd.202109271200'), at('nfcapd.202109271205')],
    );
  });

  it.each([
    ['an end that does not exist', () => `${at('nfcapd.202109271155')}:nfcapd.202109271300`, `${at('nfcapd.202109271300')} does not exist`],
    ['a FIRST that does not exist', () => `${at('nfcapd.202109271100')}:nfcapd.202109271205`, `${at('nfcapd.202109271100')} does not exist`],
    ['an end that is a file still being written', () => `${at('nfcapd.202109271155')}:nfcapd.202109271202.tmp`, `${at('nfcapd.202109271202.tmp')} does not exist`],
    ['ends in two directories', () => `${at('nfcapd.202109271155')}:${join(root, 'kinds', 'a.pcap')}`, 'both ends must be in one directory'],
    ['FIRST after LAST', () => `${at('nfcapd.202109271205')}:nfcapd.202109271155`, 'nfcapd.202109271205 sorts after nfcapd.202109271155'],
    ['no LAST', () => `${at('nfcapd.202109271155')}:`, 'expected FIRST:LAST'],
    ['no FIRST', () => ':nfcapd.202109271155', 'expected FIRST:LAST'],
    ['no colon', () => at('nfcapd.202109271155'), 'expected FIRST:LAST'],
    ['a directory that does not exist', () => `${join(root, 'nope', 'nfcapd.1')}:nfcapd.2`, `cannot list ${join(root, 'nope')}: ENOENT`],
  ])('refuses %s, saying which range and why', async (_what, range, reason) => {
    const error = await refusal(() => inputList([], [range()]));
    expect(error.message).toBe(`range ${range()}: ${reason}`);
  });
});
