import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { type CellFormat, type CellValue, computeChange, fitColumnWidth, type LooseCell, measureCellWidth, toColumnLetter, toNumFmt } from './cells.ts';
import { addStyledRow, openWorkbookWriter, type WorkbookSession, watchSheetBackpressure } from './workbook-writer.ts';

export interface TableColumn {
  header: string;
  format: CellFormat;
}

/**
 * One sheet: a header row (bold, frozen, with an autofilter over the table) and its rows; then,
 * after an empty row, an optional appendix of loose rows (outside the autofilter).
 */
export interface TableSheet {
  name: string;
  columns: TableColumn[];
  rows: CellValue[][];
  appendix?: LooseCell[][];
}

/** A row of the metric table of a Summary sheet: the change is computed from current and previous. */
export interface SummaryMetric {
  label: string;
  current: number;
  /** null when there is no previous figure: previous and change are left empty. */
  previous: number | null;
}

/**
 * The "Summary" sheet: a table of metrics (Metric, Current, Previous, Change), then the given
 * blocks of detail rows (status counts, what the report covers), separated by empty rows.
 */
export function buildSummarySheet(metrics: readonly SummaryMetric[], blocks: readonly LooseCell[][][]): TableSheet {
  const appendix: LooseCell[][] = [];
  blocks.forEach((block, index) => {
    if (index > 0) appendix.push([]);
    appendix.push(...block);
  });
  return {
    name: 'Summary',
    columns: [
      { header: 'Metric', format: 'text' },
      { header: 'Current', format: 'integer' },
      { header: 'Previous', format: 'integer' },
      { header: 'Change', format: 'percent' },
    ],
    rows: metrics.map(({ label, current, previous }) => [label, current, previous, computeChange(current, previous)]),
    appendix,
  };
}

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

/**
 * Streams a workbook of the sheets that `buildSheets` makes, in order, into `output`, and ends it.
 * Resolves once the output has finished; on any failure, building the sheets included, the output
 * is destroyed (as stream.pipeline does) and the error thrown.
 */
export async function writeWorkbook(buildSheets: () => readonly TableSheet[], output: NodeJS.WritableStream): Promise<void> {
  const session = openWorkbookWriter(output);
  try {
    for (const sheet of buildSheets()) await writeTableSheet(session, sheet);
    await session.commit();
  } catch (error) {
    session.abort(error);
    throw error;
  }
}

/**
 * A workbook of the sheets that `buildSheets` makes, as a Buffer (e.g. to upload to Slack). Meant
 * for the small workbooks of answers; a large export streams to a file with writeRowsWorkbook.
 */
export async function renderWorkbook(buildSheets: () => readonly TableSheet[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await writeWorkbook(buildSheets, output);
  return Buffer.concat(chunks);
}
