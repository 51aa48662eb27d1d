import { DateTime, IANAZone } from 'luxon';
import type { Day, DayRange } from '../domain/types.ts';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  return DAY_PATTERN.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid;
}

/** 'YYYY-MM-DD' → days since 1970-01-01 (what the aggregate arithmetic works in). */
export function toDayNumber(day: Day): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

export function formatDayNumber(day: number): Day {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Conversions remembered per DayCache; past this many, it starts again. */
const MAX_REMEMBERED = 100_000;

/**
 * Days checked and converted, remembered: an import checks and converts the same few days on
 * hundreds of thousands of rows, where a check alone (luxon) costs microseconds. Each import
 * has its own (see ImportContext).
 */
export class DayCache {
  private readonly numbers = new Map<string, number>();
  private readonly texts = new Map<number, Day>();

  /** The day number of `text` when it is a real date written YYYY-MM-DD, else undefined. */
  numberOf(text: string): number | undefined {
    let number = this.numbers.get(text);
    if (number === undefined && isDay(text)) {
      if (this.numbers.size >= MAX_REMEMBERED) this.numbers.clear();
      number = toDayNumber(text);
      this.numbers.set(text, number);
    }
    return number;
  }

  textOf(day: number): Day {
    let text = this.texts.get(day);
    if (text === undefined) {
      if (this.texts.size >= MAX_REMEMBERED) this.texts.clear();
      text = formatDayNumber(day);
      this.texts.set(day, text);
    }
    return text;
  }
}

export function addDays(day: Day, count: number): Day {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days: count }).toISODate()!;
}

export function daysBetween(from: Day, to: Day): number {
  return Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);
}

export function rangeEndingOn(end: Day, days: number): DayRange {
  return { start: addDays(end, -(days - 1)), end, days };
}

export function listDays(range: DayRange): Day[] {
  const days: Day[] = [];
  for (let i = 0; i < range.days; i++) days.push(addDays(range.start, i));
  return days;
}

export function isTimeZone(zone: string): boolean {
  return zone.trim() !== '' && IANAZone.isValidZone(zone);
}

/** Today's date in `zone` at instant `now`. */
export function todayIn(zone: string, now: Date = new Date()): Day {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}
