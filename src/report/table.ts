/** The view an analyst reads first: one line per flagged address, then pools and input problems. */
import { isStillFlagged, type Report } from './model';
import type { HostFinding } from '../score/findings';
import { escapeControls } from '../text/controls';
import { wrapToWidth } from './display-width';
import { estimateText, totalPowerText } from './estimate-text';
import { inputProblem } from './input-problem';
import { alignColumns } from './text-columns';

/** Where the table is not on a terminal (a pipe, a file), lines stay within this many columns. */
export const DEFAULT_TABLE_WIDTH = 160;

export interface TableOptions {
  /** Columns a line may take (the terminal's width); owners, pools, evidence and estimates are cut to fit. */
  width?: number;
}

/** Free text (a summary, a warning, a path with its problem) as lines within the width. */
function prose(text: string, width: number): string[] {
  return wrapToWidth(escapeControls(text), width, '  ');
}

export function renderTable(report: Report, options: TableOptions = {}): string {
  const width = Math.max(20, options.width ?? DEFAULT_TABLE_WIDTH);
  const out: string[] = [];
  const flagged = report.hosts.filter((h) => h.level !== 'low');
  // Only reports from the shared store know follow-up states; a scan's table keeps its columns.
  const withState = flagged.some((h) => h.followup);
  const { summary } = report;
  out.push(
    ...prose(
      `rigsweep: ${summary.flagged.total} flagged (${summary.flagged.high} high, ${summary.flagged.medium} medium), ` +
        `${summary.watch} on watch, ${summary.pools} pool endpoints` +
        (summary.dismissed ? `, ${summary.dismissed} dismissed by analysts` : '') +
        (summary.estimatedPower ? `, est. ${totalPowerText(summary.estimatedPower)}` : ''),
      width,
    ),
    ...prose(`home networks: ${report.homeNetworks.join(', ') || 'none'}`, width),
    ...report.warnings.flatMap((w) => prose(`warning: ${w}`, width)),
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
      h.owner ? `${h.owner.name} (${h.owner.nature})` : '-',
      h.pools.length ? h.pools.slice(0, 2).join(' ') + (h.pools.length > 2 ? ` +${h.pools.length - 2}` : '') : '-',
      h.evidence.map((e) => e.code).filter((c, i, all) => all.indexOf(c) === i).join(', '),
      estimateText(h.estimate) || '-',
      ...(withState ? [followupText(h)] : []),
    ]);
    // Level, score, address and role are what a row is about: the free-text columns give way,
    // the bases first (the evidence codes say the same), the first pool endpoint last.
    const flexible = [
      { column: 2, keep: 10 },
      { column: 7, keep: 24 },
      { column: 5, keep: 20 },
      { column: 8, keep: 44 },
      ...(withState ? [{ column: 9, keep: 12 }] : []),
      { column: 6, keep: 21 },
    ];
    out.push(...alignColumns([header, ...rows], { width, flexible }));
  }
  if (report.pools.length) {
    out.push('', 'POOL ENDPOINTS');
    const rows = report.pools.map((p) => [p.endpoint, String(p.clients), p.names.join(', ') || '-']);
    out.push(...alignColumns([['ENDPOINT', 'CLIENTS', 'NAMES'], ...rows], { width, flexible: [{ column: 2, keep: 20 }] }));
  }
  const troubled = report.inputs.flatMap((input) => {
    const problem = inputProblem(input);
    return problem === undefined ? [] : [`${input.path}: ${problem}`];
  });
  if (troubled.length) out.push('', 'INPUT PROBLEMS', ...troubled.flatMap((line) => prose(line, width)));
  return out.join('\n') + '\n';
}

function followupText(h: HostFinding): string {
  if (!h.followup) return '-';
  const allowlisted = isStillFlagged(h) ? '' : ' (allowlisted)';
  return `${h.followup.state}${allowlisted}${h.followup.note ? `: ${h.followup.note}` : ''}`;
}
