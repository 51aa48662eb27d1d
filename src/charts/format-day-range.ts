import type { Day } from '../domain/types.ts';

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
