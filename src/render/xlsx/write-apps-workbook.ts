import { SORT_LABELS } from '../../domain/labels.ts';
import type { AppsData } from '../../domain/types.ts';
import { buildDetailRow, buildRangeRow, type CellValue, computeChange, toExcelDate } from './cells.ts';
import { buildSummarySheet, type TableSheet, writeWorkbook } from './table-workbook.ts';

export function buildAppsSheets(data: AppsData): TableSheet[] {
  const sum = (pick: (app: AppsData['apps'][number]) => number): number => data.apps.reduce((total, app) => total + pick(app), 0);
  const summary = buildSummarySheet(
    [
      { label: 'Target apps', current: data.apps.length, previous: null },
      {
        label: 'Mini programs (all apps)',
        current: sum((app) => app.miniPrograms),
        previous: sum((app) => app.miniProgramsPrevious),
      },
    ],
    [
      [
        buildDetailRow('Report', 'Target apps'),
        buildDetailRow('Sorted by', SORT_LABELS[data.sort].title),
        buildRangeRow('Range', data.range),
        buildRangeRow('Previous range', data.previousRange),
      ],
    ],
  );
  const apps: TableSheet = {
    name: 'Apps',
    columns: [
      { header: 'App ID', format: 'text' },
      { header: 'App', format: 'text' },
      { header: 'Users', format: 'integer' },
      { header: 'Users (previous)', format: 'integer' },
      { header: 'Users change', format: 'percent' },
      { header: 'Mini programs', format: 'integer' },
      { header: 'Mini programs (previous)', format: 'integer' },
      { header: 'Mini programs change', format: 'percent' },
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
      { header: 'Users', format: 'integer' },
    ],
    rows: data.apps.flatMap((app) => app.trend.map((point): CellValue[] => [toExcelDate(point.day), app.appId, app.name, point.users])),
  };
  return [summary, apps, trend];
}

/**
 * Streams the target-apps workbook into `output` and ends it: "Summary" (number of apps, their
 * mini programs; sort, range, previous range), "Apps" (the list in its sort order, with previous
 * values and changes) and "User trend" (users per app and day, one row each).
 */
export async function writeAppsWorkbook(data: AppsData, output: NodeJS.WritableStream): Promise<void> {
  await writeWorkbook(() => buildAppsSheets(data), output);
}
