/**
 * `rigsweep COMMAND --help`, one text per command; the defaults shown are read from the one
 * schema, so help never disagrees with what runs.
 */
import { configSchema } from '../config/schema';
import { COLLECT_USAGE } from './collect';
import { ENQUEUE_USAGE } from './enqueue';
import { FOLLOWUP_USAGE } from './followup';
import { INTEL_USAGE } from './intel';
import { PROBE_USAGE } from './probe';
import { REPORT_USAGE } from './report';
import { SCAN_USAGE } from './scan';
import { WORKER_USAGE } from './worker';

const defaults = () => configSchema.parse({});

const REPORT_FLAGS = `--format     table (default), json, csv or html; the table fits the terminal's width
             (else COLUMNS, else 160 columns)
--out FILE   write the report there (default: standard output)
--config F   config file, at most 1 MiB (default: RIGSWEEP_CONFIG, else the built-in defaults)
--owners F   owner map CSV (cidr,owner,nature; "quoted, fields" allowed)
             The config and the files it names are checked before any input is read (exit 2).`;

const REDIS = 'Redis: REDIS_URL (queue.redisUrl), key prefix RIGSWEEP_PREFIX (queue.prefix); exit 4 when unreachable.';

export function scanHelp(): string {
  return `${SCAN_USAGE}

Scans the inputs as one sweep (in-process, no services) and writes the report.

inputs       files, directories (their files in name order, files still being written skipped),
             FIFOs, or - for standard input. The format is sniffed from the bytes, never the
             name: pcap, pcapng, nfcapd (nfdump 1.6/1.7, any compression), NetFlow v5/v9/IPFIX,
             sFlow v5, nfdump CSV, goflow2 JSON, a configured CSV — each may be gzip, bzip2,
             xz or zstd compressed (streamed, no temporary file).
-R, --range FIRST:LAST
             rotated files from FIRST to LAST in one directory, as nfdump -R
             (e.g. /var/cache/nfdump/nfcapd.202612030000:nfcapd.202612030600); repeatable
--since TIME, --until TIME
             only flow records that overlap [since, until): ISO 8601 (a time without a zone is
             UTC) or Unix seconds; records outside are counted per input as outsideWindow
${REPORT_FLAGS}
--fail-on L  exit 1 when a finding reaches medium or high
--no-progress  no progress bar (shown on a terminal for inputs over 32 MB; counts bytes read
             from disk, so compressed inputs show true progress)
--probe      after the sweep, actively ask the server endpoints suspected only by flow shape,
             site or port whether they are pools (only inside probe.allow; rate-limited; every
             probe logged on stderr), then judge again: a confirmed pool adds pool-address
             evidence, a not-pool verdict takes the flow-shape guesses about it out of the score
--probe-dry-run  list what --probe would contact, and why not, contacting nothing
--intel-out FILE  add the pool endpoints this scan learned (Stratum servers, pool SNI/Host,
             DNS answers) to a JSON-lines fact file (list it in intel.files for later scans)

examples:
  rigsweep scan /var/cache/nfdump --format html --out sweep.html
  zcat big.pcap.gz | rigsweep scan -
  rigsweep scan -R /data/nfcapd.202612030000:nfcapd.202612031200 --since 2026-12-03T06:00Z

exit codes: 0 ok (whatever was found), 1 --fail-on reached, 2 usage or config error,
3 an input could not be read (a missing one stops the scan before reading; one that breaks
while read is listed and the others are still scanned and reported)`;
}

export function collectHelp(): string {
  const d = defaults();
  return `${COLLECT_USAGE}

Receives NetFlow v5/v9, IPFIX and sFlow v5 on UDP, only from collector.exporters
(${d.collector.exporters.join(', ')}), and judges the flows as scan does.

--listen udp://HOST:PORT  where to listen (port 0: any free port, logged)
--queue      batch records into ingest jobs for workers instead of judging in-process
             (queue.batchRecords ${d.queue.batchRecords} or queue.batchSeconds ${d.queue.batchSeconds} s)
--duration S stop by itself after S seconds (default: until SIGINT/SIGTERM)
--metrics H:P  serve Prometheus metrics on http://H:P/metrics
--log-level  info (default), debug, warn, error
${REPORT_FLAGS}
The report is rewritten every collector.sweepSeconds (${d.collector.sweepSeconds} s) and on shutdown. The socket
asks for collector.receiveBufferBytes (${d.collector.receiveBufferBytes} bytes).

example:
  rigsweep collect --listen udp://0.0.0.0:2055 --format json --out /var/lib/rigsweep/report.json`;
}

export function workerHelp(): string {
  const d = defaults();
  return `${WORKER_USAGE}

Takes ingest jobs (files, collector batches) and the periodic sweep from the queues.

--concurrency N  sandboxed ingest children (default queue.concurrency, ${d.queue.concurrency}; about the core count)
--metrics H:P    serve Prometheus metrics and /healthz
--duration S     stop by itself after S seconds
--config F, --log-level  as for every command
${REDIS}

example:
  REDIS_URL=redis://127.0.0.1:6379 rigsweep worker --concurrency 2 --metrics 0.0.0.0:9464`;
}

