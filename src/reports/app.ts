/** `app <app> [period] [date] [category]`: status counts now, the four visitor metrics with changes, and a trend chart. */
import type { KnownBlock } from '@slack/types';
import type { TopLevelSpec } from 'vega-lite';
import { buildDayXEncoding, buildNoDataSpec, formatDayRange } from '../charts/chart-parts.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from '../charts/chart-theme.ts';
import { APP_LIST_LABELS, listKeys, METRIC_LABELS, REPORT_TITLES, STATUS_GROUP_LABELS, STATUS_TITLES, VISITOR_METRICS } from '../domain/labels.ts';
import type { AppData, StatusCounts, VisitorMetric } from '../domain/types.ts';
import { formatMetricWord } from '../query/command-words.ts';
import type { ChartSpec } from '../render/answer-files.ts';
import { ACTION, buildChoiceButton } from '../render/blocks/answer-controls.ts';
import { actions, buildFigureField, context, fields, section } from '../render/blocks/block-kit.ts';
import { formatChange, formatCount, formatReportText, formatTable } from '../render/text/format-text.ts';
import { buildDetailRow, buildRangeRow, type LooseCell, toExcelDate } from '../render/xlsx/cells.ts';
import { buildSummarySheet, type TableColumn, type TableSheet } from '../render/xlsx/table-workbook.ts';
import { readAppDetails } from '../stats/read-app-details.ts';
import {
  buildScopeDetailRows,
  buildScopeMenuRows,
  buildScopeWords,
  describeScope,
  formatScopeTitle,
  readScopeCategories,
  resolveScopedBase,
} from './app-scope.ts';
import type { ReportDefinition } from './report-definition.ts';

/** The trend chart's file name per metric: `<app>-<name>-<period>.png`. */
const METRIC_FILE_NAMES = {
  uv: 'uv',
  pv: 'pv',
  newVisitors: 'new-visitors',
  lifetimeVisitors: 'lifetime-visitors',
} as const satisfies Record<VisitorMetric, string>;

/** The metric of the trend chart unless the command names one. */
const DEFAULT_METRIC: VisitorMetric = 'uv';

export const app: ReportDefinition<'app'> = {
  kind: 'app',
  grammar: { app: true, category: true, sort: false, metric: true, exportable: true, digest: true },
  help: { usage: '<app> [period] [date] [category]', summary: 'status counts, UV, PV, new and lifetime visitors, trend chart' },
  resolve: async (db, command, base) => ({ ...(await resolveScopedBase(db, command, base)), kind: 'app', metric: command.metric ?? DEFAULT_METRIC }),
  words: (request, { undated }) => ({
    subject: buildScopeWords(request),
    options: undated && request.metric === DEFAULT_METRIC ? [] : [formatMetricWord(request.metric)],
  }),
  query: (db, request) => readAppDetails(db, request.app, request.category, request.period),
  json: (data) => data,
  text: ({ request, data }) =>
    formatReportText(describeScope(request), request, [formatStatusText(data.status), formatMetricsText(data), formatDailyText(data)]),
  message: ({ request, data }) => {
    const title = formatScopeTitle(`${data.app.name} (${data.app.appId})`, data.category);
    const { uv, pv } = METRIC_LABELS;
    return {
      title,
      text: `${title}: ${uv.label} ${formatCount(data.metrics.uv)} ${formatChange(data.metrics.uv, data.previous.uv)}, ${pv.label} ${formatCount(data.metrics.pv)} ${formatChange(data.metrics.pv, data.previous.pv)}`,
      body: [
        fields(VISITOR_METRICS.map((m) => buildFigureField(METRIC_LABELS[m].label, data.metrics[m], data.previous[m]))),
        buildStatusBlock(data.status),
        context(`Trend chart: ${METRIC_LABELS[request.metric].full}`),
      ],
    };
  },
  readMenuCategories: readScopeCategories,
  controls: (request, { ask, categories }) => ({
    buttons: [],
    rows: [
      actions(
        'miniapp_metric',
        VISITOR_METRICS.map((metric) =>
          buildChoiceButton(`Trend: ${METRIC_LABELS[metric].short}`, `${ACTION.metric}_${metric}`, ask({ ...request, metric }), request.metric === metric),
        ),
      ),
      ...buildScopeMenuRows(ask(request), categories, request),
    ],
  }),
  charts: ({ request, data }) => [
    {
      name: `${data.app.appId}-${METRIC_FILE_NAMES[request.metric]}`,
      title: `${METRIC_LABELS[request.metric].name}, ${data.app.name}`,
      spec: buildAppTrendSpec(data, request.metric),
    } satisfies ChartSpec,
  ],
  workbooks: ({ data }) => [{ name: `app-${data.app.appId}`, title: `${data.app.name} (Excel)`, sheets: () => buildAppSheets(data) }],
};

function formatStatusText(status: StatusCounts): string {
  const parts = listKeys(STATUS_GROUP_LABELS).map((k) => `${STATUS_GROUP_LABELS[k]} ${formatCount(status[k])}`);
  return `${STATUS_TITLES.now}: ${parts.join(' · ')}`;
}

