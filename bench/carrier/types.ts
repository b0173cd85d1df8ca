/** The units the carrier benchmark passes around: connections, packets and export records. */

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** One transport connection (a 5-tuple); `client` opened it. Addresses as 32-bit numbers. */
export interface Conn {
  id: number;
  client: number;
  server: number;
  clientPort: number;
  serverPort: number;
  protocol: number;
}

/**
 * What the router sees: `count` packets (usually 1; a bulk burst is one event of many packets
 * within a second) from the client (dir 0) or the server (dir 1), `bytes` of IP length in all.
 */
export interface Pkt {
  t: number;
  conn: Conn;
  dir: 0 | 1;
  bytes: number;
  count: number;
  flags: number;
}

/** One unidirectional export record, with the time the exporter sent it (`exportAt`). */
export interface CarrierRecord {
  first: number;
  last: number;
  srcNum: number;
  dstNum: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  tcpFlags: number;
  exportAt: number;
}

/** A router's flow cache settings; `sampling` N keeps each packet with probability 1/N. */
export interface ExporterSettings {
  activeSeconds: number;
  inactiveSeconds: number;
  sampling: number;
}
