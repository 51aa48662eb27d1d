import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/render/xlsx/table-workbook.ts';
import { buildMerchantsSheets, buildMerchantsSpec } from '../../src/reports/merchants.ts';
import { sampleMerchantsData } from '../charts/chart-fixtures.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from '../render/xlsx/read-back.ts';
import { makeMerchantsData } from '../render/xlsx/sample-data.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON copy of a spec, read by path in assertions
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

describe('buildMerchantsSpec', () => {
  it('matches the snapshot', () => {
    expect(buildMerchantsSpec(sampleMerchantsData(7))).toMatchSnapshot();
  });

  it('has a daily panel and a running-total panel sharing one legend', () => {
    const data = sampleMerchantsData(7);
    const spec = plain(buildMerchantsSpec(data));
    expect(spec.vconcat).toHaveLength(2);
    const [daily, total] = spec.vconcat;
    expect(daily.mark.type).toBe('bar');
    expect(daily.encoding.y.field).toBe('added');
    expect(total.mark.type).toBe('line');
    expect(total.encoding.y.field).toBe('cumulative');
    expect(spec.resolve.scale.color).toBe('shared');
    expect(daily.encoding.color.scale.domain).toEqual(['Technical', 'Non-technical']);
    expect(total.encoding.color.scale).toEqual(daily.encoding.color.scale);
  });

  it('turns each day into one row per merchant kind', () => {
    const data = sampleMerchantsData(7);
    const spec = plain(buildMerchantsSpec(data));
    expect(spec.data.values).toHaveLength(14);
    const first = data.daily[0]!;
    expect(spec.data.values.slice(0, 2)).toEqual([
      { day: first.day, kind: 'Technical', order: 0, added: first.newTechnical, cumulative: first.cumulativeTechnical },
      {
        day: first.day,
        kind: 'Non-technical',
        order: 1,
        added: first.newNonTechnical,
        cumulative: first.cumulativeNonTechnical,
      },
    ]);
    expect(spec.title.subtitle).toBe('57 new in Nov 3 – Nov 9, 2025 (previous period 49) · 1,284 in total');
  });

  it('keeps an all-zero panel at 0 to 1', () => {
    const data = sampleMerchantsData(7);
    const zeros = {
      ...data,
      daily: data.daily.map((day) => ({ ...day, newTechnical: 0, newNonTechnical: 0, cumulativeTechnical: 0, cumulativeNonTechnical: 0 })),
    };
    for (const panel of plain(buildMerchantsSpec(zeros)).vconcat) expect(panel.encoding.y.scale).toEqual({ domain: [0, 1] });
    for (const panel of plain(buildMerchantsSpec(data)).vconcat) expect(panel.encoding.y.scale).toBeUndefined();
  });

  it('draws "No data" when there are no days', () => {
    const spec = plain(buildMerchantsSpec({ ...sampleMerchantsData(7), daily: [] }));
    expect(spec.data.values).toEqual([{ message: 'No data' }]);
  });
});

describe('the merchants workbook', () => {
  const data = makeMerchantsData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('merchants.xlsx'), (output) => writeWorkbook(() => buildMerchantsSheets(data), output));
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
