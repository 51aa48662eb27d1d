import { describe, expect, it } from 'vitest';
import { buildAppsTrendsSpec } from '../../src/charts/build-apps-trends-spec.ts';
import { sampleAppsData } from './chart-fixtures.ts';

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
