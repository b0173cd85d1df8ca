/**
 * A collector's record as an ingest job carries it: the export fields and the sampling rate its
 * counters were scaled by (so detectors judge it as in-process), plus, for flows assembled
 * from sampled packet headers (sFlow), the payload heads (base64) and facets the payload
 * detectors read. `fromExportedFlow` gives the worker the FlowRecord the collector had.
 */
import type { FlowRecord, PayloadHead } from '../flow/flow-record';
import type { z } from 'zod';
import type { exportedFlowSchema } from './payloads';

export type ExportedFlow = z.infer<typeof exportedFlowSchema>;
type ExportedHead = NonNullable<ExportedFlow['payload']>['toServer'];

const headOut = (h: PayloadHead): ExportedHead => ({
  bytes: h.bytes.toString('base64'),
  marks: h.marks.map((m) => ({ offset: m.offset, time: m.time })),
  truncated: h.truncated,
  midStream: h.midStream,
  gaps: h.gaps,
  ...(h.sampled ? { sampled: true as const } : {}),
});

const headIn = (h: ExportedHead): PayloadHead => ({ ...h, bytes: Buffer.from(h.bytes, 'base64'), marks: h.marks.map((m) => ({ ...m })) });

export function toExportedFlow(flow: FlowRecord): ExportedFlow {
  const { source, protocol, client, server, clientBy, firstSeen, lastSeen, toServer, toClient, endReason, exporter, sampling, payload, tlsSni, dnsQueries, dnsAnswers, http } = flow;
  return {
    source,
    protocol,
    client: { ip: client.ip, port: client.port },
    server: { ip: server.ip, port: server.port },
    clientBy,
    firstSeen,
    lastSeen,
    toServer: { ...toServer },
    toClient: { ...toClient },
    endReason,
    ...(exporter === undefined ? {} : { exporter }),
    ...(sampling === undefined ? {} : { sampling }),
    ...(payload === undefined ? {} : { payload: { toServer: headOut(payload.toServer), toClient: headOut(payload.toClient) } }),
    ...(tlsSni === undefined ? {} : { tlsSni }),
    ...(dnsQueries === undefined ? {} : { dnsQueries: [...dnsQueries] }),
    ...(dnsAnswers === undefined ? {} : { dnsAnswers: dnsAnswers.map((a) => ({ ...a })) }),
    ...(http === undefined ? {} : { http: structuredClone(http) }),
  };
}

export function fromExportedFlow(record: ExportedFlow): FlowRecord {
  const { payload, ...rest } = record;
  return payload === undefined ? rest : { ...rest, payload: { toServer: headIn(payload.toServer), toClient: headIn(payload.toClient) } };
}
