/**
 * Scores a rigsweep report against the labels: per miner class, how many hosts were flagged
 * (among those with ≥ 10 min of mining sessions: "eligible"); per benign class, the false
 * alarms (medium or high) and the watch list (low), with the evidence codes behind each false
 * alarm. `evaluateReport` is pure (tests feed it a hand-made report); `scanVariant` runs
 * `rigsweep scan` under bench/measure.ts and evaluates what it wrote.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { measure, warmPageCache, type Measurement } from '../measure';
import { printTable, thousands } from '../table';
import type { HostLabel } from './population';

export const ELIGIBLE_SECONDS = 600;

export interface ReportHost {
  ip: string;
  level: 'low' | 'medium' | 'high';
  evidence: Array<{ code: string }>;
}

export interface MinerRow {
  cls: string;
  hosts: number;
  eligible: number;
  /** Among the eligible: */
  flagged: number;
  high: number;
  lowOnly: number;
  missed: number;
  /** Hosts with < 10 min of mining flagged medium+ anyway. */
  shortFlagged: number;
}

export interface BenignRow {
  cls: string;
  hosts: number;
  longLived: number;
  /** medium or high: false alarms. */
  falseAlarms: number;
  /** False alarms among the hosts with a long-lived session. */
  longLivedFalseAlarms: number;
  watch: number;
  /** Evidence codes of the false alarms, most frequent first. */
  topCodes: Array<[string, number]>;
}

export interface Evaluation {
  miners: MinerRow[];
  benign: BenignRow[];
  totals: {
    minerHosts: number;
    eligible: number;
    flagged: number;
    high: number;
    detectionRate: number;
    benignHosts: number;
    longLived: number;
    falseAlarms: number;
    longLivedFalseAlarms: number;
    falseAlarmRate: number;
    longLivedFalseAlarmRate: number;
    watch: number;
    /** Flagged addresses (medium+) that are no labelled host. */
    unlabelledFlagged: number;
  };
}

const flaggedLevel = (l?: string) => l === 'medium' || l === 'high';

export function evaluateReport(labels: readonly HostLabel[], hosts: readonly ReportHost[]): Evaluation {
  const byIp = new Map(hosts.map((h) => [h.ip, h]));
  const labelled = new Set(labels.map((l) => l.ip));
  const miners = new Map<string, MinerRow>();
  const benign = new Map<string, BenignRow & { codes: Map<string, number> }>();
  for (const l of labels) {
    const h = byIp.get(l.ip);
    if (l.miner) {
      let row = miners.get(l.class);
      if (!row) miners.set(l.class, (row = { cls: l.class, hosts: 0, eligible: 0, flagged: 0, high: 0, lowOnly: 0, missed: 0, shortFlagged: 0 }));
      row.hosts++;
      if (l.miningSeconds >= ELIGIBLE_SECONDS) {
        row.eligible++;
        if (flaggedLevel(h?.level)) row.flagged++;
        if (h?.level === 'high') row.high++;
        if (h?.level === 'low') row.lowOnly++;
        if (!flaggedLevel(h?.level)) row.missed++;
      } else if (flaggedLevel(h?.level)) row.shortFlagged++;
    } else {
      let row = benign.get(l.class);
      if (!row) benign.set(l.class, (row = { cls: l.class, hosts: 0, longLived: 0, falseAlarms: 0, longLivedFalseAlarms: 0, watch: 0, topCodes: [], codes: new Map() }));
      row.hosts++;
      if (l.hasLongLived) row.longLived++;
      if (flaggedLevel(h?.level)) {
        row.falseAlarms++;
        if (l.hasLongLived) row.longLivedFalseAlarms++;
        for (const code of new Set(h!.evidence.map((e) => e.code))) row.codes.set(code, (row.codes.get(code) ?? 0) + 1);
      }
      if (h?.level === 'low') row.watch++;
    }
  }
  const benignRows: BenignRow[] = [...benign.values()].map(({ codes, ...row }) => ({ ...row, topCodes: [...codes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5) }));
  const minerRows = [...miners.values()];
  const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);
  const eligible = sum(minerRows, (r) => r.eligible);
  const flagged = sum(minerRows, (r) => r.flagged);
  const benignHosts = sum(benignRows, (r) => r.hosts);
  const longLived = sum(benignRows, (r) => r.longLived);
  const falseAlarms = sum(benignRows, (r) => r.falseAlarms);
  const longLivedFalseAlarms = sum(benignRows, (r) => r.longLivedFalseAlarms);
  return {
    miners: minerRows.sort((a, b) => (a.cls < b.cls ? -1 : 1)),
    benign: benignRows.sort((a, b) => (a.cls < b.cls ? -1 : 1)),
    totals: {
      minerHosts: sum(minerRows, (r) => r.hosts),
      eligible,
      flagged,
      high: sum(minerRows, (r) => r.high),
      detectionRate: eligible > 0 ? flagged / eligible : 0,
      benignHosts,
      longLived,
      falseAlarms,
      longLivedFalseAlarms,
      falseAlarmRate: benignHosts > 0 ? falseAlarms / benignHosts : 0,
      longLivedFalseAlarmRate: longLived > 0 ? longLivedFalseAlarms / longLived : 0,
      watch: sum(benignRows, (r) => r.watch),
      unlabelledFlagged: hosts.filter((h) => flaggedLevel(h.level) && !labelled.has(h.ip)).length,
    },
  };
}

