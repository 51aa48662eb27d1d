import { RowError } from '../domain/errors.ts';
import { type DayCache, isTimeZone } from '../util/days.ts';

type Values = Record<string, string>;

/** A key column: must not be empty, and must fit its database column. */
export function checkKey(values: Values, column: string, maxLength: number): string {
  const value = values[column] ?? '';
  if (value.trim() === '') throw new RowError(`empty ${column}`);
  return checkLength(value, column, maxLength);
}

export function checkLength(value: string, column: string, maxLength: number): string {
  // Code points never outnumber UTF-16 code units: count them only for a long value.
  if (value.length > maxLength && [...value].length > maxLength) throw new RowError(`${column} is longer than ${maxLength} characters`);
  return value;
}

/** A date column (checked through the import's DayCache, as every row of a file may have one). */
export function checkDay(values: Values, column: string, days: DayCache): string {
  const value = (values[column] ?? '').trim();
  if (days.numberOf(value) === undefined) throw notADay(values, column);
  return value;
}

/** A date column, as its day number (see toDayNumber). */
export function checkDayNumber(values: Values, column: string, days: DayCache): number {
  const day = days.numberOf((values[column] ?? '').trim());
  if (day === undefined) throw notADay(values, column);
  return day;
}

const notADay = (values: Values, column: string) => new RowError(`${column} "${values[column]}" is not a date in YYYY-MM-DD form`);

export function checkTimeZone(values: Values, column: string): string {
  const value = (values[column] ?? '').trim();
  if (!isTimeZone(value)) throw new RowError(`${column} "${values[column]}" is not an IANA time zone (e.g. Asia/Singapore)`);
  return value;
}

export function checkOneOf(values: Values, column: string, allowed: readonly string[]): string {
  const value = (values[column] ?? '').trim().toLowerCase();
  if (!allowed.includes(value)) throw new RowError(`${column} "${values[column]}" is not one of ${allowed.join(', ')}`);
  return value;
}

export function checkPageViews(values: Values, column: string): number {
  const text = (values[column] ?? '').trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 2_147_483_647) {
    throw new RowError(`${column} "${values[column]}" is not a whole number >= 1`);
  }
  return value;
}

export function checkWorkspace(values: Values, known: Set<string>): string {
  const workspaceId = checkKey(values, 'workspace_id', 64);
  if (!known.has(workspaceId)) {
    throw new RowError(`workspace "${workspaceId}" is neither in the store nor in this import's workspaces.csv`);
  }
  return workspaceId;
}
