import type { Day, Period, PeriodDays } from '../domain/types.ts';
import { addDays, rangeEndingOn } from '../util/days.ts';

/** The period of `days` days ending on `end`, the one before it, and the trend range. */
export function resolvePeriod(days: PeriodDays, end: Day): Period {
  return {
    days,
    end,
    range: rangeEndingOn(end, days),
    previousRange: rangeEndingOn(addDays(end, -days), days),
    trendRange: rangeEndingOn(end, Math.max(days, 7)),
  };
}
