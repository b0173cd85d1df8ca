/**
 * The one config schema. Every default lives here and nowhere else; unknown keys are errors.
 * Paths are resolved by the loader: relative to the config file, or to the package for defaults.
 */
import { z } from 'zod';
import { parseCidr } from '../flow/ip';

const seconds = z.number().positive();
const weight = z.number().min(0).max(1);
const port = z.number().int().min(0).max(65535);
const cidr = z.string().refine(
  (text) => {
    try {
      parseCidr(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IP address or CIDR range' },
);

/** IPv4/IPv6 fragment reassembly in packet captures (src/readers/pcap/fragments.ts). */
const fragmentsSchema = z
  .strictObject({
    /** A datagram whose fragments are not all in this long after its first one is dropped (capture time; Linux ipfrag_time). */
    timeoutSeconds: seconds.default(30),
    /** Datagrams being reassembled at once; past it the oldest is dropped. */
    maxDatagrams: z.number().int().min(1).default(4096),
    /** Fragment bytes held at once (Linux ipfrag_high_thresh: 4 MiB); past it the oldest datagram is dropped. One datagram holds up to 64 KiB. */
    maxBytes: z.number().int().min(65_536).default(4 * 1024 * 1024),
  })
  .prefault({});

const captureSchema = z
  .strictObject({
    /** First bytes of each direction kept per flow, reassembled, for payload detectors. */
    payloadBytes: z.number().int().min(0).max(1 << 20).default(16384),
    /**
     * Past the head, the latest bytes of each TCP direction are kept too (a sliding window), so a
     * junk prefix longer than the head cannot hide the messages after it. 0 turns it off.
     */
    tailBytes: z.number().int().min(0).max(1 << 20).default(4096),
    /** Flows tracked at once; past it the least recently active flow is expired early. */
    maxFlows: z.number().int().min(16).default(200_000),
    tcpIdleSeconds: seconds.default(120),
    udpIdleSeconds: seconds.default(30),
    /** A long flow is cut into records this long, so memory and report latency stay bounded. */
    activeTimeoutSeconds: seconds.default(300),
    /** A packet record longer than this is corrupt (pcap's own limit is 256 KiB). */
    maxPacketBytes: z.number().int().min(64).default(262_144),
    /** Out-of-order segments held per direction while waiting for a gap to fill. */
    maxPendingSegments: z.number().int().min(0).default(64),
    fragments: fragmentsSchema,
  })
  .prefault({});

const flowExportSchema = z
  .strictObject({
    /** UDP destination ports whose datagrams in a capture are NetFlow/IPFIX export traffic. */
    ports: z.array(port).default([2055, 4739, 9995, 9996]),
    /** UDP destination ports whose datagrams in a capture are sFlow (v5) export traffic. */
    sflowPorts: z.array(port).default([6343]),
    /** Templates kept per decoder (all exporters together); past it the oldest is dropped. */
    maxTemplates: z.number().int().min(1).default(4096),
    /** Data sets held while their template has not arrived yet (all exporters together). */
    maxPendingSets: z.number().int().min(0).default(1024),
    /** How long held data waits for its template, in export time. */
    pendingTimeoutSeconds: seconds.default(600),
    /**
     * 1-in-N packet sampling of exports that do not state theirs (nfdump CSV, v5 with no
     * interval): counters are scaled by it. Records that state a rate keep their own.
     */
    samplingRate: z.number().int().min(1).max(2 ** 31).default(1),
  })
  .prefault({});

const collectorSchema = z
  .strictObject({
    /** Exporters whose datagrams are accepted; everything else is counted and dropped. */
    exporters: z.array(cidr).default(['127.0.0.1/32', '::1/128']),
    /** SO_RCVBUF for the UDP socket: exporters send in bursts (softflowd -r: all at once). */
    receiveBufferBytes: z.number().int().min(65536).default(32 * 1024 * 1024),
    /** How often the collector sweeps windowed detectors and rewrites its report. */
    sweepSeconds: seconds.default(60),
  })
  .prefault({});

const mappedCsvSchema = z
  .strictObject({
    /**
     * Column names of a CSV flow export that is neither nfdump's nor goflow2's: a file whose
     * header holds every column named here (compared trimmed, ignoring case) is read with this
     * mapping. Each row is one unidirectional record: counters are for src → dst, and the
     * optional reverse counters for dst → src (biflow exports).
     */
    columns: z
      .strictObject({
        srcAddr: z.string(),
        dstAddr: z.string(),
        srcPort: z.string(),
        dstPort: z.string(),
        /** A number, or a name such as TCP / udp. */
        protocol: z.string(),
        packets: z.string(),
        bytes: z.string(),
        start: z.string(),
        end: z.string().optional(),
        durationSeconds: z.string().optional(),
        /** A number (decimal or 0x hex) or flag letters such as ".AP.SF". */
        tcpFlags: z.string().optional(),
        reversePackets: z.string().optional(),
        reverseBytes: z.string().optional(),
        /** The exporter's address. */
        exporter: z.string().optional(),
      })
      .optional(),
    /**
     * How start/end are written: ISO-8601 text (without a zone it is local time, TZ — as for
     * nfdump), or Unix seconds / milliseconds.
     */
    timeFormat: z.enum(['iso', 'unix-seconds', 'unix-milliseconds']).default('iso'),
    /** One ASCII character other than a quote or a line break, e.g. "," ";" "|" or a tab. */
    delimiter: z
      .string()
      .length(1)
      .refine((c) => c.charCodeAt(0) < 0x80 && !'"\r\n'.includes(c), { message: 'an ASCII character other than a quote or a line break' })
      .default(','),
  })
  .prefault({});

const indicatorsSchema = z
  .strictObject({
    poolDomains: z.array(z.string()).default(['config/indicators/pool-domains.csv']),
    poolEndpoints: z.array(z.string()).default(['config/indicators/pool-endpoints.csv']),
    /** Pool addresses learned from DNS answers are forgotten after this long (capture time). */
    learnedAddressTtlSeconds: seconds.default(86_400),
    maxLearnedAddresses: z.number().int().min(1).default(100_000),
  })
  .prefault({});

/**
 * Endpoint intelligence (src/intel/): fact files scan and the sweep read, the stratum host list
 * refresh resolves, and the bound on the pool-endpoint detector's contact window.
 */
const intelSchema = z
  .strictObject({
    /** Fact files (JSON lines: `intel import/refresh --store FILE` write them) loaded by scan and the sweep. */
    files: z.array(z.string()).default([]),
    /** Stratum host names (CSV host,pool,coin,source) that refresh resolves beside the pool-domain suffixes. */
    poolHosts: z.array(z.string()).default(['config/indicators/pool-hosts.csv']),
    /** Imported feed facts hold this long unless re-imported. */
    feedTtlSeconds: seconds.default(30 * 86_400),
    refresh: z
      .strictObject({
        /** Resolver addresses ("127.0.0.1", "127.0.0.1:5353", "[::1]:53"); empty: the system's. */
        servers: z.array(z.string()).default([]),
        timeoutMs: z.number().int().positive().default(3000),
        tries: z.number().int().min(1).default(2),
        /** Names resolved at once. */
        concurrency: z.number().int().min(1).default(16),
        /** A resolved address stays a fact this long after the refresh that last saw it (records' TTLs are minutes; pools renumber over weeks). */
        factTtlSeconds: seconds.default(3 * 86_400),
        /** `worker` repeats the refresh this often when the queue's refresh job is on (sMaSheD refreshed every 3 h). */
        everySeconds: seconds.default(10_800),
        /** Repeat the refresh from the worker (scale-out). */
        repeat: z.boolean().default(false),
        /**
         * Shared CDN/anycast ranges: an address in one is never a pool fact (any site may share it).
         * Defaults: Cloudflare's published ranges (cloudflare.com/ips) and Google's public resolvers.
         */
        skipRanges: z
          .array(cidr)
          .default([
            '173.245.48.0/20', '103.21.244.0/22', '103.22.200.0/22', '103.31.4.0/22', '141.101.64.0/18', '108.162.192.0/18',
            '190.93.240.0/20', '188.114.96.0/20', '197.234.240.0/22', '198.41.128.0/17', '162.158.0.0/15', '104.16.0.0/13',
            '104.24.0.0/14', '172.64.0.0/13', '131.0.72.0/22', '2400:cb00::/32', '2606:4700::/32', '2803:f800::/32',
            '2405:b500::/32', '2405:8100::/32', '2a06:98c0::/29', '2c0f:f248::/32', '8.8.8.0/24', '8.8.4.0/24', '1.1.1.0/24', '1.0.0.0/24',
          ]),
      })
      .prefault({}),
  })
  .prefault({});

/**
 * Active confirmation (src/probe/): the one place rigsweep opens connections to others. Off by
 * default; nothing outside `allow` is ever contacted, home networks only when listed there.
 */
const probeSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** CIDRs that may be probed. Empty: nothing is. */
    allow: z.array(cidr).default([]),
    /** Lists what would be probed, contacts nothing. */
    dryRun: z.boolean().default(false),
    /** Sent as the agent in every request (Stratum agent, XMRig agent, HTTP User-Agent): say who probes and how to reach you. */
    banner: z.string().min(1).max(200).default('rigsweep-probe/1 (pool confirmation; set probe.banner to name your team and contact)'),
    /** A syntactically valid Monero address (the XMRig login needs one): the Monero project's donation address. */
    wallet: z
      .string()
      .min(1)
      .default('44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A'),
    /** An endpoint's verdict is reused this long before it is probed again. */
    cacheSeconds: seconds.default(7 * 86_400),
    connectTimeoutMs: z.number().int().positive().default(3000),
    /** How long each request waits for a reply line. */
    readTimeoutMs: z.number().int().positive().default(4000),
    /** A reply is read up to this many bytes, then the connection is closed. */
    maxReplyBytes: z.number().int().min(256).max(1 << 20).default(65_536),
    /** Try TLS (with and without SNI) when plain TCP gives no mining reply. */
    tls: z.boolean().default(true),
    /** Probes started per second, all endpoints together (0: no limit — loopback benchmarks only). */
    perSecond: z.number().min(0).default(2),
    /** Probes per minute into one /24 (IPv4) or /48 (IPv6) (0: no limit). */
    perPrefixPerMinute: z.number().min(0).default(6),
    /** Endpoints probed at once. */
    concurrency: z.number().int().min(1).default(4),
    /** Endpoints one sweep (or one scan) hands to the prober at most. */
    maxPerSweep: z.number().int().min(1).default(500),
  })
  .prefault({});

/**
 * Owned by detectors/flow-behaviour (site-pattern reads it too; detectors receive it as
 * `settings.profile`): what a Stratum session looks like
 * in flow counters. See detectors/flow-behaviour/README.md for each threshold and its source.
 */
const stratumProfileSchema = z
  .strictObject({
    /** A session counts as long-lived past this (Veselý & Žádník: > 300 s). */
    longLivedSeconds: seconds.default(300),
    /**
     * Average IP bytes per packet, each direction: above keepalive size, below bulk. Towards the
     * pool, share submissions (~200-300 B of JSON) among bare ACKs keep the average past 100 B
     * (Veselý & Žádník: most miner triplets average 105-110 B); towards the miner, job pushes
     * are larger but not bulk.
     */
    bytesPerPacket: z
      .strictObject({
        toServer: z.strictObject({ min: z.number().min(0).default(100), max: z.number().min(0).default(500) }).prefault({}),
        toClient: z.strictObject({ min: z.number().min(0).default(60), max: z.number().min(0).default(400) }).prefault({}),
      })
      .prefault({}),
    /** Packets per minute of session time, each direction. */
    packetsPerMinute: z
      .strictObject({ min: z.number().min(0).default(3), max: z.number().min(0).default(80) })
      .prefault({}),
    /** Larger over smaller direction packet count; request/response polling approaches 2. */
    maxPacketRatio: z.number().min(1).default(1.2),
    /** Both directions together, per minute of session time. */
    maxBytesPerMinute: z.number().positive().default(20_000),
    /** Share of records carrying ACK+PSH (Veselý & Žádník: > 90 %). */
    minAckPshShare: z.number().min(0).max(1).default(0.9),
    /** Job pushes, judged only when records are at most maxGapSeconds long. */
    pushes: z
      .strictObject({
        maxGapSeconds: seconds.default(100),
        minRecords: z.number().int().min(1).default(5),
        minShare: z.number().min(0).max(1).default(0.9),
      })
      .prefault({}),
    /** Server ports of keepalive services, TCP tunnels and blockchain peers: never judged. */
    excludedPorts: z
      .array(port)
      .default([22, 1883, 8883, 5223, 5228, 5229, 5230, 1194, 1723, 4500, 8333, 18333, 38333, 18080, 30303]),
    /** Persistence and evenness over 5-minute bins of packets (inner bins: the edges are partial). */
    activity: z
      .strictObject({
        /** Inner bins a triplet needs before persistence and evenness are judged (2: 15 min at least). */
        minBins: z.number().int().min(1).default(2),
        /** Share of inner bins with packets: mining runs around the clock. */
        minActiveShare: z.number().min(0).max(1).default(0.9),
        /**
         * Variance/mean of packets per active bin. Shares are a Poisson process (every hash is an
         * independent try), so a miner's counts scatter at least like Poisson's (about 1, more
         * with job pushes on block changes and vardiff steps); a keepalive timer is clockwork
         * (far below 1), a human's use bursts (far above).
         */
        dispersion: z
          .strictObject({
            min: z.number().min(0).default(0.9),
            max: z.number().positive().default(12),
            /** The ceiling grows with packets per bin: variance/mean ≤ this × the mean (variance/mean² ≤ it). */
            maxRelative: z.number().positive().default(0.2),
          })
          .prefault({}),
      })
      .prefault({}),
    /**
     * How far beyond its band a figure fades to counting fully against: a factor for durations,
     * sizes, rates, ratios, volumes and dispersion (log scale), an absolute shortfall for shares.
     */
    fade: z
      .strictObject({
        duration: z.number().gt(1).default(4),
        share: z.number().positive().default(0.4),
        size: z.number().gt(1).default(2.5),
        rate: z.number().gt(1).default(3),
        ratio: z.number().gt(1).default(1.2),
        volume: z.number().gt(1).default(4),
        dispersion: z.number().gt(1).default(4),
      })
      .prefault({}),
    /**
     * The graded model: points per signal at full support (support runs -1..1), and the points
     * each verdict needs. Calibrated on the carrier benchmark (bench/carrier/); the reasons are in
     * detectors/flow-behaviour/README.md, "The graded model".
     */
    grade: z
      .strictObject({
        /**
         * Per signal: points at full support (gain) and at full opposition (loss). Persistence and
         * evenness gain little (an idle socket is persistent and even too) but cost much when they
         * fail (a human's bursts, a push channel's silences); rate, size, balance and volume carry
         * the profile both ways.
         */
        weights: z.record(z.string(), z.strictObject({ gain: z.number().min(0), loss: z.number().min(0) })).default({
          'long-lived': { gain: 1, loss: 2 },
          'ack-psh': { gain: 1, loss: 2 },
          'small-packets': { gain: 2, loss: 3 },
          'steady-rate': { gain: 2, loss: 3 },
          symmetric: { gain: 1, loss: 4 },
          'not-bulk': { gain: 1, loss: 3 },
          'periodic-pushes': { gain: 1, loss: 1 },
          persistent: { gain: 0.5, loss: 2 },
          'not-clockwork': { gain: 0.5, loss: 3 },
          even: { gain: 0.5, loss: 2 },
        }),
        /**
         * Signals a sustained verdict and a site pattern's session need inside their bands: the
         * shape only mining has (share-sized packets at a few a minute both ways, balanced, no
         * bulk, Poisson-like scatter); points alone let a near miss on each pass.
         */
        needs: z.array(z.string()).default(['small-packets', 'steady-rate', 'symmetric', 'not-bulk', 'not-clockwork', 'even']),
        weakAt: z.number().default(5),
        stratumLikeAt: z.number().default(7),
        /**
         * ... or this share of the points its known signals could give, whichever is lower: a
         * ten-minute session has no activity bins yet, coarse records show no job pushes, and
         * an unknown signal should count neither way.
         */
        stratumLikeShare: z.number().min(0).max(1).default(0.75),
        sustainedAt: z.number().default(7),
        /** Session time a sustained verdict needs: mining runs for hours. */
        sustainedSeconds: seconds.default(3600),
        /**
         * Sampled exports: packets actually sampled a sustained verdict needs. Ratios and sizes from
         * fewer scatter past the bands (a ratio from 1 000 packets is good to about ±6 %).
         */
        minSampledPackets: z.number().min(0).default(1000),
        /** Destination context: home clients of one endpoint judged together. */
        peers: z
          .strictObject({
            /** Clients an endpoint needs before its crowd says anything. */
            minClients: z.number().int().min(2).default(8),
            /** A client whose packets per active bin vary past this is bursty (a human). */
            burstyDispersion: z.number().positive().default(10),
            /** Share of bursty clients that makes the endpoint a service for people. */
            minBurstyShare: z.number().min(0).max(1).default(0.25),
            /** Points a bursty crowd takes from every session to the endpoint. */
            weight: z.number().min(0).default(4),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .prefault({});

const detectorsSchema = z
  .strictObject({
    /** Detector ids to turn off. */
    disabled: z.array(z.string()).default([]),
    /** What a Stratum session looks like in flow counters: one profile for every detector. */
    stratumProfile: stratumProfileSchema,
    stratum: z
      .strictObject({
        /** Stratum V2 ports for the encrypted-frame length fingerprint. */
        v2Ports: z.array(port).default([34254, 34255]),
      })
      .prefault({}),
    /** Owned by detectors/flow-behaviour: thresholds of the per-triplet behaviour window. */
    flowBehaviour: z
      .strictObject({
        /** A triplet idle this long (capture/export time) is judged and forgotten. */
        windowSeconds: seconds.default(14_400),
        /** Triplets held at once; past it the least recently active is judged and dropped. */
        maxTriplets: z.number().int().min(16).default(200_000),
        /** Judge only clients inside homeNetworks (miners are looked for there). */
        homeClientsOnly: z.boolean().default(true),
        /** Session time a triplet needs before any verdict: rates over seconds mean nothing. */
        minObservedSeconds: seconds.default(300),
      })
      .prefault({}),
    /** Owned by detectors/site-pattern: farm, fan-in and proxy thresholds. */
    sitePattern: z
      .strictObject({
        windowSeconds: seconds.default(14_400),
        maxTriplets: z.number().int().min(16).default(200_000),
        /** Concurrent stratum-like sessions from one home address that make a farm behind NAT. */
        farmMinSessions: z.number().int().min(2).default(4),
        /** Home clients with stratum-like sessions to one external endpoint that make a fan-in. */
        fanInMinClients: z.number().int().min(2).default(5),
        /** Home clients a home server must serve (stratum-like, one port) to be a mining proxy. */
        proxyMinClients: z.number().int().min(1).default(3),
      })
      .prefault({}),
    poolEndpoint: z
      .strictObject({
        /** Ports pools commonly listen on: weak evidence on their own. */
        miningPorts: z
          .array(port)
          .default([3333, 3334, 3335, 3353, 4444, 5555, 6666, 7777, 8008, 8888, 9999, 14433, 14444, 9200, 45700, 34254, 34255]),
        /**
         * Home→outside contacts held so that facts learned, imported or probed later still apply
         * to them; past it one is judged and dropped: contacts of one flow record first (oldest
         * first), then the least recently seen (detectors/pool-endpoint/contacts.ts).
         */
        maxContacts: z.number().int().min(16).default(200_000),
        /** A contact idle this long (capture/export time) is forgotten. */
        contactIdleSeconds: seconds.default(86_400),
      })
      .prefault({}),
  })
  .prefault({});

const queueSchema = z
  .strictObject({
    /** Redis (or Redis Cluster node) URL: redis://[:password@]host:port/db, rediss:// for TLS. */
    redisUrl: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').default('redis://127.0.0.1:6379'),
    /** Names one deployment's keys: rigsweep:{prefix}:… (a Redis Cluster hash tag, so no braces). */
    prefix: z
      .string()
      .regex(/^[^{}\s]+$/, 'must be non-empty without braces or spaces')
      .default('default'),
    /** Ingest jobs one worker process runs at once, each in its own child process. */
    concurrency: z.number().int().min(1).max(64).default(1),
    /** How often the sweep job judges the windows gathered across inputs and re-scores. */
    sweepSeconds: seconds.default(60),
    /** A job's lock lasts this long unless renewed; a killed worker's job is taken over after it. */
    lockSeconds: seconds.default(30),
    /** Tries of a job before it is left failed with its reason (Redis outages included). */
    attempts: z.number().int().min(1).default(8),
    /** First retry delay; each further try waits twice as long. */
    backoffSeconds: seconds.default(2),
    /** Window parts (raw behaviour aggregates) older than this, in capture/export time, are dropped. */
    windowRetentionSeconds: seconds.default(14_400),
    /** Finished jobs kept for inspection (their evidence lives in the store regardless). */
    keepFinishedJobs: z.number().int().min(0).default(1000),
    /** `collect --queue`: records per ingest job, and the longest a partial batch waits. */
    batchRecords: z.number().int().min(1).default(5000),
    batchSeconds: seconds.default(10),
    /** `enqueue --watch`: how often the directory is read, and how long a file must stay unchanged. */
    watchPollSeconds: seconds.default(5),
    watchSettleSeconds: seconds.default(30),
  })
  .prefault({});

const scoreSchema = z
  .strictObject({
    /** Score (0-100) at which an address is flagged for follow-up, and flagged as strong. */
    mediumAt: z.number().min(0).max(100).default(40),
    highAt: z.number().min(0).max(100).default(75),
    /** Per evidence code weight overrides (0..1), e.g. { "port.mining": 0.05 }. */
    weights: z.record(z.string(), weight).default({}),
    /** Evidence items kept per host in the report (the strongest first). */
    evidenceSample: z.number().int().min(1).default(20),
  })
  .prefault({});

const efficiencySchema = z.strictObject({
  /** Joules per hash, best and worst hardware generation, with where the figure comes from. */
  joulesPerHashBest: z.number().positive(),
  joulesPerHashWorst: z.number().positive(),
  hardware: z.string(),
  source: z.string(),
});

const estimatesSchema = z
  .strictObject({
    /**
     * Flow-only estimates (no shares seen): power per rig, from the smallest hardware that holds a
     * Stratum session around the clock to the largest. Coarse on purpose: flows show sessions,
     * not hashes (vardiff keeps every rig's share rate alike).
     */
    flowOnly: z
      .strictObject({
        kwPerRigMin: z.number().positive().default(0.065),
        kwPerRigMax: z.number().positive().default(3.5),
        hardware: z.string().default('a desktop CPU (~65 W) to a SHA-256 ASIC (S19 Pro ~3.25 kW, S21 ~3.5 kW)'),
        source: z.string().default('CPU TDP classes; Bitmain published specifications (S19 Pro 3250 W, S21 3500 W)'),
      })
      .prefault({}),
    efficiency: z.record(z.string(), efficiencySchema).default({
      sha256: {
        joulesPerHashBest: 17.5e-12,
        joulesPerHashWorst: 98e-12,
        hardware: 'Antminer S21 (17.5 J/TH) to S9 (98 J/TH)',
        source: 'Bitmain published specifications: S21 17.5 J/TH, S19 XP 21.5, S19 Pro 29.5, S9 98',
      },
      ethash: {
        joulesPerHashBest: 0.38e-6,
        joulesPerHashWorst: 3.5e-6,
        hardware: 'Innosilicon A11 (~0.38 J/MH) to GPU rigs (~3.5 J/MH)',
        source: 'vendor specifications; GPU figures from typical RX 580 / GTX 1070 rigs',
      },
      randomx: {
        joulesPerHashBest: 0.005,
        joulesPerHashWorst: 0.05,
        hardware: 'AMD EPYC/Ryzen (~200 H/J) to older desktop CPUs (~20 H/J)',
        source: 'xmrig.com benchmark results (H/s and reported power)',
      },
    }),
  })
  .prefault({});

export const configSchema = z.strictObject({
  /** Address ranges that are "ours": miners and proxies are looked for here. */
  homeNetworks: z
    .array(cidr)
    .default(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7', 'fe80::/10']),
  capture: captureSchema,
  flowExport: flowExportSchema,
  collector: collectorSchema,
  mappedCsv: mappedCsvSchema,
  indicators: indicatorsSchema,
  intel: intelSchema,
  probe: probeSchema,
  detectors: detectorsSchema,
  score: scoreSchema,
  /** Scale-out: BullMQ queues and the shared store on Redis (worker, enqueue, report, followup). */
  queue: queueSchema,
  estimates: estimatesSchema,
  /** Owner map file (CSV: cidr,owner,nature) naming who holds each address range. */
  owners: z.string().optional(),
});

export type Config = z.infer<typeof configSchema>;
