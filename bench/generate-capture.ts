/**
 * Streams a large, deterministic Ethernet pcap for the benchmark: hundreds of thousands of
 * DNS/web/TLS/bulk flows from a seeded PRNG, with a few dozen miners of several dialects (built
 * by the fixture scenario builders) sprinkled in. Time advances at about 1 MB of traffic per
 * second of capture, so idle and active timeouts expire flows as they would on a real link.
 *
 *   node dist/bench/generate-capture.js OUT.pcap [--bytes 2e9] [--seed 1] [--seconds N] [--miners 36]
 *
 * Fast by construction: frames are stamped from templates straight into 4 MB chunks, written
 * with backpressure, so memory stays bounded whatever the size.
 */
import { Prng } from '../fixtures/lib/prng';
import { BASE_TIME } from '../fixtures/lib/timeline';
import { BackgroundTraffic, type Script } from './capture/background-flows';
import { stampFrame, stampTcp, stampUdp, type Wire } from './capture/frame-stamp';
import { miningTraffic } from './capture/mining-sessions';
import { PcapStream } from './capture/pcap-stream';
import { TimeHeap } from './capture/time-heap';

export interface BenchCaptureOptions {
  /** Stop adding ordinary traffic once the file holds this many bytes. */
  bytes: number;
  seed?: number;
  /** Capture time spanned; default about one second per MB (at least 30 minutes). */
  seconds?: number;
  miners?: number;
}

export interface BenchCaptureStats {
  bytes: number;
  packets: number;
  /** Distinct 5-tuples (conversations). */
  flows: number;
  miners: number;
  minerAddresses: string[];
  /** Capture time from the first to the last packet. */
  seconds: number;
}

interface ActiveFlow {
  time: number;
  script: Script;
  step: number;
  wire: Wire;
  client: number;
  server: number;
  clientPort: number;
  clientSeq: number;
  serverSeq: number;
  /** Round-trip scale of this flow's path. */
  pace: number;
}

const SYN_OR_FIN = 0x03;
const ACK = 0x10;
const LARGEST_RECORD = 16 + 1600;

function startFlow(rng: Prng, script: Script, time: number): ActiveFlow {
  const client = (0x0a000000 | rng.int(1, 0xfffffe)) >>> 0;
  const server = (0xc6120000 | rng.int(1, 0x1fffe)) >>> 0;
  return {
    time, script, step: 0, wire: { time, src: 0, dst: 0, srcPort: 0, dstPort: 0 },
    client, server, clientPort: rng.int(32768, 60999), clientSeq: rng.int(0, 0xffffffff), serverSeq: rng.int(0, 0xffffffff), pace: rng.between(0.3, 3),
  };
}

/** Writes the flow's current step; returns the end offset. */
function emitStep(out: Buffer, at: number, f: ActiveFlow): number {
  const s = f.script.steps[f.step];
  const w = f.wire;
  w.time = f.time;
  w.src = s.fromClient ? f.client : f.server;
  w.dst = s.fromClient ? f.server : f.client;
  w.srcPort = s.fromClient ? f.clientPort : f.script.serverPort;
  w.dstPort = s.fromClient ? f.script.serverPort : f.clientPort;
  if (f.script.udp) return stampUdp(out, at, w, s.payload.subarray(s.start, s.start + s.length));
  const seq = s.fromClient ? f.clientSeq : f.serverSeq;
  const ack = s.flags & ACK ? (s.fromClient ? f.serverSeq : f.clientSeq) : 0;
  const used = s.length + (s.flags & SYN_OR_FIN ? 1 : 0);
  if (s.fromClient) f.clientSeq = (f.clientSeq + used) >>> 0;
  else f.serverSeq = (f.serverSeq + used) >>> 0;
  return stampTcp(out, at, w, seq, ack, s.flags, s.payload, s.start, s.length);
}

export async function generateBenchCapture(path: string, options: BenchCaptureOptions): Promise<BenchCaptureStats> {
  const rng = new Prng(options.seed ?? 1);
  const background = new BackgroundTraffic(rng);
  const seconds = options.seconds ?? Math.max(1800, options.bytes / 1e6);
  const meanArrivalGap = (seconds * background.meanFlowBytes) / options.bytes;
  const mining = miningTraffic(rng, options.miners ?? 36, seconds);
  const out = new PcapStream(path);
  const heap = new TimeHeap<ActiveFlow>();
  let nextArrival = BASE_TIME + rng.exponential(meanArrivalGap);
  let flows = mining.flows;
  let m = 0;
  let last = BASE_TIME;

  while (out.bytes < options.bytes) {
    if (out.full(LARGEST_RECORD)) await out.flush();
    const top = heap.peek();
    const now = Math.min(nextArrival, top ? top.time : Infinity);
    if (m < mining.frames.length && mining.frames[m].time <= now) {
      const f = mining.frames[m++];
      out.commit(stampFrame(out.buffer, out.at, f.time, f.frame));
      continue;
    }
    if (!top || nextArrival < top.time) {
      heap.push(startFlow(rng, background.pick(), nextArrival));
      flows++;
      nextArrival += rng.exponential(meanArrivalGap);
      continue;
    }
    heap.pop();
    out.commit(emitStep(out.buffer, out.at, top));
    last = top.time;
    if (++top.step < top.script.steps.length) {
      top.time += top.script.steps[top.step].gap * top.pace;
      heap.push(top);
    }
  }
  // Miners still mining when the byte budget ran out finish their sessions: their frames are later.
  for (; m < mining.frames.length; m++) {
    if (out.full(LARGEST_RECORD)) await out.flush();
    const f = mining.frames[m];
    out.commit(stampFrame(out.buffer, out.at, f.time, f.frame));
    last = Math.max(last, f.time);
  }
  await out.close();
  return { bytes: out.bytes, packets: out.packets, flows, miners: mining.minerAddresses.length, minerAddresses: mining.minerAddresses, seconds: last - BASE_TIME };
}

function parseArgs(argv: string[]): { path: string; options: BenchCaptureOptions } {
  const [path, ...rest] = argv;
  if (!path || path.startsWith('--')) throw new Error('usage: generate-capture OUT.pcap [--bytes 2e9] [--seed N] [--seconds N] [--miners N]');
  const options: BenchCaptureOptions = { bytes: 2e9 };
  for (let i = 0; i < rest.length; i += 2) {
    const value = Number(rest[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${rest[i]} needs a positive number`);
    if (rest[i] === '--bytes') options.bytes = value;
    else if (rest[i] === '--seed') options.seed = value;
    else if (rest[i] === '--seconds') options.seconds = value;
    else if (rest[i] === '--miners') options.miners = value;
    else throw new Error(`unknown option ${rest[i]}`);
  }
  return { path, options };
}

if (require.main === module) {
  const started = process.hrtime.bigint();
  const { path, options } = parseArgs(process.argv.slice(2));
  generateBenchCapture(path, options)
    .then((s) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(
        `wrote ${path}: ${(s.bytes / 1e9).toFixed(2)} GB, ${s.packets.toLocaleString('en')} packets, ${s.flows.toLocaleString('en')} flows, ` +
          `${s.miners} miners (${s.minerAddresses[0]}…), ${Math.round(s.seconds)} s of capture time; ${wall.toFixed(1)} s, ${(s.bytes / 1e6 / wall).toFixed(0)} MB/s`,
      );
    })
    .catch((e: Error) => {
      console.error(e.message);
      process.exitCode = 2;
    });
}
