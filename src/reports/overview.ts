/** `overview [period] [date]`: the merchant headline figures and the target apps, most users first. */
import { REPORT_TITLES } from '../domain/labels.ts';
import { section } from '../render/blocks/block-kit.ts';
import { formatCount, formatReportText } from '../render/text/format-text.ts';
import { readApps } from '../stats/read-apps.ts';
import { readMerchants } from '../stats/read-merchants.ts';
import { buildAppBlocks, buildAppsChart, buildAppsWorkbook, formatAppsText } from './apps.ts';
import { buildMerchantBlocks, buildMerchantsChart, buildMerchantsWorkbook, formatMerchantsHeadline } from './merchants.ts';
import type { ReportDefinition } from './report-definition.ts';

/** The apps the overview shows (the app list has them all). */
const TOP_APPS = 5;
/** The apps its chart draws. */
const CHARTED_APPS = 6;

export const overview: ReportDefinition<'overview'> = {
  kind: 'overview',
  grammar: { app: false, category: false, sort: false, metric: false, exportable: false, digest: true },
  help: { usage: '[period] [date]', summary: 'merchant numbers and the top target apps' },
  resolve: async (_db, _command, base) => ({ ...base, kind: 'overview' }),
  words: () => ({ subject: [], options: [] }),
  query: async (db, request) => {
    const { workspaceId } = request.workspace;
    const [merchants, apps] = await Promise.all([readMerchants(db, workspaceId, request.period), readApps(db, workspaceId, request.period, 'users')]);
    return { merchants, apps };
  },
  json: (data) => data,
  text: ({ request, data }) =>
    formatReportText(`${REPORT_TITLES.overview} · ${request.workspace.name}`, request, [
      formatMerchantsHeadline(data.merchants),
      'Top target apps by users',
      formatAppsText({ ...data.apps, apps: data.apps.apps.slice(0, TOP_APPS) }, data.apps.apps.length),
    ]),
  message: ({ request, data }) => {
    const title = `${REPORT_TITLES.overview} · ${request.workspace.name}`;
    return {
      title,
      text: `${title}: ${formatCount(data.merchants.newMerchants)} new merchants, ${data.apps.apps.length} apps`,
      body: [
        ...buildMerchantBlocks(data.merchants),
        section('*Top target apps by users*'),
        ...buildAppBlocks(data.apps.apps.slice(0, TOP_APPS), data.apps.apps.length, 'Say `apps` for the full list.'),
      ],
    };
  },
  controls: () => ({ buttons: [], rows: [] }),
  charts: ({ data }) => [buildMerchantsChart(data.merchants), buildAppsChart(data.apps, { maxApps: CHARTED_APPS })],
  workbooks: ({ data }) => [buildMerchantsWorkbook(data.merchants), buildAppsWorkbook(data.apps)],
};
