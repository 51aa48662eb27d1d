const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 12345 → "12,345". */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}
