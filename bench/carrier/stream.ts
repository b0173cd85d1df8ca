/**
 * The export stream: every host's packets through its flow cache (and its record-level traffic
 * beside them), merged across hosts in export-time order with a heap of one head per host, the
 * way a router emits records as they expire. Memory holds the live sessions and cache entries,
 * never the records.
 */
import { Prng } from '../../fixtures/lib/prng';
import { bulkTraffic, type BulkContext } from './bulk';
import { FlowCache } from './flow-cache';
import { MinHeap } from './heap';
import type { Population } from './population';
import { rngOf, type HostPlan, type SessionPlan } from './plan';
import { ACK, PSH, type CarrierRecord, type Conn, type ExporterSettings, type Pkt } from './types';

/** Binomial(n, p) by inversion for small means, normal approximation for large ones. */
export function binomial(rng: Prng, n: number, p: number): number {
  if (n <= 0) return 0;
  const mean = n * p;
  if (mean < 20) {
    // Poisson(mean) by multiplication (n ≫ mean here), capped at n.
    const limit = Math.exp(-mean);
    let k = 0;
    let prod = rng.next();
    while (prod > limit && k < n) {
      k++;
      prod *= rng.next();
    }
    return k;
  }
  const u = Math.max(1e-12, rng.next());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  return Math.max(0, Math.min(n, Math.round(mean + z * Math.sqrt(mean * (1 - p)))));
}

type Source = { kind: 'pkt'; it: Iterator<Pkt>; head: Pkt } | { kind: 'rec'; it: Iterator<CarrierRecord>; head: CarrierRecord } | { kind: 'start'; plan: SessionPlan };

export function* hostRecords(host: HostPlan, settings: ExporterSettings, start: number, end: number): Generator<CarrierRecord> {
  const out: CarrierRecord[] = [];
  const cache = new FlowCache(settings, (r) => out.push(r));
  const sample = settings.sampling > 1 ? rngOf(host.seed, 0x5a3) : undefined;
  const p = 1 / settings.sampling;
  let connId = 0;
  const newConn = (server: number, serverPort: number, protocol: number, clientPort?: number, client?: number): Conn => ({
    id: connId++,
    client: client ?? host.address,
    server,
    clientPort: clientPort ?? (host.windows ? 49152 + ((connId * 7919) % 16384) : 32768 + ((connId * 7919) % 28232)),
    serverPort,
    protocol,
  });
  const bulkRng = rngOf(host.seed, 0xb1c);
  const ctx: BulkContext = { rng: bulkRng, address: host.address, windows: host.windows, start, end, settings, newConn };
  const heap = new MinHeap<Source>();
  const bulk = bulkTraffic(ctx, host.bulk);
  const first = bulk.next();
  if (!first.done) heap.push(first.value.exportAt, { kind: 'rec', it: bulk, head: first.value });
  for (const plan of host.sessions) heap.push(Math.max(plan.start, start - 7200), { kind: 'start', plan });
  let clock = start;
  while (heap.size > 0) {
    const s = heap.pop() as Source;
    if (s.kind === 'start') {
      const plan = s.plan;
      const conn = newConn(plan.server, plan.serverPort, plan.protocol, plan.clientPort, plan.client);
      const it = plan.build(new Prng(plan.seed), conn, end);
      const n = it.next();
      if (!n.done) heap.push(n.value.t, { kind: 'pkt', it, head: n.value });
      continue;
    }
    if (s.kind === 'pkt') {
      const pkt = s.head;
      if (pkt.t >= start && pkt.t < end) {
        if (pkt.t < clock) pkt.t = clock;
        clock = pkt.t;
        if (!sample) cache.add(pkt);
        else {
          const kept = pkt.count === 1 ? (sample.next() < p ? 1 : 0) : binomial(sample, pkt.count, p);
          if (kept > 0) {
            pkt.bytes = Math.max(kept * 40, Math.round((pkt.bytes * kept) / pkt.count));
            pkt.count = kept;
            cache.add(pkt);
          } else cache.advance(pkt.t);
        }
      }
      const n = s.it.next();
      if (!n.done) {
        s.head = n.value;
        heap.push(n.value.t, s);
      }
    } else {
      const r = s.head;
      if (r.exportAt < clock) r.exportAt = clock;
      clock = r.exportAt;
      cache.advance(r.exportAt);
      if (!sample) out.push(r);
      else {
        const kept = binomial(sample, r.packets, p);
        if (kept > 0) {
          r.bytes = Math.max(kept * 40, Math.round((r.bytes * kept) / r.packets));
          r.packets = kept;
          // SYN/FIN are single packets: each survives sampling with probability 1/N.
          r.tcpFlags &= sample.next() < p ? 0xff : ACK | PSH;
          out.push(r);
        }
      }
      const n = s.it.next();
      if (!n.done) {
        s.head = n.value;
        heap.push(n.value.exportAt, s);
      }
    }
    if (out.length > 0) yield* out.splice(0, out.length);
  }
  cache.flush(end);
  yield* out.splice(0, out.length);
}

/** Every record of the population under one exporter's settings, in export-time order. */
export function* carrierRecords(pop: Population, settings: ExporterSettings): Generator<CarrierRecord> {
  const { start, hours } = pop.params;
  const end = start + hours * 3600;
  const heap = new MinHeap<{ it: Iterator<CarrierRecord>; head: CarrierRecord }>();
  for (const host of pop.hosts) {
    const it = hostRecords(host, settings, start, end);
    const n = it.next();
    if (!n.done) heap.push(n.value.exportAt, { it, head: n.value });
  }
  while (heap.size > 0) {
    const h = heap.pop()!;
    yield h.head;
    const n = h.it.next();
    if (!n.done) {
      h.head = n.value;
      heap.push(n.value.exportAt, h);
    }
  }
}
