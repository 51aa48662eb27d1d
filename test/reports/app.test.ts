import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_CONFIG } from '../../src/charts/chart-theme.ts';
import { writeWorkbook } from '../../src/render/xlsx/table-workbook.ts';
import { buildAppSheets, buildAppTrendSpec } from '../../src/reports/app.ts';
import { sampleAppData } from '../charts/chart-fixtures.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from '../render/xlsx/read-back.ts';
import { makeAppData } from '../render/xlsx/sample-data.ts';

// The built spec as plain data, for asserting on its parts without fighting vega-lite's union types.
// biome-ignore lint/suspicious/noExplicitAny: a JSON copy of a spec, read by path in assertions
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

describe('buildAppTrendSpec', () => {
  it('matches the snapshot for a 7-day UV trend with a category', () => {
    expect(buildAppTrendSpec(sampleAppData({ category: '美食与饮料' }), 'uv')).toMatchSnapshot();
  });

  it('matches the snapshot for a 30-day lifetime trend', () => {
    expect(buildAppTrendSpec(sampleAppData({ name: 'ゲームとエンタメ', days: 30 }), 'lifetimeVisitors')).toMatchSnapshot();
  });

  it('titles the chart with the app, and names the metric, the days and the category', () => {
    const spec = plain(buildAppTrendSpec(sampleAppData({ name: 'ゲームとエンタメ', category: '美食与饮料' }), 'newVisitors'));
    expect(spec.title.text).toBe('ゲームとエンタメ');
    expect(spec.title.subtitle).toBe('New visitors per day · Nov 3 – Nov 9, 2025 · Category: 美食与饮料');
    expect(spec.encoding.y.title).toBe('New visitors');
    expect(plain(buildAppTrendSpec(sampleAppData(), 'pv')).title.subtitle).toBe('PV per day · Nov 3 – Nov 9, 2025');
  });

  it('plots the chosen metric per day, with points, thousands separators and "Nov 3" day labels', () => {
    const data = sampleAppData();
    const spec = plain(buildAppTrendSpec(data, 'pv'));
    expect(spec.data.values).toEqual(data.daily.map((day) => ({ day: day.day, value: day.pv })));
    expect(spec.config).toEqual(plain(CHART_CONFIG));
    expect(spec.layer[0].mark).toMatchObject({ type: 'line', point: expect.any(Object) });
    expect(spec.encoding.y.axis.format).toBe(',d');
    expect(spec.encoding.x.axis.labelExpr).toBe("utcFormat(toDate(datum.value), '%b %-d')");
    expect(spec.encoding.x.axis.values).toEqual(data.daily.map((day) => day.day));
  });

  it('labels about weekly ticks on a 30-day series, always including the last day', () => {
    const spec = plain(buildAppTrendSpec(sampleAppData({ days: 30 }), 'uv'));
    expect(spec.encoding.x.axis.values).toEqual(['2025-10-12', '2025-10-19', '2025-10-26', '2025-11-02', '2025-11-09']);
    // No value labels on 30 points: they would overlap.
    expect(spec.layer).toHaveLength(1);
  });

  it('starts counts at zero, zooms in on lifetime visitors, and keeps an all-zero axis at 0 to 1', () => {
    const data = sampleAppData();
    expect(plain(buildAppTrendSpec(data, 'uv')).encoding.y.scale).toEqual({ zero: true, nice: true });
    expect(plain(buildAppTrendSpec(data, 'lifetimeVisitors')).encoding.y.scale).toEqual({ zero: false, nice: true });
    const zeros = { ...data, daily: data.daily.map((day) => ({ ...day, uv: 0, lifetimeVisitors: 0 })) };
    for (const metric of ['uv', 'lifetimeVisitors'] as const) {
      expect(plain(buildAppTrendSpec(zeros, metric)).encoding.y.scale).toEqual({ domain: [0, 1], nice: false });
    }
  });

  it('draws "No data" for an empty series', () => {
    const spec = plain(buildAppTrendSpec({ ...sampleAppData(), daily: [] }, 'uv'));
    expect(spec.mark.type).toBe('text');
    expect(spec.data.values).toEqual([{ message: 'No data' }]);
    expect(spec.title.text).toBe('Wallet');
  });
});

describe('the app workbook', () => {
  const data = makeAppData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('app.xlsx'), (output) => writeWorkbook(() => buildAppSheets(data), output));
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
    const all = await writeAndReadBack(scratch.path('app-all.xlsx'), (output) => writeWorkbook(() => buildAppSheets(makeAppData(null)), output));
    const summary = sheetOf(all, 'Summary');
    expect(rowValues(summary, findRow(summary, 'Category'), 2)).toEqual(['Category', 'All categories']);
  });
});

describe('the app workbook with a failing output', () => {
  it('rejects with the output’s error instead of crashing or hanging', async () => {
    const scratch = await makeScratchFolder();
    try {
      const output = createWriteStream(scratch.path('missing-folder/app.xlsx'));
      await expect(writeWorkbook(() => buildAppSheets(makeAppData()), output)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await scratch.remove();
    }
  });
});

describe('the app workbook with bad data', () => {
  it('rejects and destroys the output', async () => {
    const output = new PassThrough();
    output.resume();
    const data = makeAppData();
    data.daily[3] = { ...data.daily[3]!, day: '2026-02-30' };
    await expect(writeWorkbook(() => buildAppSheets(data), output)).rejects.toThrow('Not a YYYY-MM-DD day: "2026-02-30"');
    expect(output.destroyed).toBe(true);
  });
});
