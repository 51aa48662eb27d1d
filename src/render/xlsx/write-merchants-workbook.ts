import { MERCHANT_SERIES, MERCHANT_SERIES_LABELS } from '../../domain/labels.ts';
import type { MerchantsData } from '../../domain/types.ts';
import { buildDetailRow, buildRangeRow, toExcelDate } from './cells.ts';
import { buildSummarySheet, type TableColumn, type TableSheet, writeWorkbook } from './table-workbook.ts';

export function buildMerchantsSheets(data: MerchantsData): TableSheet[] {
  const summary = buildSummarySheet(
    [
      { label: 'New merchants', current: data.newMerchants, previous: data.newMerchantsPrevious },
      { label: 'Total merchants', current: data.totalMerchants, previous: null },
    ],
    [[buildDetailRow('Report', 'Merchant onboarding'), buildRangeRow('Range', data.range), buildRangeRow('Previous range', data.previousRange)]],
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

/**
 * Streams the merchant onboarding workbook into `output` and ends it: "Summary" (new merchants with
 * previous value and change, total merchants; range, previous range) and "Daily" (new and
 * cumulative merchants of each kind per day of the trend range).
 */
export async function writeMerchantsWorkbook(data: MerchantsData, output: NodeJS.WritableStream): Promise<void> {
  await writeWorkbook(() => buildMerchantsSheets(data), output);
}
