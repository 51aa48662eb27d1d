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
