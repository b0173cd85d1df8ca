/**
 * The metric names a PromQL expression reads, found without a PromQL parser: drop strings,
 * label matchers, ranges and grouping clauses, then every identifier left that is not a
 * function call or a keyword is a metric name.
 */
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan']);

export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)].map((m) => m[1]);
  return names.filter((n) => !KEYWORDS.has(n.toLowerCase()));
}

/** The metric family a series name belongs to: histogram series carry a suffix. */
export function familyOf(series: string): string {
  return series.replace(/_(bucket|sum|count)$/, '');
}

/** The expressions of a Prometheus rules file: `expr:` lines, with `|` / `>` block scalars. */
export function ruleExpressions(yaml: string): string[] {
  const lines = yaml.split('\n');
  const exprs: string[] = [];
  lines.forEach((line, i) => {
    const match = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!match) return;
    const [, indent, value] = match;
    if (!/^[|>]-?$/.test(value.trim())) return void exprs.push(value.trim().replace(/^(['"])(.*)\1$/, '$2'));
    const block: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() !== '' && next.search(/\S/) <= indent.length) break;
      block.push(next.trim());
    }
    exprs.push(block.join(' ').trim());
  });
  return exprs;
}
