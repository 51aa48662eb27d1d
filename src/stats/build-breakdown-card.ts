import type { BreakdownCard } from '../domain/types.ts';
import { compareCodePoints } from '../util/compare-code-points.ts';

/** Counts by key (a source or a category). */
export type Counts = Map<string, number>;

/** The two user cards of a breakdown as counts, as of the end date and as of the previous period's end date. */
export interface UserCards {
  bySource: { current: Counts; previous: Counts };
  byCategory: { current: Counts; previous: Counts };
}

/** A proportion card from counts as of the end date and as of the previous period's end date. */
export function buildBreakdownCard(current: Counts, previous: Counts): BreakdownCard {
  const sum = (counts: Counts) => [...counts.values()].reduce((a, b) => a + b, 0);
  const total = sum(current);
  const totalPrevious = sum(previous);
  const keys = new Set([...current.keys(), ...previous.keys()]);
  const rows = [...keys].map((key) => {
    const count = current.get(key) ?? 0;
    const countPrevious = previous.get(key) ?? 0;
    return {
      key,
      count,
      countPrevious,
      share: total === 0 ? 0 : count / total,
      sharePrevious: totalPrevious === 0 ? 0 : countPrevious / totalPrevious,
    };
  });
  rows.sort((a, b) => b.count - a.count || compareCodePoints(a.key, b.key));
  return { total, totalPrevious, rows };
}
