/** `merchants [period] [date]`: merchant onboarding, the new and total merchants and their daily series. */
import type { KnownBlock } from '@slack/types';
import type { TopLevelSpec } from 'vega-lite';
import { buildDayXEncoding, buildNoDataSpec, formatDayRange } from '../charts/chart-parts.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from '../charts/chart-theme.ts';
import { MERCHANT_LABELS, MERCHANT_SERIES, MERCHANT_SERIES_LABELS, REPORT_TITLES } from '../domain/labels.ts';
import type { MerchantsData } from '../domain/types.ts';
import type { ChartSpec, WorkbookSpec } from '../render/answer-files.ts';
import { buildFigureField, fields } from '../render/blocks/block-kit.ts';
import { formatChange, formatCount, formatReportText, formatTable } from '../render/text/format-text.ts';
import { buildDetailRow, buildRangeRow, toExcelDate } from '../render/xlsx/cells.ts';
import { buildSummarySheet, type TableColumn, type TableSheet } from '../render/xlsx/table-workbook.ts';
import { readMerchants } from '../stats/read-merchants.ts';
import type { ReportDefinition } from './report-definition.ts';

export const merchants: ReportDefinition<'merchants'> = {
  kind: 'merchants',
  grammar: { app: false, category: false, sort: false, metric: false, exportable: true, digest: false },
  help: { usage: '[period] [date]', summary: 'merchant onboarding with daily charts' },
  resolve: async (_db, _command, base) => ({ ...base, kind: 'merchants' }),
  words: () => ({ subject: [], options: [] }),
  query: (db, request) => readMerchants(db, request.workspace.workspaceId, request.period),
  json: (data) => data,
  text: ({ request, data }) => formatReportText(`${REPORT_TITLES.merchants} · ${request.workspace.name}`, request, [formatMerchantsText(data)]),
  message: ({ request, data }) => {
    const title = `${REPORT_TITLES.merchants} · ${request.workspace.name}`;
    return {
      title,
      text: `${title}: ${formatCount(data.newMerchants)} new (${formatChange(data.newMerchants, data.newMerchantsPrevious)}), ${formatCount(data.totalMerchants)} in total`,
      body: buildMerchantBlocks(data),
    };
  },
  controls: () => ({ buttons: [], rows: [] }),
  charts: ({ data }) => [buildMerchantsChart(data)],
  workbooks: ({ data }) => [buildMerchantsWorkbook(data)],
};

/** New merchants with previous value and change, and total merchants, as a console table. */
export function formatMerchantsHeadline(data: MerchantsData): string {
  return formatTable(
    [
      ['', 'Value', 'Previous', 'Change'],
      [
        MERCHANT_LABELS.newMerchants,
        formatCount(data.newMerchants),
        formatCount(data.newMerchantsPrevious),
        formatChange(data.newMerchants, data.newMerchantsPrevious),
      ],
      [MERCHANT_LABELS.totalMerchants, formatCount(data.totalMerchants), '', ''],
    ],
    ['left', 'right', 'right', 'left'],
  );
}

