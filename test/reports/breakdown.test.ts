import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/render/xlsx/table-workbook.ts';
import { buildBreakdownSheets, buildBreakdownSpec } from '../../src/reports/breakdown.ts';
import { SAMPLE_CATEGORIES, sampleBreakdownData } from '../charts/chart-fixtures.ts';
import { expectTable, findRow, makeScratchFolder, numFmtsOf, rowValues, sheetOf, utcDay, writeAndReadBack } from '../render/xlsx/read-back.ts';
import { makeBreakdownData } from '../render/xlsx/sample-data.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON copy of a spec, read by path in assertions
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

describe('buildBreakdownSpec', () => {
  it('matches the snapshot for a card with more than 8 rows', () => {
    expect(buildBreakdownSpec(sampleBreakdownData({ category: '美食与饮料' }), 'miniProgramsByCategory')).toMatchSnapshot();
  });

  it('keeps the top 8 rows and folds the rest into "Other"', () => {
    const spec = plain(buildBreakdownSpec(sampleBreakdownData(), 'miniProgramsByCategory'));
    const labels = spec.data.values.map((row: { label: string }) => row.label);
    expect(labels).toEqual([...SAMPLE_CATEGORIES.slice(0, 8), 'Other (3 more)']);
    const other = spec.data.values[8];
    expect(other).toMatchObject({ count: 15, other: true, text: '15 · 2.0%' });
    expect(spec.data.values[0]).toMatchObject({ label: 'Food & Drink', count: 310, text: '310 · 41.7%' });
    expect(spec.encoding.y.sort).toBeNull();
  });

  it('labels every bar with its count and share', () => {
    const spec = plain(buildBreakdownSpec(sampleBreakdownData(), 'usersBySource'));
    expect(spec.data.values.map((row: { text: string }) => row.text)).toEqual(['80,211 · 71.1%', '21,450 · 19.0%', '9,877 · 8.8%', '1,204 · 1.1%']);
    expect(spec.title.text).toBe('Users by source');
    expect(spec.title.subtitle).toBe('Wallet · as of Nov 9, 2025 · 112,742 in total');
    expect(plain(buildBreakdownSpec(sampleBreakdownData(), 'usersByCategory')).title.text).toBe('Users by preferred category');
  });

  it('shows 9 rows as they are: "Other" only replaces two or more rows', () => {
    const data = sampleBreakdownData();
    data.miniProgramsByCategory.rows = data.miniProgramsByCategory.rows.slice(0, 9);
    const spec = plain(buildBreakdownSpec(data, 'miniProgramsByCategory'));
    expect(spec.data.values).toHaveLength(9);
    expect(spec.data.values.some((row: { other: boolean }) => row.other)).toBe(false);
  });

  it('draws "No data" for an empty card, and for one with only previous-date rows', () => {
    const data = sampleBreakdownData();
    expect(plain(buildBreakdownSpec(data, 'usersByCategory')).data.values).toEqual([{ message: 'No data' }]);
    data.usersBySource.rows = data.usersBySource.rows.map((row) => ({ ...row, count: 0, share: 0 }));
    expect(plain(buildBreakdownSpec(data, 'usersBySource')).data.values).toEqual([{ message: 'No data' }]);
  });
});

const CARD_SHEETS = ['Mini programs by source', 'Users by source', 'Mini programs by category', 'Users by preferred category'];

describe('the breakdown workbook', () => {
  const data = makeBreakdownData();
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    workbook = await writeAndReadBack(scratch.path('breakdown.xlsx'), (output) => writeWorkbook(() => buildBreakdownSheets(data), output));
  });
  afterAll(() => scratch.remove());

  it('has a Summary and one sheet per card', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', ...CARD_SHEETS]);
  });

  it("summarizes each card's total and says what is compared", () => {
    const summary = sheetOf(workbook, 'Summary');
    expectTable(summary, ['Metric', 'Current', 'Previous', 'Change'], 4);
    expect(rowValues(summary, 2, 4)).toEqual(['Mini programs by source', 316, 301, 15 / 301]);
    expect(rowValues(summary, 3, 4)).toEqual(['Users by source', 512_337, 509_217, (512_337 - 509_217) / 509_217]);
    expect(rowValues(summary, findRow(summary, 'Category'), 2)).toEqual(['Category', 'All categories']);
    expect(rowValues(summary, findRow(summary, 'As of'), 2)).toEqual(['As of', utcDay('2026-11-28')]);
    expect(rowValues(summary, findRow(summary, 'Compared with'), 2)).toEqual(['Compared with', utcDay('2026-11-21')]);
  });

  it('writes each card with counts as numbers and shares and changes as fractions', () => {
    const sources = sheetOf(workbook, 'Mini programs by source');
    expectTable(sources, ['Source', 'Count', 'Share', 'Previous count', 'Previous share', 'Change'], 3);
    const card = data.miniProgramsBySource;
    card.rows.forEach((row, index) => {
      expect(rowValues(sources, index + 2, 6)).toEqual([
        row.key,
        row.count,
        row.share,
        row.countPrevious,
        row.sharePrevious,
        (row.count - row.countPrevious) / row.countPrevious,
      ]);
    });
    expect(numFmtsOf(sources, 2, 6)).toEqual([undefined, '#,##0', '0.0%', '#,##0', '0.0%', '0.0%']);
    const share = sources.getRow(2).getCell(3).value;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });

  it('round-trips CJK and emoji category names', () => {
    const categories = sheetOf(workbook, 'Mini programs by category');
    expectTable(categories, ['Category', 'Count', 'Share', 'Previous count', 'Previous share', 'Change'], 4);
    expect([2, 3, 4, 5].map((row) => categories.getRow(row).getCell(1).value)).toEqual(['生活服务', '美食 🍜', 'Games', '旅游']);
    // a category present only at the previous date: count 0, change -100 %
    expect(rowValues(categories, 5, 6)).toEqual(['旅游', 0, 0, 1, 1 / 302, -1]);
    expect(rowValues(sheetOf(workbook, 'Users by preferred category'), 2, 1)).toEqual(['生活服务']);
  });

  it('leaves the change empty for a key that had no count before', async () => {
    const withNewSource = makeBreakdownData();
    withNewSource.usersBySource.rows.push({ key: 'ads', count: 10, countPrevious: 0, share: 0.0001, sharePrevious: 0 });
    const written = await writeAndReadBack(scratch.path('breakdown-new.xlsx'), (output) => writeWorkbook(() => buildBreakdownSheets(withNewSource), output));
    expect(rowValues(sheetOf(written, 'Users by source'), 5, 6)).toEqual(['ads', 10, 0.0001, 0, 0, null]);
  });

  it('writes a CJK category filter into the Summary', async () => {
    const filtered = await writeAndReadBack(scratch.path('breakdown-cjk.xlsx'), (output) =>
      writeWorkbook(() => buildBreakdownSheets({ ...makeBreakdownData(), category: '美食 🍜' }), output),
    );
    const summary = sheetOf(filtered, 'Summary');
    expect(rowValues(summary, findRow(summary, 'Category'), 2)).toEqual(['Category', '美食 🍜']);
  });
});
