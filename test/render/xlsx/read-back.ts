import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';

/** A folder under os.tmpdir() for one test file's workbooks, removed by `remove`. */
export async function makeScratchFolder(): Promise<{ path(name: string): string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'miniapp-stats-xlsx-'));
  return {
    path: (name) => join(folder, name),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/** Writes a workbook with `write` into a file at `path`, then reads it back with exceljs. */
export async function writeAndReadBack(path: string, write: (output: NodeJS.WritableStream) => Promise<unknown>): Promise<ExcelJS.Workbook> {
  await write(createWriteStream(path));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

export function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`No sheet "${name}" in ${workbook.worksheets.map((ws) => ws.name).join(', ')}`);
  return sheet;
}

/** The values of a row, from column A to `columns`, with empty cells as null. */
export function rowValues(sheet: ExcelJS.Worksheet, row: number, columns: number): ExcelJS.CellValue[] {
  return Array.from({ length: columns }, (_, index) => sheet.getRow(row).getCell(index + 1).value ?? null);
}

export function numFmtsOf(sheet: ExcelJS.Worksheet, row: number, columns: number): (string | undefined)[] {
  return Array.from({ length: columns }, (_, index) => sheet.getRow(row).getCell(index + 1).numFmt);
}

export function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * What every table sheet must have: these headers in bold in row 1, the view frozen below it, an
 * autofilter from A1 over the header and `dataRows` rows, and widths fitted (with a cap).
 */
export function expectTable(sheet: ExcelJS.Worksheet, headers: string[], dataRows: number): void {
  expect(rowValues(sheet, 1, headers.length)).toEqual(headers);
  for (const index of headers.keys()) expect(sheet.getRow(1).getCell(index + 1).font?.bold).toBe(true);
  expect(sheet.views).toHaveLength(1);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const lastColumn = String.fromCharCode(64 + headers.length);
  expect(sheet.autoFilter).toBe(`A1:${lastColumn}${dataRows + 1}`);
  headers.forEach((header, index) => {
    const width = sheet.getColumn(index + 1).width;
    expect(width, `width of column ${header}`).toBeGreaterThanOrEqual(header.length + 3);
    expect(width, `width of column ${header}`).toBeLessThanOrEqual(61);
  });
}

/** The number of the first row whose column A holds `label`. */
export function findRow(sheet: ExcelJS.Worksheet, label: string): number {
  for (let row = 1; row <= sheet.rowCount; row++) {
    if (sheet.getRow(row).getCell(1).value === label) return row;
  }
  throw new Error(`No row "${label}" in sheet ${sheet.name}`);
}
