/** `breakdown <app> [period] [date] [category]`: the four proportion cards, mini programs and users by source and by category. */
import type { KnownBlock } from '@slack/types';
import type { TopLevelSpec } from 'vega-lite';
import { buildNoDataSpec, formatDayRange } from '../charts/chart-parts.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from '../charts/chart-theme.ts';
import { BREAKDOWN_CARDS, CARD_LABELS, REPORT_TITLES } from '../domain/labels.ts';
import type { BreakdownCard, BreakdownCardName, BreakdownData } from '../domain/types.ts';
import { divider, escapeMrkdwn, section } from '../render/blocks/block-kit.ts';
import { formatChange, formatCount, formatReportText, formatShare, formatShareChange, formatTable } from '../render/text/format-text.ts';
import { buildDetailRow, computeChange, toExcelDate } from '../render/xlsx/cells.ts';
import { buildSummarySheet, type TableSheet } from '../render/xlsx/table-workbook.ts';
import { readBreakdown } from '../stats/read-breakdown.ts';
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

/** Rows per card shown in the message; the workbook has them all. */
export const MAX_CARD_ROWS = 8;

/** Each card's chart file name: `<app>-<name>-<period>.png`. */
const CARD_FILE_NAMES = {
  miniProgramsBySource: 'mini-programs-by-source',
  usersBySource: 'users-by-source',
  miniProgramsByCategory: 'mini-programs-by-category',
  usersByCategory: 'users-by-category',
} as const satisfies Record<BreakdownCardName, string>;

export const breakdown: ReportDefinition<'breakdown'> = {
  kind: 'breakdown',
  grammar: { app: true, category: true, sort: false, metric: false, exportable: true, digest: false },
  help: { usage: '<app> [period] [date] [category]', summary: 'mini programs and users by source and category' },
  resolve: async (db, command, base) => ({ ...(await resolveScopedBase(db, command, base)), kind: 'breakdown' }),
  words: (request) => ({ subject: buildScopeWords(request), options: [] }),
  query: (db, request) => readBreakdown(db, request.app, request.category, request.period),
  json: (data) => data,
  text: ({ request, data }) =>
    formatReportText(
      `${REPORT_TITLES.breakdown} · ${describeScope(request)}`,
      request,
      BREAKDOWN_CARDS.map((name) => formatCardText(CARD_LABELS[name].title, CARD_LABELS[name].key, data[name])),
    ),
  message: ({ data }) => {
    const title = `${REPORT_TITLES.breakdown} · ${formatScopeTitle(data.app.name, data.category)}`;
    return {
      title,
      text: `${title}: ${formatCount(data.usersBySource.total)} users, ${formatCount(data.miniProgramsBySource.total)} mini programs`,
      body: BREAKDOWN_CARDS.flatMap((name) => buildCardBlocks(CARD_LABELS[name].title, data[name])),
    };
  },
  readMenuCategories: readScopeCategories,
  controls: (request, { ask, categories }) => ({ buttons: [], rows: buildScopeMenuRows(ask(request), categories, request) }),
  charts: ({ data }) =>
    BREAKDOWN_CARDS.map((card) => ({
      name: `${data.app.appId}-${CARD_FILE_NAMES[card]}`,
      title: CARD_LABELS[card].title,
      spec: buildBreakdownSpec(data, card),
    })),
  workbooks: ({ data }) => [{ name: `breakdown-${data.app.appId}`, title: `${data.app.name} breakdown (Excel)`, sheets: () => buildBreakdownSheets(data) }],
};

function formatCardText(title: string, keyLabel: string, card: BreakdownCard): string {
  const head = `${title}: ${formatCount(card.total)} (${formatChange(card.total, card.totalPrevious)} from ${formatCount(card.totalPrevious)})`;
  if (card.rows.length === 0) return `${head}\n(none yet)`;
  return `${head}\n${formatTable(
    [
      [keyLabel, 'Count', 'Change', 'Share', 'Share change'],
      ...card.rows.map((r) => [
        r.key,
        formatCount(r.count),
        formatChange(r.count, r.countPrevious),
        formatShare(r.share),
        formatShareChange(r.share, r.sharePrevious),
      ]),
    ],
    ['left', 'right', 'left', 'right', 'left'],
  )}`;
}