function formatMetricsText(data: AppData): string {
  return formatTable(
    [
      ['Metric', 'Value', 'Previous', 'Change'],
      ...VISITOR_METRICS.map((m) => [
        METRIC_LABELS[m].full,
        formatCount(data.metrics[m]),
        formatCount(data.previous[m]),
        formatChange(data.metrics[m], data.previous[m]),
      ]),
    ],
    ['left', 'right', 'right', 'left'],
  );
}

function formatDailyText(data: AppData): string {
  return formatTable(
    [['Day', ...VISITOR_METRICS.map((m) => METRIC_LABELS[m].short)], ...data.daily.map((d) => [d.day, ...VISITOR_METRICS.map((m) => formatCount(d[m]))])],
    ['left', ...VISITOR_METRICS.map(() => 'right' as const)],
  );
}

function buildStatusBlock(status: StatusCounts): KnownBlock {
  const parts = listKeys(STATUS_GROUP_LABELS).map((k) => `${STATUS_GROUP_LABELS[k]} *${formatCount(status[k])}*`);
  return section(`*${STATUS_TITLES.now}*\n${parts.join(' · ')}`);
}

/** With nothing but zeros the axis still runs 0 to 1, rather than around 0. */
const ZERO_DOMAIN = { domain: [0, 1], nice: false };

/** Series this short get their values written above the points. */
const MAX_LABELLED_POINTS = 14;

/** Line chart of one app's daily series for one metric (UV, PV, new or lifetime visitors). */
export function buildAppTrendSpec(data: AppData, metric: VisitorMetric): TopLevelSpec {
  const label = METRIC_LABELS[metric].label;
  const title = data.app.name;
  // The category closes the subtitle: if a long one must be cut, the metric and dates stay whole.
  const category = data.category === null ? '' : ` · Category: ${data.category}`;
  const first = data.daily[0];
  const last = data.daily[data.daily.length - 1];
  if (first === undefined || last === undefined) {
    return buildNoDataSpec(title, `${label} per day · ${formatDayRange(data.range.start, data.range.end)}${category}`);
  }
  const days = data.daily.map((day) => day.day);
  const values = data.daily.map((day) => ({ day: day.day, value: day[metric] }));
  const labelled = values.length <= MAX_LABELLED_POINTS;
  const allZero = values.every((point) => point.value === 0);
  // Lifetime visitors only grow: drawn from zero their line would look flat, so zoom in on it.
  const zoomed = metric === 'lifetimeVisitors' && !allZero;
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: title,
      subtitle: `${label} per day · ${formatDayRange(first.day, last.day)}${category}`,
      limit: CHART_SIZES.width,
    },
    width: CHART_SIZES.width,
    height: CHART_SIZES.height,
    data: { values },
    encoding: {
      x: buildDayXEncoding(days, { maxLabels: 10, scaleType: 'point' }),
      y: {
        field: 'value',
        type: 'quantitative',
        title: label,
        scale: zoomed ? { zero: false, nice: true } : allZero ? ZERO_DOMAIN : { zero: true, nice: true },
        axis: { format: ',d', tickMinStep: 1, tickCount: 5 },
      },
    },
    layer: [
      { mark: { type: 'line', color: CHART_COLORS.primary, point: { color: CHART_COLORS.primary } } },
      ...(labelled
        ? [
            {
              mark: { type: 'text' as const, dy: -12, color: CHART_COLORS.text },
              encoding: { text: { field: 'value', type: 'quantitative' as const, format: ',d' } },
            },
          ]
        : []),
    ],
  };
}

/**
 * The workbook of one app's details: "Summary" (UV, PV, new and lifetime visitors with previous
 * values and changes; real-time status counts; app, category, range, previous range) and "Daily"
 * (one row per day of the trend range).
 */
export function buildAppSheets(data: AppData): TableSheet[] {
  const { metrics, previous } = data;
  const status: LooseCell[][] = [
    [
      { value: STATUS_TITLES.realTime, bold: true },
      { value: APP_LIST_LABELS.miniPrograms, bold: true },
    ],
    ...listKeys(STATUS_GROUP_LABELS).map((key): LooseCell[] => [{ value: STATUS_GROUP_LABELS[key] }, { value: data.status[key], format: 'integer' }]),
  ];
  const report: LooseCell[][] = [
    buildDetailRow('Report', REPORT_TITLES.app),
    ...buildScopeDetailRows(data.app, data.category),
    buildRangeRow('Range', data.range),
    buildRangeRow('Previous range', data.previousRange),
  ];
  const summary = buildSummarySheet(
    VISITOR_METRICS.map((m) => ({ label: METRIC_LABELS[m].label, current: metrics[m], previous: previous[m] })),
    [status, report],
  );
  const daily: TableSheet = {
    name: 'Daily',
    columns: [{ header: 'Day', format: 'date' }, ...VISITOR_METRICS.map((m): TableColumn => ({ header: METRIC_LABELS[m].label, format: 'integer' }))],
    rows: data.daily.map((day) => [toExcelDate(day.day), ...VISITOR_METRICS.map((m) => day[m])]),
  };
  return [summary, daily];
}
