import { describe, expect, it } from 'vitest';
import { buildBreakdownSpec } from '../../src/charts/build-breakdown-spec.ts';
import { SAMPLE_CATEGORIES, sampleBreakdownData } from './chart-fixtures.ts';

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