function buildCardBlocks(title: string, card: BreakdownCard): KnownBlock[] {
  const head = `*${title}*: ${formatCount(card.total)} ${formatChange(card.total, card.totalPrevious)}`;
  if (card.rows.length === 0) return [divider(), section(`${head}\nNothing yet.`)];
  const lines = card.rows
    .slice(0, MAX_CARD_ROWS)
    .map(
      (r) =>
        `• ${escapeMrkdwn(r.key)}: *${formatCount(r.count)}* ${formatChange(r.count, r.countPrevious)} · ${formatShare(r.share)} (${formatShareChange(r.share, r.sharePrevious)})`,
    );
  if (card.rows.length > MAX_CARD_ROWS) lines.push(`_and ${card.rows.length - MAX_CARD_ROWS} more_`);
  return [divider(), section(`${head}\n${lines.join('\n')}`)];
}

const TOP_ROWS = 8;

/** Horizontal bars of one breakdown card: the top 8 rows, then "Other" for the rest, each labelled with count and share. */
export function buildBreakdownSpec(data: BreakdownData, card: BreakdownCardName): TopLevelSpec {
  const { total, rows } = data[card];
  const title = CARD_LABELS[card].title;
  const scope = data.category === null ? data.app.name : `${data.app.name} · Category: ${data.category}`;
  const subtitle = `${scope} · as of ${formatDayRange(data.range.end, data.range.end)} · ${formatCount(total)} in total`;
  // Rows with no count now exist only for the previous date; they have no bar to draw.
  const present = rows.filter((row) => row.count > 0);
  if (present.length === 0) return buildNoDataSpec(title, subtitle);

  const top = present.length > TOP_ROWS + 1 ? present.slice(0, TOP_ROWS) : present;
  const rest = present.slice(top.length);
  const bars = top.map((row) => ({ label: row.key === '' ? '(none)' : row.key, count: row.count, share: row.share, other: false }));
  if (rest.length > 0) {
    const count = rest.reduce((sum, row) => sum + row.count, 0);
    const share = total > 0 ? count / total : rest.reduce((sum, row) => sum + row.share, 0);
    let label = `Other (${rest.length} more)`;
    while (bars.some((bar) => bar.label === label)) label += ' ';
    bars.push({ label, count, share, other: true });
  }
  const values = bars.map((bar) => ({ ...bar, text: `${formatCount(bar.count)} · ${formatShare(bar.share)}` }));
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: { text: title, subtitle, limit: CHART_SIZES.width },
    width: 400,
    height: { step: CHART_SIZES.barStep },
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        scale: { paddingInner: 0.25 },
        axis: { labelLimit: CHART_SIZES.labelLimit, labelFontSize: 12, labelColor: CHART_COLORS.text },
      },
      x: { field: 'count', type: 'quantitative', axis: null, scale: { zero: true, nice: false } },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3 },
        encoding: {
          color: {
            condition: { test: 'datum.other', value: CHART_COLORS.other },
            value: CHART_COLORS.primary,
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, color: CHART_COLORS.text },
        encoding: { text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}

function buildCardSheet(title: string, key: string, card: BreakdownCard): TableSheet {
  return {
    name: title,
    columns: [
      { header: key, format: 'text' },
      { header: 'Count', format: 'integer' },
      { header: 'Share', format: 'percent' },
      { header: 'Previous count', format: 'integer' },
      { header: 'Previous share', format: 'percent' },
      { header: 'Change', format: 'percent' },
    ],
    rows: card.rows.map((row) => [row.key, row.count, row.share, row.countPrevious, row.sharePrevious, computeChange(row.count, row.countPrevious)]),
  };
}

/**
 * The proportion-breakdown workbook: "Summary" (each card's total, previous total and change; app,
 * category, the two dates compared) and one sheet per card (key, count, share, previous count,
 * previous share, change of the count).
 */
export function buildBreakdownSheets(data: BreakdownData): TableSheet[] {
  const summary = buildSummarySheet(
    BREAKDOWN_CARDS.map((name) => ({ label: CARD_LABELS[name].title, current: data[name].total, previous: data[name].totalPrevious })),
    [
      [
        buildDetailRow('Report', REPORT_TITLES.breakdown),
        ...buildScopeDetailRows(data.app, data.category),
        buildDetailRow('As of', { value: toExcelDate(data.range.end), format: 'date' }),
        buildDetailRow('Compared with', { value: toExcelDate(data.previousRange.end), format: 'date' }),
      ],
    ],
  );
  return [summary, ...BREAKDOWN_CARDS.map((name) => buildCardSheet(CARD_LABELS[name].title, CARD_LABELS[name].key, data[name]))];
}
