import type { AppData, StatusCounts } from '../../domain/types.ts';
import { buildDetailRow, buildRangeRow, type LooseCell, toExcelDate } from './cells.ts';
import { buildSummarySheet, type TableSheet, writeWorkbook } from './table-workbook.ts';

const STATUS_LABELS: [keyof StatusCounts, string][] = [
  ['all', 'All'],
  ['fullRelease', 'Full release'],
  ['grayscaleRelease', 'Grayscale release'],
  ['reviewing', 'Reviewing'],
  ['developing', 'Developing'],
  ['inactive', 'Inactive'],
];

export function buildAppSheets(data: AppData): TableSheet[] {
  const { metrics, previous } = data;
  const status: LooseCell[][] = [
    [
      { value: 'Real-time status', bold: true },
      { value: 'Mini programs', bold: true },
    ],
    ...STATUS_LABELS.map(([key, label]): LooseCell[] => [{ value: label }, { value: data.status[key], format: 'integer' }]),
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
    [
      { label: 'UV', current: metrics.uv, previous: previous.uv },
      { label: 'PV', current: metrics.pv, previous: previous.pv },
      { label: 'New visitors', current: metrics.newVisitors, previous: previous.newVisitors },
      { label: 'Lifetime visitors', current: metrics.lifetimeVisitors, previous: previous.lifetimeVisitors },
    ],
    [status, report],
  );
  const daily: TableSheet = {
    name: 'Daily',
    columns: [
      { header: 'Day', format: 'date' },
      { header: 'UV', format: 'integer' },
      { header: 'PV', format: 'integer' },
      { header: 'New visitors', format: 'integer' },
      { header: 'Lifetime visitors', format: 'integer' },
    ],
    rows: data.daily.map((day) => [toExcelDate(day.day), day.uv, day.pv, day.newVisitors, day.lifetimeVisitors]),
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
