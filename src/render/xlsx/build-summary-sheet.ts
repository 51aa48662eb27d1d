import { computeChange } from './compute-change.ts';
import type { LooseCell, SummaryMetric, TableSheet } from './types.ts';

/**
 * The "Summary" sheet: a table of metrics (Metric, Current, Previous, Change), then the given
 * blocks of detail rows (status counts, what the report covers), separated by empty rows.
 */
export function buildSummarySheet(metrics: readonly SummaryMetric[], blocks: readonly LooseCell[][][]): TableSheet {
  const appendix: LooseCell[][] = [];
  blocks.forEach((block, index) => {
    if (index > 0) appendix.push([]);
    appendix.push(...block);
  });
  return {
    name: 'Summary',
    columns: [
      { header: 'Metric', format: 'text' },
      { header: 'Current', format: 'integer' },
      { header: 'Previous', format: 'integer' },
      { header: 'Change', format: 'percent' },
    ],
    rows: metrics.map(({ label, current, previous }) => [label, current, previous, computeChange(current, previous)]),
    appendix,
  };
}
