import { describe, expect, it } from 'vitest';
import { renderStatsText } from '../../../src/render/text/render-stats-text.ts';
import { sampleAppData, sampleAppsData, sampleBreakdownData, sampleMerchantsData } from '../../charts/chart-fixtures.ts';
import { answers } from '../answer-fixtures.ts';

describe('renderStatsText', () => {
  it('renders app details with aligned figures and changes', () => {
    const text = renderStatsText(answers.app(sampleAppData({ category: '美食与饮料' })));
    expect(text).toMatchSnapshot();
    expect(text).toMatch(/^Wallet \(app-wallet\) · category 美食与饮料$/m);
    const lines = text.split('\n').filter((l) => /^(Unique visitors|Page views|New visitors|Lifetime visitors)/.test(l));
    expect(new Set(lines.map((l) => l.search(/\d/) + l.match(/[\d,]+/)![0].length)).size).toBe(1);
  });
  it('renders merchants, apps, breakdown and overview', () => {
    expect(renderStatsText(answers.merchants(sampleMerchantsData(30)))).toMatchSnapshot();
    expect(renderStatsText(answers.apps(sampleAppsData({ apps: 6 })))).toMatchSnapshot();
    expect(renderStatsText(answers.breakdown(sampleBreakdownData()))).toMatchSnapshot();
    const overview = renderStatsText(answers.overview(sampleMerchantsData(7), sampleAppsData({ apps: 9 })));
    expect(overview).toMatch(/4 more: see `apps`/);
  });
});
