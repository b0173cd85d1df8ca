/**
 * An nfcapd file written by Debian's nfcapd itself: NetFlow/IPFIX messages sent to it over
 * loopback UDP, paced so its socket keeps up. Used by the flow-export and carrier benchmarks.
 */
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createSocket } from 'node:dgram';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Sends `messages` to nfcapd on loopback and moves the file it writes to `path` (`workDir`
 * holds nfcapd's directory meanwhile). Should nfcapd rotate during the feed, its files are
 * merged into one by `nfdump -R DIR -w path`.
 */
export async function writeNfcapdFile(path: string, messages: Iterable<Buffer>, workDir: string): Promise<void> {
  const dir = mkdtempSync(join(workDir, 'nfcapd-'));
  const port = 20000 + (process.pid % 20000);
  const nfcapd = spawn('nfcapd', ['-w', dir, '-p', String(port), '-b', '127.0.0.1', '-B', String(8 << 20)], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const socket = createSocket('udp4');
    let sent = 0;
    for (const message of messages) {
      socket.send(message, port, '127.0.0.1');
      if (++sent % 200 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 1000));
    socket.close();
  } finally {
    nfcapd.kill('SIGTERM');
    await once(nfcapd, 'exit');
  }
  const files = readdirSync(dir).filter((f) => f.startsWith('nfcapd.') && !f.includes('current')).sort();
  if (files.length === 0) throw new Error('nfcapd wrote no file');
  if (files.length === 1) renameSync(join(dir, files[0]), path);
  else execFileSync('nfdump', ['-R', dir, '-w', path], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true }); // nfcapd's directory, not only its file
}
