/**
 * Runs Debian's softflowd over a capture (`-r`) and collects the export datagrams it sends to a
 * UDP socket on 127.0.0.1. softflowd -r exports everything in one burst when the file ends, so
 * the socket gets a large receive buffer; callers check the headers' sequence numbers for loss.
 */
import { createSocket } from 'node:dgram';
import { softflowdReplay } from '../../helpers/flow-tools';

const RECEIVE_BUFFER = 16 * 1024 * 1024;
/** After softflowd exits, datagrams still in flight are awaited until this long a silence. */
const QUIET_MS = 300;

export async function softflowdExport(capture: string, version: 5 | 9 | 10, extra: string[] = []): Promise<Buffer[]> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER });
  const datagrams: Buffer[] = [];
  let lastArrival = Date.now();
  socket.on('message', (m) => {
    datagrams.push(m);
    lastArrival = Date.now();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    await softflowdReplay(capture, socket.address().port, version, extra);
    while (Date.now() - lastArrival < QUIET_MS) await new Promise((r) => setTimeout(r, 50));
    return datagrams;
  } finally {
    socket.close();
  }
}

/**
 * Datagrams lost between softflowd and the socket, from the header sequence numbers: v5 counts
 * flows sent before the message, v9 counts messages, and softflowd's IPFIX counts data records
 * up to and including the message. `records[i]` is how many flow records message i held.
 */
export function sequenceGaps(datagrams: readonly Buffer[], records: readonly number[]): number {
  let gaps = 0;
  let expected: number | undefined;
  datagrams.forEach((d, i) => {
    const version = d.readUInt16BE(0);
    const sequence = version === 5 ? d.readUInt32BE(16) : version === 9 ? d.readUInt32BE(12) : d.readUInt32BE(8);
    const first = version === 5 ? 0 : version === 9 ? 1 : records[i];
    if (sequence !== (expected ?? first)) gaps++;
    expected = version === 5 ? sequence + records[i] : version === 9 ? sequence + 1 : sequence + (records[i + 1] ?? 0);
  });
  return gaps;
}
