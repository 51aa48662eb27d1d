import type ExcelJS from 'exceljs';
import type { AppData, AppsData, BreakdownData, MerchantsData } from '../../domain/types.ts';

/** A value as written to a cell. Days are written as `Date`s at UTC midnight (see to-excel-date.ts). */
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

export interface TableColumn {
  header: string;
  format: CellFormat;
}

/** A cell outside the table's columns, formatted on its own (the metadata block of a Summary sheet). */
export interface LooseCell {
  value: CellValue;
  format?: CellFormat;
  bold?: boolean;
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

/** A workbook being streamed into an output by exceljs's WorkbookWriter. */
export interface WorkbookSession {
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /**
   * The shared style object for a number format (undefined: none) and weight. One object per
   * combination: exceljs caches style ids by object identity, which makes styled rows cheap.
   */
  style(numFmt: string | undefined, bold?: boolean): Partial<ExcelJS.Style>;
  /** Throws the first error the output or the zip writer reported, if any. */
  throwIfFailed(): void;
  /** Resolves when `promise` does, or rejects as soon as the output or the zip writer fails. */
  unlessFailed<T>(promise: Promise<T>): Promise<T>;
  /** Commits every sheet and the workbook; resolves when the output has finished. */
  commit(): Promise<void>;
  /** Gives up: detaches from the output and destroys it with `error` (as stream.pipeline does). */
  abort(error: unknown): void;
}

export interface WorkbookDataByKind {
  merchants: MerchantsData;
  apps: AppsData;
  app: AppData;
  breakdown: BreakdownData;
}

export type WorkbookKind = keyof WorkbookDataByKind;

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

/** A row of the metric table of a Summary sheet: the change is computed from current and previous. */
export interface SummaryMetric {
  label: string;
  current: number;
  /** null when there is no previous figure: previous and change are left empty. */
  previous: number | null;
}
