import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RowsColumn, writeRowsWorkbook } from '../../../src/render/xlsx/rows-workbook.ts';
import { watchSheetBackpressure } from '../../../src/render/xlsx/workbook-writer.ts';
import { expectTable, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay } from './read-back.ts';

const COLUMNS: RowsColumn[] = [
  { header: 'Day', key: 'day' },
  { header: 'App ID', key: 'appId', width: 14 },
  { header: 'Mini program', key: 'miniProgram' },
  { header: 'UV', key: 'uv', numFmt: '#,##0' },
  { header: 'Share', key: 'share', numFmt: '0.0%' },
  { header: 'Active', key: 'active' },
];
const HEADERS = COLUMNS.map((column) => column.header);
const FIRST_DAY = Date.UTC(2026, 0, 1);

function makeRow(i: number): unknown[] {
  return [new Date(FIRST_DAY + (i % 365) * 86_400_000), `app-${i % 50}`, `小程序 ${i}`, i * 3, (i % 1000) / 1000, i % 2 === 0];
}

async function* generateRows(count: number, onYield?: () => void): AsyncGenerator<unknown[]> {
  for (let i = 0; i < count; i++) {
    onYield?.();
    yield makeRow(i);
  }
}

/** Collects what is written, and can hold every write back until released. */
class GatedOutput extends Writable {
  readonly chunks: Buffer[] = [];
  private open: boolean;
  private held: (() => void)[] = [];

  constructor(open = true) {
    super();
    this.open = open;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    if (this.open) callback();
    else this.held.push(callback);
  }

  release(): void {
    this.open = true;
    for (const callback of this.held.splice(0)) callback();
  }

  async load(): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(this.chunks) as unknown as ArrayBuffer);
    return workbook;
  }
}

