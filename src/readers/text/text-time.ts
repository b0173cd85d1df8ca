/**
 * Date-times written as text, read from bytes: "YYYY-MM-DD HH:MM:SS" or ISO 8601 / RFC 3339
 * ("2021-09-27T00:01:02.5Z", "+08:00"), with any fraction of a second.
 *
 * Time zones: a date-time that carries no zone is local time, as nfdump prints it (nfdump formats
 * with localtime(), so it honours TZ) and as JavaScript's Date reads it. A reader therefore gets
 * the exporter's instants back when it runs under the TZ nfdump ran under — run both with TZ=UTC
 * to leave no doubt. One rule for every text export: explicit zones are honoured, the rest is TZ.
 */
import { skipBlanks, trimBlanks } from './byte-numbers';

const ZERO = 0x30;
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const SPACE = 0x20;
const PLUS = 0x2b;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;
const LOWER_CASE = 0x20;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `count` decimal digits at `at` as a number, or -1. */
function digitsAt(buf: Buffer, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  return month !== 2 || day < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}

/** "YYYY-MM-DD HH": the part of a date-time that consecutive rows nearly always share. */
const HOUR_PREFIX = 13;

/** Per read: the local-hour cache reflects the TZ in force when the reader started. */
export class TextTimes {
  /** Local hour (packed year, month, day, hour) → Unix ms when it starts: one Date per hour of data, not per row. */
  private readonly hourStarts = new Map<number, number>();
  /** The last hour prefix read, and what it meant. */
  private readonly prefix = Buffer.alloc(HOUR_PREFIX);
  private prefixValid = false;
  private prefixLocalSeconds = 0;
  private prefixUtcSeconds = 0;

  /** Unix seconds of a date-time in buf[start, end), or NaN when it is not one. */
  dateTime(buf: Buffer, start: number, end: number): number {
    start = skipBlanks(buf, start, end);
    end = trimBlanks(buf, start, end);
    if (end - start < 19 || buf[start + 4] !== DASH || buf[start + 7] !== DASH) return NaN;
    const separator = buf[start + 10];
    if ((separator !== SPACE && (separator | LOWER_CASE) !== (LETTER_T | LOWER_CASE)) || buf[start + 13] !== COLON || buf[start + 16] !== COLON) {
      return NaN;
    }
    if (!this.samePrefix(buf, start) && !this.readHour(buf, start)) return NaN;
    const minute = digitsAt(buf, start + 14, 2);
    const second = digitsAt(buf, start + 17, 2);
    if (minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
    let i = start + 19;
    let fraction = 0;
    if (i < end && buf[i] === DOT) {
      let scale = 1;
      for (i++; i < end; i++) {
        const d = buf[i] - ZERO;
        if (d < 0 || d > 9) break;
        if (scale < 1e9) {
          fraction = fraction * 10 + d;
          scale *= 10;
        }
      }
      if (scale === 1) return NaN;
      fraction /= scale;
    }
    const inHour = minute * 60 + second + fraction;
    if (i === end) return this.prefixLocalSeconds + inHour;
    const offset = zoneOffsetSeconds(buf, i, end);
    return Number.isNaN(offset) ? NaN : this.prefixUtcSeconds + inHour - offset;
  }

  /** A byte loop: Buffer.compare's argument checks cost more than comparing 13 bytes. */
  private samePrefix(buf: Buffer, start: number): boolean {
    if (!this.prefixValid) return false;
    const prefix = this.prefix;
    for (let i = 0; i < HOUR_PREFIX; i++) if (buf[start + i] !== prefix[i]) return false;
    return true;
  }

  /** Reads "YYYY-MM-DD HH" at `start` into the prefix cache; false when it is not a valid date and hour. */
  private readHour(buf: Buffer, start: number): boolean {
    this.prefixValid = false;
    const year = digitsAt(buf, start, 4);
    const month = digitsAt(buf, start + 5, 2);
    const day = digitsAt(buf, start + 8, 2);
    const hour = digitsAt(buf, start + 11, 2);
    if (!validDate(year, month, day) || hour < 0 || hour > 23) return false;
    buf.copy(this.prefix, 0, start, start + HOUR_PREFIX);
    this.prefixValid = true;
    this.prefixLocalSeconds = this.localHourStart(year, month, day, hour) / 1000;
    this.prefixUtcSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600;
    return true;
  }

  private localHourStart(year: number, month: number, day: number, hour: number): number {
    const key = ((year * 16 + month) * 32 + day) * 24 + hour;
    let startMs = this.hourStarts.get(key);
    if (startMs === undefined) {
      startMs = new Date(year, month - 1, day, hour).getTime();
      if (this.hourStarts.size >= 100_000) this.hourStarts.clear();
      this.hourStarts.set(key, startMs);
    }
    return startMs;
  }
}

/** "Z", "+HH", "+HHMM" or "+HH:MM" (or "-") → seconds east of UTC; NaN for anything else. */
function zoneOffsetSeconds(buf: Buffer, at: number, end: number): number {
  const sign = buf[at];
  if ((sign | LOWER_CASE) === (LETTER_Z | LOWER_CASE)) return at + 1 === end ? 0 : NaN;
  if (sign !== PLUS && sign !== DASH) return NaN;
  const length = end - at - 1;
  if (length !== 2 && length !== 4 && !(length === 5 && buf[at + 3] === COLON)) return NaN;
  const hours = digitsAt(buf, at + 1, 2);
  const minutes = length === 2 ? 0 : digitsAt(buf, end - 2, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  const offset = hours * 3600 + minutes * 60;
  return sign === PLUS ? offset : -offset;
}
