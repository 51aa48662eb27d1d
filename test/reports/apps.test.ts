import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/render/xlsx/table-workbook.ts';
import { buildAppsSheets, buildAppsTrendsSpec } from '../../src/reports/apps.ts';
import { sampleAppsData } from '../charts/chart-fixtures.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from '../render/xlsx/read-back.ts';
import { makeAppsData } from '../render/xlsx/sample-data.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON copy of a spec, read by path in assertions
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

describe('buildAppsTrendsSpec', () => {
  it('matches the snapshot', () => {
    expect(buildAppsTrendsSpec(sampleAppsData({ apps: 5 }))).toMatchSnapshot();
  });

  it('facets one small chart per app, in the data order', () => {
    const data = sampleAppsData({ apps: 5 });
    const spec = plain(buildAppsTrendsSpec(data));
    expect(spec.facet.field).toBe('app');
    expect(spec.facet.sort).toEqual(data.apps.map((app) => app.name));
    expect(spec.columns).toBe(3);
    expect(spec.data.values).toHaveLength(5 * 7);
    expect(spec.title.text).toBe('Daily users by app');
  });

  it('caps the apps at 12 by default and says so in the title', () => {
    const spec = plain(buildAppsTrendsSpec(sampleAppsData({ apps: 14 })));
    expect(spec.facet.sort).toHaveLength(12);
    expect(new Set(spec.data.values.map((row: { app: string }) => row.app)).size).toBe(12);
    expect(spec.title.text).toBe('Daily users: top 12 of 14 apps by users');
  });

  it('honours maxApps', () => {
    const data = sampleAppsData({ apps: 8 });
    const spec = plain(buildAppsTrendsSpec(data, { maxApps: 4 }));
    expect(spec.facet.sort).toEqual(data.apps.slice(0, 4).map((app) => app.name));
    expect(spec.title.text).toBe('Daily users: top 4 of 8 apps by users');
    expect(plain(buildAppsTrendsSpec(data, { maxApps: 8 })).title.text).toBe('Daily users by app');
  });

  it('tells apart two apps with the same name', () => {
    const data = sampleAppsData({ apps: 2 });
    data.apps[1]!.name = data.apps[0]!.name;
    const spec = plain(buildAppsTrendsSpec(data));
    expect(spec.facet.sort).toEqual(['Wallet (app-01)', 'Wallet (app-02)']);
  });

  it('picks 4 columns when that fills the rows better', () => {
    expect(plain(buildAppsTrendsSpec(sampleAppsData({ apps: 8 }))).columns).toBe(4);
    expect(plain(buildAppsTrendsSpec(sampleAppsData({ apps: 9 }))).columns).toBe(3);
    expect(plain(buildAppsTrendsSpec(sampleAppsData({ apps: 2 }))).columns).toBe(2);
  });

  it('draws "No data" without apps', () => {
    const spec = plain(buildAppsTrendsSpec({ ...sampleAppsData(), apps: [] }));
    expect(spec.data.values).toEqual([{ message: 'No data' }]);
  });
});

describe('the apps workbook', () => {
  const data = makeAppsData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('apps.xlsx'), (output) => writeWorkbook(() => buildAppsSheets(data), output));
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
    const empty = await writeAndReadBack(scratch.path('apps-empty.xlsx'), (output) => writeWorkbook(() => buildAppsSheets({ ...data, apps: [] }), output));
    expectTable(
      sheetOf(empty, 'Apps'),
      ['App ID', 'App', 'Users', 'Users (previous)', 'Users change', 'Mini programs', 'Mini programs (previous)', 'Mini programs change'],
      0,
    );
    expectTable(sheetOf(empty, 'User trend'), ['Day', 'App ID', 'App', 'Users'], 0);
    expect(rowValues(sheetOf(empty, 'Summary'), 3, 4)).toEqual(['Mini programs (all apps)', 0, 0, null]);
  });
});
