import { describe, expect, it } from 'vitest';
import { buildAppTrendSpec } from '../../src/charts/build-app-trend-spec.ts';
import { CHART_CONFIG } from '../../src/charts/chart-theme.ts';
import { sampleAppData } from './chart-fixtures.ts';

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