function formatMerchantsText(data: MerchantsData): string {
  const daily = formatTable(
    [
      ['Day', ...MERCHANT_SERIES.map((series) => MERCHANT_SERIES_LABELS[series].short)],
      ...data.daily.map((d) => [d.day, ...MERCHANT_SERIES.map((series) => formatCount(d[series]))]),
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
  return `${formatMerchantsHeadline(data)}\n\n${daily}`;
}

/** The headline figures as Block Kit fields: new merchants with change, total, new of each kind in the period. */
export function buildMerchantBlocks(data: MerchantsData): KnownBlock[] {
  const sum = (key: 'newTechnical' | 'newNonTechnical') => data.daily.filter((d) => d.day >= data.range.start).reduce((s, d) => s + d[key], 0);
  return [
    fields([
      buildFigureField(MERCHANT_LABELS.newMerchants, data.newMerchants, data.newMerchantsPrevious),
      `*${MERCHANT_LABELS.totalMerchants}*\n${formatCount(data.totalMerchants)}`,
      `*${MERCHANT_SERIES_LABELS.newTechnical.label}*\n${formatCount(sum('newTechnical'))}`,
      `*${MERCHANT_SERIES_LABELS.newNonTechnical.label}*\n${formatCount(sum('newNonTechnical'))}`,
    ]),
  ];
}

export function buildMerchantsChart(data: MerchantsData): ChartSpec {
  return { name: 'merchants', title: REPORT_TITLES.merchants, spec: buildMerchantsSpec(data) };
}

/** With nothing but zeros the axis still runs 0 to 1, rather than around 0. */
const ZERO_DOMAIN = { scale: { domain: [0, 1] } };

const TECHNICAL = MERCHANT_LABELS.technical;
const NON_TECHNICAL = MERCHANT_LABELS.nonTechnical;

/**
 * Merchant onboarding: new technical and non-technical merchants per day (stacked bars), over
 * each kind's running total across the trend range (lines), one legend for both panels.
 */
export function buildMerchantsSpec(data: MerchantsData): TopLevelSpec {
  const title = REPORT_TITLES.merchants;
  const headline =
    `${formatCount(data.newMerchants)} new in ${formatDayRange(data.range.start, data.range.end)}` +
    ` (previous period ${formatCount(data.newMerchantsPrevious)}) · ${formatCount(data.totalMerchants)} in total`;
  const first = data.daily[0];
  if (first === undefined) return buildNoDataSpec(title, headline);

  const days = data.daily.map((day) => day.day);
  const values = data.daily.flatMap((day) => [
    { day: day.day, kind: TECHNICAL, order: 0, added: day.newTechnical, cumulative: day.cumulativeTechnical },
    { day: day.day, kind: NON_TECHNICAL, order: 1, added: day.newNonTechnical, cumulative: day.cumulativeNonTechnical },
  ]);
  const color = {
    field: 'kind',
    type: 'nominal',
    scale: { domain: [TECHNICAL, NON_TECHNICAL], range: [CHART_COLORS.technical, CHART_COLORS.nonTechnical] },
    legend: { orient: 'top', direction: 'horizontal', title: null },
  } as const;
  const noneAdded = values.every((row) => row.added === 0);
  const noneInTotal = values.every((row) => row.cumulative === 0);
  const x = buildDayXEncoding(days, { maxLabels: 10, scaleType: 'band' });
  // Anchored to the plot (not to the axis labels, whose width differs by panel), like the legend.
  const panelTitle = (text: string) => ({ text, frame: 'group', fontSize: 13, color: CHART_COLORS.text, offset: 8 }) as const;
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: { text: title, subtitle: headline, limit: CHART_SIZES.width },
    data: { values },
    spacing: 24,
    resolve: { scale: { color: 'shared', x: 'shared' } },
    vconcat: [
      {
        title: panelTitle('New merchants per day'),
        width: CHART_SIZES.width,
        height: CHART_SIZES.panelHeight,
        mark: { type: 'bar' },
        encoding: {
          x,
          y: {
            field: 'added',
            type: 'quantitative',
            stack: 'zero',
            title: null,
            ...(noneAdded ? ZERO_DOMAIN : {}),
            axis: { format: ',d', tickMinStep: 1, tickCount: 4 },
          },
          color,
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        title: panelTitle(`Running total since ${formatDayRange(first.day, first.day)}`),
        width: CHART_SIZES.width,
        height: CHART_SIZES.panelHeight,
        mark: { type: 'line', point: true },
        encoding: {
          x: { ...x, bandPosition: 0.5 },
          y: {
            field: 'cumulative',
            type: 'quantitative',
            title: null,
            ...(noneInTotal ? ZERO_DOMAIN : {}),
            axis: { format: ',d', tickMinStep: 1, tickCount: 4 },
          },
          color,
        },
      },
    ],
  };
}

/**
 * The merchant onboarding workbook: "Summary" (new merchants with previous value and change, total
 * merchants; range, previous range) and "Daily" (new and cumulative merchants of each kind per day
 * of the trend range).
 */
export function buildMerchantsSheets(data: MerchantsData): TableSheet[] {
  const summary = buildSummarySheet(
    [
      { label: MERCHANT_LABELS.newMerchants, current: data.newMerchants, previous: data.newMerchantsPrevious },
      { label: MERCHANT_LABELS.totalMerchants, current: data.totalMerchants, previous: null },
    ],
    [[buildDetailRow('Report', REPORT_TITLES.merchants), buildRangeRow('Range', data.range), buildRangeRow('Previous range', data.previousRange)]],
  );
  const daily: TableSheet = {
    name: 'Daily',
    columns: [
      { header: 'Day', format: 'date' },
      ...MERCHANT_SERIES.map((series): TableColumn => ({ header: MERCHANT_SERIES_LABELS[series].label, format: 'integer' })),
    ],
    rows: data.daily.map((day) => [toExcelDate(day.day), ...MERCHANT_SERIES.map((series) => day[series])]),
  };
  return [summary, daily];
}

export function buildMerchantsWorkbook(data: MerchantsData): WorkbookSpec {
  return { name: 'merchants', title: `${REPORT_TITLES.merchants} (Excel)`, sheets: () => buildMerchantsSheets(data) };
}
