/** One row per address (flagged and on watch) for spreadsheets and ticketing imports. */
import type { Report } from './model';
import { estimateText } from './estimate-text';
import { formatTime } from './units';

function cell(value: string | number): string {
  const text = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: neutralise it.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: Report): string {
  const header = ['ip', 'level', 'score', 'bases', 'role', 'owner', 'nature', 'pools', 'evidence_codes', 'first_seen', 'last_seen', 'hashrate_hps', 'rigs', 'kw_min', 'kw_max', 'estimate', 'top_reason', 'followup_state', 'followup_note'];
  const rows = report.hosts.map((h) => [
    h.ip,
    h.level,
    h.score,
    h.bases.join('+'),
    h.role,
    h.owner?.name ?? '',
    h.owner?.nature ?? '',
    h.pools.join(' '),
    [...new Set(h.evidence.map((e) => e.code))].join(' '),
    formatTime(h.firstSeen),
    formatTime(h.lastSeen),
    h.estimate?.hashrate ? Math.round(h.estimate.hashrate.hashesPerSecond) : '',
    h.estimate?.rigs.estimate ?? '',
    h.estimate?.power?.kwMin.toFixed(3) ?? '',
    h.estimate?.power?.kwMax.toFixed(3) ?? '',
    estimateText(h.estimate),
    h.reasons[0] ?? '',
    h.followup?.state ?? '',
    h.followup?.note ?? '',
  ]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
