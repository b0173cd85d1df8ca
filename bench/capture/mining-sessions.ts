/**
 * The miners sprinkled into the benchmark capture, built with the same scenario builders as the
 * fixtures (one session each, several dialects), so a scan of the big file has known positives.
 */
import { ethernetFrame } from '../../fixtures/lib/frames';
import { Prng } from '../../fixtures/lib/prng';
import { BASE_TIME, byTime, type CaptureFrame, type Packet } from '../../fixtures/lib/timeline';
import { fromClient, fromServer, tcpConversation } from '../../fixtures/lib/tcp-conversation';
import { asTlsRecords } from '../../fixtures/lib/protocols/encrypted';
import { ethereumStratumV1Session } from '../../fixtures/lib/protocols/ethereum-stratum-v1';
import { ethereumStratumV2Session } from '../../fixtures/lib/protocols/ethereum-stratum-v2';
import { boundaryFor, ethProxySession } from '../../fixtures/lib/protocols/eth-proxy';
import { stratumV1Session } from '../../fixtures/lib/protocols/stratum-v1';
import { stratumV2Session } from '../../fixtures/lib/protocols/stratum-v2';
import { clientFinished, clientHello, serverFlight } from '../../fixtures/lib/protocols/tls';
import { xmrigSession } from '../../fixtures/lib/protocols/xmrig';
import { singleMinerPackets } from '../../fixtures/scenarios/single-miner';

const SESSION_SECONDS = 600;

interface MinerPlan {
  rng: Prng;
  minerIp: string;
  pool: string;
  clientPort: number;
  /** Seconds after BASE_TIME. */
  startOffset: number;
}

type Dialect = (p: MinerPlan) => Packet[];

const window = { from: 0.1, to: SESSION_SECONDS };

/** Each dialect: one miner's packets, as the fixture scenarios build them. */
const DIALECTS: ReadonlyArray<{ name: string; build: Dialect }> = [
  {
    name: 'stratum-v1',
    build: (p) => singleMinerPackets({ ...p, port: 3333, poolName: 'stratum.slushpool.com', session: stratumV1Session({ rng: p.rng, worker: `bench.${p.clientPort}`, difficulty: 65536, shareGap: 30, epoch: BASE_TIME + p.startOffset, ...window }) }),
  },
  {
    name: 'xmrig',
    build: (p) => singleMinerPackets({ ...p, port: 3333, poolName: 'pool.supportxmr.com', session: xmrigSession({ rng: p.rng, wallet: `4${p.rng.hex(47)}`, rigId: `b${p.clientPort}`, difficulty: 100_000, shareGap: 15, ...window }) }),
  },
  {
    name: 'eth-proxy',
    build: (p) => singleMinerPackets({ ...p, port: 8008, session: ethProxySession({ rng: p.rng, wallet: `0x${p.rng.hex(20)}`, worker: 'rig', hashesPerShare: 4e9, reportedHashrate: 2e8, shareGap: 20, ...window }) }),
  },
  {
    name: 'ethereumstratum-v1',
    build: (p) => singleMinerPackets({ ...p, port: 3353, poolName: 'daggerhashimoto.eu.nicehash.com', session: ethereumStratumV1Session({ rng: p.rng, agent: 'NBMiner/39.5', worker: 'w.b', difficulty: 2, shareGap: 20, ...window }) }),
  },
  {
    name: 'ethereumstratum-v2',
    build: (p) =>
      singleMinerPackets({
        ...p, port: 4444,
        session: ethereumStratumV2Session({ rng: p.rng, agent: 'ethminer-0.19.0', host: 'eu1.ethermine.org', port: 4444, worker: 'w.b', target: boundaryFor(4e9), hashesPerShare: 4e9, reportedHashrate: 2e8, shareGap: 20, ...window }),
      }),
  },
  {
    name: 'stratum-v2',
    build: (p) => singleMinerPackets({ ...p, port: 34254, session: stratumV2Session({ rng: p.rng, shareGap: 12, hashesPerShare: 2 ** 44, ...window }) }),
  },
  {
    name: 'stratum-over-tls',
    build: (p) => {
      const stratum = stratumV1Session({ rng: p.rng, worker: 'tls.rig', difficulty: 32768, shareGap: 25, epoch: BASE_TIME + p.startOffset, from: 1, to: SESSION_SECONDS });
      return tcpConversation({
        client: p.minerIp, server: p.pool, clientPort: p.clientPort, serverPort: 443, start: BASE_TIME + p.startOffset,
        messages: [fromClient(0.1, clientHello('btc.f2pool.com', p.rng)), fromServer(0.16, serverFlight(p.rng)), fromClient(0.17, clientFinished(p.rng)), ...asTlsRecords(stratum.messages, p.rng)],
      });
    },
  },
];

export interface MiningTraffic {
  frames: CaptureFrame[];
  minerAddresses: string[];
  flows: number;
}

/** `count` miners, dialects in turn, starting at random times in the first 60% of the capture. */
export function miningTraffic(rng: Prng, count: number, durationSeconds: number): MiningTraffic {
  const packets: Packet[][] = [];
  const minerAddresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const minerIp = `10.77.${i >> 8}.${(i & 0xff) + 1}`;
    const plan: MinerPlan = {
      rng,
      minerIp,
      pool: `203.0.113.${100 + (i % 50)}`,
      clientPort: 40_000 + i,
      startOffset: rng.between(0.05, 0.6) * Math.max(durationSeconds - SESSION_SECONDS, 60),
    };
    packets.push(DIALECTS[i % DIALECTS.length].build(plan));
    minerAddresses.push(minerIp);
  }
  const all = byTime(...packets);
  const tuples = new Set(all.map((p) => [p.segment.protocol, ...[`${p.segment.src}:${p.segment.srcPort}`, `${p.segment.dst}:${p.segment.dstPort}`].sort()].join(' ')));
  return { frames: all.map((p) => ({ time: p.time, frame: ethernetFrame(p.segment) })), minerAddresses, flows: tuples.size };
}
