/** `apps [period] [date] [sort:users|miniprograms]`: every target app with users, mini programs, their changes and the user trend. */
import type { KnownBlock } from '@slack/types';
import type { TopLevelSpec } from 'vega-lite';
import { buildDayXEncoding, buildNoDataSpec, formatDayRange } from '../charts/chart-parts.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from '../charts/chart-theme.ts';
import { APP_LIST_LABELS, APPS_SORTS, REPORT_TITLES, SORT_LABELS } from '../domain/labels.ts';
import type { AppsData, AppsRow, AppsSort } from '../domain/types.ts';
import { formatSortWord, SORT_WORDS } from '../query/command-words.ts';
import type { ChartSpec, WorkbookSpec } from '../render/answer-files.ts';
import { ACTION, buildChoiceButton } from '../render/blocks/answer-controls.ts';
import { context, escapeMrkdwn, section } from '../render/blocks/block-kit.ts';
import { formatChange, formatCount, formatReportText, formatSparkline, formatTable } from '../render/text/format-text.ts';
import { buildDetailRow, buildRangeRow, type CellValue, computeChange, toExcelDate } from '../render/xlsx/cells.ts';
import { buildSummarySheet, type TableSheet } from '../render/xlsx/table-workbook.ts';
import { readApps } from '../stats/read-apps.ts';
import type { ReportDefinition } from './report-definition.ts';

/** Apps shown one per block; the rest are summed up in a note (a message holds 50 blocks). */
export const MAX_APPS_IN_MESSAGE = 20;

/** The order of the list unless the command names one. */
const DEFAULT_SORT: AppsSort = 'users';

export const apps: ReportDefinition<'apps'> = {
  kind: 'apps',
  grammar: { app: false, category: false, sort: true, metric: false, exportable: true, digest: false },
  help: { usage: '[period] [date] [sort:users|miniprograms]', summary: 'every target app with changes and user trends' },
  resolve: async (_db, command, base) => ({ ...base, kind: 'apps', sort: command.sort ?? DEFAULT_SORT }),
  words: (request, { undated }) => ({ subject: [], options: undated && request.sort === DEFAULT_SORT ? [] : [formatSortWord(request.sort)] }),
  query: (db, request) => readApps(db, request.workspace.workspaceId, request.period, request.sort),
  json: (data) => data,
  text: ({ request, data }) => formatReportText(`${REPORT_TITLES.apps} · ${request.workspace.name}`, request, [formatAppsText(data)]),
  message: ({ request, data }) => {
    const sort = SORT_LABELS[data.sort].name;
    const title = `${REPORT_TITLES.apps} · ${request.workspace.name}`;
    return {
      title,
      text: `${title}: ${data.apps.length} apps sorted by ${sort}`,
      body: [
        context(`Sorted by ${sort}, highest first`),
        ...buildAppBlocks(data.apps.slice(0, MAX_APPS_IN_MESSAGE), data.apps.length, 'Download Excel for every app.'),
      ],
    };
  },
  controls: (request, { ask }) => ({
    buttons: APPS_SORTS.map((sort) =>
      buildChoiceButton(`Sort by ${SORT_LABELS[sort].name}`, `${ACTION.sort}_${SORT_WORDS[sort].word}`, ask({ ...request, sort }), request.sort === sort),
    ),
    rows: [],
  }),
  charts: ({ data }) => [buildAppsChart(data)],
  workbooks: ({ data }) => [buildAppsWorkbook(data)],
};

/** The app list as a console table, in its order, with "n more" when `data` holds the first of `totalApps`. */
export function formatAppsText(data: AppsData, totalApps = data.apps.length): string {
  if (data.apps.length === 0) return 'No target apps in this workspace yet.';
  const table = formatTable(
    [
      ['App', 'Name', APP_LIST_LABELS.users, 'Change', APP_LIST_LABELS.miniPrograms, 'Change', APP_LIST_LABELS.dailyUsers],
      ...data.apps.map((a) => [
        a.appId,
        a.name,
        formatCount(a.users),
        formatChange(a.users, a.usersPrevious),
        formatCount(a.miniPrograms),
        formatChange(a.miniPrograms, a.miniProgramsPrevious),
        formatSparkline(a.trend.map((t) => t.users)),
      ]),
    ],
    ['left', 'left', 'right', 'left', 'right', 'left', 'left'],
  );
  const sorted = `Sorted by ${SORT_LABELS[data.sort].name}, highest first.`;
  return totalApps > data.apps.length ? `${table}\n${sorted} ${totalApps - data.apps.length} more: see \`apps\`.` : `${table}\n${sorted}`;
}

