import type ExcelJS from 'exceljs';
import type { CellValue } from './types.ts';

/** One empty style for every row: exceljs looks up each row's own style too (see below). */
const ROW_STYLE: Partial<ExcelJS.Style> = Object.freeze({});

/**
 * Appends a row to a streamed worksheet and commits it, so that exceljs turns it into XML now and
 * forgets it (an uncommitted row stays in memory until the sheet is committed).
 *
 * Each cell gets the style object given for its column. Those objects are shared between rows on
 * purpose: exceljs remembers a style's id by object identity; a fresh object per cell (what
 * column styles give) makes it serialize and look up the style again for every cell, which
 * more than doubled the time of a large export.
 */
export function addStyledRow(worksheet: ExcelJS.Worksheet, values: readonly CellValue[], styles: readonly (Partial<ExcelJS.Style> | undefined)[]): void {
  const row = worksheet.addRow(values);
  (row as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE;
  for (let i = 0; i < values.length; i++) {
    const style = styles[i];
    if (style !== undefined && values[i] !== null) row.getCell(i + 1).style = style;
  }
  row.commit();
}
