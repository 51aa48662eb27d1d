import { DateTime, IANAZone } from 'luxon';
import type { Day, DayRange } from '../domain/types.ts';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Dates already found valid: an import checks the same few days on every row. */
const validDays = new Set<string>();

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  if (validDays.has(text)) return true;
  if (!DAY_PATTERN.test(text) || !DateTime.fromISO(text, { zone: 'utc' }).isValid) return false;
  if (validDays.size >= 100_000) validDays.clear();
  validDays.add(text);
  return true;
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
