import { BREAKDOWN_CARDS, CARD_LABELS } from '../../domain/labels.ts';
import type { BreakdownCard, BreakdownData } from '../../domain/types.ts';
import { buildDetailRow, computeChange, toExcelDate } from './cells.ts';
import { buildSummarySheet, type TableSheet, writeWorkbook } from './table-workbook.ts';

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

export function buildBreakdownSheets(data: BreakdownData): TableSheet[] {
  const summary = buildSummarySheet(
    BREAKDOWN_CARDS.map((name) => ({ label: CARD_LABELS[name].title, current: data[name].total, previous: data[name].totalPrevious })),
    [
      [
        buildDetailRow('Report', 'Proportion breakdown'),
        buildDetailRow('App ID', data.app.appId),
        buildDetailRow('App', data.app.name),
        buildDetailRow('Category', data.category ?? 'All categories'),
        buildDetailRow('As of', { value: toExcelDate(data.range.end), format: 'date' }),
        buildDetailRow('Compared with', { value: toExcelDate(data.previousRange.end), format: 'date' }),
      ],
    ],
  );
  return [summary, ...BREAKDOWN_CARDS.map((name) => buildCardSheet(CARD_LABELS[name].title, CARD_LABELS[name].key, data[name]))];
}

/**
 * Streams the proportion-breakdown workbook into `output` and ends it: "Summary" (each card's total,
 * previous total and change; app, category, the two dates compared) and one sheet per card (key,
 * count, share, previous count, previous share, change of the count).
 */
export async function writeBreakdownWorkbook(data: BreakdownData, output: NodeJS.WritableStream): Promise<void> {
  await writeWorkbook(() => buildBreakdownSheets(data), output);
}
