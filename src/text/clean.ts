/**
 * Text read from outside (feeds, the operator's files) is attacker-controlled: a pool name or
 * event title may carry newlines, tabs, ANSI escapes or bidi controls meant to forge lines in an
 * export or a terminal. Everything that leaves a feed as text goes through one of these.
 */

import { CONTROL as UNSAFE } from './controls';

/** Controls become spaces: the text stays readable, no character can start a new line or field. */
export function neutralise(text: string): string {
  return text.replace(UNSAFE, ' ');
}

/** Cuts at `max` UTF-16 units without leaving half of a surrogate pair behind. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A feed's free text (event title, indicator name) fit for a fact field: undefined when nothing is left. */
export function cleanText(text: unknown, max: number): string | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = truncate(neutralise(text.slice(0, max * 4)).replace(/ {2,}/g, ' ').trim(), max).trim();
  return clean === '' ? undefined : clean;
}

/** A short, quoted, escaped excerpt of offending input for a problem's reason. */
export function excerpt(text: string, max = 60): string {
  // JSON escapes the C0 controls; the rest of UNSAFE is escaped the same way by hand.
  return JSON.stringify(text.length > max ? `${truncate(text, max)}…` : text).replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
