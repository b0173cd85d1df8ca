/** A collector's record as an ingest job carries it: exactly the fields an export record has. */
import type { FlowRecord } from '../flow/flow-record';
import type { z } from 'zod';
import type { exportedFlowSchema } from './payloads';

export type ExportedFlow = z.infer<typeof exportedFlowSchema>;

export function toExportedFlow(flow: FlowRecord): ExportedFlow {
  const { protocol, client, server, clientBy, firstSeen, lastSeen, toServer, toClient, exporter } = flow;
  return {
    source: 'flow-export',
    protocol,
    client: { ip: client.ip, port: client.port },
    server: { ip: server.ip, port: server.port },
    clientBy,
    firstSeen,
    lastSeen,
    toServer: { ...toServer },
    toClient: { ...toClient },
    endReason: 'export',
    ...(exporter === undefined ? {} : { exporter }),
  };
}
