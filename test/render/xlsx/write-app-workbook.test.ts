import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAppWorkbook } from '../../../src/render/xlsx/write-app-workbook.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from './read-back.ts';
import { makeAppData } from './sample-data.ts';

describe('writeAppWorkbook', () => {
  const data = makeAppData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('app.xlsx'), (output) => writeAppWorkbook(data, output));
  });
  afterAll(() => scratch.remove());

  it('has a Summary and a Daily sheet', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Daily']);
  });

  it('summarizes the four metrics with previous values and changes as fractions', () => {
    const summary = sheetOf(workbook, 'Summary');
    expectTable(summary, ['Metric', 'Current', 'Previous', 'Change'], 4);
    expect(rowValues(summary, 2, 4)).toEqual(['UV', 48_211, 45_002, (48_211 - 45_002) / 45_002]);
    expect(rowValues(summary, 3, 4)).toEqual(['PV', 1_250_904, 1_301_552, (1_250_904 - 1_301_552) / 1_301_552]);
    // previous 0: no percentage, the cell stays empty
    expect(rowValues(summary, 4, 4)).toEqual(['New visitors', 3_120, 0, null]);
    expect(rowValues(summary, 5, 4)).toEqual(['Lifetime visitors', 512_337, 509_217, (512_337 - 509_217) / 509_217]);
    expect(numFmtsOf(summary, 2, 4)).toEqual([undefined, '#,##0', '#,##0', '0.0%']);
  });

  it('lists the real-time status counts below the metrics, outside the autofilter', () => {
    const summary = sheetOf(workbook, 'Summary');
    const title = findRow(summary, 'Real-time status');
    expect(title).toBeGreaterThan(6);
    expect(summary.getRow(title).getCell(1).font?.bold).toBe(true);
    const counts = [1, 2, 3, 4, 5, 6].map((offset) => rowValues(summary, title + offset, 2));
    expect(counts).toEqual([
      ['All', 316],
      ['Full Release', 201],
      ['Grayscale Release', 14],
      ['Reviewing', 22],
      ['Developing', 57],
      ['Inactive', 22],
    ]);
    expect(summary.getRow(title + 1).getCell(2).numFmt).toBe('#,##0');
  });

  it('says which app, category and ranges the figures are for', () => {
    const summary = sheetOf(workbook, 'Summary');
    expect(rowValues(summary, findRow(summary, 'App ID'), 2)).toEqual(['App ID', 'wallet']);
    expect(rowValues(summary, findRow(summary, 'App'), 2)).toEqual(['App', '钱包 Wallet']);
    expect(rowValues(summary, findRow(summary, 'Category'), 2)).toEqual(['Category', '生活服务']);
    const range = findRow(summary, 'Range');
    expect(rowValues(summary, range, 4)).toEqual(['Range', utcDay('2026-10-30'), utcDay('2026-11-28'), 30]);
    expect(numFmtsOf(summary, range, 4)).toEqual([undefined, 'yyyy-mm-dd', 'yyyy-mm-dd', '#,##0 "days"']);
    expect(rowValues(summary, findRow(summary, 'Previous range'), 4)).toEqual(['Previous range', utcDay('2026-09-30'), utcDay('2026-10-29'), 30]);
  });

  it('has one Daily row per day of the trend range, days as real dates', () => {
    const daily = sheetOf(workbook, 'Daily');
    expectTable(daily, ['Day', 'UV', 'PV', 'New visitors', 'Lifetime visitors'], 30);
    expect(daily.actualRowCount).toBe(31);
    expect(rowValues(daily, 2, 5)).toEqual([utcDay('2026-10-30'), 1_500, 40_000, 90, 509_217]);
    expect(rowValues(daily, 31, 5)).toEqual([utcDay('2026-11-28'), 1_500 + 29 * 7, 40_000 + 29 * 113, 90 + (29 % 11), 509_217 + 29 * 104]);
    expect(numFmtsOf(daily, 2, 5)).toEqual(['yyyy-mm-dd', '#,##0', '#,##0', '#,##0', '#,##0']);
    for (let row = 2; row <= 31; row++) {
      for (let column = 2; column <= 5; column++) expect(typeof daily.getRow(row).getCell(column).value).toBe('number');
    }
  });

  it('writes "All categories" when no category was chosen', async () => {
    const all = await writeAndReadBack(scratch.path('app-all.xlsx'), (output) => writeAppWorkbook(makeAppData(null), output));
    const summary = sheetOf(all, 'Summary');
    expect(rowValues(summary, findRow(summary, 'Category'), 2)).toEqual(['Category', 'All categories']);
  });
});

describe('writeAppWorkbook with a failing output', () => {
  it('rejects with the output’s error instead of crashing or hanging', async () => {
    const scratch = await makeScratchFolder();
    try {
      const output = createWriteStream(scratch.path('missing-folder/app.xlsx'));
      await expect(writeAppWorkbook(makeAppData(), output)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await scratch.remove();
    }
  });
});

describe('writeAppWorkbook with bad data', () => {
  it('rejects and destroys the output', async () => {
    const output = new PassThrough();
    output.resume();
    const data = makeAppData();
    data.daily[3] = { ...data.daily[3]!, day: '2026-02-30' };
    await expect(writeAppWorkbook(data, output)).rejects.toThrow('Not a YYYY-MM-DD day: "2026-02-30"');
    expect(output.destroyed).toBe(true);
  });
});