export function enqueueHelp(): string {
  const d = defaults();
  return `${ENQUEUE_USAGE}

Adds one ingest job per file version (path, size, mtime), once.

inputs       files, directories (their files in name order, files still being written skipped),
             -R FIRST:LAST rotated ranges as nfdump -R; not standard input (workers open paths)
--wait       wait for the jobs, print each failure with its reason, exit 3 if any failed
             (exit 4 at once when a full Redis refuses them)
--watch DIR  keep enqueuing files that settle in DIR (polled every queue.watchPollSeconds,
             ${d.queue.watchPollSeconds} s; settled after queue.watchSettleSeconds, ${d.queue.watchSettleSeconds} s)
${REDIS}

examples:
  rigsweep enqueue --wait /data/captures
  rigsweep enqueue --watch /var/cache/nfdump`;
}

export function reportHelp(): string {
  return `${REPORT_USAGE}

Sweeps (unless --no-sweep) and writes the report of everything the workers stored.

${REPORT_FLAGS}
--no-sweep   report the last sweep's verdicts without sweeping again
--fail-on L  exit 1 when a finding reaches medium or high; with incomplete (alone or as
             medium,incomplete) exit 3 when an enqueued input is still pending or failed
             (the report lists each with its reason, whatever --fail-on says)
${REDIS}

example:
  rigsweep report --format html --out sweep.html`;
}

export function followupHelp(): string {
  return `${FOLLOWUP_USAGE}

Lists flagged addresses with analysts' decisions, or records one. A dismissed address is
allowlisted: it raises no new follow-up and reports show it as dismissed.

--state S    list only new, confirmed or dismissed
--note TEXT  why (kept with the decision)
${REDIS}

example:
  rigsweep followup dismiss 192.168.1.21 --note "lab rig, owner known"`;
}

export function intelHelp(): string {
  const d = defaults();
  return `${INTEL_USAGE}

Keeps the pool-endpoint facts flow-only scans match against (intel.files, the Redis store).

refresh      resolves the stratum hosts (intel.poolHosts), the pool-domain suffixes and imported
             names to A/AAAA with intel.refresh.servers (${d.intel.refresh.servers.length ? d.intel.refresh.servers.join(', ') : "the system's resolvers"}); an address is
             a fact for intel.refresh.factTtlSeconds (${d.intel.refresh.factTtlSeconds} s) after the refresh that last saw it;
             addresses in intel.refresh.skipRanges (CDN/anycast, ${d.intel.refresh.skipRanges.length} ranges) are skipped.
             Repeated by workers every intel.refresh.everySeconds (${d.intel.refresh.everySeconds} s) when intel.refresh.repeat.
import F     imports a feed: plain domain/IP lists (CoinBlockerLists, NoCoin hosts, FireHOL
             ipsets), Zeek Intel TSV, MISP JSON, STIX 2.1 bundles (--format auto sniffs); every
             fact keeps its feed (--feed NAME) and holds --ttl seconds (intel.feedTtlSeconds, ${d.intel.feedTtlSeconds});
             bad rows are reported with their line and skipped, never fatal
export       what rigsweep knows (curated lists and the store) as jsonl (default), csv, zeek
             (Intel::read_files), suricata-dataset (type ip), suricata-dataset-names (base64
             strings for tls.sni/dns.query datasets) or suricata-iprep
--store FILE a JSON-lines fact file (default: the first of intel.files); --redis: the deployment's store
${REDIS}

examples:
  rigsweep intel refresh --store /var/lib/rigsweep/intel.jsonl
  rigsweep intel import coinblocker-hosts.txt --feed coinblocker --store /var/lib/rigsweep/intel.jsonl
  rigsweep intel export --format zeek --out /opt/zeek/share/rigsweep-pools.intel --redis`;
}

export function probeHelp(): string {
  const d = defaults().probe;
  return `${PROBE_USAGE}

Asks each endpoint whether it is a mining pool: TCP, then TLS without and with SNI, one request
at a time (Stratum mining.subscribe, EthereumStratum, eth-proxy eth_submitLogin/eth_getWork, an
XMRig login with a dummy wallet, getwork/getblocktemplate over HTTP), and classifies the reply
as pool (with its dialect and banner), not-pool or unreachable. The verdicts are kept as intel
facts (cached probe.cacheSeconds, ${d.cacheSeconds} s) for later scans and sweeps.

Safety: nothing outside probe.allow (${d.allow.length ? d.allow.join(', ') : 'empty by default: nothing'}) is contacted; home networks only when
probe.allow lists them; ${d.perSecond} probes/s and ${d.perPrefixPerMinute} per /24 (or /48) per minute; connect ${d.connectTimeoutMs} ms, read
${d.readTimeoutMs} ms, replies read up to ${d.maxReplyBytes} bytes; every probe logged on stderr and counted in
rigsweep_probes_total{outcome}. Workers probe what sweeps suspect only when probe.enabled.

--sni NAME   also try TLS with this server name (repeatable)
--dry-run    list what would be probed and why not, contacting nothing
--store FILE keep the verdicts in this fact file (default: the first of intel.files); --redis: the deployment's store
--format     table (default) or json

example:
  rigsweep probe 203.0.113.7:3333 '[2001:db8::7]:443' --store intel.jsonl`;
}
