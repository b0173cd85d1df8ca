/** The view an analyst reads first: one line per flagged address, then pools and input problems. */
import { isStillFlagged, type Report } from './model';
import type { HostFinding } from '../score/findings';
import { estimateText } from './estimate-text';
import { alignColumns } from './text-columns';
import { formatPower } from './units';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function renderTable(report: Report): string {
  const out: string[] = [];
  const flagged = report.hosts.filter((h) => h.level !== 'low');
  // Only reports from the shared store know follow-up states; a scan's table keeps its columns.
  const withState = flagged.some((h) => h.followup);
  const { summary } = report;
  out.push(
    `rigsweep: ${summary.flagged.total} flagged (${summary.flagged.high} high, ${summary.flagged.medium} medium), ` +
      `${summary.watch} on watch, ${summary.pools} pool endpoints` +
      (summary.dismissed ? `, ${summary.dismissed} dismissed by analysts` : '') +
      (summary.estimatedPower ? `, est. ${formatPower(summary.estimatedPower.kwMin, summary.estimatedPower.kwMax)}` : ''),
  );
  if (flagged.length) {
    out.push('');
    const header = ['LEVEL', 'SCORE', 'BASES', 'ADDRESS', 'ROLE', 'OWNER', 'POOLS', 'STRONGEST EVIDENCE', 'ESTIMATE', ...(withState ? ['FOLLOW-UP'] : [])];
    const rows = flagged.map((h) => [
      h.level.toUpperCase(),
      String(h.score),
      h.bases.join('+'),
      h.ip,
      h.role,
      h.owner ? clip(`${h.owner.name} (${h.owner.nature})`, 30) : '-',
      h.pools.length ? clip(h.pools.slice(0, 2).join(' ') + (h.pools.length > 2 ? ` +${h.pools.length - 2}` : ''), 44) : '-',
      clip(h.evidence.map((e) => e.code).filter((c, i, all) => all.indexOf(c) === i).join(', '), 48),
      estimateText(h.estimate) || '-',
      ...(withState ? [followupText(h)] : []),
    ]);
    out.push(...alignColumns([header, ...rows]));
  }
  if (report.pools.length) {
    out.push('', 'POOL ENDPOINTS');
    out.push(...alignColumns([['ENDPOINT', 'CLIENTS', 'NAMES'], ...report.pools.map((p) => [p.endpoint, String(p.clients), p.names.join(', ') || '-'])]));
  }
  const troubled = report.inputs.filter((i) => i.error || Object.keys(i.issueCounts).length);
  if (troubled.length) {
    out.push('', 'INPUT PROBLEMS');
    for (const input of troubled) {
      const counts = Object.entries(input.issueCounts).map(([code, n]) => `${code} ×${n}`);
      out.push(`${input.path}: ${input.error ?? counts.join(', ')}`);
    }
  }
  return out.join('\n') + '\n';
}

function followupText(h: HostFinding): string {
  if (!h.followup) return '-';
  const allowlisted = isStillFlagged(h) ? '' : ' (allowlisted)';
  return clip(`${h.followup.state}${allowlisted}${h.followup.note ? `: ${h.followup.note}` : ''}`, 40);
}
