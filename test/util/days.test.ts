import { describe, expect, it } from 'vitest';
import { DayCache, formatDayNumber, isDay, toDayNumber } from '../../src/util/days.ts';

describe('day numbers', () => {
  it('count days from 1970-01-01 and format back', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2026-03-01') - toDayNumber('2026-02-28')).toBe(1);
    expect(formatDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
  });
});

describe('DayCache', () => {
  it('checks and converts as isDay and toDayNumber do, the same day any number of times', () => {
    const days = new DayCache();
    for (const text of ['2026-03-31', '2026-03-31', '2024-02-29', '2026-02-29', '2026-3-31', ' 2026-03-31', 'yesterday', '']) {
      expect(days.numberOf(text), text).toBe(isDay(text) ? toDayNumber(text) : undefined);
    }
    expect(days.textOf(toDayNumber('2026-03-31'))).toBe('2026-03-31');
    expect(days.textOf(toDayNumber('2026-03-31'))).toBe('2026-03-31');
  });
});
