import type { CellValue, LooseCell } from './types.ts';

function isLooseCell(value: CellValue | LooseCell): value is LooseCell {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** A row of a Summary sheet's detail block: a bold label, then values (numbers as integers). */
export function buildDetailRow(label: string, ...values: (CellValue | LooseCell)[]): LooseCell[] {
  return [
    { value: label, bold: true },
    ...values.map((value) => {
      if (isLooseCell(value)) return value;
      return { value, format: typeof value === 'number' ? ('integer' as const) : undefined };
    }),
  ];
}
