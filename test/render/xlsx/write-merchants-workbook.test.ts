import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMerchantsWorkbook } from '../../../src/render/xlsx/write-merchants-workbook.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from './read-back.ts';
import { makeMerchantsData } from './sample-data.ts';

describe('writeMerchantsWorkbook', () => {
  const data = makeMerchantsData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('merchants.xlsx'), (output) => writeMerchantsWorkbook(data, output));
  });
  afterAll(() => scratch.remove());

  it('has a Summary and a Daily sheet', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Daily']);
  });

  it('summarizes new and total merchants, leaving changes from 0 empty', () => {
    const summary = sheetOf(workbook, 'Summary');
    expectTable(summary, ['Metric', 'Current', 'Previous', 'Change'], 2);
    expect(rowValues(summary, 2, 4)).toEqual(['New merchants', 412, 0, null]);
    expect(rowValues(summary, 3, 4)).toEqual(['Total merchants', 12_480, null, null]);
    expect(numFmtsOf(summary, 2, 3)).toEqual([undefined, '#,##0', '#,##0']);
    expect(rowValues(summary, findRow(summary, 'Report'), 2)).toEqual(['Report', 'Merchant onboarding']);
    expect(rowValues(summary, findRow(summary, 'Range'), 4)).toEqual(['Range', utcDay('2026-10-30'), utcDay('2026-11-28'), 30]);
    expect(rowValues(summary, findRow(summary, 'Previous range'), 4)).toEqual(['Previous range', utcDay('2026-09-30'), utcDay('2026-10-29'), 30]);
  });

  it('has one Daily row per day with new and cumulative merchants of each kind', () => {
    const daily = sheetOf(workbook, 'Daily');
    const headers = ['Day', 'New technical', 'New non-technical', 'Cumulative technical', 'Cumulative non-technical'];
    expectTable(daily, headers, 30);
    expect(daily.actualRowCount).toBe(31);
    data.daily.forEach((day, index) => {
      expect(rowValues(daily, index + 2, 5)).toEqual([
        utcDay(day.day),
        day.newTechnical,
        day.newNonTechnical,
        day.cumulativeTechnical,
        day.cumulativeNonTechnical,
      ]);
    });
    expect(numFmtsOf(daily, 31, 5)).toEqual(['yyyy-mm-dd', '#,##0', '#,##0', '#,##0', '#,##0']);
  });
});
