import type { CellValue } from './types.ts';

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
