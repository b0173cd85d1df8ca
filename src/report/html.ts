/** A self-contained page for one scan: no scripts, no external assets, every value escaped. */
import type { HostFinding } from '../score/findings';
import type { Report } from './model';
import { escapeControls } from '../text/controls';
import { estimateText, totalPowerText } from './estimate-text';
import { inputProblem } from './input-problem';
import { formatTime } from './units';

/** Markup characters become entities; controls become visible escapes (a bidi override would reorder the page, an ESC reaches whoever cats the file). */
const escape = (s: string | number) =>
  escapeControls(String(s)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin:1em 0}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
.high{color:#fff;background:#c0392b}.medium{background:#f5b041}.low{background:#eee}.lvl{padding:2px 6px;border-radius:3px;font-weight:600}
.cards{display:flex;gap:1em}.card{border:1px solid #ddd;border-radius:6px;padding:.8em 1.2em}.card b{font-size:1.6em;display:block}
code{font-size:12px}details summary{cursor:pointer}.warning{border-left:4px solid #c0392b;background:#fdecea;padding:.5em 1em}`;

function hostRow(h: HostFinding): string {
  const reasons = h.reasons.map((r) => `<li>${escape(r)}</li>`).join('');
  const followup = h.followup ? `<br><small>${escape(h.followup.state)}${h.followup.note ? `: ${escape(h.followup.note)}` : ''}</small>` : '';
  return `<tr><td><span class="lvl ${h.level}">${h.level}</span>${followup}</td><td>${h.score}<br><small>${escape(h.bases.join('+'))}</small></td><td><code>${escape(h.ip)}</code></td>
<td>${escape(h.role)}</td><td>${h.owner ? `${escape(h.owner.name)}<br><small>${escape(h.owner.nature)}</small>` : '-'}</td>
<td>${h.pools.map((p) => `<code>${escape(p)}</code>`).join('<br>') || '-'}</td><td>${escape(estimateText(h.estimate) || '-')}</td>
<td>${escape(formatTime(h.firstSeen))}<br>${escape(formatTime(h.lastSeen))}</td>
<td><details><summary>${h.evidenceTotal} item(s)</summary><ul>${reasons}</ul></details></td></tr>`;
}

export function renderHtml(report: Report): string {
  const s = report.summary;
  const cards = [
    ['flagged', s.flagged.total],
    ['high', s.flagged.high],
    ['medium', s.flagged.medium],
    ['on watch', s.watch],
    ['pool endpoints', s.pools],
    ['est. power', s.estimatedPower ? totalPowerText(s.estimatedPower) : '-'],
  ]
    .map(([label, value]) => `<div class="card"><b>${escape(value)}</b>${escape(label)}</div>`)
    .join('');
  const hosts = report.hosts.map(hostRow).join('\n');
  const pools = report.pools
    .map((p) => `<tr><td><code>${escape(p.endpoint)}</code></td><td>${p.clients}</td><td>${escape(p.names.join(', ') || '-')}</td><td>${escape(p.codes.join(', '))}</td></tr>`)
    .join('\n');
  const inputs = report.inputs
    .map((i) => {
      const issues = inputProblem(i) ?? 'none';
      return `<tr><td><code>${escape(i.path)}</code></td><td>${escape(i.format)}</td><td>${i.packets}</td><td>${i.flows}</td><td>${escape(issues)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>rigsweep report</title><style>${STYLE}</style></head><body>
<h1>rigsweep report</h1><p>${escape(report.generator)} · ${escape(report.generatedAt)} · report v${report.reportVersion}</p>
<p>Home networks: ${report.homeNetworks.map((n) => `<code>${escape(n)}</code>`).join(', ') || 'none'}</p>
${report.warnings.map((w) => `<p class="warning">Warning: ${escape(w)}</p>`).join('\n')}
<div class="cards">${cards}</div>
<h2>Addresses</h2><table><tr><th>Level</th><th>Score</th><th>Address</th><th>Role</th><th>Owner</th><th>Pools</th><th>Estimate</th><th>First / last seen</th><th>Why</th></tr>
${hosts}</table>
<h2>Pool endpoints</h2><table><tr><th>Endpoint</th><th>Clients</th><th>Names</th><th>Evidence</th></tr>
${pools}</table>
<h2>Inputs</h2><table><tr><th>File</th><th>Format</th><th>Packets</th><th>Flows</th><th>Issues</th></tr>
${inputs}</table></body></html>
`;
}
