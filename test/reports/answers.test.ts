import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { StatsAnswer, StatsRequest } from '../../src/domain/reports.ts';
import { buildCommandText, renderStatsBlocks, renderStatsText, renderWorkbookFiles } from '../../src/reports/answers.ts';
import { MAX_APPS_IN_MESSAGE } from '../../src/reports/apps.ts';
import { parseCommand } from '../../src/reports/parse-command.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { sampleAppData, sampleAppsData, sampleBreakdownData, sampleMerchantsData } from '../charts/chart-fixtures.ts';
import { makeAppData, makeAppsData, makeBreakdownData, makeMerchantsData } from '../render/xlsx/sample-data.ts';
import { checkBlocks } from '../support/slack/block-kit-limits.ts';
import { answers, WORKSPACE } from './answer-fixtures.ts';

const app = (appId: string) => ({ ref: 1, workspaceId: 'acme', appId, name: 'App' });

describe('buildCommandText', () => {
  it.each(['wallet', 'Super App', '7d', 'today', '2026-01-01', 'a"b', "Bob's", '42'])('reads back app id %j and awkward categories', (appId) => {
    for (const category of [null, 'Games', 'Food & "Fun"', "Kid's corner", '😀 Fun', 'sort:users']) {
      const request: StatsRequest = { kind: 'app', workspace: WORKSPACE, period: resolvePeriod(30, '2026-03-31'), app: app(appId), category, metric: 'pv' };
      const parsed = parseCommand(buildCommandText(request));
      expect(parsed).toMatchObject({
        verb: 'stats',
        export: false,
        stats: { kind: 'app', words: [appId], category, period: 30, date: { kind: 'day', day: '2026-03-31' }, metric: 'pv' },
      });
    }
  });
  it('writes exports and undated digest content', () => {
    const apps: StatsRequest = { kind: 'apps', workspace: WORKSPACE, period: resolvePeriod(7, '2026-03-31'), sort: 'miniPrograms' };
    expect(buildCommandText(apps, { export: true })).toBe('export apps 7d 2026-03-31 sort:miniprograms');
    const detail: StatsRequest = {
      kind: 'app',
      workspace: WORKSPACE,
      period: resolvePeriod(1, '2026-03-31'),
      app: app('wallet'),
      category: 'Games',
      metric: 'uv',
    };
    expect(buildCommandText(detail, { undated: true })).toBe('app wallet category:"Games" 1d');
    expect(buildCommandText({ ...apps, sort: 'users' }, { undated: true })).toBe('apps 7d');
  });
});

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

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('renderWorkbookFiles', () => {
  it.each<[string, () => StatsAnswer, string[], string]>([
    ['merchants', () => answers.merchants(makeMerchantsData()), ['Summary', 'Daily'], 'merchants-30d-2026-11-28.xlsx'],
    ['apps', () => answers.apps(makeAppsData()), ['Summary', 'Apps', 'User trend'], 'apps-7d-2026-11-28.xlsx'],
    ['app', () => answers.app(makeAppData()), ['Summary', 'Daily'], 'app-wallet-30d-2026-11-28.xlsx'],
    [
      'breakdown',
      () => answers.breakdown(makeBreakdownData()),
      ['Summary', 'Mini programs by source', 'Users by source', 'Mini programs by category', 'Users by preferred category'],
      'breakdown-wallet-7d-2026-11-28.xlsx',
    ],
  ])('renders the %s workbook into a Buffer', async (_kind, answer, sheets, filename) => {
    const [file, ...others] = await renderWorkbookFiles(answer());
    expect(others).toEqual([]);
    expect(file!.filename).toBe(filename);
    const buffer = file!.content;
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await load(buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(sheets);
  });

  it('keeps the typed data of each kind', async () => {
    const [file] = await renderWorkbookFiles(answers.app(makeAppData('美食')));
    const workbook = await load(file!.content);
    const daily = workbook.getWorksheet('Daily');
    expect(daily?.actualRowCount).toBe(31);
  });

  it('renders the overview as the merchants and the apps workbooks', async () => {
    const files = await renderWorkbookFiles(answers.overview(makeMerchantsData(), { ...makeAppsData(), range: makeMerchantsData().range }));
    expect(files.map((file) => [file.filename, file.title])).toEqual([
      ['merchants-30d-2026-11-28.xlsx', 'Merchant onboarding (Excel)'],
      ['apps-30d-2026-11-28.xlsx', 'Target apps (Excel)'],
    ]);
  });

  it('refuses an unknown kind', async () => {
    await expect(renderWorkbookFiles({ ...answers.app(makeAppData()), kind: 'nope' } as never)).rejects.toThrow(/No report of kind "nope"/);
  });
});
