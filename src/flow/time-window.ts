/**
 * `--since/--until`: which flow records a scan keeps. A record is kept when it overlaps
 * [since, until) in capture time, so a long session that began before `since` still counts.
 */
import type { FlowRecord } from './flow-record';

export interface TimeWindow {
  /** Unix seconds, inclusive. */
  since?: number;
  /** Unix seconds, exclusive. */
  until?: number;
}

/** ISO 8601 (a date-time without a zone is read as UTC, so the answer never depends on TZ) or Unix seconds. */
export function parseTime(given: string, option: string): number {
  const text = given.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const iso = /^(\d{4})-(\d\d)-(\d\d)([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (!iso) throw new Error(`${option} takes an ISO 8601 time (2026-12-03T06:00Z) or Unix seconds, not ${given}`);
  const withZone = iso[7] ? text : `${text.replace(' ', 'T')}${iso[4] ? 'Z' : 'T00:00Z'}`;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  // Date.parse rolls a day the month lacks (02-30) into the next month: refuse it instead.
  const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  if (Number.isNaN(ms) || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) throw new Error(`${option}: ${given} is not a valid time`);
  return ms / 1000;
}

export function parseTimeWindow(since: string | undefined, until: string | undefined): TimeWindow {
  const window: TimeWindow = {};
  if (since !== undefined) window.since = parseTime(since, '--since');
  if (until !== undefined) window.until = parseTime(until, '--until');
  if (window.since !== undefined && window.until !== undefined && window.since >= window.until) {
    throw new Error(`--since (${since}) must be before --until (${until})`);
  }
  return window;
}

export function inWindow(window: TimeWindow, flow: FlowRecord): boolean {
  if (window.since !== undefined && flow.lastSeen < window.since) return false;
  return window.until === undefined || flow.firstSeen < window.until;
}
