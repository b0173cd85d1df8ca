/**
 * Which side of a flow is the client when the SYN was not seen. Guessing the wrong way round
 * would blame a pool for its miners, so the port evidence comes first and the first talker last.
 */

/**
 * Ports servers listen on above 1024: mining pools (kept in step with the pool-endpoint
 * detector's defaults), blockchain nodes (8333/18333 Bitcoin, 18080/18081 Monero, 8545 and
 * 30303 Ethereum), Stratum V2 (34254/34255), and common services that would otherwise look
 * like ephemeral client ports.
 */
export const KNOWN_SERVER_PORTS: ReadonlySet<number> = new Set([
  // mining pools
  3333, 3334, 3335, 3353, 4444, 5555, 6666, 7777, 8008, 8888, 9999, 14433, 14444, 9200, 45700,
  // Stratum V2
  34254, 34255,
  // blockchain nodes and RPC
  8332, 8333, 18332, 18333, 38333, 18080, 18081, 18089, 8545, 8546, 30303,
  // common services
  1080, 1194, 1433, 1521, 1883, 2049, 3128, 3306, 3389, 5060, 5222, 5353, 5432, 5671, 5672,
  5900, 6379, 8000, 8080, 8081, 8443, 8883, 9000, 9092, 9418, 11211, 27017,
]);

export function isServerPort(port: number): boolean {
  return port < 1024 || KNOWN_SERVER_PORTS.has(port);
}

/**
 * True when the sender of the first packet seen (from `firstSrcPort` to `firstDstPort`) should be
 * taken as the client. Exactly one server-looking port decides; when both look like server ports
 * the lower-numbered one is taken as the service (e.g. 443 rather than 3333, which clients also
 * draw as ephemeral ports); when neither does, whoever talked first is the client.
 */
export function firstTalkerIsClient(firstSrcPort: number, firstDstPort: number): boolean {
  const srcServes = isServerPort(firstSrcPort);
  const dstServes = isServerPort(firstDstPort);
  if (srcServes !== dstServes) return dstServes;
  if (srcServes && firstSrcPort !== firstDstPort) return firstDstPort < firstSrcPort;
  return true;
}
