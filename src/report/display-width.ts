/**
 * How many terminal columns text takes, and cutting it to a number of columns. Owner maps of
 * the carriers rigsweep serves are often in Chinese: an ideograph takes two columns, so string
 * length would misalign a table and overrun the terminal. Controls must be escaped first
 * (src/text/controls.ts); they are counted as one column here.
 */

/** Combining marks, zero-width joiners/spaces and variation selectors: no column of their own. */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

/** East Asian wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms) and emoji. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(cp: number): number {
  return isZeroWidth(cp) ? 0 : isWide(cp) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** At most `width` columns; a cut text ends in "…" (never half of a wide character or a surrogate pair). */
export function clipToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** Pads with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Prose (a summary, a warning, an input's problem) broken at spaces into lines of at most
 * `width` columns; a word longer than a line is cut across lines. Later lines start with `indent`.
 */
export function wrapToWidth(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  const room = () => width - (lines.length ? displayWidth(indent) : 0);
  const push = () => {
    lines.push(lines.length ? indent + line : line);
    line = '';
  };
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (displayWidth(candidate) <= room()) {
      line = candidate;
      continue;
    }
    if (line) push();
    let rest = word;
    while (displayWidth(rest) > room() && room() > 0) {
      let head = '';
      for (const ch of rest) {
        if (displayWidth(head + ch) > room()) break;
        head += ch;
      }
      // A wide character on a one-column line still has to go somewhere: it overruns by one.
      if (!head) head = String.fromCodePoint(rest.codePointAt(0)!);
      line = head;
      rest = rest.slice(head.length);
      push();
    }
    line = rest;
  }
  if (line || lines.length === 0) push();
  return lines;
}
