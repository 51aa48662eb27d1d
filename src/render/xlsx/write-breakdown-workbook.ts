import type { BreakdownCard, BreakdownCardName, BreakdownData } from '../../domain/types.ts';
import { buildDetailRow, computeChange, toExcelDate } from './cells.ts';
import { buildSummarySheet, type TableSheet, writeWorkbook } from './table-workbook.ts';

const CARDS: { name: BreakdownCardName; title: string; key: string }[] = [
  { name: 'miniProgramsBySource', title: 'Mini programs by source', key: 'Source' },
  { name: 'usersBySource', title: 'Users by source', key: 'Source' },
  { name: 'miniProgramsByCategory', title: 'Mini programs by category', key: 'Category' },
  { name: 'usersByCategory', title: 'Users by category', key: 'Category' },
];

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
    CARDS.map(({ name, title }) => ({ label: title, current: data[name].total, previous: data[name].totalPrevious })),
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
  return [summary, ...CARDS.map(({ name, title, key }) => buildCardSheet(title, key, data[name]))];
}

/**
 * Streams the proportion-breakdown workbook into `output` and ends it: "Summary" (each card's total,
 * previous total and change; app, category, the two dates compared) and one sheet per card (key,
 * count, share, previous count, previous share, change of the count).
 */
export async function writeBreakdownWorkbook(data: BreakdownData, output: NodeJS.WritableStream): Promise<void> {
  await writeWorkbook(() => buildBreakdownSheets(data), output);
}