export interface VariantRun {
  variant: string;
  file: string;
  format: string;
  /** Records in the file (as generated) and as rigsweep decoded them. */
  records: number;
  decoded: number;
  run: Measurement;
  evaluation: Evaluation;
}

/** `rigsweep scan FILE --config cfg` under /usr/bin/time; the report evaluated against the labels. */
export function scanVariant(cli: string, variant: string, file: string, records: number, labels: readonly HostLabel[], configFile: string, reportFile: string): VariantRun {
  warmPageCache(file);
  const run = measure(process.execPath, [cli, 'scan', file, '--format', 'json', '--out', reportFile, '--no-progress', '--config', configFile]);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { inputs: Array<{ flows: number; format: string }>; hosts: ReportHost[] };
  return { variant, file, format: report.inputs[0]?.format ?? '?', records, decoded: report.inputs[0]?.flows ?? 0, run, evaluation: evaluateReport(labels, report.hosts) };
}

export function writeScanConfig(path: string, homeNetworks: readonly string[]): void {
  writeFileSync(path, JSON.stringify({ homeNetworks }, null, 2));
}

const pct = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(d >= 1000 ? 2 : 1)}%` : '-');

export function printVariantRun(r: VariantRun, log: (line: string) => void = console.log): void {
  const e = r.evaluation;
  const t = e.totals;
  log(`\nvariant ${r.variant}: ${r.file} (${r.format})`);
  log(`  ${thousands(r.records)} records in the file, ${thousands(r.decoded)} decoded; ${r.run.seconds.toFixed(1)} s wall, ${thousands(r.decoded / r.run.seconds)} records/s, peak RSS ${r.run.peakRssMb.toFixed(0)} MB, exit ${r.run.exitCode}`);
  printTable(
    ['miner class', 'hosts', 'eligible', 'medium+', 'high', 'low only', 'missed', 'detected', 'short flagged'],
    e.miners.map((m) => [m.cls, String(m.hosts), String(m.eligible), String(m.flagged), String(m.high), String(m.lowOnly), String(m.missed), pct(m.flagged, m.eligible), String(m.shortFlagged)]),
  );
  log(`  miners: ${t.flagged}/${t.eligible} eligible flagged medium+ (${pct(t.flagged, t.eligible)}; goal ≥ 99 %), ${t.high} high`);
  printTable(
    ['benign class', 'hosts', 'long-lived', 'false alarms', 'of long-lived', 'low (watch)', 'top evidence codes of false alarms'],
    e.benign.map((b) => [b.cls, String(b.hosts), String(b.longLived), String(b.falseAlarms), pct(b.longLivedFalseAlarms, b.longLived), String(b.watch), b.topCodes.map(([c, n]) => `${c}×${n}`).join(' ') || '-']),
  );
  log(`  benign: ${t.falseAlarms}/${t.benignHosts} flagged medium+ (${pct(t.falseAlarms, t.benignHosts)}); with long-lived sessions ${t.longLivedFalseAlarms}/${t.longLived} (${pct(t.longLivedFalseAlarms, t.longLived)}; goal ≤ 0.05 %); ${t.watch} low; ${t.unlabelledFlagged} unlabelled addresses flagged`);
}
