/**
 * The weak port signal: a TCP conversation on a port pools commonly listen on. A port alone says
 * little (pools also listen on 25, 80 and 443, and 3333/8888/9999 host plenty of other services),
 * so it only counts when the conversation carried data both ways: a scan or a refused connect
 * is not a mining session.
 */
import type { FlowRecord } from '../../src/detect/api';

// Mirrors IPPROTO.TCP and TCP_FLAGS.PSH of the FlowRecord contract (detectors import only the API).
const TCP = 6;
const PSH = 0x08;

type Direction = FlowRecord['toServer'];

/**
 * Flow exports report no payload size (payloadBytes 0 means "unknown" there), so a pushed
 * segment (PSH in the OR of the direction's flags) stands in for "carried data".
 */
function carriedData(direction: Direction, source: FlowRecord['source']): boolean {
  if (direction.payloadBytes > 0) return true;
  return source === 'flow-export' && direction.packets > 0 && (direction.tcpFlags & PSH) !== 0;
}

/**
 * A unidirectional export (NetFlow v9 and nfcapd as most routers write them) reports each
 * direction as its own record, the other direction silent: such a record counts when its own
 * direction carried data, so a session is seen in its client's data record and its server's.
 */
function isOneWayExport(flow: FlowRecord): boolean {
  return flow.source === 'flow-export' && (flow.toServer.packets === 0) !== (flow.toClient.packets === 0);
}

export function isMiningPortConversation(flow: FlowRecord, miningPorts: ReadonlySet<number>): boolean {
  if (flow.protocol !== TCP || !miningPorts.has(flow.server.port)) return false;
  const up = carriedData(flow.toServer, flow.source);
  const down = carriedData(flow.toClient, flow.source);
  return (up && down) || (isOneWayExport(flow) && (up || down));
}

/** settings.miningPorts narrowed to valid port numbers; the schema supplies the defaults. */
export function miningPortsFrom(settings: Readonly<Record<string, unknown>>): ReadonlySet<number> {
  const raw = settings.miningPorts;
  const ports = Array.isArray(raw) ? raw : [];
  return new Set(ports.filter((p): p is number => Number.isInteger(p) && p > 0 && p <= 65535));
}
