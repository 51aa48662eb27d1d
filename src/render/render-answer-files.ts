import type { TopLevelSpec } from 'vega-lite';
import { buildAppTrendSpec } from '../charts/build-app-trend-spec.ts';
import { buildAppsTrendsSpec } from '../charts/build-apps-trends-spec.ts';
import { buildBreakdownSpec } from '../charts/build-breakdown-spec.ts';
import { buildMerchantsSpec } from '../charts/build-merchants-spec.ts';
import { BREAKDOWN_CARDS, CARD_LABELS, METRIC_LABELS } from '../domain/labels.ts';
import type { StatsAnswer } from '../domain/replies.ts';
import type { BreakdownCardName, VisitorMetric } from '../domain/types.ts';
import { renderPngOffThread } from './png/render-png-off-thread.ts';
import { renderWorkbook } from './xlsx/render-workbook.ts';

export interface AnswerFile {
  filename: string;
  title: string;
  content: Buffer;
}

interface ChartSpec {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

const CARD_FILE_NAMES: Record<BreakdownCardName, string> = {
  miniProgramsBySource: 'mini-programs-by-source',
  usersBySource: 'users-by-source',
  miniProgramsByCategory: 'mini-programs-by-category',
  usersByCategory: 'users-by-category',
};
const METRIC_FILE_NAMES: Record<VisitorMetric, string> = { uv: 'uv', pv: 'pv', newVisitors: 'new-visitors', lifetimeVisitors: 'lifetime-visitors' };

/** The charts of an answer, as Vega-Lite specs (pure). */
export function buildAnswerChartSpecs(answer: StatsAnswer): ChartSpec[] {
  switch (answer.kind) {
    case 'merchants':
      return [{ name: 'merchants', title: 'Merchant onboarding', spec: buildMerchantsSpec(answer.data) }];
    case 'overview':
      return [
        { name: 'merchants', title: 'Merchant onboarding', spec: buildMerchantsSpec(answer.data.merchants) },
        { name: 'apps-users', title: 'Daily users per app', spec: buildAppsTrendsSpec(answer.data.apps, { maxApps: 6 }) },
      ];
    case 'apps':
      return [{ name: 'apps-users', title: 'Daily users per app', spec: buildAppsTrendsSpec(answer.data) }];
    case 'app': {
      const metric = answer.request.metric;
      return [
        {
          name: `${answer.data.app.appId}-${METRIC_FILE_NAMES[metric]}`,
          title: `${METRIC_LABELS[metric].name}, ${answer.data.app.name}`,
          spec: buildAppTrendSpec(answer.data, metric),
        },
      ];
    }
    case 'breakdown':
      return BREAKDOWN_CARDS.map((card) => ({
        name: `${answer.data.app.appId}-${CARD_FILE_NAMES[card]}`,
        title: CARD_LABELS[card].title,
        spec: buildBreakdownSpec(answer.data, card),
      }));
  }
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'chart';
const suffix = (answer: StatsAnswer) => `${answer.request.period.days}d-${answer.request.period.end}`;

/** The answer's charts as PNG files. */
export async function renderChartFiles(answer: StatsAnswer): Promise<AnswerFile[]> {
  return Promise.all(
    buildAnswerChartSpecs(answer).map(async (chart) => ({
      filename: `${safe(chart.name)}-${suffix(answer)}.png`,
      title: chart.title,
      content: await renderPngOffThread(chart.spec),
    })),
  );
}

/** The answer as an Excel workbook (overview: its apps and merchants as two workbooks). */
export async function renderWorkbookFiles(answer: StatsAnswer): Promise<AnswerFile[]> {
  const name = (kind: string) =>
    `${safe(answer.kind === 'app' || answer.kind === 'breakdown' ? `${kind}-${answer.data.app.appId}` : kind)}-${suffix(answer)}.xlsx`;
  switch (answer.kind) {
    case 'overview':
      return [
        { filename: name('merchants'), title: 'Merchant onboarding (Excel)', content: await renderWorkbook('merchants', answer.data.merchants) },
        { filename: name('apps'), title: 'Target apps (Excel)', content: await renderWorkbook('apps', answer.data.apps) },
      ];
    case 'merchants':
      return [{ filename: name('merchants'), title: 'Merchant onboarding (Excel)', content: await renderWorkbook('merchants', answer.data) }];
    case 'apps':
      return [{ filename: name('apps'), title: 'Target apps (Excel)', content: await renderWorkbook('apps', answer.data) }];
    case 'app':
      return [{ filename: name('app'), title: `${answer.data.app.name} (Excel)`, content: await renderWorkbook('app', answer.data) }];
    case 'breakdown':
      return [{ filename: name('breakdown'), title: `${answer.data.app.name} breakdown (Excel)`, content: await renderWorkbook('breakdown', answer.data) }];
  }
}