/** One section per app (users and mini programs with changes, a sparkline), and a note when `total` is more. */
export function buildAppBlocks(rows: AppsRow[], total: number, more: string): KnownBlock[] {
  if (rows.length === 0) return [section('No target apps in this workspace yet.')];
  const blocks: KnownBlock[] = rows.map((a) =>
    section(
      [
        `*${escapeMrkdwn(a.name)}* \`${escapeMrkdwn(a.appId)}\``,
        `${APP_LIST_LABELS.users} *${formatCount(a.users)}* ${formatChange(a.users, a.usersPrevious)} · ${APP_LIST_LABELS.miniPrograms} *${formatCount(a.miniPrograms)}* ${formatChange(a.miniPrograms, a.miniProgramsPrevious)}`,
        `\`${formatSparkline(a.trend.map((t) => t.users))}\``,
      ].join('\n'),
    ),
  );
  if (total > rows.length) blocks.push(context(`Showing ${rows.length} of ${total} apps. ${more}`));
  return blocks;
}

/** The small multiples of the apps' daily users (at most `maxApps` of them). */
export function buildAppsChart(data: AppsData, options: { maxApps?: number } = {}): ChartSpec {
  return { name: 'apps-users', title: 'Daily users per app', spec: buildAppsTrendsSpec(data, options) };
}

const DEFAULT_MAX_APPS = 12;

/** 3 columns, or 4 when that leaves fewer empty cells in the last row (8 apps: 4 × 2, not 3 + 3 + 2). */
function pickColumns(count: number): number {
  if (count <= CHART_SIZES.columns) return count;
  const empty = (columns: number) => (columns - (count % columns)) % columns;
  return empty(CHART_SIZES.columns + 1) < empty(CHART_SIZES.columns) ? CHART_SIZES.columns + 1 : CHART_SIZES.columns;
}

/** Small multiples of each app's daily users, in the data's order, at most `maxApps` (default 12) of them. */
export function buildAppsTrendsSpec(data: AppsData, options: { maxApps?: number } = {}): TopLevelSpec {
  const maxApps = Math.max(1, Math.floor(options.maxApps ?? DEFAULT_MAX_APPS));
  const shown = data.apps.slice(0, maxApps);
  const sortedBy = SORT_LABELS[data.sort].name;
  const title = data.apps.length > shown.length ? `Daily users: top ${shown.length} of ${data.apps.length} apps by ${sortedBy}` : 'Daily users by app';
  const subtitle = formatDayRange(shown[0]?.trend[0]?.day ?? data.range.start, shown[0]?.trend[shown[0].trend.length - 1]?.day ?? data.range.end);
  if (shown.length === 0) return buildNoDataSpec(title, subtitle);

  // Facet headers are the app names; two apps of the same name are told apart by their ids.
  const nameCounts = new Map<string, number>();
  for (const app of shown) nameCounts.set(app.name, (nameCounts.get(app.name) ?? 0) + 1);
  const headers = shown.map((app) => ((nameCounts.get(app.name) ?? 0) > 1 ? `${app.name} (${app.appId})` : app.name));
  const days = [...new Set(shown.flatMap((app) => app.trend.map((point) => point.day)))].sort();
  const values = shown.flatMap((app, index) =>
    app.trend.map((point, pointIndex) => ({ app: headers[index]!, day: point.day, users: point.users, first: pointIndex === 0 })),
  );
  const columns = pickColumns(shown.length);
  const width = columns * CHART_SIZES.cellWidth + (columns - 1) * 64;
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: { text: title, subtitle, limit: width },
    data: { values },
    columns,
    // Lay the cells out by their plot size alone, so every header in a row sits at the same
    // height whatever each cell's axis sticks out by; the spacing makes room for the y labels.
    bounds: 'flush',
    spacing: { row: 44, column: 64 },
    facet: {
      field: 'app',
      type: 'nominal',
      sort: headers,
      title: null,
      header: { labelExpr: "''", labelFontSize: 0, labelPadding: 0 },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: CHART_SIZES.cellWidth,
      height: CHART_SIZES.cellHeight,
      layer: [
        {
          // No points: at this size they add clutter (and a mark per cell to render).
          mark: { type: 'line', color: CHART_COLORS.primary },
          encoding: {
            x: buildDayXEncoding(days, { maxLabels: 3, scaleType: 'point' }),
            y: {
              field: 'users',
              type: 'quantitative',
              title: null,
              // With nothing but zeros the axis still runs 0 to 1, not around 0.
              scale: { zero: true, nice: true, domain: { unionWith: [0, 1] } },
              axis: {
                tickMinStep: 1,
                tickCount: 3,
                // 12000 → "12k"; a plain format() call, not the axis's shared SI prefix (which writes "0k").
                labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')",
              },
            },
          },
        },
        {
          // The app's name at a fixed place above its plot (facet headers would move with each cell's axes).
          transform: [{ filter: 'datum.first' }],
          mark: {
            type: 'text',
            align: 'left',
            baseline: 'alphabetic',
            x: 0,
            y: -12,
            fontSize: CHART_SIZES.headerFontSize,
            color: CHART_COLORS.text,
            limit: CHART_SIZES.cellWidth,
          },
          encoding: { text: { field: 'app', type: 'nominal' } },
        },
      ],
    },
  };
}

