/**
 * Relative change from `previous` to `current` as a fraction (0.082 for +8.2%), or null (an empty
 * cell) when there is no previous value or it is 0: a change from nothing has no percentage.
 */
export function computeChange(current: number, previous: number | null): number | null {
  if (previous === null || previous === 0 || !Number.isFinite(previous) || !Number.isFinite(current)) return null;
  return (current - previous) / previous;
}
