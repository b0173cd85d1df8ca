/**
 * `rigsweep probe ADDRESS:PORT...`: asks endpoints whether they are mining pools (src/probe/),
 * within probe.allow and its limits, and keeps the verdicts as intel facts.
 */
import { cidrMatcher, parseEndpointText } from '../flow/ip';
import { createProber, verdictFact, type ProbeTarget } from '../probe';
import { alignColumns } from '../report/text-columns';
import { parseCommandLine } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { openIntelStore, STORE_OPTIONS } from './intel-store';
import { createLogger } from './logger';
import { loadSetup } from './setup';

export const PROBE_USAGE = `usage: rigsweep probe <address:port>... [--sni NAME] [--dry-run] [--store FILE | --redis] [--format table|json] [--config FILE]`;

export function parseEndpoint(text: string): ProbeTarget {
  const endpoint = parseEndpointText(text);
  if (!endpoint) throw new UsageError(`${text} is not ADDRESS:PORT (IPv6 as [ADDRESS]:PORT)`);
  return endpoint;
}

export async function runProbe(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    { ...STORE_OPTIONS, config: { type: 'string', short: 'c' }, sni: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean', default: false }, format: { type: 'string', default: 'table' } },
    true,
  );
  if (positionals.length === 0) throw new UsageError('probe needs at least one ADDRESS:PORT');
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format takes table or json, not ${values.format}`);
  const targets = positionals.map(parseEndpoint).map((t) => ({ ...t, names: values.sni ?? [] }));
  const setup = loadSetup({ config: values.config });
  // Naming endpoints on the command line is the request to probe; probe.allow still decides what may be contacted.
  const settings = { ...setup.config.probe, enabled: true, dryRun: setup.config.probe.dryRun || values['dry-run'] === true };
  const logger = createLogger('info', io.stderr);
  const prober = createProber(settings, { isHome: cidrMatcher(setup.config.homeNetworks), log: (line) => logger.info(line) });
  try {
    const planned = prober.plan(targets);
    if (settings.dryRun) {
      io.stdout.write(alignColumns([['ENDPOINT', 'DECISION', 'REASON'], ...planned.map((p) => [`${p.target.address}:${p.target.port}`, p.decision, p.reason])]).join('\n') + '\n');
      return EXIT.ok;
    }
    const verdicts = await prober.probeAll(targets);
    const facts = verdicts.map((v) => verdictFact(v, settings)).filter((f) => f !== undefined);
    if (values.store || values.redis || setup.config.intel.files.length > 0) {
      const opened = openIntelStore(setup, values, 'probe');
      try {
        await opened.store.put({ endpoints: facts, names: [] });
      } finally {
        await opened.close();
      }
    }
    if (values.format === 'json') io.stdout.write(JSON.stringify({ planned, verdicts }, null, 2) + '\n');
    else {
      const rows = verdicts.map((v) => [`${v.address}:${v.port}`, v.outcome, v.dialect ?? '-', v.transport ?? '-', (v.banner ?? '-').slice(0, 40), v.reason]);
      const skipped = planned.filter((p) => p.decision !== 'probe').map((p) => [`${p.target.address}:${p.target.port}`, 'skipped', '-', '-', '-', `${p.decision}: ${p.reason}`]);
      io.stdout.write(alignColumns([['ENDPOINT', 'OUTCOME', 'DIALECT', 'TRANSPORT', 'BANNER', 'REASON'], ...rows, ...skipped]).join('\n') + '\n');
    }
    return EXIT.ok;
  } finally {
    prober.close();
  }
}
