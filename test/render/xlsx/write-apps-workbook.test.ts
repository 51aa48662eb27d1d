import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAppsWorkbook } from '../../../src/render/xlsx/write-apps-workbook.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from './read-back.ts';
import { makeAppsData } from './sample-data.ts';

describe('writeAppsWorkbook', () => {
  const data = makeAppsData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('apps.xlsx'), (output) => writeAppsWorkbook(data, output));
  });
  afterAll(() => scratch.remove());

  it('has Summary, Apps and User trend sheets', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Apps', 'User trend']);
  });

  it('summarizes the list and says how it is sorted and for which ranges', () => {
    const summary = sheetOf(workbook, 'Summary');
    expectTable(summary, ['Metric', 'Current', 'Previous', 'Change'], 2);
    expect(rowValues(summary, 2, 4)).toEqual(['Target apps', 3, null, null]);
    expect(rowValues(summary, 3, 4)).toEqual(['Mini programs (all apps)', 448, 421, (448 - 421) / 421]);
    expect(rowValues(summary, findRow(summary, 'Sorted by'), 2)).toEqual(['Sorted by', 'Users']);
    expect(rowValues(summary, findRow(summary, 'Range'), 4)).toEqual(['Range', utcDay('2026-11-22'), utcDay('2026-11-28'), 7]);
  });

  it('lists the apps in their order with previous values and changes', () => {
    const apps = sheetOf(workbook, 'Apps');
    const headers = ['App ID', 'App', 'Users', 'Users (previous)', 'Users change', 'Mini programs', 'Mini programs (previous)', 'Mini programs change'];
    expectTable(apps, headers, 3);
    expect(rowValues(apps, 2, 8)).toEqual(['wallet', '钱包 Wallet', 48_211, 45_002, (48_211 - 45_002) / 45_002, 316, 301, 15 / 301]);
    expect(rowValues(apps, 3, 8)).toEqual(['super-app', 'Super App', 20_115, 22_480, (20_115 - 22_480) / 22_480, 120, 120, 0]);
    expect(rowValues(apps, 4, 8)).toEqual(['new-app', 'New App', 1_204, 0, null, 12, 0, null]);
    expect(numFmtsOf(apps, 2, 8)).toEqual([undefined, undefined, '#,##0', '#,##0', '0.0%', '#,##0', '#,##0', '0.0%']);
  });

  it('has the user trend in long format: one row per app and day', () => {
    const trend = sheetOf(workbook, 'User trend');
    expectTable(trend, ['Day', 'App ID', 'App', 'Users'], 21);
    expect(trend.actualRowCount).toBe(22);
    expect(rowValues(trend, 2, 4)).toEqual([utcDay('2026-11-22'), 'wallet', '钱包 Wallet', data.apps[0]!.trend[0]!.users]);
    expect(rowValues(trend, 8, 4)).toEqual([utcDay('2026-11-28'), 'wallet', '钱包 Wallet', data.apps[0]!.trend[6]!.users]);
    expect(rowValues(trend, 22, 4)).toEqual([utcDay('2026-11-28'), 'new-app', 'New App', data.apps[2]!.trend[6]!.users]);
    expect(numFmtsOf(trend, 2, 4)).toEqual(['yyyy-mm-dd', undefined, undefined, '#,##0']);
  });

  it('writes a workbook with header-only tables when there are no apps', async () => {
    const empty = await writeAndReadBack(scratch.path('apps-empty.xlsx'), (output) => writeAppsWorkbook({ ...data, apps: [] }, output));
    expectTable(
      sheetOf(empty, 'Apps'),
      ['App ID', 'App', 'Users', 'Users (previous)', 'Users change', 'Mini programs', 'Mini programs (previous)', 'Mini programs change'],
      0,
    );
    expectTable(sheetOf(empty, 'User trend'), ['Day', 'App ID', 'App', 'Users'], 0);
    expect(rowValues(sheetOf(empty, 'Summary'), 3, 4)).toEqual(['Mini programs (all apps)', 0, 0, null]);
  });
});
