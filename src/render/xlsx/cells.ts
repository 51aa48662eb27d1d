/** Cell values, their number formats and column widths: what every sheet of a workbook is made of. */
import type { Day, DayRange } from '../../domain/types.ts';

/** A value as written to a cell. Days are written as `Date`s at UTC midnight (see toExcelDate). */
export type CellValue = string | number | boolean | Date | null;

/**
 * How a cell is shown:
 * - `text`: as is (no number format);
 * - `integer`: `#,##0`;
 * - `percent`: `0.0%`, the value being a fraction (0.082 shows as 8.2%);
 * - `date`: `yyyy-mm-dd`, the value being a `Date` at UTC midnight;
 * - `days`: an integer followed by "days";
 * - `general`: Excel's General format.
 */
export type CellFormat = 'text' | 'integer' | 'percent' | 'date' | 'days' | 'general';

/** A cell outside the table's columns, formatted on its own (the metadata block of a Summary sheet). */
export interface LooseCell {
  value: CellValue;
  format?: CellFormat;
  bold?: boolean;
}

/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32_767;

/**
 * What a value from a caller's row is written as: strings (cut to Excel's 32,767 characters),
 * finite numbers, booleans and valid Dates as they are; bigints as numbers when exact, else as
 * text; null, undefined, NaN, ±Infinity and invalid Dates as empty cells; anything else as text
 * (never as an exceljs formula, hyperlink or rich-text object).
 */
export function toCellValue(value: unknown): CellValue {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'undefined':
      return null;
    default: {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
      let text: string;
      try {
        text = (typeof value === 'object' ? JSON.stringify(value) : undefined) ?? String(value);
      } catch {
        text = String(value); // circular, or holding a bigint
      }
      return toCellValue(text);
    }
  }
}

const NUM_FMTS: Record<CellFormat, string | undefined> = {
  text: undefined,
  general: undefined,
  integer: '#,##0',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  days: '#,##0 "days"',
};

/** The Excel number format of a cell format (undefined: General). */
export function toNumFmt(format: CellFormat): string | undefined {
  return NUM_FMTS[format];
}

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

/** Excel's column letters for a 1-based column number: 1 → A, 27 → AA. */
export function toColumnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1 || column > 16_384) throw new RangeError(`No Excel column ${column}`);
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Relative change from `previous` to `current` as a fraction (0.082 for +8.2%), or null (an empty
 * cell) when there is no previous value or it is 0: a change from nothing has no percentage.
 */
export function computeChange(current: number, previous: number | null): number | null {
  if (previous === null || previous === 0 || !Number.isFinite(previous) || !Number.isFinite(current)) return null;
  return (current - previous) / previous;
}

/** Wide (two-column) code points: CJK, Hangul, kana, full-width forms, most emoji. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** Width of text in character cells, counting wide characters twice; the longest line of several. */
function measureText(text: string): number {
  let longest = 0;
  let width = 0;
  for (const char of text) {
    if (char === '\n') {
      longest = Math.max(longest, width);
      width = 0;
    } else {
      width += WIDE.test(char) ? 2 : 1;
    }
  }
  return Math.max(longest, width);
}

/** Excel's General format shows at most 11 characters of a number. */
function formatGeneral(value: number): string {
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  return text.length > 11 ? text.slice(0, 11) : text;
}

/** Roughly what Excel shows for `value` under a number format: enough to size a column. */
function formatNumber(value: number, numFmt: string | undefined): string {
  if (numFmt === undefined || numFmt === 'General') return formatGeneral(value);
  const section = numFmt.split(';')[0] ?? '';
  const literals = (section.match(/"[^"]*"/g) ?? []).map((quoted) => quoted.slice(1, -1)).join('');
  const code = section.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  if (!/[0#?]/.test(code)) return code.replace(/\\/g, ''); // a date or time format: as long as its pattern
  const decimals = code.match(/\.([0#?]+)/)?.[1]?.length ?? 0;
  const percent = code.includes('%');
  const text = (percent ? value * 100 : value).toLocaleString('en-US', {
    useGrouping: code.includes(','),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  // what else the format shows: spaces, signs, escaped characters, `_x` padding
  const rest = code.replace(/[_*]./g, ' ').replace(/[0#?,.%\\]/g, '');
  return `${text}${percent ? '%' : ''}${rest}${literals}`;
}

/** Width in characters that a cell needs to show `value` under `numFmt` (undefined: General). */
export function measureCellWidth(value: CellValue, numFmt: string | undefined): number {
  if (value === null) return 0;
  if (typeof value === 'string') return measureText(value);
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value instanceof Date) return numFmt === undefined ? 10 : Math.max(10, measureText(numFmt.replace(/["\\]/g, '')));
  return measureText(formatNumber(value, numFmt));
}

const MIN_CHARACTERS = 6;
const MAX_CHARACTERS = 60;
/** Room for the autofilter's drop-down button beside a header. */
const FILTER_BUTTON = 3;
/** A character of slack on each side of the content. */
const SLACK = 2;
/**
 * Excel's own cell padding (5 px at Calibri 11's 7 px digits): a column showing n characters is
 * n + 0.71 wide. It also keeps widths off exactly 9, which exceljs takes for its default width and
 * would then leave out of the file.
 */
const CELL_PADDING = 0.71;

/**
 * Column width (in characters) for a header and the widest content below it, both measured by
 * measureCellWidth: room for the header and its filter button, and for the content, capped so that
 * one long text does not make a column wider than a screen.
 */
export function fitColumnWidth(headerWidth: number, contentWidth: number): number {
  const wanted = Math.max(headerWidth + FILTER_BUTTON, contentWidth + SLACK);
  return Math.min(MAX_CHARACTERS, Math.max(MIN_CHARACTERS, Math.ceil(wanted))) + CELL_PADDING;
}

function isLooseCell(value: CellValue | LooseCell): value is LooseCell {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** A row of a Summary sheet's detail block: a bold label, then values (numbers as integers). */
export function buildDetailRow(label: string, ...values: (CellValue | LooseCell)[]): LooseCell[] {
  return [
    { value: label, bold: true },
    ...values.map((value) => {
      if (isLooseCell(value)) return value;
      return { value, format: typeof value === 'number' ? ('integer' as const) : undefined };
    }),
  ];
}

/** A detail row for a range: label, first day, last day (as dates), and its length ("7 days"). */
export function buildRangeRow(label: string, range: DayRange): LooseCell[] {
  return buildDetailRow(
    label,
    { value: toExcelDate(range.start), format: 'date' },
    { value: toExcelDate(range.end), format: 'date' },
    { value: range.days, format: 'days' },
  );
}
