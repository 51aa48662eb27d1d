import type { DayRange } from '../../domain/types.ts';
import { buildDetailRow } from './build-detail-row.ts';
import { toExcelDate } from './to-excel-date.ts';
import type { LooseCell } from './types.ts';

/** A detail row for a range: label, first day, last day (as dates), and its length ("7 days"). */
export function buildRangeRow(label: string, range: DayRange): LooseCell[] {
  return buildDetailRow(
    label,
    { value: toExcelDate(range.start), format: 'date' },
    { value: toExcelDate(range.end), format: 'date' },
    { value: range.days, format: 'days' },
  );
}
