import type ExcelJS from 'exceljs';
import { type CellValue, fitColumnWidth, measureCellWidth, toCellValue, toColumnLetter } from './cells.ts';
import { addStyledRow, openWorkbookWriter, type SheetBackpressure, watchSheetBackpressure } from './workbook-writer.ts';

/** A column of writeRowsWorkbook. `numFmt` is an Excel number format, e.g. `#,##0` or `0.0%`. */
export interface RowsColumn {
  header: string;
  key: string;
  /** Width in characters; computed from the header and the first rows when absent. */
  width?: number;
  numFmt?: string;
}

export interface RowsWorkbookOptions {
  /** Name of the first sheet (default "Rows"); further sheets are "Rows (2)", "Rows (3)", ... */
  sheetName?: string;
  /** Data rows per sheet before starting another (default and maximum 1,048,575: Excel's row limit less the header). */
  maxRowsPerSheet?: number;
}

export interface RowsWorkbookResult {
  /** Data rows written (headers not counted). */
  rowCount: number;
  sheetNames: string[];
}

/** Excel's 1,048,576 rows per sheet, less the header row. */
const MAX_ROWS_PER_SHEET = 1_048_575;
const MAX_COLUMNS = 16_384;
const MAX_SHEET_NAME = 31;
/**
 * Rows read ahead to size the columns that have no width (<cols> precedes the rows in the XML),
 * fewer if they hold more text than SAMPLE_CHARACTERS (so that long texts cannot fill memory).
 */
const SAMPLE_ROWS = 1_000;
const SAMPLE_CHARACTERS = 1_000_000;
const DEFAULT_DATE_FORMAT = 'yyyy-mm-dd';

type Row = readonly unknown[];

function checkSheetName(name: string): void {
  if (name.trim() === '' || name.length > MAX_SHEET_NAME || /[:\\/?*[\]]/.test(name) || /^'|'$/.test(name)) {
    throw new RangeError(
      `Invalid sheet name ${JSON.stringify(name)}: 1 to ${MAX_SHEET_NAME} characters, none of : \\ / ? * [ ], not starting or ending with '`,
    );
  }
}

/** "Rows", then "Rows (2)", "Rows (3)", ..., the base name cut to keep within 31 characters. */
function nameSheet(base: string, index: number): string {
  if (index === 1) return base;
  const suffix = ` (${index})`;
  return `${base.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd()}${suffix}`;
}

function checkColumns(columns: readonly RowsColumn[]): void {
  if (columns.length === 0 || columns.length > MAX_COLUMNS) {
    throw new RangeError(`A workbook needs 1 to ${MAX_COLUMNS} columns, not ${columns.length}`);
  }
  for (const column of columns) {
    if (column.width !== undefined && !(column.width > 0 && column.width <= 255)) {
      throw new RangeError(`Column "${column.header}": width ${column.width} is not between 0 and 255`);
    }
  }
}

function toCells(row: Row, rowNumber: number, columnCount: number): CellValue[] {
  if (!Array.isArray(row)) throw new TypeError(`Row ${rowNumber} is not an array`);
  if (row.length > columnCount) {
    throw new RangeError(`Row ${rowNumber} has ${row.length} values for ${columnCount} columns`);
  }
  const cells = new Array<CellValue>(row.length);
  for (let i = 0; i < row.length; i++) cells[i] = toCellValue(row[i]);
  return cells;
}

/**
 * Streams a workbook of one table into `output` and ends it: as many rows as `rows` yields, in as
 * many sheets as Excel's row limit needs ("Rows", "Rows (2)", ...), each with a bold frozen header
 * and an autofilter over its rows. Rows are arrays in the order of `columns`; values are written as
 * toCellValue says. A column without `width` is sized from its header and the first 1,000 rows;
 * Date values take the column's `numFmt`, or `yyyy-mm-dd`.
 *
 * Memory stays flat whatever the row count (150 to 180 MB peak RSS for 1M or 2.2M rows of 6
 * columns, see measure-large-export.ts; over 400 MB without the waiting described here): each
 * row is committed as soon as it is added, strings are inline (no shared-string table), and the
 * loop waits for the zip writer, hence for `output`, whenever exceljs has a sheet's XML queued
 * (see watchSheetBackpressure in workbook-writer.ts). A slow output therefore slows the loop down instead of
 * filling memory. Rows can come from an async iterable, e.g. a database cursor; it is closed
 * (`return()`) if writing fails.
 *
 * Resolves once the output has finished; on failure the output is destroyed (as stream.pipeline
 * does) and the error thrown.
 */
