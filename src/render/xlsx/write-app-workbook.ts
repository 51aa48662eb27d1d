import { keysOf, METRIC_LABELS, STATUS_GROUP_LABELS, STATUS_TITLES, VISITOR_METRICS } from '../../domain/labels.ts';
import type { AppData } from '../../domain/types.ts';
import { buildDetailRow, buildRangeRow, type LooseCell, toExcelDate } from './cells.ts';
import { buildSummarySheet, type TableColumn, type TableSheet, writeWorkbook } from './table-workbook.ts';

export function buildAppSheets(data: AppData): TableSheet[] {
  const { metrics, previous } = data;
  const status: LooseCell[][] = [
    [
      { value: STATUS_TITLES.realTime, bold: true },
      { value: 'Mini programs', bold: true },
    ],
    ...keysOf(STATUS_GROUP_LABELS).map((key): LooseCell[] => [{ value: STATUS_GROUP_LABELS[key] }, { value: data.status[key], format: 'integer' }]),
  ];
  const report: LooseCell[][] = [
    buildDetailRow('Report', 'App details'),
    buildDetailRow('App ID', data.app.appId),
    buildDetailRow('App', data.app.name),
    buildDetailRow('Category', data.category ?? 'All categories'),
    buildRangeRow('Range', data.range),
    buildRangeRow('Previous range', data.previousRange),
  ];
  const summary = buildSummarySheet(
    [...VISITOR_METRICS.map((m) => ({ label: METRIC_LABELS[m].label, current: metrics[m], previous: previous[m] }))],
    [status, report],
  );
  const daily: TableSheet = {
    name: 'Daily',
    columns: [{ header: 'Day', format: 'date' }, ...VISITOR_METRICS.map((m): TableColumn => ({ header: METRIC_LABELS[m].label, format: 'integer' }))],
    rows: data.daily.map((day) => [toExcelDate(day.day), ...VISITOR_METRICS.map((m) => day[m])]),
  };
  return [summary, daily];
}

/**
 * Streams the workbook of one app's details into `output` and ends it: "Summary" (UV, PV, new and
 * lifetime visitors with previous values and changes; real-time status counts; app, category,
 * range, previous range) and "Daily" (one row per day of the trend range).
 */
export async function writeAppWorkbook(data: AppData, output: NodeJS.WritableStream): Promise<void> {
  await writeWorkbook(() => buildAppSheets(data), output);
}
