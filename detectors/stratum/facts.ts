import type { FactValue } from '../../src/detect/api';
import type { Side } from './dialects/types';
import type { SessionSummary } from './session';

// Long enough for a Monero integrated address (106) plus a rig suffix.
const MAX_TEXT = 128;
const MAX_METHODS_TEXT = 200;

/** Peer-supplied text made safe for a report: no control characters, bounded length. */
export function cleanText(value: string, max = MAX_TEXT): string {
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function put(facts: Record<string, FactValue>, key: string, value: string | undefined): void {
  if (value === undefined) return;
  const text = cleanText(value);
  if (text) facts[key] = text;
}

/** Facts for the analyst about one side of a recognised conversation. */
export function sessionFacts(summary: SessionSummary, side: Side): Record<string, FactValue> {
  const facts: Record<string, FactValue> = {};
  put(facts, 'dialect', summary.dialect);
  put(facts, 'methods', summary[side].methods.join(',').slice(0, MAX_METHODS_TEXT) || undefined);
  const { worker, login, agent, algorithm, coin } = summary.identity;
  put(facts, 'worker', worker);
  if (login !== worker) put(facts, 'login', login);
  put(facts, 'agent', agent);
  put(facts, 'algorithm', algorithm);
  put(facts, 'coin', coin);
  if (summary.difficulty !== undefined) facts.difficulty = Number(summary.difficulty.toPrecision(6));
  if (summary.shares.submitted > 0) facts.shares = summary.shares.submitted;
  return facts;
}
