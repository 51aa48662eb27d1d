import { describe, expect, it } from 'vitest';
import { computeChange, fitColumnWidth, measureCellWidth, toCellValue, toColumnLetter, toExcelDate } from '../../../src/render/xlsx/cells.ts';

describe('computeChange', () => {
  it('is the relative change as a fraction', () => {
    expect(computeChange(110, 100)).toBeCloseTo(0.1);
    expect(computeChange(0, 50)).toBe(-1);
    expect(computeChange(7, 7)).toBe(0);
  });

  it('is null (an empty cell) without a previous value or from 0', () => {
    expect(computeChange(5, 0)).toBeNull();
    expect(computeChange(0, 0)).toBeNull();
    expect(computeChange(5, null)).toBeNull();
  });
});

describe('toExcelDate', () => {
  it('is UTC midnight of the day, whatever the process zone', () => {
    expect(toExcelDate('2026-11-28').toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(toExcelDate('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => toExcelDate('2026-02-30')).toThrow(RangeError);
    expect(() => toExcelDate('2026-1-5')).toThrow(RangeError);
    expect(() => toExcelDate('today')).toThrow(RangeError);
  });
});

describe('measureCellWidth', () => {
  it('counts wide characters twice', () => {
    expect(measureCellWidth('Wallet', undefined)).toBe(6);
    expect(measureCellWidth('生活服务', undefined)).toBe(8);
    expect(measureCellWidth('美食 🍜', undefined)).toBe(7);
  });

  it('measures numbers as their format shows them', () => {
    expect(measureCellWidth(1_250_904, '#,##0')).toBe('1,250,904'.length);
    expect(measureCellWidth(0.0823, '0.0%')).toBe('8.2%'.length);
    expect(measureCellWidth(-0.5, '0.0%')).toBe('-50.0%'.length);
    expect(measureCellWidth(30, '#,##0 "days"')).toBe('30 days'.length);
    expect(measureCellWidth(1 / 3, undefined)).toBeLessThanOrEqual(11);
    expect(measureCellWidth(new Date(), 'yyyy-mm-dd')).toBe(10);
    expect(measureCellWidth(null, undefined)).toBe(0);
  });

  it('takes the longest line of a multi-line text', () => {
    expect(measureCellWidth('ab\nabcdef\nabc', undefined)).toBe(6);
  });
});

describe('fitColumnWidth', () => {
  it('leaves room for the header and its filter button, and for the content', () => {
    expect(fitColumnWidth(5, 3)).toBeCloseTo(8.71);
    expect(fitColumnWidth(3, 20)).toBeCloseTo(22.71);
  });

  it('stays between a minimum and a cap', () => {
    expect(fitColumnWidth(0, 0)).toBeCloseTo(6.71);
    expect(fitColumnWidth(10, 5_000)).toBeCloseTo(60.71);
  });
});

describe('toColumnLetter', () => {
  it('names columns as Excel does', () => {
    expect([1, 6, 26, 27, 52, 703, 16_384].map(toColumnLetter)).toEqual(['A', 'F', 'Z', 'AA', 'AZ', 'AAA', 'XFD']);
    expect(() => toColumnLetter(0)).toThrow(RangeError);
    expect(() => toColumnLetter(16_385)).toThrow(RangeError);
  });
});

describe('toCellValue', () => {
  it('keeps plain values and empties what Excel cannot hold', () => {
    const day = new Date('2026-11-28T00:00:00Z');
    expect([toCellValue('x'), toCellValue(1.5), toCellValue(false), toCellValue(day)]).toEqual(['x', 1.5, false, day]);
    expect([toCellValue(null), toCellValue(undefined), toCellValue(Number.NaN), toCellValue(-Infinity), toCellValue(new Date('x'))]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('turns bigints into numbers when exact and anything else into text', () => {
    expect(toCellValue(42n)).toBe(42);
    expect(toCellValue(2n ** 60n)).toBe('1152921504606846976');
    expect(toCellValue({ formula: 'A1' })).toBe('{"formula":"A1"}');
    expect(toCellValue({ big: 1n })).toBe('[object Object]');
    expect(toCellValue('y'.repeat(40_000))).toHaveLength(32_767);
  });
});
