import { describe, expect, it } from 'vitest';
import { MAX_APPS_IN_MESSAGE, renderStatsBlocks } from '../../../src/render/blocks/render-stats-blocks.ts';
import { sampleAppData, sampleAppsData, sampleBreakdownData, sampleMerchantsData } from '../../charts/chart-fixtures.ts';
import { checkBlocks } from '../../support/slack/block-kit-limits.ts';
import { answers } from '../answer-fixtures.ts';

const ids = (blocks: unknown[]) => JSON.stringify(blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe('renderStatsBlocks', () => {
  it('renders an app answer with headline numbers, status groups and every control', () => {
    const message = renderStatsBlocks(answers.app(sampleAppData()), { categories: ['Games', 'Travel'] });
    expect(message.blocks).toMatchSnapshot();
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(ids(message.blocks)).toEqual([
      '"action_id":"miniapp_period_1"',
      '"action_id":"miniapp_period_7"',
      '"action_id":"miniapp_period_30"',
      '"action_id":"miniapp_export"',
      '"action_id":"miniapp_metric_uv"',
      '"action_id":"miniapp_metric_pv"',
      '"action_id":"miniapp_metric_newVisitors"',
      '"action_id":"miniapp_metric_lifetimeVisitors"',
      '"action_id":"miniapp_category"',
    ]);
    expect(message.text).toMatch(/^Wallet \(app-wallet\): UV [\d,]+ (▲|▼|=)/);
  });

  it.each([
    ['merchants', () => answers.merchants(sampleMerchantsData(30))],
    ['apps', () => answers.apps(sampleAppsData({ apps: 8 }))],
    ['breakdown', () => answers.breakdown(sampleBreakdownData({ category: 'Games' }))],
    ['overview', () => answers.overview(sampleMerchantsData(7), sampleAppsData({ apps: 8 }))],
  ])('renders %s within Block Kit limits', (_kind, answer) => {
    const message = renderStatsBlocks(answer(), { categories: ['Games'] });
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(message.blocks).toMatchSnapshot();
  });

  it('pages a long app list with a note and stays under 50 blocks', () => {
    const data = sampleAppsData({ apps: 60 });
    const message = renderStatsBlocks(answers.apps(data));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain(`Showing ${MAX_APPS_IN_MESSAGE} of 60 apps`);
  });

  it('keeps long names, hundreds of categories and markup characters within limits', () => {
    const long = 'Ｘ'.repeat(300);
    const data = sampleAppData({ name: `<Wallet & ${long}>`, category: long });
    const categories = Array.from({ length: 300 }, (_, i) => `Category ${i} ${'ü'.repeat(i % 200)}`);
    const message = renderStatsBlocks(answers.app({ ...data, app: { appId: `id-${long}`, name: data.app.name } }), { categories });
    expect(checkBlocks(message.blocks)).toEqual([]);
    const select = JSON.stringify(message.blocks).match(/"options":\[.*?\]/)?.[0] ?? '';
    expect((select.match(/"value"/g) ?? []).length).toBeLessThanOrEqual(100);
    const breakdown = sampleBreakdownData();
    const wide = {
      ...breakdown,
      usersByCategory: {
        ...breakdown.usersByCategory,
        rows: Array.from({ length: 400 }, (_, i) => ({ key: `<b>${long}${i}`, count: i, countPrevious: i, share: 0, sharePrevious: 0 })),
      },
    };
    const cards = renderStatsBlocks(answers.breakdown(wide));
    expect(checkBlocks(cards.blocks)).toEqual([]);
    expect(JSON.stringify(cards.blocks)).toContain('&lt;b&gt;');
    expect(JSON.stringify(cards.blocks)).toContain('and 392 more');
  });

  it('leaves the controls out of digests', () => {
    const message = renderStatsBlocks(answers.app(sampleAppData()), { interactive: false });
    expect(ids(message.blocks)).toEqual([]);
  });
});
