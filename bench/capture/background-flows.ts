/**
 * The benchmark's ordinary traffic: DNS lookups, web page loads, TLS sessions and rare bulk
 * transfers, as prebuilt scripts (steps with direction, flags, payload slice and the gap before
 * them). A flow is a script plus addresses, ports and sequence numbers, advanced one packet at a
 * time from the event heap. Payloads are real where a reader looks (DNS, HTTP, ClientHello) and
 * slices of one random buffer elsewhere.
 */
import { encodeDnsMessage } from '../../fixtures/lib/dns-wire';
import { Prng } from '../../fixtures/lib/prng';
import { httpRequest } from '../../fixtures/lib/protocols/http';
import { clientHello } from '../../fixtures/lib/protocols/tls';
import { TCP_OVERHEAD, UDP_OVERHEAD } from './frame-stamp';

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;
const MSS = 1448;

export interface Step {
  fromClient: boolean;
  flags: number;
  payload: Buffer;
  start: number;
  length: number;
  /** Seconds after the previous step (scaled per flow by its round-trip factor). */
  gap: number;
}

export interface Script {
  kind: 'dns' | 'web' | 'tls' | 'bulk';
  udp: boolean;
  serverPort: number;
  steps: Step[];
  /** Bytes this script puts in the capture, record headers included. */
  bytes: number;
}

const NAMES = ['www.example.com', 'cdn.example.net', 'api.example.org', 'mail.example.com', 'news.example.net', 'static.example.org', 'video.example.com', 'maps.example.net'];

class ScriptBuilder {
  readonly steps: Step[] = [];
  constructor(private readonly random: Buffer, private readonly rng: Prng) {}

  add(fromClient: boolean, flags: number, gap: number, payload?: Buffer): this {
    const p = payload ?? this.random;
    this.steps.push({ fromClient, flags, payload: p, start: 0, length: payload ? payload.length : 0, gap });
    return this;
  }

  /**
   * `bytes` of data from one side in MSS segments, the other side ACKing every second one. The
   * data is opaque (slices of the random buffer) unless it starts with `head`, e.g. an HTTP header.
   */
  data(fromClient: boolean, bytes: number, gap: number, perSegment: number, head?: Buffer): this {
    const content = head ? Buffer.concat([head, this.random.subarray(0, Math.max(0, bytes - head.length))]) : undefined;
    for (let sent = 0, n = 0; sent < bytes; sent += MSS, n++) {
      const length = Math.min(MSS, bytes - sent);
      const [payload, start] = content ? [content, sent] : [this.random, this.rng.int(0, this.random.length - MSS)];
      this.steps.push({ fromClient, flags: ACK | (sent + length >= bytes ? PSH : 0), payload, start, length, gap: n === 0 ? gap : perSegment });
      if (n % 2 === 1) this.add(!fromClient, ACK, 0.0002);
    }
    return this;
  }

  handshake(rtt: number): this {
    return this.add(true, SYN, 0).add(false, SYN | ACK, rtt).add(true, ACK, 0.0001);
  }

  close(rtt: number): this {
    return this.add(true, FIN | ACK, rtt).add(false, FIN | ACK, rtt / 2).add(true, ACK, 0.0001);
  }

  build(kind: Script['kind'], serverPort: number, udp = false): Script {
    const overhead = udp ? UDP_OVERHEAD : TCP_OVERHEAD;
    const bytes = this.steps.reduce((n, s) => n + overhead + s.length, 0);
    return { kind, udp, serverPort, steps: this.steps, bytes };
  }
}

function dnsScript(random: Buffer, rng: Prng, name: string): Script {
  const id = rng.int(0, 0xffff);
  const question = { name, type: 'A' as const };
  const answers = [{ name, type: 'A' as const, ttl: 300, value: `198.18.${rng.int(0, 255)}.${rng.int(1, 254)}` }];
  return new ScriptBuilder(random, rng)
    .add(true, 0, 0, encodeDnsMessage({ id, question }))
    .add(false, 0, 0.015, encodeDnsMessage({ id, question, answers }))
    .build('dns', 53, true);
}

function webScript(random: Buffer, rng: Prng, host: string): Script {
  const b = new ScriptBuilder(random, rng).handshake(0.03);
  const requests = rng.int(1, 3);
  for (let i = 0; i < requests; i++) {
    b.add(true, ACK | PSH, 0.001, Buffer.from(httpRequest('GET', `/page/${rng.int(1, 9999)}`, [['Host', host], ['User-Agent', 'Mozilla/5.0'], ['Accept', '*/*']])));
    const body = rng.int(300, 6000);
    const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body}\r\n\r\n`);
    b.data(false, head.length + body, 0.03, 0.0004, head);
  }
  return b.close(0.2).build('web', 80);
}

function tlsScript(random: Buffer, rng: Prng, host: string): Script {
  const b = new ScriptBuilder(random, rng).handshake(0.03).add(true, ACK | PSH, 0.001, clientHello(host, rng));
  b.data(false, rng.int(2500, 4500), 0.03, 0.0003).data(true, 80, 0.001, 0);
  const exchanges = rng.int(1, 4);
  for (let i = 0; i < exchanges; i++) b.data(true, rng.int(200, 700), rng.between(0.05, 2), 0).data(false, rng.int(300, 8000), 0.03, 0.0004);
  return b.close(0.5).build('tls', 443);
}

function bulkScript(random: Buffer, rng: Prng): Script {
  return new ScriptBuilder(random, rng).handshake(0.002).data(true, rng.int(1, 4) * 1_000_000, 0.001, 0.0012).close(0.01).build('bulk', rng.pick([873, 9866, 445]));
}

/** How often each kind starts: many small flows, rare big ones (bulk is most of its bytes). */
const MIX: ReadonlyArray<{ kind: Script['kind']; share: number }> = [
  { kind: 'dns', share: 0.42 },
  { kind: 'web', share: 0.3 },
  { kind: 'tls', share: 0.279 },
  { kind: 'bulk', share: 0.001 },
];

export class BackgroundTraffic {
  private readonly scripts = new Map<Script['kind'], Script[]>();
  readonly meanFlowBytes: number;

  constructor(private readonly rng: Prng) {
    const random = rng.bytes(1 << 16);
    this.scripts.set('dns', NAMES.flatMap((n) => [0, 1, 2, 3].map((i) => dnsScript(random, rng, i ? `${['a', 'b', 'c'][i - 1]}.${n}` : n))));
    this.scripts.set('web', Array.from({ length: 48 }, () => webScript(random, rng, rng.pick(NAMES))));
    this.scripts.set('tls', Array.from({ length: 48 }, () => tlsScript(random, rng, rng.pick(NAMES))));
    this.scripts.set('bulk', Array.from({ length: 8 }, () => bulkScript(random, rng)));
    this.meanFlowBytes = MIX.reduce((sum, m) => sum + m.share * mean(this.scripts.get(m.kind)!.map((s) => s.bytes)), 0);
  }

  pick(): Script {
    let r = this.rng.next();
    for (const m of MIX) {
      if (r < m.share) return this.rng.pick(this.scripts.get(m.kind)!);
      r -= m.share;
    }
    return this.rng.pick(this.scripts.get('dns')!);
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
