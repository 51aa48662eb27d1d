/** Text formats shared by every surface: counts, shares and changes, sparklines, aligned tables and periods. */
import stringWidth from 'string-width';
import type { StatsRequest } from '../../domain/reports.ts';
import type { DayRange } from '../../domain/types.ts';

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 12345 → "12,345" */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** 0.4213 → "42.1%" */
export function formatShare(fraction: number): string {
  return `${PERCENT.format(fraction * 100)}%`;
}

/**
 * The change from `previous` to `current`: "▲ 8.2%", "▼ 3.1%", "= 0.0%" when equal; "▲ new"
 * when there was nothing before, "–" when there is nothing either time.
 */
export function formatChange(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '–' : '▲ new';
  const change = (current - previous) / previous;
  const text = `${PERCENT.format(Math.abs(change) * 100)}%`;
  if (text === '0.0%') return current === previous ? '= 0.0%' : `${current > previous ? '▲' : '▼'} <0.1%`;
  return `${change > 0 ? '▲' : '▼'} ${text}`;
}

/** The change of a share in percentage points: "▲ 1.3 pp", "▼ 0.4 pp", "= 0.0 pp". */
export function formatShareChange(share: number, sharePrevious: number): string {
  const points = (share - sharePrevious) * 100;
  const text = PERCENT.format(Math.abs(points));
  if (text === '0.0') return '= 0.0 pp';
  return `${points > 0 ? '▲' : '▼'} ${text} pp`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart of a series: "▁▂▅▇█▆". */
export function formatSparkline(values: number[]): string {
  const max = Math.max(...values, 0);
  const min = Math.min(...values, max);
  if (max === min) return BARS[max === 0 ? 0 : 3]!.repeat(values.length);
  return values.map((v) => BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))]).join('');
}

export type Align = 'left' | 'right';

/** Lays rows out in aligned columns (wide CJK characters count as two), first row as header. */
export function formatTable(rows: string[][], align: Align[], gap = '  '): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, stringWidth(cell));
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat(widths[i]! - stringWidth(cell));
          return align[i] === 'right' ? pad + cell : i === row.length - 1 ? cell : cell + pad;
        })
        .join(gap)
        .trimEnd(),
    )
    .join('\n');
}

export function formatRange(range: DayRange): string {
  return range.days === 1 ? range.start : `${range.start} – ${range.end}`;
}

/** "7 days to 2026-11-28 (2026-11-22 – 2026-11-28, compared with 2026-11-15 – 2026-11-21)" */
export function describePeriod(request: StatsRequest): string {
  const { period } = request;
  const span = period.days === 1 ? `1 day, ${period.end}` : `${period.days} days, ${formatRange(period.range)}`;
  return `${span} (vs ${formatRange(period.previousRange)}; ${request.workspace.timezone})`;
}

/** A report as console text: its title and period, then its parts, separated by empty lines. */
export function formatReportText(title: string, request: StatsRequest, parts: readonly string[]): string {
  return [`${title}\n${describePeriod(request)}`, ...parts].join('\n\n');
}
