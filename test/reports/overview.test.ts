import { describe, expect, it } from 'vitest';
import { overview } from '../../src/reports/overview.ts';
import { sampleAppsData, sampleMerchantsData } from '../charts/chart-fixtures.ts';
import { answers } from './answer-fixtures.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON copy of a spec, read by path in assertions
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

describe('the overview', () => {
  const answer = answers.overview(sampleMerchantsData(7), sampleAppsData({ apps: 9 }));
  if (answer.kind !== 'overview') throw new Error('expected an overview answer');

  it('draws the merchants chart and the users of the top 6 apps', () => {
    const charts = overview.charts(answer);
    expect(charts.map((chart) => [chart.name, chart.title])).toEqual([
      ['merchants', 'Merchant onboarding'],
      ['apps-users', 'Daily users per app'],
    ]);
    expect(plain(charts[1]!.spec).title.text).toBe('Daily users: top 6 of 9 apps by users');
  });

  it('has the merchants and the apps workbooks, and no export of its own', () => {
    expect(overview.workbooks(answer).map((workbook) => workbook.name)).toEqual(['merchants', 'apps']);
    expect(overview.grammar.exportable).toBe(false);
  });

  it('shows the top 5 apps in Slack and says where the rest are', () => {
    const { body } = overview.message(answer);
    expect(JSON.stringify(body)).toContain('Showing 5 of 9 apps. Say `apps` for the full list.');
  });
});