export async function writeRowsWorkbook(
  columns: readonly RowsColumn[],
  rows: AsyncIterable<Row> | Iterable<Row>,
  output: NodeJS.WritableStream,
  options: RowsWorkbookOptions = {},
): Promise<RowsWorkbookResult> {
  checkColumns(columns);
  const baseName = options.sheetName ?? 'Rows';
  checkSheetName(baseName);
  const maxRowsPerSheet = options.maxRowsPerSheet ?? MAX_ROWS_PER_SHEET;
  if (!Number.isInteger(maxRowsPerSheet) || maxRowsPerSheet < 1 || maxRowsPerSheet > MAX_ROWS_PER_SHEET) {
    throw new RangeError(`maxRowsPerSheet must be an integer from 1 to ${MAX_ROWS_PER_SHEET}`);
  }

  const asyncIterator = Symbol.asyncIterator in rows ? (rows as AsyncIterable<Row>)[Symbol.asyncIterator]() : undefined;
  const syncIterator = asyncIterator ? undefined : (rows as Iterable<Row>)[Symbol.iterator]();
  let exhausted = false;
  /** The next row, or undefined at the end; a promise only when the rows are asynchronous. */
  const next = (): Row | undefined | Promise<Row | undefined> => {
    const settle = (result: IteratorResult<Row>): Row | undefined => {
      if (!result.done) return result.value;
      exhausted = true;
      return undefined;
    };
    return asyncIterator ? asyncIterator.next().then(settle) : settle(syncIterator!.next());
  };

  const session = openWorkbookWriter(output);
  try {
    const columnCount = columns.length;
    let rowsRead = 0;

    const sample: CellValue[][] = [];
    let sampleCharacters = 0;
    while (sample.length < SAMPLE_ROWS && sampleCharacters < SAMPLE_CHARACTERS) {
      const row = await next();
      if (row === undefined) break;
      const cells = toCells(row, ++rowsRead, columnCount);
      for (const value of cells) if (typeof value === 'string') sampleCharacters += value.length;
      sample.push(cells);
    }
    const widths = columns.map((column, index) => {
      if (column.width !== undefined) return column.width;
      let content = 0;
      for (const cells of sample) {
        const value = cells[index] ?? null;
        content = Math.max(content, measureCellWidth(value, value instanceof Date ? (column.numFmt ?? DEFAULT_DATE_FORMAT) : column.numFmt));
      }
      return fitColumnWidth(measureCellWidth(column.header, undefined), content);
    });
    const headerStyles = columns.map(() => session.style(undefined, true));
    const valueStyles = columns.map((column) => session.style(column.numFmt));
    const dateStyles = columns.map((column) => session.style(column.numFmt ?? DEFAULT_DATE_FORMAT));
    const rowStyles: (Partial<ExcelJS.Style> | undefined)[] = [...valueStyles];

    const sheetNames: string[] = [];
    let sheet: { worksheet: ExcelJS.Worksheet; backpressure: SheetBackpressure; rowCount: number } | undefined;
    const openSheet = (): NonNullable<typeof sheet> => {
      const name = nameSheet(baseName, sheetNames.length + 1);
      const worksheet = session.workbook.addWorksheet(name, {
        views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
      });
      worksheet.columns = columns.map((column, index) => ({ key: column.key, width: widths[index] })) as ExcelJS.Column[];
      const backpressure = watchSheetBackpressure(worksheet);
      if (!backpressure) {
        // Without it the whole sheet would be queued in memory: refuse rather than risk the process.
        throw new Error('exceljs internals changed: cannot stream a large sheet with bounded memory (see watchSheetBackpressure in workbook-writer.ts)');
      }
      addStyledRow(
        worksheet,
        columns.map((column) => column.header),
        headerStyles,
      );
      sheetNames.push(name);
      return { worksheet, backpressure, rowCount: 0 };
    };
    const closeSheet = (open: NonNullable<typeof sheet>): void => {
      open.worksheet.autoFilter = `A1:${toColumnLetter(columnCount)}${open.rowCount + 1}`;
      open.worksheet.commit();
    };
    /** Adds a row; returns a promise only when the zip writer wants the loop to wait. */
    const write = (cells: CellValue[]): Promise<void> | undefined => {
      session.throwIfFailed();
      if (!sheet || sheet.rowCount === maxRowsPerSheet) {
        if (sheet) closeSheet(sheet);
        sheet = openSheet();
      }
      for (let i = 0; i < cells.length; i++) rowStyles[i] = cells[i] instanceof Date ? dateStyles[i] : valueStyles[i];
      addStyledRow(sheet.worksheet, cells, rowStyles);
      sheet.rowCount++;
      return sheet.backpressure.pending ? session.unlessFailed(sheet.backpressure.drain()) : undefined;
    };

    // Awaiting only when there is something to wait for keeps a million rows from costing a
    // million trips through the microtask queue.
    for (const cells of sample) await write(cells);
    sample.length = 0;
    for (;;) {
      const pending = next();
      const row = pending instanceof Promise ? await pending : pending;
      if (row === undefined) break;
      const written = write(toCells(row, ++rowsRead, columnCount));
      if (written) await written;
    }

    sheet ??= openSheet();
    closeSheet(sheet);
    await session.commit();
    return { rowCount: rowsRead, sheetNames };
  } catch (error) {
    session.abort(error);
    if (!exhausted) {
      try {
        await (asyncIterator ? asyncIterator.return?.() : syncIterator?.return?.());
      } catch {
        // the write error is the one to report
      }
    }
    throw error;
  }
}
