/** The parts charts are built of: the day axis, the "No data" chart and the dates in titles. */
import type { TopLevelSpec } from 'vega-lite';
import type { Day } from '../domain/types.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from './chart-theme.ts';

/** The days that get a label: all when they fit, else every k-th (weekly for long ranges), always including the last. */
function pickLabelledDays(days: Day[], maxLabels: number): Day[] {
  const count = days.length;
  if (count <= maxLabels) return days;
  if (maxLabels <= 3) {
    // Small multiples: the ends, and the middle when there is room.
    return maxLabels === 3 ? [days[0]!, days[Math.floor((count - 1) / 2)]!, days[count - 1]!] : [days[0]!, days[count - 1]!];
  }
  let step = Math.ceil((count - 1) / Math.max(1, maxLabels - 1));
  if (step < 7 && count > 20 && Math.ceil((count - 1) / 7) + 1 <= maxLabels) step = 7;
  const picked: Day[] = [];
  for (let index = count - 1; index >= 0; index -= step) picked.unshift(days[index]!);
  return picked;
}

/**
 * The x encoding of a daily series: one position per day in `days` order, labelled like "Nov 3"
 * (at most `maxLabels` of them). `scaleType` 'band' is for bars, 'point' for lines.
 */
export function buildDayXEncoding(days: Day[], options: { maxLabels: number; scaleType: 'band' | 'point' }) {
  return {
    field: 'day',
    type: 'ordinal',
    sort: null,
    scale: options.scaleType === 'band' ? { type: 'band' as const, domain: days, paddingInner: 0.25 } : { type: 'point' as const, domain: days, padding: 0.4 },
    axis: {
      title: null,
      values: pickLabelledDays(days, options.maxLabels),
      // `day` is YYYY-MM-DD, which toDate reads as UTC midnight.
      labelExpr: "utcFormat(toDate(datum.value), '%b %-d')",
      labelOverlap: false,
    },
  } as const;
}

/** A chart that says "No data" under the given title, for an empty series or card. */
export function buildNoDataSpec(title: string, subtitle?: string): TopLevelSpec {
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    width: CHART_SIZES.width,
    height: 120,
    data: { values: [{ message: 'No data' }] },
    mark: { type: 'text', fontSize: 14, color: CHART_COLORS.muted },
    encoding: { text: { field: 'message', type: 'nominal' } },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(day: Day): { year: string; monthDay: string } {
  const [year = '', month = '1', date = '1'] = day.split('-');
  return { year, monthDay: `${MONTHS[Number(month) - 1] ?? month} ${Number(date)}` };
}

/** A day range as chart text: "Nov 3 – Nov 9, 2025", "Dec 28, 2025 – Jan 3, 2026", or "Nov 9, 2025" for one day. */
export function formatDayRange(start: Day, end: Day): string {
  const from = parts(start);
  const to = parts(end);
  if (start === end) return `${to.monthDay}, ${to.year}`;
  if (from.year === to.year) return `${from.monthDay} – ${to.monthDay}, ${to.year}`;
  return `${from.monthDay}, ${from.year} – ${to.monthDay}, ${to.year}`;
}
