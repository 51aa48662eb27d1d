import type { Day } from '../../domain/types.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The `Date` that exceljs writes as Excel's serial number of calendar day `day`.
 *
 * A Day is a calendar date in the workspace's zone; Excel dates have no zone. exceljs turns a Date
 * into a serial from its UTC milliseconds, so UTC midnight gives exactly that day whatever the
 * server's zone is, and exceljs reads it back as the same UTC midnight.
 */
export function toExcelDate(day: Day): Date {
  const match = DAY.exec(day);
  if (match) {
    const [, year, month, date] = match;
    const value = new Date(Date.UTC(Number(year), Number(month) - 1, Number(date)));
    if (value.toISOString().slice(0, 10) === day) return value;
  }
  throw new RangeError(`Not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
}
