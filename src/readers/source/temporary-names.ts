/**
 * File names in a directory that are never inputs (for `scan DIR`, `enqueue DIR` and the watcher): files still being written under a
 * name that changes when they are complete, and editor leftovers that are not data. Matching on
 * the name is what lets a watcher skip a file at once instead of waiting for it to settle, and
 * is the only safe test for writers that pause long enough to look settled (nfcapd between
 * flushes, a stalled rsync).
 */
import { basename } from 'node:path';

const temporaryPatterns: readonly RegExp[] = [
  // rsync writes `.name.XXXXXX` and renames it; dot-files are hidden state in general.
  /^\./,
  // nfcapd writes `nfcapd.current.<pid>` and renames it to `nfcapd.YYYYMMDDhhmm` on rotation.
  /^nfcapd\.current(\.|$)/,
  // Scripted copies and many exporters' "write then rename" convention.
  /\.tmp$/i,
  // curl -C, wget, browsers and cp/rsync wrappers: `name.part`, `name.partial`.
  /\.part$/i,
  /\.partial$/i,
  // vim swap files (also `.name.swp`, already caught as a dot-file).
  /\.swp$/i,
  // emacs and other editors' backup copies.
  /~$/,
];

/** True when the file's name says it is still being written or is not data; accepts a path. */
export function isTemporaryName(nameOrPath: string): boolean {
  const name = basename(nameOrPath);
  return temporaryPatterns.some((pattern) => pattern.test(name));
}
