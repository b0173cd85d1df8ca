/** One row per address (flagged and on watch) for spreadsheets and ticketing imports. */
import type { Report } from './model';
import { escapeControls } from '../text/controls';
import { estimateText } from './estimate-text';
import { formatTime } from './units';

function cell(value: string | number): string {
  // Escaped first: no control can end a row or reach the terminal of whoever cats the file.
  const text = escapeControls(String(value));
  // A leading = + - @ would run as a formula in a spreadsheet: neutralise it.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const fixed = (value: number | undefined, digits: number) => (value === undefined ? '' : value.toFixed(digits));

export function renderCsv(report: Report): string {
  const header = [
    'ip', 'level', 'score', 'bases', 'role', 'owner', 'nature', 'pools', 'evidence_codes', 'first_seen', 'last_seen',
    'hashrate_hps', 'rigs', 'kw_min', 'kw_max', 'kwh_per_year_min', 'kwh_per_year_max', 'estimate', 'top_reason',
    'followup_state', 'followup_note', 'home', 'home_networks',
  ];
  // A CSV has no place for the report's header facts, so each row carries what it was judged with.
  const homeNetworks = report.homeNetworks.join(' ');
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
    fixed(h.estimate?.power?.kwMin, 3),
    fixed(h.estimate?.power?.kwMax, 3),
    fixed(h.estimate?.power?.kwhPerYearMin, 0),
    fixed(h.estimate?.power?.kwhPerYearMax, 0),
    estimateText(h.estimate),
    h.reasons[0] ?? '',
    h.followup?.state ?? '',
    h.followup?.note ?? '',
    h.home ? 'yes' : 'no',
    homeNetworks,
  ]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
