import type { CellFormat } from './types.ts';

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