describe('writeRowsWorkbook', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  beforeAll(async () => {
    scratch = await makeScratchFolder();
  });
  afterAll(() => scratch.remove());

  it('streams 20,000 rows from an async source into a file and reads back the first and last', async () => {
    const path = scratch.path('rows.xlsx');
    const result = await writeRowsWorkbook(COLUMNS, generateRows(20_000), createWriteStream(path));
    expect(result).toEqual({ rowCount: 20_000, sheetNames: ['Rows'] });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Rows']);
    const sheet = sheetOf(workbook, 'Rows');
    expectTable(sheet, HEADERS, 20_000);
    expect(sheet.actualRowCount).toBe(20_001);
    expect(rowValues(sheet, 2, 6)).toEqual([utcDay('2026-01-01'), 'app-0', '小程序 0', 0, 0, true]);
    expect(rowValues(sheet, 20_001, 6)).toEqual([new Date(FIRST_DAY + (19_999 % 365) * 86_400_000), 'app-49', '小程序 19999', 59_997, 0.999, false]);
    // a Date without a numFmt gets yyyy-mm-dd; numbers and booleans keep their column's format
    expect(numFmtsOf(sheet, 20_001, 6)).toEqual(['yyyy-mm-dd', undefined, undefined, '#,##0', '0.0%', undefined]);
    expect(sheet.getColumn(2).width).toBe(14);
    // sized from the first rows: wide characters count twice
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual('小程序 999'.length + 3 + 2);
  });

  it('takes a synchronous iterable too, e.g. an array', async () => {
    const output = new GatedOutput();
    const result = await writeRowsWorkbook(COLUMNS, [makeRow(0), makeRow(1)], output);
    expect(result.rowCount).toBe(2);
    const sheet = sheetOf(await output.load(), 'Rows');
    expectTable(sheet, HEADERS, 2);
    expect(rowValues(sheet, 3, 3)).toEqual([utcDay('2026-01-02'), 'app-1', '小程序 1']);
  });

  it('starts another sheet when one is full, each with its header and autofilter', async () => {
    const output = new GatedOutput();
    const result = await writeRowsWorkbook(COLUMNS, generateRows(20), output, { sheetName: 'Activity', maxRowsPerSheet: 7 });
    expect(result).toEqual({ rowCount: 20, sheetNames: ['Activity', 'Activity (2)', 'Activity (3)'] });
    const workbook = await output.load();
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Activity', 'Activity (2)', 'Activity (3)']);
    expectTable(sheetOf(workbook, 'Activity'), HEADERS, 7);
    expectTable(sheetOf(workbook, 'Activity (2)'), HEADERS, 7);
    expectTable(sheetOf(workbook, 'Activity (3)'), HEADERS, 6);
    expect(rowValues(sheetOf(workbook, 'Activity (2)'), 2, 3)).toEqual([utcDay('2026-01-08'), 'app-7', '小程序 7']);
    expect(rowValues(sheetOf(workbook, 'Activity (3)'), 7, 3)).toEqual([utcDay('2026-01-20'), 'app-19', '小程序 19']);
  });

  it('writes a header-only sheet when there are no rows', async () => {
    const output = new GatedOutput();
    expect(await writeRowsWorkbook(COLUMNS, [], output)).toEqual({ rowCount: 0, sheetNames: ['Rows'] });
    const sheet = sheetOf(await output.load(), 'Rows');
    expectTable(sheet, HEADERS, 0);
    expect(sheet.actualRowCount).toBe(1);
  });

  it('writes values as plain cells: never formulas, no NaN, text cut to Excel’s limit', async () => {
    const output = new GatedOutput();
    const columns: RowsColumn[] = [
      { header: 'A', key: 'a' },
      { header: 'B', key: 'b' },
      { header: 'C', key: 'c' },
      { header: 'D', key: 'd' },
      { header: 'E', key: 'e' },
      { header: 'F', key: 'f' },
    ];
    const rows = [
      [{ formula: 'SUM(1,1)' }, Number.NaN, 12n, undefined, 'x'.repeat(40_000), new Date(Number.NaN)],
      ['=1+1', Infinity, 2n ** 64n, null, '生活服务', 'short'],
    ];
    await writeRowsWorkbook(columns, rows, output);
    const sheet = sheetOf(await output.load(), 'Rows');
    expect(rowValues(sheet, 2, 4)).toEqual(['{"formula":"SUM(1,1)"}', null, 12, null]);
    expect(String(sheet.getRow(2).getCell(5).value)).toHaveLength(32_767);
    expect(sheet.getRow(2).getCell(6).value).toBeNull();
    expect(rowValues(sheet, 3, 6)).toEqual(['=1+1', null, '18446744073709551616', null, '生活服务', 'short']);
    expect(sheet.getColumn(5).width).toBeLessThanOrEqual(61);
  });

  it('waits for a blocked output instead of queueing rows in memory, and fails when it fails', async () => {
    const output = new GatedOutput(false);
    let yielded = 0;
    let sourceClosed = false;
    async function* source(): AsyncGenerator<unknown[]> {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          yielded++;
          yield makeRow(i);
        }
      } finally {
        sourceClosed = true;
      }
    }
    const writing = writeRowsWorkbook(COLUMNS, source(), output);
    let settled = false;
    writing.then(
      () => (settled = true),
      () => (settled = true),
    );

    // Wait until the writer stops asking for rows while the output takes nothing.
    let previous = -1;
    let stableChecks = 0;
    for (let check = 0; check < 600 && stableChecks < 4; check++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stableChecks = yielded === previous ? stableChecks + 1 : 0;
      previous = yielded;
    }
    // It stops once the zip writer's buffers are full (archiver holds up to 2 MB of compressed
    // data, some 60,000 of these rows), far from the end.
    expect(settled).toBe(false);
    expect(yielded).toBeGreaterThan(0);
    expect(yielded).toBeLessThan(200_000);

    output.destroy(new Error('disk full'));
    await expect(writing).rejects.toThrow('disk full');
    expect(sourceClosed).toBe(true);
  });

  it('fails when the source fails, and destroys the output', async () => {
    const output = new GatedOutput();
    async function* failing(): AsyncGenerator<unknown[]> {
      yield makeRow(0);
      yield makeRow(1);
      throw new Error('cursor lost');
    }
    await expect(writeRowsWorkbook(COLUMNS, failing(), output)).rejects.toThrow('cursor lost');
    expect(output.destroyed).toBe(true);
  });

  it('fails when the output fails, and closes the source', async () => {
    const output = createWriteStream(scratch.path('no-such-folder/rows.xlsx'));
    let closed = false;
    async function* source(): AsyncGenerator<unknown[]> {
      try {
        for (let i = 0; ; i++) yield makeRow(i);
      } finally {
        closed = true;
      }
    }
    await expect(writeRowsWorkbook(COLUMNS, source(), output)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(closed).toBe(true);
  });

  it('refuses rows longer than the columns, bad sheet names and bad limits', async () => {
    await expect(writeRowsWorkbook(COLUMNS, [[1, 2, 3, 4, 5, 6, 7]], new GatedOutput())).rejects.toThrow('Row 1 has 7 values for 6 columns');
    await expect(writeRowsWorkbook(COLUMNS, [], new GatedOutput(), { sheetName: 'a/b' })).rejects.toThrow(/Invalid sheet name/);
    await expect(writeRowsWorkbook(COLUMNS, [], new GatedOutput(), { maxRowsPerSheet: 1_048_576 })).rejects.toThrow(/maxRowsPerSheet/);
    await expect(writeRowsWorkbook([], [], new GatedOutput())).rejects.toThrow(/1 to 16384 columns/);
  });

  it('finds the exceljs internals it needs to wait for the zip writer', () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new GatedOutput() });
    const backpressure = watchSheetBackpressure(workbook.addWorksheet('Rows'));
    expect(backpressure).toBeDefined();
    expect(backpressure?.pending).toBe(false);
  });
});
