import type ExcelJS from 'exceljs';
import { addStyledRow } from './add-styled-row.ts';
import { fitColumnWidth } from './fit-column-width.ts';
import { measureCellWidth } from './measure-cell-width.ts';
import { toColumnLetter } from './to-column-letter.ts';
import { toNumFmt } from './to-num-fmt.ts';
import type { CellFormat, CellValue, LooseCell, TableSheet, WorkbookSession } from './types.ts';
import { watchSheetBackpressure } from './watch-sheet-backpressure.ts';

function formatOf(cell: LooseCell): CellFormat {
  if (cell.format !== undefined) return cell.format;
  return cell.value instanceof Date ? 'date' : 'general';
}

/**
 * Writes one sheet of a workbook: bold header row frozen at the top, an autofilter over the header
 * and the table rows, each column's number format, widths fitted to the content (capped); then the
 * appendix, if any, after an empty row and outside the autofilter. The sheet is committed.
 */
export async function writeTableSheet(session: WorkbookSession, sheet: TableSheet): Promise<void> {
  const { columns, rows, appendix = [] } = sheet;
  if (columns.length === 0) throw new RangeError(`Sheet "${sheet.name}" has no columns`);
  const numFmts = columns.map((column) => toNumFmt(column.format));

  const widest = Math.max(columns.length, ...appendix.map((cells) => cells.length));
  const contentWidths = Array.from({ length: widest }, () => 0);
  const widen = (index: number, width: number): void => {
    contentWidths[index] = Math.max(contentWidths[index] ?? 0, width);
  };
  rows.forEach((values, index) => {
    if (values.length > columns.length) {
      throw new RangeError(`Sheet "${sheet.name}" row ${index + 2} has ${values.length} values for ${columns.length} columns`);
    }
    for (const [column, value] of values.entries()) widen(column, measureCellWidth(value, numFmts[column]));
  });
  for (const cells of appendix) for (const [column, cell] of cells.entries()) widen(column, measureCellWidth(cell.value, toNumFmt(formatOf(cell))));

  const worksheet = session.workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  // Widths must be known before the first row is committed: exceljs writes <cols> ahead of the rows.
  worksheet.columns = contentWidths.map((contentWidth, index) => ({
    key: `c${index + 1}`,
    width: fitColumnWidth(measureCellWidth(columns[index]?.header ?? null, undefined), contentWidth),
  })) as ExcelJS.Column[];
  const backpressure = watchSheetBackpressure(worksheet);
  const add = async (values: CellValue[], styles: (Partial<ExcelJS.Style> | undefined)[]): Promise<void> => {
    session.throwIfFailed();
    addStyledRow(worksheet, values, styles);
    if (backpressure?.pending) await session.unlessFailed(backpressure.drain());
  };

  const bold = session.style(undefined, true);
  await add(
    columns.map((column) => column.header),
    columns.map(() => bold),
  );
  const columnStyles = numFmts.map((numFmt) => session.style(numFmt));
  for (const values of rows) await add(values, columnStyles);

  if (appendix.length > 0) {
    await add([], []);
    for (const cells of appendix) {
      await add(
        cells.map((cell) => cell.value),
        cells.map((cell) => session.style(toNumFmt(formatOf(cell)), cell.bold === true)),
      );
    }
  }

  worksheet.autoFilter = `A1:${toColumnLetter(columns.length)}${rows.length + 1}`;
  worksheet.commit();
}