/**
 * The target-apps workbook: "Summary" (number of apps, their mini programs; sort, range, previous
 * range), "Apps" (the list in its sort order, with previous values and changes) and "User trend"
 * (users per app and day, one row each).
 */
export function buildAppsSheets(data: AppsData): TableSheet[] {
  const sum = (pick: (app: AppsData['apps'][number]) => number): number => data.apps.reduce((total, app) => total + pick(app), 0);
  const summary = buildSummarySheet(
    [
      { label: APP_LIST_LABELS.apps, current: data.apps.length, previous: null },
      {
        label: `${APP_LIST_LABELS.miniPrograms} (all apps)`,
        current: sum((app) => app.miniPrograms),
        previous: sum((app) => app.miniProgramsPrevious),
      },
    ],
    [
      [
        buildDetailRow('Report', REPORT_TITLES.apps),
        buildDetailRow('Sorted by', SORT_LABELS[data.sort].title),
        buildRangeRow('Range', data.range),
        buildRangeRow('Previous range', data.previousRange),
      ],
    ],
  );
  const { users, miniPrograms } = APP_LIST_LABELS;
  const list: TableSheet = {
    name: 'Apps',
    columns: [
      { header: 'App ID', format: 'text' },
      { header: 'App', format: 'text' },
      { header: users, format: 'integer' },
      { header: `${users} (previous)`, format: 'integer' },
      { header: `${users} change`, format: 'percent' },
      { header: miniPrograms, format: 'integer' },
      { header: `${miniPrograms} (previous)`, format: 'integer' },
      { header: `${miniPrograms} change`, format: 'percent' },
    ],
    rows: data.apps.map((app) => [
      app.appId,
      app.name,
      app.users,
      app.usersPrevious,
      computeChange(app.users, app.usersPrevious),
      app.miniPrograms,
      app.miniProgramsPrevious,
      computeChange(app.miniPrograms, app.miniProgramsPrevious),
    ]),
  };
  // Long format (one row per app and day) rather than a day × app grid: it filters by app with the
  // autofilter, pivots and charts in Excel, and does not run out of columns with many apps.
  const trend: TableSheet = {
    name: 'User trend',
    columns: [
      { header: 'Day', format: 'date' },
      { header: 'App ID', format: 'text' },
      { header: 'App', format: 'text' },
      { header: users, format: 'integer' },
    ],
    rows: data.apps.flatMap((app) => app.trend.map((point): CellValue[] => [toExcelDate(point.day), app.appId, app.name, point.users])),
  };
  return [summary, list, trend];
}

export function buildAppsWorkbook(data: AppsData): WorkbookSpec {
  return { name: 'apps', title: `${REPORT_TITLES.apps} (Excel)`, sheets: () => buildAppsSheets(data) };
}
